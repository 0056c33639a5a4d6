import { fork, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../src/index.js';
import { call } from './helpers.js';

const child = fileURLToPath(new URL('./fixtures/emulator-child.mjs', import.meta.url));
const dist = fileURLToPath(new URL('../dist/index.js', import.meta.url));

let process_: ChildProcess;
let target: Emulator;

function next<T>(predicate: (message: any) => boolean): Promise<T> {
  return new Promise((resolve) => {
    const listener = (message: any) => {
      if (predicate(message)) {
        process_.off('message', listener);
        resolve(message as T);
      }
    };
    process_.on('message', listener);
  });
}

async function heapMb(): Promise<number> {
  const reply = next<{ heapUsed: number }>((message) => typeof message?.heapUsed === 'number');
  process_.send('heap');
  return (await reply).heapUsed / 1024 / 1024;
}

beforeAll(async () => {
  expect(existsSync(dist), `${dist} is missing: build the package first (npx tsup)`).toBe(true);
  process_ = fork(child, [], { execArgv: ['--expose-gc'], stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  // `call` needs only where to send and which key to sign with.
  target = (await next<Emulator>((message) => typeof message?.url === 'string')) as Emulator;
});

afterAll(async () => {
  const exited = new Promise((resolve) => process_.once('exit', resolve));
  process_.send('close');
  await exited;
});

describe('one huge RunCommand does not stall the emulator', () => {
  it('answers the 840-byte RunCommand and 50 DescribeInvocations from another client in under 1 s each, with the heap under 300 MB', async () => {
    const content = Array.from({ length: 70 }, () => 'seq 1000000').join('\n');
    const query: Record<string, string> = { RegionId: 'cn-hangzhou', Type: 'RunShellScript', CommandContent: content };
    for (let index = 1; index <= 10; index++) query[`InstanceId.${index}`] = `i-load${index}`;
    const sentBytes = Object.entries(query).reduce((sum, [key, value]) => sum + key.length + value.length, 0);
    expect(sentBytes).toBeGreaterThanOrEqual(840);

    const started = performance.now();
    const run = call(target, { product: 'ecs', action: 'RunCommand', query }).then((result) => ({ result, ms: performance.now() - started }));
    const latencies: number[] = [];
    for (let index = 0; index < 50; index++) {
      const before = performance.now();
      const page = await call(target, { product: 'ecs', action: 'DescribeInvocations', query: { RegionId: 'cn-shanghai', PageSize: '10' } });
      latencies.push(performance.now() - before);
      expect(page.status).toBe(200);
    }
    const { result, ms } = await run;
    expect(result.status, result.text).toBe(200);
    expect(ms).toBeLessThan(1_000);
    expect(Math.max(...latencies)).toBeLessThan(1_000);

    // The output is what the service keeps: 24 KB per target, the rest counted in Dropped.
    const described = await call(target, { product: 'ecs', action: 'DescribeInvocations', query: { RegionId: 'cn-hangzhou', InvokeId: result.json.InvokeId, IncludeOutput: 'true', ContentEncoding: 'PlainText' } });
    const targets = described.json.Invocations.Invocation[0].InvokeInstances.InvokeInstance;
    expect(targets).toHaveLength(10);
    for (const one of targets) {
      expect(one.InvocationStatus).toBe('Success');
      expect(Buffer.byteLength(one.Output)).toBe(24 * 1024);
      expect(one.Output.length + one.Dropped).toBe(70 * 6_888_896);
    }
    expect(await heapMb()).toBeLessThan(300);
  }, 60_000);
});
