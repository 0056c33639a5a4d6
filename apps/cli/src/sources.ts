import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { ConfigurationError, type InvocationSource, type Product } from '@invocations/core';
import { createEcsSource } from '@invocations/ecs';
import { createEfloSource } from '@invocations/eflo';
import { resolveCredentials, type Credentials, type OpenApiHooks } from '@invocations/openapi';
import type { Emulator } from '@invocations/emulator';
import { createSwasSource } from '@invocations/swas';
import { UsageError } from './errors.js';
import type { CliIo } from './io.js';
import type { GlobalOptions } from './options.js';

/** The regions the emulator seeds for every product. */
export const EMULATOR_REGIONS = ['cn-hangzhou', 'cn-shanghai'] as const;
/** The seed `--emulator` uses unless `--seed` says otherwise. */
export const DEFAULT_SEED = 1;

/** Invocations seeded per product and region: enough for mixed statuses, few enough for one screen. */
export const EMULATOR_SEED_PER_REGION = 8;

/**
 * The invocation `--emulator` adds beside the seeded data so there is always one to watch live: ECS,
 * cn-hangzhou, three instances running `sleep 8` from the moment the emulator starts; the instance
 * whose id contains `fail` exits 1 (the emulator's steering rules), so it ends PartialFailed.
 */
export const DEMO_INVOCATION = {
  product: 'ecs',
  region: 'cn-hangzhou',
  invokeId: 't-hzdemowatch0001',
  commandName: 'rolling-deploy',
  commandContent: 'echo deploying\nsleep 8\necho deployed',
  targetIds: ['i-bp1demoweb0001', 'i-bp1demoweb0002', 'i-bp1demofail0003'],
} as const;

/** A running emulator, as the CLI uses it. */
export type RunningEmulator = Emulator;

/**
 * Starts the embedded emulator with the CLI's seeded data (the same for `--emulator` and
 * `invocations emulator`) plus {@link DEMO_INVOCATION}.
 */
export async function startCliEmulator(options: { seed: number; port?: number; host?: string }): Promise<RunningEmulator> {
  const { startEmulator } = await import('@invocations/emulator');
  const emulator = await startEmulator({
    port: options.port ?? 0,
    ...(options.host ? { host: options.host } : {}),
    seed: options.seed,
    seedOptions: { perRegion: EMULATOR_SEED_PER_REGION },
  });
  emulator.createInvocation({ ...DEMO_INVOCATION, commandType: 'RunShellScript', targetIds: [...DEMO_INVOCATION.targetIds] });
  return emulator;
}

/** Everything a command needs to build sources: where to send requests and with which keys. */
export interface SourceContext {
  credentials: Credentials;
  endpoint?: string;
  format?: 'json' | 'xml';
  hooks?: OpenApiHooks;
  /** Set with `--emulator`: the embedded emulator everything points at. */
  emulator?: RunningEmulator;
  /** Regions to use when `--region` is not given. */
  defaultRegions(): Promise<string[]>;
  /** Stops the embedded emulator, if one was started. */
  close(): Promise<void>;
}

// Query parameters that must never reach a debug line, even though the hooks already leave secrets out.
const redactedParameters = /^(Signature|SecurityToken|AccessKeySecret)$/i;

function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    for (const key of [...parsed.searchParams.keys()]) if (redactedParameters.test(key)) parsed.searchParams.set(key, '***');
    return parsed.toString();
  } catch {
    return url;
  }
}

/** `--debug`: each request, response and retry as one line on stderr (the hooks carry no secret). */
export function debugHooks(io: CliIo): OpenApiHooks {
  return {
    onRequest(event) {
      io.stderr.write(`debug: -> ${event.product} ${event.action} #${event.attempt} ${event.method} ${redactUrl(event.url)}\n`);
    },
    onResponse(event) {
      io.stderr.write(
        `debug: <- ${event.product} ${event.action} #${event.attempt} HTTP ${event.status} in ${event.durationMs} ms${event.requestId ? ` request id ${event.requestId}` : ''}\n`,
      );
    },
    onRetry(event) {
      io.stderr.write(
        `debug: retry ${event.product} ${event.action} after attempt ${event.attempt} in ${event.delayMs} ms: ${event.reason}${event.requestId ? ` request id ${event.requestId}` : ''}\n`,
      );
    },
  };
}

/** The profile name the aliyun CLI would pick: `--profile`, else the profile environment variables, else the file's `current`. */
function profileName(globals: GlobalOptions, env: CliIo['env'], current: unknown): string | undefined {
  if (globals.profile) return globals.profile;
  const fromEnv = env.ALIBABACLOUD_PROFILE || env.ALIBABA_CLOUD_PROFILE || env.ALICLOUD_PROFILE;
  if (fromEnv) return fromEnv;
  return typeof current === 'string' && current !== '' ? current : undefined;
}

/** The region of the selected `~/.aliyun/config.json` profile, when the file and the field exist. */
async function profileRegion(globals: GlobalOptions, env: CliIo['env']): Promise<string | undefined> {
  const home = env.HOME || homedir();
  let config: { current?: unknown; profiles?: unknown };
  try {
    config = JSON.parse(await readFile(join(home, '.aliyun', 'config.json'), 'utf8')) as typeof config;
  } catch {
    return undefined;
  }
  const name = profileName(globals, env, config.current) ?? 'default';
  const profiles = Array.isArray(config.profiles) ? (config.profiles as Record<string, unknown>[]) : [];
  const region = profiles.find((profile) => profile?.name === name)?.region_id;
  return typeof region === 'string' && region.trim() !== '' ? region.trim() : undefined;
}

/**
 * Where requests go and with which keys. With `--emulator` the embedded emulator is started from
 * the seed and every source points at it with its keys (`--endpoint` still wins). Otherwise the
 * credentials are resolved once, exactly as `@invocations/openapi` reads them; when none are found
 * the error says where it looked and suggests `--emulator`.
 */
export async function openSourceContext(globals: GlobalOptions, io: CliIo): Promise<SourceContext> {
  const hooks = globals.debug ? debugHooks(io) : undefined;
  const format = globals.format;
  if (globals.emulator) {
    const emulator = await startCliEmulator({ seed: globals.seed ?? DEFAULT_SEED });
    if (globals.debug) io.stderr.write(`debug: emulator started at ${emulator.url} (seed ${globals.seed ?? DEFAULT_SEED})\n`);
    return {
      credentials: emulator.credentials,
      endpoint: globals.endpoint ?? emulator.url,
      format,
      hooks,
      emulator,
      defaultRegions: async () => [...EMULATOR_REGIONS],
      close: () => emulator.close(),
    };
  }
  let credentials: Credentials;
  try {
    credentials = await resolveCredentials({ ...(globals.profile ? { profile: globals.profile } : {}), env: io.env });
  } catch (error) {
    if (ConfigurationError.isInstance(error)) {
      throw new ConfigurationError(`${error.message.replace(/\.?\s*$/, '')}. To try the CLI without an account, add --emulator.`, { cause: error });
    }
    throw error;
  }
  return {
    credentials,
    endpoint: globals.endpoint,
    format,
    hooks,
    defaultRegions: async () => {
      const region = (await profileRegion(globals, io.env)) ?? io.env.ALIBABA_CLOUD_REGION_ID?.trim();
      if (!region) {
        throw new UsageError('no region: pass --region (e.g. --region cn-hangzhou), set region_id in your ~/.aliyun/config.json profile, or set ALIBABA_CLOUD_REGION_ID');
      }
      return [region];
    },
    close: async () => undefined,
  };
}

/** One source for one product in one region, pointed where the context says. */
export function createSource(product: Product, region: string, context: SourceContext): InvocationSource {
  const options = {
    region,
    credentials: context.credentials,
    ...(context.endpoint ? { endpoint: context.endpoint } : {}),
    ...(context.format ? { format: context.format } : {}),
    ...(context.hooks ? { hooks: context.hooks } : {}),
  };
  switch (product) {
    case 'ecs':
      return createEcsSource(options);
    case 'swas':
      return createSwasSource(options);
    case 'eflo':
      return createEfloSource(options);
  }
}
