import { ConfigurationError, DecodeError, InvocationsError, registerSecrets, untilAborted } from '@invocations/core';
import { resolveEndpoint } from './endpoints.js';
import type { TemporaryCredentials } from './refreshing-credentials.js';
import { readResponseText } from './response-body.js';
import { parseCredentialsJson, parseTemporaryCredentials } from './sts.js';

/** Environment variable that overrides where the ECS metadata service is reached (tests, the emulator). */
export const METADATA_ENDPOINT_ENV = 'INVOCATIONS_METADATA_ENDPOINT';

/** The ECS metadata service, reachable from inside an instance only. */
export const DEFAULT_METADATA_ENDPOINT = 'http://100.100.100.200';

/** Lifetime asked for the metadata token (the service allows 1 to 21600 seconds). */
export const METADATA_TOKEN_TTL_SECONDS = 21_600;

// A credentials answer is a few hundred bytes; anything much larger is not one.
const MAX_ANSWER_BYTES = 64 * 1024;
const DEFAULT_TIMEOUT_MS = 5_000;

/** What a fetch of the metadata service or a credentials URI takes. */
export interface CredentialFetchOptions {
  /** Default: the global fetch. */
  fetch?: typeof fetch;
  /** Per request, default 5000 ms. */
  timeoutMs?: number;
}

/** Where the metadata service is reached: the option > `INVOCATIONS_METADATA_ENDPOINT` > `http://100.100.100.200`. */
export function metadataEndpoint(option: string | undefined, env: Record<string, string | undefined>): string {
  const chosen = option?.trim() || env[METADATA_ENDPOINT_ENV]?.trim() || DEFAULT_METADATA_ENDPOINT;
  return resolveEndpoint(chosen.includes('://') ? chosen : `http://${chosen}`).origin;
}

async function request(
  url: string,
  init: { method: 'GET' | 'PUT'; headers: Record<string, string> },
  where: string,
  options: CredentialFetchOptions,
): Promise<{ status: number; text: string }> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
  try {
    const response = await untilAborted(
      (options.fetch ?? globalThis.fetch)(url, { ...init, redirect: 'manual', signal: controller.signal }),
      controller.signal,
    );
    const text = await readResponseText(response, {
      signal: controller.signal,
      maxBytes: MAX_ANSWER_BYTES,
      tooLarge: (limit) => new DecodeError({ reason: `${where}: the answer is larger than ${limit} bytes`, httpStatus: response.status }),
    });
    return { status: response.status, text };
  } catch (error) {
    if (InvocationsError.isInstance(error)) throw error;
    if (controller.signal.aborted) throw new InvocationsError(`${where}: no answer within ${timeoutMs} ms`);
    // A fresh error: a network error's text may quote the URL, and a credentials URI may carry a token.
    const code = (error as { cause?: { code?: unknown } })?.cause?.code;
    throw new InvocationsError(`${where}: network error${typeof code === 'string' ? ` (${code})` : ''}`);
  } finally {
    clearTimeout(timer);
  }
}

const ROLE_NAME = /^[A-Za-z0-9._-]{1,64}$/;

/**
 * The credentials of an instance RAM role from the ECS metadata service, in its hardened mode: a token
 * first (`PUT /latest/api/token` with `X-aliyun-ecs-metadata-token-ttl-seconds`), then the role's
 * credentials (`GET /latest/meta-data/ram/security-credentials/<role>` with `X-aliyun-ecs-metadata-token`).
 */
export async function fetchEcsRoleCredentials(roleName: string, endpoint: string, options: CredentialFetchOptions = {}): Promise<TemporaryCredentials> {
  if (!ROLE_NAME.test(roleName)) throw new ConfigurationError('ECS RAM role: the role name must be 1 to 64 letters, digits, dots, dashes or underscores');
  const where = `ECS metadata (role ${roleName})`;
  const token = await request(`${endpoint}/latest/api/token`, { method: 'PUT', headers: { 'X-aliyun-ecs-metadata-token-ttl-seconds': String(METADATA_TOKEN_TTL_SECONDS) } }, where, options);
  if (token.status !== 200 || token.text.trim() === '') throw new InvocationsError(`${where}: the metadata token request answered HTTP ${token.status}`);
  const metadataToken = token.text.trim();
  registerSecrets([metadataToken]);
  const answer = await request(
    `${endpoint}/latest/meta-data/ram/security-credentials/${roleName}`,
    { method: 'GET', headers: { 'X-aliyun-ecs-metadata-token': metadataToken } },
    where,
    options,
  );
  if (answer.status === 404) throw new InvocationsError(`${where}: HTTP 404; is the role attached to this instance?`);
  if (answer.status !== 200) throw new InvocationsError(`${where}: HTTP ${answer.status}`);
  const fields = parseCredentialsJson(answer.text, where) as Record<string, unknown> | null;
  if (fields && typeof fields.Code === 'string' && fields.Code !== 'Success') throw new InvocationsError(`${where}: the answer's Code is not Success`);
  return parseTemporaryCredentials(fields, where);
}

/** A credentials URI as shown in messages: scheme, host and path, never a query (it may carry a token). */
export function describeUri(uri: string): string {
  try {
    const url = new URL(uri);
    return `${url.protocol}//${url.host}${url.pathname}`;
  } catch {
    return '(not a URL)';
  }
}

/** Checks a credentials URI: an absolute http(s) URL without user info. */
export function checkCredentialsUri(uri: string, from: string): string {
  let url: URL;
  try {
    url = new URL(uri.trim());
  } catch {
    throw new ConfigurationError(`${from}: must be an absolute http or https URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new ConfigurationError(`${from}: must be an http or https URL, not ${url.protocol.replace(':', '')}`);
  if (url.username || url.password) throw new ConfigurationError(`${from}: must not contain a user name or password`);
  return url.href;
}

/**
 * Credentials from a URI (`ALIBABA_CLOUD_CREDENTIALS_URI`, CredentialsURI profiles): a GET answering
 * JSON with `AccessKeyId`, `AccessKeySecret`, `SecurityToken`, `Expiration` (and `Code: "Success"`).
 */
export async function fetchUriCredentials(uri: string, options: CredentialFetchOptions = {}): Promise<TemporaryCredentials> {
  const where = `credentials URI ${describeUri(uri)}`;
  const answer = await request(uri, { method: 'GET', headers: { accept: 'application/json' } }, where, options);
  if (answer.status !== 200) throw new InvocationsError(`${where}: HTTP ${answer.status}`);
  const fields = parseCredentialsJson(answer.text, where) as Record<string, unknown> | null;
  if (fields && typeof fields.Code === 'string' && fields.Code !== 'Success') throw new InvocationsError(`${where}: the answer's Code is not Success`);
  return parseTemporaryCredentials(fields, where);
}
