import { ConfigurationError, DecodeError, registerSecrets } from '@invocations/core';
import { createServiceClient } from './client.js';
import type { Credentials } from './credentials.js';
import { assertRegion } from './endpoints.js';
import type { TemporaryCredentials } from './refreshing-credentials.js';

/** STS's RPC API version. */
export const STS_VERSION = '2015-04-01';

/** Environment variable that overrides where STS is reached (tests, the emulator). */
export const STS_ENDPOINT_ENV = 'INVOCATIONS_STS_ENDPOINT';

/** Options that pick the STS endpoint. */
export interface StsEndpointOptions {
  /** An explicit endpoint, `host[:port]` or `http(s)://host[:port]`; wins over everything. */
  stsEndpoint?: string;
  /** STS region: `sts.<region>.aliyuncs.com` (default: `ALIBABA_CLOUD_STS_REGION`, else the central `sts.aliyuncs.com`). */
  stsRegion?: string;
  /** `sts-vpc.<region>.aliyuncs.com` (default: `ALIBABA_CLOUD_VPC_ENDPOINT_ENABLED=true`); needs a region. */
  stsVpc?: boolean;
}

/**
 * Where STS is reached: `stsEndpoint` > `INVOCATIONS_STS_ENDPOINT` > the regional endpoint
 * (`sts.<region>.aliyuncs.com`, or `sts-vpc.<region>.aliyuncs.com` inside a VPC) > `sts.aliyuncs.com`.
 */
export function stsEndpoint(options: StsEndpointOptions, env: Record<string, string | undefined>): string {
  const explicit = options.stsEndpoint?.trim() || env[STS_ENDPOINT_ENV]?.trim();
  if (explicit) return explicit;
  const region = options.stsRegion?.trim() || env.ALIBABA_CLOUD_STS_REGION?.trim();
  const vpc = options.stsVpc ?? env.ALIBABA_CLOUD_VPC_ENDPOINT_ENABLED?.trim().toLowerCase() === 'true';
  if (!region) return 'sts.aliyuncs.com';
  assertRegion(region);
  return `${vpc ? 'sts-vpc' : 'sts'}.${region}.aliyuncs.com`;
}

/** What every STS call needs. */
export interface StsCallOptions {
  /** From {@link stsEndpoint}. */
  endpoint: string;
  /** Default: the global fetch. */
  fetch?: typeof fetch;
  /** Per attempt, default 10 s. */
  timeoutMs?: number;
}

/** Parameters of AssumeRole and AssumeRoleWithOIDC shared by both. */
export interface AssumeRoleParameters {
  roleArn: string;
  /** Default `invocations-<epoch ms>`. */
  roleSessionName?: string;
  /** Default 3600 (STS accepts 900 to the role's maximum). */
  durationSeconds?: number;
  /** An inline policy narrowing the role's permissions. */
  policy?: string;
}

/**
 * Reads STS's answer. Never quotes the body (it holds a secret): the error names the missing field only.
 * Also used for the metadata service and credentials URIs, whose fields have the same names.
 */
export function parseTemporaryCredentials(
  record: unknown,
  where: string,
): TemporaryCredentials {
  const fields = record as Record<string, unknown> | null;
  const issues: string[] = [];
  const text = (name: string): string => {
    const value = fields?.[name];
    if (typeof value !== 'string' || value.trim() === '') {
      issues.push(`${name} must be a non-empty string`);
      return '';
    }
    return value.trim();
  };
  const accessKeyId = text('AccessKeyId');
  const accessKeySecret = text('AccessKeySecret');
  const securityToken = text('SecurityToken');
  const expiration = text('Expiration');
  // Register first: a later error about this answer must not be able to show what it carried.
  registerSecrets([accessKeySecret, securityToken]);
  const expiresAt = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/.test(expiration) ? Date.parse(expiration) : Number.NaN;
  if (expiration && Number.isNaN(expiresAt)) issues.push('Expiration must be a UTC time such as 2026-01-02T03:04:05Z');
  if (issues.length > 0) throw new DecodeError({ reason: `${where}: the credentials in the answer are not usable: ${issues.join('; ')}`, body: '' });
  return { accessKeyId, accessKeySecret, securityToken, expiresAt };
}

function parseJson(text: string, where: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    // The parser's message can quote the body, which holds secrets.
    throw new DecodeError({ reason: `${where}: the answer is not JSON`, body: '' });
  }
}

function sessionName(parameters: AssumeRoleParameters): string {
  return parameters.roleSessionName?.trim() || `invocations-${Date.now()}`;
}

function checkParameters(parameters: AssumeRoleParameters, where: string): void {
  if (!/^acs:ram::\d+:role\/.+$/i.test(parameters.roleArn ?? '')) {
    throw new ConfigurationError(`${where}: the role ARN must look like acs:ram::<account id>:role/<role name>`);
  }
  const duration = parameters.durationSeconds;
  if (duration !== undefined && (!Number.isInteger(duration) || duration < 900 || duration > 43_200)) {
    throw new ConfigurationError(`${where}: durationSeconds must be a whole number from 900 to 43200`);
  }
}

function common(parameters: AssumeRoleParameters): Record<string, string | number | undefined> {
  return {
    RoleArn: parameters.roleArn,
    RoleSessionName: sessionName(parameters),
    DurationSeconds: parameters.durationSeconds ?? 3600,
    Policy: parameters.policy,
  };
}

function regionOf(endpoint: string): string {
  return /^(?:https?:\/\/)?sts(?:-vpc)?\.([a-z0-9-]+)\.aliyuncs\.com/i.exec(endpoint)?.[1]?.toLowerCase() ?? 'cn-hangzhou';
}

/** STS AssumeRole, signed with `source` (an AccessKey or another role's STS credentials). */
export async function assumeRole(source: Credentials, parameters: AssumeRoleParameters, options: StsCallOptions): Promise<TemporaryCredentials> {
  checkParameters(parameters, 'STS AssumeRole');
  const client = createServiceClient(
    { name: 'STS', version: STS_VERSION, endpoint: options.endpoint },
    { region: regionOf(options.endpoint), credentials: source, ...(options.fetch ? { fetch: options.fetch } : {}), ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}) },
  );
  const response = await client.call({ action: 'AssumeRole', body: common(parameters) });
  const answer = parseJson(response.text, 'STS AssumeRole') as { Credentials?: unknown } | null;
  return parseTemporaryCredentials(answer?.Credentials, 'STS AssumeRole');
}

/** OIDC parameters: the provider's ARN and the token (read fresh for each call: ACK rotates it). */
export interface AssumeRoleWithOidcParameters extends AssumeRoleParameters {
  oidcProviderArn: string;
  oidcToken: string;
}

/** STS AssumeRoleWithOIDC: anonymous (the OIDC token is the proof), so nothing is signed. */
export async function assumeRoleWithOidc(parameters: AssumeRoleWithOidcParameters, options: StsCallOptions): Promise<TemporaryCredentials> {
  checkParameters(parameters, 'STS AssumeRoleWithOIDC');
  if (!/^acs:ram::\d+:oidc-provider\/.+$/i.test(parameters.oidcProviderArn ?? '')) {
    throw new ConfigurationError('STS AssumeRoleWithOIDC: the OIDC provider ARN must look like acs:ram::<account id>:oidc-provider/<name>');
  }
  const token = parameters.oidcToken.trim();
  if (token === '') throw new ConfigurationError('STS AssumeRoleWithOIDC: the OIDC token is empty');
  registerSecrets([token]);
  const client = createServiceClient(
    { name: 'STS', version: STS_VERSION, endpoint: options.endpoint, anonymous: true },
    { region: regionOf(options.endpoint), ...(options.fetch ? { fetch: options.fetch } : {}), ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}) },
  );
  const response = await client.call({
    action: 'AssumeRoleWithOIDC',
    body: { ...common(parameters), OIDCProviderArn: parameters.oidcProviderArn, OIDCToken: token },
  });
  const answer = parseJson(response.text, 'STS AssumeRoleWithOIDC') as { Credentials?: unknown } | null;
  return parseTemporaryCredentials(answer?.Credentials, 'STS AssumeRoleWithOIDC');
}

/** Parses JSON text without quoting it in errors (for the metadata service and credentials URIs). */
export { parseJson as parseCredentialsJson };
