import { defaultConfigPath, readConfigFile } from '#config-file';
import { ConfigurationError } from '@invocations/core';
import * as z from 'zod/mini';
import type { ConfigFileResult, ReadConfigFileOptions } from './config-file.js';
import {
  assumeRoleSource,
  type CredentialsSource,
  CREDENTIALS_URI_ENV,
  ECS_METADATA_ENV,
  ecsRoleFromEnv,
  ecsRoleSource,
  OIDC_ENV_VARS,
  oidcFromEnv,
  oidcSource,
  type SourceContext,
  uriFromEnv,
  uriSource,
} from './credential-sources.js';

/** An AccessKey pair, with the STS token when the pair is temporary. */
export interface Credentials {
  accessKeyId: string;
  accessKeySecret: string;
  securityToken?: string;
}

/** A function that supplies credentials, called for every API call so it can rotate STS tokens. */
export type CredentialsProvider = () => Credentials | Promise<Credentials>;

/**
 * A credentials client in the shape of the official `@alicloud/credentials` one: `getCredential()` answers
 * `{ accessKeyId, accessKeySecret, securityToken }` and does its own caching and refreshing.
 */
export interface CredentialsClient {
  getCredential(): Promise<{ accessKeyId?: string; accessKeySecret?: string; securityToken?: string }> | { accessKeyId?: string; accessKeySecret?: string; securityToken?: string };
}

/** Credentials as given, a function that supplies them, or a credentials client (`getCredential()`). */
export type CredentialsInput = Credentials | CredentialsProvider | CredentialsClient;

/** True for an object with a `getCredential` method (the official credentials client's shape). */
export function isCredentialsClient(value: unknown): value is CredentialsClient {
  return typeof value === 'object' && value !== null && typeof (value as { getCredential?: unknown }).getCredential === 'function';
}

/** Options of {@link resolveCredentials}. */
export interface ResolveCredentialsOptions {
  /** Explicit credentials or a provider; wins over everything else. */
  credentials?: CredentialsInput;
  /** A profile of the aliyun CLI config file; wins over the environment variables when given. */
  profile?: string;
  /** The environment to read (default `process.env` where there is one). */
  env?: Record<string, string | undefined>;
  /** The aliyun CLI config file (default `~/.aliyun/config.json`, from the env's HOME first). */
  configPath?: string;
  /**
   * Called when the config file is readable by other users (mode & 0o044). Default:
   * `process.emitWarning` (code `INVOCATIONS_CONFIG_FILE_MODE`), which Node prints on stderr. Once per path per process.
   */
  onWarning?: (message: string) => void;
  /** Where STS is reached (default `INVOCATIONS_STS_ENDPOINT`, else the regional or central STS endpoint). */
  stsEndpoint?: string;
  /** Where the ECS metadata service is reached (default `INVOCATIONS_METADATA_ENDPOINT`, else `http://100.100.100.200`). */
  metadataEndpoint?: string;
  /** The fetch for STS, the metadata service and credentials URIs (default: the global fetch). */
  fetch?: typeof fetch;
}

/** Environment variables read for each field, first non-empty wins (the aliyun CLI's order). */
export const CREDENTIAL_ENV_VARS = Object.freeze({
  accessKeyId: Object.freeze(['ALIBABA_CLOUD_ACCESS_KEY_ID', 'ALIBABACLOUD_ACCESS_KEY_ID', 'ALICLOUD_ACCESS_KEY_ID', 'ACCESS_KEY_ID']),
  accessKeySecret: Object.freeze([
    'ALIBABA_CLOUD_ACCESS_KEY_SECRET',
    'ALIBABACLOUD_ACCESS_KEY_SECRET',
    'ALICLOUD_ACCESS_KEY_SECRET',
    'ACCESS_KEY_SECRET',
  ]),
  securityToken: Object.freeze(['ALIBABA_CLOUD_SECURITY_TOKEN', 'ALIBABACLOUD_SECURITY_TOKEN', 'ALICLOUD_SECURITY_TOKEN', 'SECURITY_TOKEN']),
  profile: Object.freeze(['ALIBABACLOUD_PROFILE', 'ALIBABA_CLOUD_PROFILE', 'ALICLOUD_PROFILE']),
});

const nonEmpty = z.string().check(z.refine((value) => value.trim() !== ''));
const credentialsSchema = z.object({
  accessKeyId: nonEmpty,
  accessKeySecret: nonEmpty,
  securityToken: z.optional(nonEmpty),
});

/**
 * Validates credentials. The error names the field and the rule but never repeats a value: zod's own
 * messages are not used, so nothing of the input can leak.
 */
export function parseCredentials(value: unknown, context = 'credentials'): Credentials {
  if (value === null || typeof value !== 'object') throw new ConfigurationError(`${context}: must be an object with accessKeyId and accessKeySecret`);
  const result = credentialsSchema.safeParse(value);
  if (!result.success) {
    const fields = [...new Set(result.error.issues.map((issue) => issue.path.map(String).join('.') || '(root)'))];
    throw new ConfigurationError(
      `${context}: ${fields.map((field) => `${field} must be a non-empty string${field === 'securityToken' ? ' when given' : ''}`).join('; ')}`,
    );
  }
  const { accessKeyId, accessKeySecret, securityToken } = result.data;
  return securityToken === undefined ? { accessKeyId, accessKeySecret } : { accessKeyId, accessKeySecret, securityToken };
}

function defaultEnv(): Record<string, string | undefined> {
  const process = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process;
  return process?.env ?? {};
}

function firstSet(env: Record<string, string | undefined>, names: readonly string[]): { name: string; value: string } | undefined {
  for (const name of names) {
    const value = env[name];
    if (typeof value === 'string' && value.trim() !== '') return { name, value: value.trim() };
  }
  return undefined;
}

function fromEnv(env: Record<string, string | undefined>): Credentials | undefined {
  const id = firstSet(env, CREDENTIAL_ENV_VARS.accessKeyId);
  const secret = firstSet(env, CREDENTIAL_ENV_VARS.accessKeySecret);
  if (!id && !secret) return undefined;
  if (!id) throw new ConfigurationError(`${secret?.name} is set but no AccessKey id is (set ${CREDENTIAL_ENV_VARS.accessKeyId.join(' or ')})`);
  if (!secret) throw new ConfigurationError(`${id.name} is set but no AccessKey secret is (set ${CREDENTIAL_ENV_VARS.accessKeySecret.join(' or ')})`);
  const token = firstSet(env, CREDENTIAL_ENV_VARS.securityToken);
  return token ? { accessKeyId: id.value, accessKeySecret: secret.value, securityToken: token.value } : { accessKeyId: id.value, accessKeySecret: secret.value };
}

/**
 * Reads the aliyun CLI config file as {@link resolveCredentials} does (a regular file of at most 1 MiB,
 * a warning when other users can read it), for callers that need other fields of it, such as `region_id`.
 * In browsers and workers it reports `unavailable`.
 */
export function readAliyunConfigFile(path: string, options?: ReadConfigFileOptions): Promise<ConfigFileResult> {
  return readConfigFile(path, options);
}

/** Where {@link resolveCredentials} looks by default: `$HOME/.aliyun/config.json` (HOME from `env` first). */
export function defaultAliyunConfigPath(env: Record<string, string | undefined> = defaultEnv()): string | undefined {
  return defaultConfigPath(env);
}

interface CliProfile {
  name?: unknown;
  mode?: unknown;
  [field: string]: unknown;
}

function profileField(profile: CliProfile, field: string): string | undefined {
  const value = profile[field];
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

function profileSeconds(profile: CliProfile, name: string, path: string): number | undefined {
  const value = profile.expired_seconds;
  if (value === undefined || value === 0 || value === '') return undefined;
  const seconds = typeof value === 'string' ? Number(value) : value;
  if (typeof seconds !== 'number' || !Number.isInteger(seconds) || seconds < 900 || seconds > 43_200) {
    throw new ConfigurationError(`profile ${name} in ${path}: expired_seconds must be a whole number from 900 to 43200`);
  }
  return seconds;
}

/** The modes of aliyun CLI profiles this library reads, lowercased. */
const PROFILE_MODES = ['AK', 'StsToken', 'RamRoleArn', 'EcsRamRole', 'OIDC', 'ChainableRamRoleArn', 'CredentialsURI'] as const;

/** Fields each mode needs (the aliyun CLI's names). */
const REQUIRED_FIELDS: Record<string, readonly string[]> = {
  ak: ['access_key_id', 'access_key_secret'],
  ststoken: ['access_key_id', 'access_key_secret', 'sts_token'],
  ramrolearn: ['access_key_id', 'access_key_secret', 'ram_role_arn'],
  ecsramrole: ['ram_role_name'],
  oidc: ['oidc_provider_arn', 'oidc_token_file', 'ram_role_arn'],
  chainableramrolearn: ['source_profile', 'ram_role_arn'],
  credentialsuri: ['credentials_uri'],
};

function staticSource(credentials: Credentials): CredentialsSource {
  return async () => credentials;
}

/**
 * The source of one profile. `profiles` and `seen` serve ChainableRamRoleArn, whose `source_profile` is
 * another profile of the same file (a loop is an error).
 */
function fromProfile(profile: CliProfile, name: string, path: string, profiles: CliProfile[], context: SourceContext, seen: string[] = []): CredentialsSource {
  const mode = typeof profile.mode === 'string' && profile.mode.trim() !== '' ? profile.mode.trim() : 'AK';
  const lower = mode.toLowerCase();
  const required = REQUIRED_FIELDS[lower];
  if (!required) throw new ConfigurationError(`profile ${name} uses mode ${mode}, which is not supported (supported: ${PROFILE_MODES.join(', ')}) [${path}]`);
  const missing = required.filter((field) => profileField(profile, field) === undefined);
  if (missing.length > 0) throw new ConfigurationError(`profile ${name} (mode ${mode}) in ${path} has no ${missing.join(', ')}`);
  const field = (key: string) => profileField(profile, key) as string;
  const from = `profile ${name}`;
  const role = () => {
    const sessionName = profileField(profile, 'ram_session_name');
    const durationSeconds = profileSeconds(profile, name, path);
    const stsRegion = profileField(profile, 'sts_region');
    return { roleArn: field('ram_role_arn'), ...(sessionName ? { sessionName } : {}), ...(durationSeconds ? { durationSeconds } : {}), ...(stsRegion ? { stsRegion } : {}) };
  };
  switch (lower) {
    case 'ak':
      return staticSource({ accessKeyId: field('access_key_id'), accessKeySecret: field('access_key_secret') });
    case 'ststoken':
      return staticSource({ accessKeyId: field('access_key_id'), accessKeySecret: field('access_key_secret'), securityToken: field('sts_token') });
    case 'ramrolearn':
      return assumeRoleSource(staticSource({ accessKeyId: field('access_key_id'), accessKeySecret: field('access_key_secret') }), role(), from, context);
    case 'ecsramrole':
      return ecsRoleSource(field('ram_role_name'), from, context);
    case 'oidc':
      return oidcSource({ ...role(), providerArn: field('oidc_provider_arn'), tokenFile: field('oidc_token_file') }, from, context);
    case 'credentialsuri':
      return uriSource(field('credentials_uri'), from, context);
    default: {
      // chainableramrolearn: the source profile's credentials (any mode) assume this profile's role.
      const sourceName = field('source_profile');
      const chain = [...seen, name];
      if (chain.includes(sourceName)) throw new ConfigurationError(`profile ${name} in ${path}: source_profile makes a loop (${[...chain, sourceName].join(' -> ')})`);
      const source = profiles.find((candidate) => candidate && typeof candidate === 'object' && candidate.name === sourceName);
      if (!source) throw new ConfigurationError(`profile ${name} in ${path}: its source_profile ${sourceName} is not in the file`);
      return assumeRoleSource(fromProfile(source, sourceName, path, profiles, context, chain), role(), from, context);
    }
  }
}

function wrapProvider(given: CredentialsProvider | CredentialsClient): CredentialsProvider {
  return async () => {
    let supplied: unknown;
    try {
      supplied = isCredentialsClient(given) ? await given.getCredential() : await given();
    } catch (error) {
      throw new ConfigurationError(`the credentials ${isCredentialsClient(given) ? 'client' : 'provider'} failed (see cause)`, { cause: error });
    }
    // The official client answers extra fields (type, bearer token) and null for an absent token: keep the three.
    if (isCredentialsClient(given) && supplied && typeof supplied === 'object') {
      const { accessKeyId, accessKeySecret, securityToken } = supplied as Record<string, unknown>;
      supplied = { accessKeyId, accessKeySecret, ...(securityToken === null || securityToken === undefined || securityToken === '' ? {} : { securityToken }) };
    }
    const credentials = parseCredentials(supplied, `credentials ${isCredentialsClient(given) ? 'client getCredential()' : 'provider'} result`);
    return credentials;
  };
}

/**
 * Finds where credentials come from, in the official credentials chain's order (see the README's table):
 * explicit credentials, a provider or a credentials client > an explicit `profile` of the aliyun CLI config >
 * the AccessKey environment variables ({@link CREDENTIAL_ENV_VARS}) > OIDC from the environment
 * (`ALIBABA_CLOUD_ROLE_ARN`, `ALIBABA_CLOUD_OIDC_PROVIDER_ARN`, `ALIBABA_CLOUD_OIDC_TOKEN_FILE`) > the config
 * file's profile (from `ALIBABACLOUD_PROFILE`/`ALIBABA_CLOUD_PROFILE`/`ALICLOUD_PROFILE`, else `current`) >
 * the ECS instance RAM role named by `ALIBABA_CLOUD_ECS_METADATA` > `ALIBABA_CLOUD_CREDENTIALS_URI`.
 * Profiles in modes AK, StsToken, RamRoleArn, EcsRamRole, OIDC, ChainableRamRoleArn and CredentialsURI are
 * supported. The provider returned caches temporary credentials and refreshes them before they expire, one
 * refresh at a time. When nothing is found, the `ConfigurationError` lists where it looked.
 * The file is read only in Node (the package's `node` condition); elsewhere it is reported as unavailable.
 * No message ever contains a secret or token.
 */
export async function resolveCredentialsProvider(options: ResolveCredentialsOptions = {}): Promise<CredentialsProvider> {
  const { credentials } = options;
  if (typeof credentials === 'function' || isCredentialsClient(credentials)) return wrapProvider(credentials);
  if (credentials !== undefined) {
    const fixed = parseCredentials(credentials);
    return () => fixed;
  }

  const env = options.env ?? defaultEnv();
  const context: SourceContext = {
    env,
    ...(options.stsEndpoint ? { stsEndpoint: options.stsEndpoint } : {}),
    ...(options.metadataEndpoint ? { metadataEndpoint: options.metadataEndpoint } : {}),
    ...(options.fetch ? { fetch: options.fetch } : {}),
    ...(options.onWarning ? { onWarning: options.onWarning } : {}),
  };
  const explicitProfile = options.profile === undefined ? undefined : options.profile.trim();
  if (options.profile !== undefined && !explicitProfile) throw new ConfigurationError('profile: must be a non-empty profile name');

  if (!explicitProfile) {
    const fromEnvironment = fromEnv(env);
    if (fromEnvironment) return () => fromEnvironment;
    const oidc = oidcFromEnv(context);
    if (oidc) return oidc;
  }
  // Last in the chain: the instance's role, then a credentials URI, when the config file has nothing.
  const fallback = (): CredentialsProvider | undefined => (explicitProfile ? undefined : (ecsRoleFromEnv(context) ?? uriFromEnv(context)));

  const path = options.configPath ?? defaultConfigPath(env);
  const envProfile = firstSet(env, CREDENTIAL_ENV_VARS.profile);
  const lookedAt = `the environment variables ${CREDENTIAL_ENV_VARS.accessKeyId.join(', ')} with ${CREDENTIAL_ENV_VARS.accessKeySecret.join(', ')}, ${OIDC_ENV_VARS.roleArn} with ${OIDC_ENV_VARS.providerArn} and ${OIDC_ENV_VARS.tokenFile}, ${ECS_METADATA_ENV}, ${CREDENTIALS_URI_ENV}`;
  if (!path) {
    const last = fallback();
    if (last) return last;
    throw new ConfigurationError(`no Alibaba Cloud credentials found: looked at the credentials option and ${lookedAt} (no home directory for ~/.aliyun/config.json)`);
  }

  const file = await readConfigFile(path, options.onWarning ? { onWarning: options.onWarning } : {});
  if (file.kind !== 'found') {
    const why = file.kind === 'missing' ? 'does not exist' : 'cannot be read in this runtime';
    if (explicitProfile) throw new ConfigurationError(`profile ${explicitProfile} was asked for, but ${path} ${why}`);
    const last = fallback();
    if (last) return last;
    throw new ConfigurationError(`no Alibaba Cloud credentials found: looked at the credentials option, ${lookedAt}, and ${path} (${why})`);
  }

  let config: { current?: unknown; profiles?: unknown };
  try {
    config = JSON.parse(file.text) as typeof config;
  } catch {
    // The parser's message can quote the file, and the file holds secrets: say only what is wrong.
    throw new ConfigurationError(`${path} is not valid JSON`);
  }
  const profiles = Array.isArray(config?.profiles) ? (config.profiles as CliProfile[]) : [];
  const current = typeof config?.current === 'string' && config.current.trim() !== '' ? config.current.trim() : undefined;
  const name = explicitProfile ?? envProfile?.value ?? current ?? 'default';
  const profile = profiles.find((candidate) => candidate && typeof candidate === 'object' && candidate.name === name);
  if (!profile) {
    const names = profiles.map((candidate) => candidate?.name).filter((value): value is string => typeof value === 'string');
    const chosenBy = explicitProfile ? 'the profile option' : envProfile ? envProfile.name : current ? 'its "current" field' : 'default';
    const where = `profile ${name} (chosen by ${chosenBy}) is not in ${path} (profiles: ${names.length ? names.join(', ') : 'none'})`;
    if (explicitProfile || envProfile) throw new ConfigurationError(where);
    const last = fallback();
    if (last) return last;
    throw new ConfigurationError(`no Alibaba Cloud credentials found: looked at the credentials option, ${lookedAt}, and ${where}`);
  }
  return fromProfile(profile, name, path, profiles, context);
}

/**
 * The credentials to use now: {@link resolveCredentialsProvider}, asked once. For a long-running process
 * with temporary credentials, keep the provider instead (it refreshes them).
 */
export async function resolveCredentials(options: ResolveCredentialsOptions = {}): Promise<Credentials> {
  const provider = await resolveCredentialsProvider(options);
  return provider();
}
