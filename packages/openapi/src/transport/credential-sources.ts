import { readTokenFile } from '#config-file';
import { ConfigurationError } from '@invocations/core';
import { checkCredentialsUri, describeUri, fetchEcsRoleCredentials, fetchUriCredentials, metadataEndpoint } from './credential-endpoints.js';
import type { Credentials } from './credentials.js';
import { createRefreshingProvider } from './refreshing-credentials.js';
import { assumeRole, assumeRoleWithOidc, stsEndpoint } from './sts.js';

/** A source of credentials for each call; temporary ones are cached and refreshed behind it. */
export type CredentialsSource = () => Promise<Credentials>;

/** What every temporary-credential source needs to know. */
export interface SourceContext {
  env: Record<string, string | undefined>;
  stsEndpoint?: string;
  metadataEndpoint?: string;
  fetch?: typeof fetch;
  onWarning?: (message: string) => void;
}

/** The OIDC (RRSA) environment variables, as the official credentials chain reads them. */
export const OIDC_ENV_VARS = Object.freeze({
  roleArn: 'ALIBABA_CLOUD_ROLE_ARN',
  providerArn: 'ALIBABA_CLOUD_OIDC_PROVIDER_ARN',
  tokenFile: 'ALIBABA_CLOUD_OIDC_TOKEN_FILE',
  sessionName: 'ALIBABA_CLOUD_ROLE_SESSION_NAME',
});

/** The ECS RAM role (`ALIBABA_CLOUD_ECS_METADATA`, a role name) and the credentials URI variables. */
export const ECS_METADATA_ENV = 'ALIBABA_CLOUD_ECS_METADATA';
/** Set to `true` to skip the ECS metadata service in the chain, as the official chain allows. */
export const ECS_METADATA_DISABLED_ENV = 'ALIBABA_CLOUD_ECS_METADATA_DISABLED';
/** A URI answering credentials. */
export const CREDENTIALS_URI_ENV = 'ALIBABA_CLOUD_CREDENTIALS_URI';

function refreshing(name: string, context: SourceContext, fetchOnce: Parameters<typeof createRefreshingProvider>[0]): CredentialsSource {
  return createRefreshingProvider(fetchOnce, { name, ...(context.onWarning ? { onWarning: context.onWarning } : {}) });
}

/** Reads the OIDC token file afresh (ACK rotates it); never quotes its content. */
async function readOidcToken(path: string, from: string): Promise<string> {
  const file = await readTokenFile(path);
  if (file.kind === 'missing') throw new ConfigurationError(`${from}: the OIDC token file ${path} does not exist`);
  if (file.kind === 'unavailable') throw new ConfigurationError(`${from}: the OIDC token file ${path} cannot be read in this runtime`);
  const token = file.text.trim();
  if (token === '') throw new ConfigurationError(`${from}: the OIDC token file ${path} is empty`);
  return token;
}

/** Parameters of an OIDC role (from the environment or an OIDC profile). */
export interface OidcRole {
  roleArn: string;
  providerArn: string;
  tokenFile: string;
  sessionName?: string;
  durationSeconds?: number;
  stsRegion?: string;
}

/** STS AssumeRoleWithOIDC with the token file re-read on each refresh. */
export function oidcSource(role: OidcRole, from: string, context: SourceContext): CredentialsSource {
  const endpoint = stsEndpoint({ ...(context.stsEndpoint ? { stsEndpoint: context.stsEndpoint } : {}), ...(role.stsRegion ? { stsRegion: role.stsRegion } : {}) }, context.env);
  return refreshing(`STS AssumeRoleWithOIDC (${from})`, context, async () =>
    assumeRoleWithOidc(
      {
        roleArn: role.roleArn,
        oidcProviderArn: role.providerArn,
        oidcToken: await readOidcToken(role.tokenFile, from),
        ...(role.sessionName ? { roleSessionName: role.sessionName } : {}),
        ...(role.durationSeconds ? { durationSeconds: role.durationSeconds } : {}),
      },
      { endpoint, ...(context.fetch ? { fetch: context.fetch } : {}) },
    ),
  );
}

/** Parameters of a role assumed with other credentials (RamRoleArn, ChainableRamRoleArn). */
export interface AssumedRole {
  roleArn: string;
  sessionName?: string;
  durationSeconds?: number;
  stsRegion?: string;
  policy?: string;
}

/** STS AssumeRole signed with whatever `base` supplies at the time of each refresh. */
export function assumeRoleSource(base: CredentialsSource, role: AssumedRole, from: string, context: SourceContext): CredentialsSource {
  const endpoint = stsEndpoint({ ...(context.stsEndpoint ? { stsEndpoint: context.stsEndpoint } : {}), ...(role.stsRegion ? { stsRegion: role.stsRegion } : {}) }, context.env);
  return refreshing(`STS AssumeRole (${from})`, context, async () =>
    assumeRole(
      await base(),
      {
        roleArn: role.roleArn,
        ...(role.sessionName ? { roleSessionName: role.sessionName } : {}),
        ...(role.durationSeconds ? { durationSeconds: role.durationSeconds } : {}),
        ...(role.policy ? { policy: role.policy } : {}),
      },
      { endpoint, ...(context.fetch ? { fetch: context.fetch } : {}) },
    ),
  );
}

/** An instance RAM role from the ECS metadata service (hardened mode). */
export function ecsRoleSource(roleName: string, from: string, context: SourceContext): CredentialsSource {
  const endpoint = metadataEndpoint(context.metadataEndpoint, context.env);
  return refreshing(`ECS RAM role ${roleName} (${from})`, context, () => fetchEcsRoleCredentials(roleName, endpoint, context.fetch ? { fetch: context.fetch } : {}));
}

/** Credentials from a URI. */
export function uriSource(uri: string, from: string, context: SourceContext): CredentialsSource {
  const checked = checkCredentialsUri(uri, from);
  return refreshing(`credentials URI ${describeUri(checked)} (${from})`, context, () => fetchUriCredentials(checked, context.fetch ? { fetch: context.fetch } : {}));
}

function setOf(env: Record<string, string | undefined>, name: string): string | undefined {
  const value = env[name];
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/**
 * OIDC from the environment: all three of `ALIBABA_CLOUD_ROLE_ARN`, `ALIBABA_CLOUD_OIDC_PROVIDER_ARN` and
 * `ALIBABA_CLOUD_OIDC_TOKEN_FILE`. None set: undefined. Only some: an error naming the missing ones.
 */
export function oidcFromEnv(context: SourceContext): CredentialsSource | undefined {
  const { env } = context;
  const roleArn = setOf(env, OIDC_ENV_VARS.roleArn);
  const providerArn = setOf(env, OIDC_ENV_VARS.providerArn);
  const tokenFile = setOf(env, OIDC_ENV_VARS.tokenFile);
  if (!providerArn && !tokenFile) return undefined;
  const missing = [
    [OIDC_ENV_VARS.roleArn, roleArn],
    [OIDC_ENV_VARS.providerArn, providerArn],
    [OIDC_ENV_VARS.tokenFile, tokenFile],
  ]
    .filter(([, value]) => !value)
    .map(([name]) => name);
  if (missing.length > 0) throw new ConfigurationError(`OIDC credentials from the environment need ${missing.join(' and ')} as well`);
  const sessionName = setOf(env, OIDC_ENV_VARS.sessionName);
  return oidcSource(
    { roleArn: roleArn as string, providerArn: providerArn as string, tokenFile: tokenFile as string, ...(sessionName ? { sessionName } : {}) },
    'environment',
    context,
  );
}

/** `ALIBABA_CLOUD_ECS_METADATA` (unless `ALIBABA_CLOUD_ECS_METADATA_DISABLED=true`), else undefined. */
export function ecsRoleFromEnv(context: SourceContext): CredentialsSource | undefined {
  const role = setOf(context.env, ECS_METADATA_ENV);
  if (!role || setOf(context.env, ECS_METADATA_DISABLED_ENV)?.toLowerCase() === 'true') return undefined;
  return ecsRoleSource(role, ECS_METADATA_ENV, context);
}

/** `ALIBABA_CLOUD_CREDENTIALS_URI`, else undefined. */
export function uriFromEnv(context: SourceContext): CredentialsSource | undefined {
  const uri = setOf(context.env, CREDENTIALS_URI_ENV);
  return uri ? uriSource(uri, CREDENTIALS_URI_ENV, context) : undefined;
}
