import { defaultConfigPath, readConfigFile } from '#config-file';
import { ConfigurationError } from '@invocations/core';
import * as z from 'zod';
import type { ConfigFileResult, ReadConfigFileOptions } from './config-file.js';

/** An AccessKey pair, with the STS token when the pair is temporary. */
export interface Credentials {
  accessKeyId: string;
  accessKeySecret: string;
  securityToken?: string;
}

/** A function that supplies credentials, called for every API call so it can rotate STS tokens. */
export type CredentialsProvider = () => Credentials | Promise<Credentials>;

/** Credentials as given, or a function that supplies them. */
export type CredentialsInput = Credentials | CredentialsProvider;

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

const nonEmpty = z.string().refine((value) => value.trim() !== '');
const credentialsSchema = z.object({
  accessKeyId: nonEmpty,
  accessKeySecret: nonEmpty,
  securityToken: nonEmpty.optional(),
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
  access_key_id?: unknown;
  access_key_secret?: unknown;
  sts_token?: unknown;
}

function profileField(profile: CliProfile, field: 'access_key_id' | 'access_key_secret' | 'sts_token'): string | undefined {
  const value = profile[field];
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

function fromProfile(profile: CliProfile, name: string, path: string): Credentials {
  const mode = typeof profile.mode === 'string' && profile.mode.trim() !== '' ? profile.mode.trim() : 'AK';
  const lower = mode.toLowerCase();
  if (lower !== 'ak' && lower !== 'ststoken') {
    throw new ConfigurationError(`profile ${name} uses mode ${mode}, which is not supported yet (supported: AK, StsToken) [${path}]`);
  }
  const required = lower === 'ak' ? (['access_key_id', 'access_key_secret'] as const) : (['access_key_id', 'access_key_secret', 'sts_token'] as const);
  const missing = required.filter((field) => profileField(profile, field) === undefined);
  if (missing.length > 0) throw new ConfigurationError(`profile ${name} (mode ${mode}) in ${path} has no ${missing.join(', ')}`);
  const credentials: Credentials = {
    accessKeyId: profileField(profile, 'access_key_id') as string,
    accessKeySecret: profileField(profile, 'access_key_secret') as string,
  };
  if (lower === 'ststoken') credentials.securityToken = profileField(profile, 'sts_token') as string;
  return credentials;
}

/**
 * Finds credentials: explicit credentials or a provider > an explicit `profile` from the aliyun CLI config >
 * the environment variables ({@link CREDENTIAL_ENV_VARS}) > the config file's profile (from
 * `ALIBABACLOUD_PROFILE`/`ALIBABA_CLOUD_PROFILE`/`ALICLOUD_PROFILE`, else `current`). Profiles in modes AK
 * and StsToken are supported. When nothing is found, the `ConfigurationError` lists where it looked.
 * The file is read only in Node (the package's `node` condition), only when it is a regular file of at
 * most 1 MiB; elsewhere it is reported as unavailable.
 * No message ever contains a secret or token.
 */
export async function resolveCredentials(options: ResolveCredentialsOptions = {}): Promise<Credentials> {
  const { credentials } = options;
  if (typeof credentials === 'function') {
    let supplied: unknown;
    try {
      supplied = await credentials();
    } catch (error) {
      throw new ConfigurationError('the credentials provider failed (see cause)', { cause: error });
    }
    return parseCredentials(supplied, 'credentials provider result');
  }
  if (credentials !== undefined) return parseCredentials(credentials);

  const env = options.env ?? defaultEnv();
  const explicitProfile = options.profile === undefined ? undefined : options.profile.trim();
  if (options.profile !== undefined && !explicitProfile) throw new ConfigurationError('profile: must be a non-empty profile name');

  if (!explicitProfile) {
    const fromEnvironment = fromEnv(env);
    if (fromEnvironment) return fromEnvironment;
  }

  const path = options.configPath ?? defaultConfigPath(env);
  const envProfile = firstSet(env, CREDENTIAL_ENV_VARS.profile);
  const lookedAt = `the environment variables ${CREDENTIAL_ENV_VARS.accessKeyId.join(', ')} with ${CREDENTIAL_ENV_VARS.accessKeySecret.join(', ')}`;
  if (!path) throw new ConfigurationError(`no Alibaba Cloud credentials found: looked at the credentials option and ${lookedAt} (no home directory for ~/.aliyun/config.json)`);

  const file = await readConfigFile(path, options.onWarning ? { onWarning: options.onWarning } : {});
  if (file.kind !== 'found') {
    const why = file.kind === 'missing' ? 'does not exist' : 'cannot be read in this runtime';
    if (explicitProfile) throw new ConfigurationError(`profile ${explicitProfile} was asked for, but ${path} ${why}`);
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
    throw new ConfigurationError(`no Alibaba Cloud credentials found: looked at the credentials option, ${lookedAt}, and ${where}`);
  }
  return fromProfile(profile, name, path);
}
