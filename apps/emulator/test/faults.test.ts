import { afterEach, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../src/index.js';
import { call } from './helpers.js';

let emulator: Emulator | undefined;
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

const ecsQuery = { RegionId: 'cn-hangzhou', PageSize: '5' };

async function codes(target: Emulator, count: number, product: 'ecs' | 'swas' = 'ecs'): Promise<string[]> {
  const out: string[] = [];
  for (let index = 0; index < count; index++) {
    const result =
      product === 'ecs'
        ? await call(target, { product: 'ecs', action: 'DescribeInvocations', query: ecsQuery })
        : await call(target, { product: 'swas', action: 'ListInstances', query: { RegionId: 'cn-hangzhou' } });
    out.push(result.json ? `${result.status}:${result.json.Code ?? 'ok'}` : `${result.status}:cut`);
  }
  return out;
}

describe('faults', () => {
  it('throttles with 400 Throttling.User and an optional x-acs-retry-after header in seconds', async () => {
    emulator = await startEmulator({ seed: 1, faults: { throttleRate: 1, retryAfterSeconds: 3 } });
    const result = await call(emulator, { product: 'ecs', action: 'DescribeInvocations', query: ecsQuery });
    expect(result.status).toBe(400);
    expect(result.json.Code).toBe('Throttling.User');
    // The official SDK reads parseInt(headers["x-acs-retry-after"]) as seconds (protocol.md §5.2).
    expect(result.headers['x-acs-retry-after']).toBe('3');
  });

  it('converts the deprecated retryAfterMs to whole seconds, rounding up', async () => {
    emulator = await startEmulator({ seed: 1, faults: { throttleRate: 1, retryAfterMs: 1500 } });
    const result = await call(emulator, { product: 'ecs', action: 'DescribeInvocations', query: ecsQuery });
    expect(result.headers['x-acs-retry-after']).toBe('2');
  });

  it('answers 500 InternalError.Dispatch at dispatchErrorRate (ECS DescribeInvocations error table)', async () => {
    emulator = await startEmulator({ seed: 1, faults: { dispatchErrorRate: 1 } });
    const result = await call(emulator, { product: 'ecs', action: 'DescribeInvocations', query: ecsQuery });
    expect(result.status).toBe(500);
    expect(result.json).toMatchObject({ Code: 'InternalError.Dispatch', Message: 'An error occurred when you dispatched the request.' });
    expect(() => emulator?.setFaults({ dispatchErrorRate: -1 })).toThrow(/dispatchErrorRate must be a number within 0\.\.1/);
  });

  it('answers 503 ServiceUnavailable or 500 InternalError at serverErrorRate', async () => {
    emulator = await startEmulator({ seed: 1, faults: { serverErrorRate: 1 } });
    const seen = new Set(await codes(emulator, 12));
    expect([...seen].sort()).toEqual(['500:InternalError', '503:ServiceUnavailable']);
  });

  it('cuts bodies in half at truncateRate, with a consistent content-length', async () => {
    emulator = await startEmulator({ seed: 1, faults: { truncateRate: 1 } });
    const result = await call(emulator, { product: 'ecs', action: 'DescribeInvocations', query: ecsQuery });
    expect(result.status).toBe(200);
    expect(result.json).toBeUndefined();
    expect(Number(result.headers['content-length'])).toBe(Buffer.byteLength(result.text));
    expect(() => JSON.parse(result.text)).toThrow();
  });

  it('adds latency', async () => {
    emulator = await startEmulator({ faults: { latencyMs: 150 } });
    const started = performance.now();
    await call(emulator, { product: 'swas', action: 'ListInstances', query: { RegionId: 'cn-hangzhou' } });
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
  });

  it('holds the answer for the latency, not the work: a burst comes back together, as answered on arrival', async () => {
    emulator = await startEmulator({ seed: 1, faults: { latencyMs: 300 } });
    const target = emulator;
    const before = await call(target, { product: 'ecs', action: 'DescribeInvocations', query: ecsQuery });
    const started = performance.now();
    const burst = Array.from({ length: 8 }, () =>
      call(target, { product: 'ecs', action: 'DescribeInvocations', query: ecsQuery }).then((result) => ({ result, at: performance.now() - started })),
    );
    // Created while the burst's answers are held: a service answered them before it existed.
    await new Promise((resolve) => setTimeout(resolve, 100));
    target.createInvocation({ product: 'ecs', region: 'cn-hangzhou', targetIds: ['i-bp1held0000000000001'] });
    const answers = await Promise.all(burst);
    for (const { result, at } of answers) {
      expect(at).toBeGreaterThanOrEqual(290);
      expect(result.json.TotalCount).toBe(before.json.TotalCount);
    }
    const after = await call(target, { product: 'ecs', action: 'DescribeInvocations', query: ecsQuery });
    expect(after.json.TotalCount).toBe(before.json.TotalCount + 1);
  });

  it('switches faults per product and at runtime', async () => {
    emulator = await startEmulator({ seed: 2, faults: { swas: { throttleRate: 1 } } });
    expect(await codes(emulator, 3)).toEqual(['200:ok', '200:ok', '200:ok']);
    expect(await codes(emulator, 2, 'swas')).toEqual(['400:Throttling.User', '400:Throttling.User']);
    emulator.setFaults({ serverErrorRate: 1 }, 'ecs');
    expect((await codes(emulator, 1))[0]).toMatch(/^50[03]:/);
    emulator.setFaults({}, 'ecs');
    emulator.setFaults({}, 'swas');
    expect(await codes(emulator, 1, 'swas')).toEqual(['200:ok']);
    expect(() => emulator?.setFaults({ throttleRate: 2 })).toThrow(/throttleRate must be a number within 0\.\.1/);
  });

  it('faults the same requests for the same seed', async () => {
    const runs: string[][] = [];
    for (let round = 0; round < 2; round++) {
      emulator = await startEmulator({ seed: 42, faults: { throttleRate: 0.3, serverErrorRate: 0.2 } });
      runs.push(await codes(emulator, 25));
      await emulator.close();
      emulator = undefined;
    }
    expect(runs[0]).toEqual(runs[1]);
    expect(new Set(runs[0]).size).toBeGreaterThan(1);
  });
});
