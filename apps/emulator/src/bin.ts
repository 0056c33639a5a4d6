#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { publishedKeyWarning } from './browser-guard.js';
import { startSeededEmulator } from './seeded.js';
import { startEmulator, type Emulator, type EmulatorOptions } from './server.js';
import type { EmulatorFaults, Product, StopBehaviour } from './types.js';

const usage = `invocations-emulator: a local server for the ECS, SWAS and eflo-controller invocation APIs

Options:
  --port N                 port, 0..65535 (default 0: a free one)
  --host H                 interface (default 127.0.0.1; any other address opens the emulator to the network)
  --seed N                 fill with deterministic data for seed N, the same data as the CLI's
                           \`invocations emulator --seed N\` (default: empty)
  --per-region N           seeded invocations per product and region (default 8)
  --access-key-id ID       AccessKey id to accept (default: the built-in local pair)
  --access-key-secret S
  --allow-origin ORIGIN    let a browser page at ORIGIN call the emulator (CORS); repeatable, or '*'
  --stop-behaviour B       documented (default: a running target runs on) or terminate
  --latency-ms N           add N ms to every answer
  --throttle-rate R        share of requests answered Throttling.User (0..1)
  --retry-after-seconds N  x-acs-retry-after on throttled answers, in seconds
  --server-error-rate R    share answered 503/500 (0..1)
  --dispatch-error-rate R  share answered 500 InternalError.Dispatch (0..1)
  --truncate-rate R        share of answers with a cut-off body (0..1)
  --default-region R       region of eflo requests whose Host names none (default cn-hangzhou)
  --help`;

/** A bad flag: the message is printed as one line and the process exits 2. */
class FlagError extends Error {}

function numberFlag(name: string, value: string | undefined, rule: { min: number; max: number; integer?: boolean }): number | undefined {
  if (value === undefined) return undefined;
  const parsed = value.trim() === '' ? Number.NaN : Number(value);
  const kind = rule.integer ? 'an integer' : 'a number';
  if (!Number.isFinite(parsed) || (rule.integer && !Number.isInteger(parsed)) || parsed < rule.min || parsed > rule.max) {
    throw new FlagError(`--${name} must be ${kind} within ${rule.min}..${rule.max}, got "${value}"`);
  }
  return parsed;
}

function readFlags(argv: string[]) {
  try {
    return parseArgs({
      args: argv,
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        seed: { type: 'string' },
        'per-region': { type: 'string' },
        'access-key-id': { type: 'string' },
        'access-key-secret': { type: 'string' },
        'allow-origin': { type: 'string', multiple: true },
        'stop-behaviour': { type: 'string' },
        'latency-ms': { type: 'string' },
        'throttle-rate': { type: 'string' },
        'retry-after-seconds': { type: 'string' },
        'server-error-rate': { type: 'string' },
        'dispatch-error-rate': { type: 'string' },
        'truncate-rate': { type: 'string' },
        'default-region': { type: 'string' },
        help: { type: 'boolean' },
      },
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (error) {
    // parseArgs explains the problem (unknown option, missing value) in one sentence.
    throw new FlagError(error instanceof Error ? error.message.split('\n')[0] ?? String(error) : String(error));
  }
}

function faultFlags(values: ReturnType<typeof readFlags>): EmulatorFaults {
  const rate = { min: 0, max: 1 };
  const faults: EmulatorFaults = {};
  const latencyMs = numberFlag('latency-ms', values['latency-ms'], { min: 0, max: 600_000 });
  const throttleRate = numberFlag('throttle-rate', values['throttle-rate'], rate);
  const retryAfterSeconds = numberFlag('retry-after-seconds', values['retry-after-seconds'], { min: 0, max: 86_400, integer: true });
  const serverErrorRate = numberFlag('server-error-rate', values['server-error-rate'], rate);
  const dispatchErrorRate = numberFlag('dispatch-error-rate', values['dispatch-error-rate'], rate);
  const truncateRate = numberFlag('truncate-rate', values['truncate-rate'], rate);
  if (latencyMs !== undefined) faults.latencyMs = latencyMs;
  if (throttleRate !== undefined) faults.throttleRate = throttleRate;
  if (retryAfterSeconds !== undefined) faults.retryAfterSeconds = retryAfterSeconds;
  if (serverErrorRate !== undefined) faults.serverErrorRate = serverErrorRate;
  if (dispatchErrorRate !== undefined) faults.dispatchErrorRate = dispatchErrorRate;
  if (truncateRate !== undefined) faults.truncateRate = truncateRate;
  return faults;
}

function banner(emulator: Emulator, seed: number | undefined): string[] {
  const regions = emulator.regionsWithData();
  const seeded = (Object.keys(regions) as Product[]).filter((product) => regions[product].length > 0);
  const data =
    seeded.length === 0
      ? ['Data:            none (start with --seed N to fill the store)']
      : [`Data (seed ${seed}):`, ...seeded.map((product) => `  ${product.padEnd(5)} ${regions[product].join(', ')}`)];
  // A local fake key: printing it is the point, it opens nothing but this process.
  return [
    `invocations-emulator listening on ${emulator.url}`,
    `AccessKeyId:     ${emulator.credentials.accessKeyId}`,
    `AccessKeySecret: ${emulator.credentials.accessKeySecret}`,
    ...data,
    '',
    'export ALIBABA_CLOUD_ACCESS_KEY_ID=' + emulator.credentials.accessKeyId,
    'export ALIBABA_CLOUD_ACCESS_KEY_SECRET=' + emulator.credentials.accessKeySecret,
    `export INVOCATIONS_ENDPOINT=${emulator.url}`,
    '',
  ];
}

function listenFailure(error: unknown, host: string, port: number): string | undefined {
  const code = (error as { code?: unknown } | undefined)?.code;
  if (code === 'EADDRINUSE') return `port ${port} on ${host} is already in use; pick another with --port, or --port 0 for a free one`;
  if (code === 'EACCES') return `no permission to listen on port ${port} on ${host}`;
  if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') return `cannot listen on ${host}: not an address of this machine`;
  return undefined;
}

async function main(): Promise<number> {
  const values = readFlags(process.argv.slice(2));
  if (values.help) {
    process.stdout.write(`${usage}\n`);
    return 0;
  }
  if ((values['access-key-id'] === undefined) !== (values['access-key-secret'] === undefined)) {
    throw new FlagError('--access-key-id and --access-key-secret go together');
  }
  const port = numberFlag('port', values.port, { min: 0, max: 65_535, integer: true }) ?? 0;
  const seed = numberFlag('seed', values.seed, { min: 0, max: 0xffff_ffff, integer: true });
  const perRegion = numberFlag('per-region', values['per-region'], { min: 0, max: 100_000, integer: true });
  if (perRegion !== undefined && seed === undefined) throw new FlagError('--per-region needs --seed');
  const stopBehaviour = values['stop-behaviour'];
  if (stopBehaviour !== undefined && stopBehaviour !== 'documented' && stopBehaviour !== 'terminate') {
    throw new FlagError(`--stop-behaviour must be documented or terminate, got "${stopBehaviour}"`);
  }
  const host = values.host ?? '127.0.0.1';
  if (host.trim() === '') throw new FlagError('--host must not be empty');
  const origins = values['allow-origin'];
  const options: EmulatorOptions = {
    port,
    host,
    ...(values['access-key-id'] && values['access-key-secret']
      ? { credentials: { accessKeyId: values['access-key-id'], accessKeySecret: values['access-key-secret'] } }
      : {}),
    ...(origins ? { allowOrigins: origins.includes('*') ? '*' : origins } : {}),
    ...(stopBehaviour ? { simulation: { stopBehaviour: stopBehaviour as StopBehaviour } } : {}),
    faults: faultFlags(values),
    ...(values['default-region'] ? { defaultRegion: values['default-region'] } : {}),
  };
  let emulator: Emulator;
  try {
    emulator = seed === undefined ? await startEmulator(options) : await startSeededEmulator({ ...options, seed, ...(perRegion !== undefined ? { perRegion } : {}) });
  } catch (error) {
    if (error instanceof RangeError) throw new FlagError(error.message);
    const message = listenFailure(error, host, port);
    if (message) {
      process.stderr.write(`invocations-emulator: ${message}\n`);
      return 1;
    }
    throw error;
  }
  const warning = values['access-key-id'] === undefined ? publishedKeyWarning(host) : undefined;
  if (warning) process.stderr.write(`invocations-emulator: ${warning}\n`);
  process.stdout.write(banner(emulator, seed).join('\n'));
  const stop = () => {
    emulator.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return -1;
}

main().then(
  (code) => {
    if (code >= 0) process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof FlagError) {
      process.stderr.write(`invocations-emulator: ${error.message}\n`);
      process.exit(2);
    }
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`invocations-emulator: ${message.split('\n')[0]}\n`);
    process.exit(1);
  },
);
