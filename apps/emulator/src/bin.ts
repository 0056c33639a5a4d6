#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { startEmulator, type EmulatorOptions } from './server.js';

const usage = `invocations-emulator: a local server for the ECS, SWAS and eflo-controller invocation APIs

Options:
  --port N             port (default 0: a free one)
  --host H             interface (default 127.0.0.1)
  --seed N             fill with deterministic data for seed N (default: empty)
  --per-region N       seeded invocations per product and region (default 120)
  --access-key-id ID   AccessKey id to accept (default: the built-in local pair)
  --access-key-secret S
  --latency-ms N       add N ms to every answer
  --throttle-rate R    share of requests answered Throttling.User (0..1)
  --server-error-rate R  share answered 503/500 (0..1)
  --truncate-rate R    share of answers with a cut-off body (0..1)
  --default-region R   region of eflo requests whose Host names none (default cn-hangzhou)
  --help`;

function number(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const parsed = Number(value);
  if (!Number.isFinite(parsed)) {
    process.stderr.write(`--${name} must be a number, got "${value}"\n`);
    process.exit(2);
  }
  return parsed;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      seed: { type: 'string' },
      'per-region': { type: 'string' },
      'access-key-id': { type: 'string' },
      'access-key-secret': { type: 'string' },
      'latency-ms': { type: 'string' },
      'throttle-rate': { type: 'string' },
      'server-error-rate': { type: 'string' },
      'truncate-rate': { type: 'string' },
      'default-region': { type: 'string' },
      help: { type: 'boolean' },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(`${usage}\n`);
    return;
  }
  if ((values['access-key-id'] === undefined) !== (values['access-key-secret'] === undefined)) {
    process.stderr.write('--access-key-id and --access-key-secret go together\n');
    process.exit(2);
  }
  const perRegion = number('per-region', values['per-region']);
  const options: EmulatorOptions = {
    port: number('port', values.port) ?? 0,
    ...(values.host ? { host: values.host } : {}),
    ...(values.seed !== undefined ? { seed: number('seed', values.seed) } : {}),
    ...(perRegion !== undefined ? { seedOptions: { perRegion } } : {}),
    ...(values['access-key-id'] && values['access-key-secret']
      ? { credentials: { accessKeyId: values['access-key-id'], accessKeySecret: values['access-key-secret'] } }
      : {}),
    faults: {
      ...(values['latency-ms'] !== undefined ? { latencyMs: number('latency-ms', values['latency-ms']) } : {}),
      ...(values['throttle-rate'] !== undefined ? { throttleRate: number('throttle-rate', values['throttle-rate']) } : {}),
      ...(values['server-error-rate'] !== undefined ? { serverErrorRate: number('server-error-rate', values['server-error-rate']) } : {}),
      ...(values['truncate-rate'] !== undefined ? { truncateRate: number('truncate-rate', values['truncate-rate']) } : {}),
    },
    ...(values['default-region'] ? { defaultRegion: values['default-region'] } : {}),
  };
  const emulator = await startEmulator(options);
  // A local fake key: printing it is the point, it opens nothing but this process.
  process.stdout.write(
    [
      `invocations-emulator listening on ${emulator.url}`,
      `AccessKeyId:     ${emulator.credentials.accessKeyId}`,
      `AccessKeySecret: ${emulator.credentials.accessKeySecret}`,
      '',
      'export ALIBABA_CLOUD_ACCESS_KEY_ID=' + emulator.credentials.accessKeyId,
      'export ALIBABA_CLOUD_ACCESS_KEY_SECRET=' + emulator.credentials.accessKeySecret,
      `export INVOCATIONS_ENDPOINT=${emulator.url}`,
      '',
    ].join('\n'),
  );
  const stop = () => {
    emulator.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`invocations-emulator: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
