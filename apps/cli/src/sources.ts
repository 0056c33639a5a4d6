import { ConfigurationError, type InvocationSource, type Product } from '@invocations/core';
import { createEcsSource } from '@invocations/ecs';
import { createEfloSource } from '@invocations/eflo';
import { defaultAliyunConfigPath, readAliyunConfigFile, resolveCredentialsProvider, resolveEndpoint, type CredentialsInput, type CredentialsProvider, type OpenApiHooks } from '@invocations/openapi';
import type { Emulator, SeededEmulatorOptions } from '@invocations/emulator';
import { createSwasSource } from '@invocations/swas';
import { UsageError } from './errors.js';
import type { CliIo } from './io.js';
import { parseEndpoint, type GlobalOptions } from './options.js';

/** The seed `--emulator` and `invocations emulator` use unless `--seed` says otherwise. */
export const DEFAULT_SEED = 1;
/**
 * The region the CLI's emulators answer eflo requests as: eflo takes its region from the host name,
 * and `127.0.0.1:PORT` names none (the emulator's `defaultRegion`, the bin's `--default-region`).
 */
export const EMULATOR_EFLO_REGION = 'cn-hangzhou';

/** A running emulator, as the CLI uses it. */
export type RunningEmulator = Emulator;

/** What the CLI's emulators are started from: the same as `invocations-emulator --seed N --port P --host H`. */
export interface CliEmulatorOptions {
  seed: number;
  port?: number;
  host?: string;
}

/**
 * The emulator options for a seed, port and host. Only the emulator's `startSeededEmulator` turns a
 * seed into data (its records plus the demo invocation to watch): nothing is added or sized here, so
 * `invocations emulator --seed 7`, `--emulator --seed 7` and `invocations-emulator --seed 7` hold the
 * same invocations.
 */
export function cliEmulatorOptions(options: CliEmulatorOptions): SeededEmulatorOptions {
  return {
    port: options.port ?? 0,
    ...(options.host ? { host: options.host } : {}),
    seed: options.seed,
    // The factory's default too; said here because eflo's labels below depend on it.
    defaultRegion: EMULATOR_EFLO_REGION,
  };
}

/**
 * The regions where ECS or SWAS hold seeded data, sorted: what `--emulator` lists by default. eflo is
 * left out: it cannot list, and behind one endpoint it answers as {@link EMULATOR_EFLO_REGION}; its
 * other regions would send ECS and SWAS requests to regions those products do not serve.
 */
export function emulatorRegions(emulator: RunningEmulator): string[] {
  const { ecs, swas } = emulator.regionsWithData();
  return [...new Set([...ecs, ...swas])].sort();
}

/** A listen failure as one line that names the flag to change (exit code 2), or the error itself (the emulator's and the console's). */
export function listenError(error: unknown, port: number, host: string): unknown {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const where = `${host.includes(':') ? `[${host}]` : host}:${port}`;
  if (code === 'EADDRINUSE') return new UsageError(`port ${port} is already in use on ${host} (${where}): pick another --port, or --port 0 for a free one`);
  if (code === 'EACCES') return new UsageError(`port ${port} on ${host} needs privileges this user does not have: pick a port above 1023, or --port 0 for a free one`);
  if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return new UsageError(`--host ${host}: this machine has no such address to listen on (try 127.0.0.1)`);
  }
  return error;
}

/**
 * Starts the embedded emulator from {@link cliEmulatorOptions} (the same for `--emulator` and
 * `invocations emulator`). A port in use or an unknown `--host` is a one-line `UsageError`.
 */
export async function startCliEmulator(options: CliEmulatorOptions): Promise<RunningEmulator> {
  const { startSeededEmulator } = await import('@invocations/emulator');
  let emulator: RunningEmulator;
  try {
    emulator = await startSeededEmulator(cliEmulatorOptions(options));
  } catch (error) {
    throw listenError(error, options.port ?? 0, options.host ?? '127.0.0.1');
  }
  return emulator;
}

/** Everything a command needs to build sources: where to send requests and with which keys. */
export interface SourceContext {
  /** Fixed keys (the emulator's) or the chain's provider, which refreshes temporary credentials. */
  credentials: CredentialsInput;
  endpoint?: string;
  /** Where {@link SourceContext.endpoint} came from, for messages: `--endpoint`, `INVOCATIONS_ENDPOINT` or `--emulator`. */
  endpointFrom?: EndpointOrigin;
  format?: 'json' | 'xml';
  hooks?: OpenApiHooks;
  /** Set with `--emulator`: the embedded emulator everything points at. */
  emulator?: RunningEmulator;
  /** Regions to use when `--region` is not given. */
  defaultRegions(): Promise<string[]>;
  /** Stops the embedded emulator, if one was started. */
  close(): Promise<void>;
}

/** Where the endpoint of a {@link SourceContext} came from. */
export type EndpointOrigin = '--endpoint' | 'INVOCATIONS_ENDPOINT' | '--emulator';

/** The environment variable naming the endpoint when `--endpoint` is not given (the emulator's banner exports it). */
export const ENDPOINT_ENV = 'INVOCATIONS_ENDPOINT';

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

/** A config-file warning (e.g. readable by other users) as one `warning:` line on stderr; openapi says it once per file. */
function warnOnStderr(io: CliIo): (message: string) => void {
  return (message) => io.stderr.write(`warning: ${message.replace(/\s*\n\s*/g, ' ').trim()}\n`);
}

/** The region of the selected `~/.aliyun/config.json` profile, when the file and the field exist. */
async function profileRegion(globals: GlobalOptions, io: CliIo): Promise<string | undefined> {
  const { env } = io;
  const path = defaultAliyunConfigPath(env);
  if (!path) return undefined;
  let config: { current?: unknown; profiles?: unknown };
  try {
    // openapi's reader: regular files only, at most 1 MiB, so a FIFO or /dev/zero there cannot hang the CLI.
    const file = await readAliyunConfigFile(path, { onWarning: warnOnStderr(io) });
    if (file.kind !== 'found') return undefined;
    config = JSON.parse(file.text) as typeof config;
  } catch {
    return undefined;
  }
  const name = profileName(globals, env, config.current) ?? 'default';
  const profiles = Array.isArray(config.profiles) ? (config.profiles as Record<string, unknown>[]) : [];
  const region = profiles.find((profile) => profile?.name === name)?.region_id;
  return typeof region === 'string' && region.trim() !== '' ? region.trim() : undefined;
}

/**
 * Where requests go and with which keys. The endpoint is `--endpoint`, else the embedded emulator's
 * with `--emulator` (started from the seed, with its own keys), else `INVOCATIONS_ENDPOINT`.
 * Without `--emulator` the credentials come from `@invocations/openapi`'s chain (temporary ones refreshed as
 * they expire); when none are found the error says where it looked and suggests `--emulator`.
 */
export async function openSourceContext(globals: GlobalOptions, io: CliIo): Promise<SourceContext> {
  const hooks = globals.debug ? debugHooks(io) : undefined;
  const format = globals.format;
  if (globals.emulator) {
    const seed = globals.seed ?? DEFAULT_SEED;
    const emulator = await startCliEmulator({ seed });
    if (globals.debug) io.stderr.write(`debug: emulator started at ${emulator.url} (seed ${seed})\n`);
    return {
      credentials: emulator.credentials,
      endpoint: globals.endpoint ?? emulator.url,
      endpointFrom: globals.endpoint ? '--endpoint' : '--emulator',
      format,
      hooks,
      emulator,
      defaultRegions: async () => emulatorRegions(emulator),
      close: () => emulator.close(),
    };
  }
  const fromEnv = io.env[ENDPOINT_ENV]?.trim() || undefined;
  let endpoint = globals.endpoint;
  let endpointFrom: EndpointOrigin | undefined = endpoint ? '--endpoint' : undefined;
  if (!endpoint && fromEnv) {
    try {
      endpoint = parseEndpoint(fromEnv);
    } catch (error) {
      throw new UsageError(`${ENDPOINT_ENV}: ${error instanceof Error ? error.message : String(error)}`);
    }
    endpointFrom = ENDPOINT_ENV;
  }
  if (globals.debug && endpoint) io.stderr.write(`debug: endpoint ${endpoint} (from ${endpointFrom})\n`);
  let credentials: CredentialsProvider;
  try {
    credentials = await resolveCredentialsProvider({ ...(globals.profile ? { profile: globals.profile } : {}), env: io.env, onWarning: warnOnStderr(io) });
    // Asked once now, so a missing or broken source fails before any listing starts; later calls hit its cache.
    await credentials();
  } catch (error) {
    if (ConfigurationError.isInstance(error)) {
      throw new ConfigurationError(`${error.message.replace(/\.?\s*$/, '')}. To try the CLI without an account, add --emulator.`, { cause: error });
    }
    throw error;
  }
  return {
    credentials,
    ...(endpoint ? { endpoint, endpointFrom } : {}),
    format,
    hooks,
    defaultRegions: async () => {
      const region = (await profileRegion(globals, io)) ?? io.env.ALIBABA_CLOUD_REGION_ID?.trim();
      if (!region) {
        throw new UsageError('no region: pass --region (e.g. --region cn-hangzhou), set region_id in your ~/.aliyun/config.json profile, or set ALIBABA_CLOUD_REGION_ID');
      }
      return [region];
    },
    close: async () => undefined,
  };
}

// A label of a host name that is a region id: `eflo-controller.cn-wulanchabu.aliyuncs.com`.
const regionLabel = /^(?:cn|ap|us|eu|me|na|sa|rus)-[a-z]+(?:-[a-z0-9]+)*$/;

/** The region a host name names, as eflo-controller reads it (`eflo-controller.<region>.aliyuncs.com`), if any. */
export function regionInHost(hostname: string): string | undefined {
  return hostname
    .toLowerCase()
    .split('.')
    .find((label) => regionLabel.test(label));
}

/** Whether a URL host name is this machine (127.0.0.0/8, localhost, ::1). */
function isLoopback(hostname: string): boolean {
  return /^127(?:\.\d{1,3}){3}$/.test(hostname) || hostname === 'localhost' || hostname === '[::1]';
}

/**
 * The region eflo requests to the context's endpoint are answered as, when the CLI can tell: the
 * region its host name names (`eflo-controller.cn-wulanchabu.aliyuncs.com`), else, for this
 * machine's bare address (`127.0.0.1:8790`: an emulator, which answers such a host as its default
 * region), {@link EMULATOR_EFLO_REGION}. Undefined without a custom endpoint (each region has its
 * own host) or for another host that names no region.
 */
export function efloRegionOf(context: Pick<SourceContext, 'endpoint'>): string | undefined {
  if (!context.endpoint) return undefined;
  const hostname = new URL(resolveEndpoint(context.endpoint).origin).hostname.toLowerCase();
  return regionInHost(hostname) ?? (isLoopback(hostname) ? EMULATOR_EFLO_REGION : undefined);
}

/** The endpoint as a message names it: `the emulator`, `--endpoint URL` or `INVOCATIONS_ENDPOINT URL`. */
export function describeEndpoint(context: Pick<SourceContext, 'endpoint' | 'endpointFrom'>): string {
  return context.endpointFrom === '--emulator' ? 'the emulator' : `${context.endpointFrom ?? '--endpoint'} ${context.endpoint}`;
}

/**
 * The regions to ask a product in. ECS and SWAS carry the region as a parameter, so every region is
 * asked. eflo takes it from the host name, so one custom endpoint is one eflo region: the one
 * {@link efloRegionOf} tells (`serves`; none asked, with a note, when `regions` does not hold it),
 * else the first of `regions` (with a note when there were several). Without a custom endpoint each
 * region has its own eflo host.
 */
export function sourceRegions(
  product: Product,
  regions: readonly string[],
  context: SourceContext,
): { regions: string[]; serves?: string; note?: string } {
  if (product !== 'eflo' || !context.endpoint || regions.length === 0) return { regions: [...regions] };
  const where = describeEndpoint(context);
  const serves = efloRegionOf(context);
  if (serves) {
    if (regions.includes(serves)) return { regions: [serves], serves };
    return { regions: [], serves, note: `eflo: ${where} answers eflo as ${serves} only, which is not among the regions asked (${regions.join(', ')}); eflo was skipped` };
  }
  const [first, ...others] = regions as [string, ...string[]];
  return others.length === 0
    ? { regions: [first] }
    : { regions: [first], note: `eflo: ${where} names no region in its host, so eflo was asked once, as ${first} (the first region)` };
}

/** Whether a failure is a TLS handshake with a server that speaks plain HTTP (OpenSSL's "wrong version number"). */
function isTlsMismatch(error: unknown): boolean {
  for (let current = error, depth = 0; current instanceof Error && depth < 4; current = current.cause, depth++) {
    const code = (current as NodeJS.ErrnoException).code ?? '';
    if (/^(EPROTO|ERR_SSL_)/.test(code) || /wrong version number|ssl3_get_record|SSL routines|packet length too long/i.test(current.message)) return true;
  }
  return false;
}

/** A source whose TLS failures against a scheme-less endpoint become one line suggesting `http://`. */
function withSchemeHint(source: InvocationSource, context: SourceContext): InvocationSource {
  const endpoint = context.endpoint as string;
  const rewrite = (error: unknown): unknown =>
    isTlsMismatch(error)
      ? new ConfigurationError(
          `${context.endpointFrom ?? '--endpoint'} ${endpoint} has no scheme, so https was used, and the server there does not speak TLS; for a plain-HTTP server such as the emulator use http://${endpoint}`,
          { cause: error },
        )
      : error;
  return {
    ...source,
    product: source.product,
    region: source.region,
    async *list(query, options) {
      try {
        yield* source.list(query, options);
      } catch (error) {
        throw rewrite(error);
      }
    },
    get: (invokeId, options) =>
      source.get(invokeId, options).catch((error: unknown) => {
        throw rewrite(error);
      }),
  };
}

/**
 * One source for one product in one region, pointed where the context says. An eflo source in a
 * region the endpoint does not serve (see {@link efloRegionOf}) is a `UsageError`: its rows would
 * carry the wrong region.
 */
export function createSource(product: Product, region: string, context: SourceContext): InvocationSource {
  if (product === 'eflo') {
    const known = efloRegionOf(context);
    if (known && known !== region) {
      throw new UsageError(`eflo: ${describeEndpoint(context)} answers eflo as ${known} only, not ${region}: pass --region ${known}`);
    }
  }
  const options = {
    region,
    credentials: context.credentials,
    ...(context.endpoint ? { endpoint: context.endpoint } : {}),
    ...(context.format ? { format: context.format } : {}),
    ...(context.hooks ? { hooks: context.hooks } : {}),
  };
  const source = createProductSource(product, options);
  return context.endpoint && !/^[a-z][a-z0-9+.-]*:\/\//i.test(context.endpoint.trim()) ? withSchemeHint(source, context) : source;
}

// The options every product accepts (the intersection of the three option types).
type CommonSourceOptions = Parameters<typeof createEcsSource>[0] & Parameters<typeof createSwasSource>[0] & Parameters<typeof createEfloSource>[0];

function createProductSource(product: Product, options: CommonSourceOptions): InvocationSource {
  switch (product) {
    case 'ecs':
      return createEcsSource(options);
    case 'swas':
      return createSwasSource(options);
    case 'eflo':
      return createEfloSource(options);
  }
}
