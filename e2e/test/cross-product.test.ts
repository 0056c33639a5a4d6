import { listInvocations, type Invocation, type Product } from '@invocations/core';
import { createEcsSource } from '@invocations/ecs';
import { startEmulator, type Emulator } from '@invocations/emulator';
import { createSwasSource } from '@invocations/swas';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEfloSource } from '@invocations/eflo';

// The three adapters side by side against one emulator: core's listInvocations merges them into one
// stream. The query names invoke ids, the one kind of query all three products can serve (eflo cannot
// list; SWAS finds ids by asking each instance of the region).
const REGION = 'cn-hangzhou';

describe('listInvocations across ECS, SWAS and eflo', () => {
  let emulator: Emulator;
  beforeAll(async () => {
    emulator = await startEmulator({ seed: 11, seedOptions: { perRegion: 20, swasInstances: 3 } });
  });
  afterAll(async () => {
    await emulator.close();
  });

  it('returns invocations of all three products in one stream', async () => {
    const common = { region: REGION, endpoint: emulator.url, credentials: emulator.credentials, retry: false as const };
    const sources = [createEcsSource(common), createSwasSource(common), createEfloSource(common)];
    const wanted = new Map<string, Product>();
    for (const product of ['ecs', 'swas', 'eflo'] as const) {
      for (const record of emulator.store.list(product, REGION).slice(0, 2)) wanted.set(record.invokeId, product);
    }
    expect(wanted.size).toBe(6);

    const stream = listInvocations(sources, { invokeIds: [...wanted.keys()] });
    const seen: Invocation[] = [];
    for await (const invocation of stream) seen.push(invocation);

    expect(stream.failures).toEqual([]);
    expect(new Set(seen.map((invocation) => invocation.product))).toEqual(new Set(['ecs', 'swas', 'eflo']));
    // Each source answers only for its own product's ids; together they return exactly the ids asked for.
    expect(seen.map((invocation) => [invocation.invokeId, invocation.product]).sort()).toEqual([...wanted.entries()].sort());
    for (const invocation of seen) {
      expect(invocation.targets.length).toBeGreaterThan(0);
      expect(invocation.targets.every((target) => target.kind === (invocation.product === 'eflo' ? 'node' : 'instance'))).toBe(true);
    }
  });

  it('records a source that cannot serve the query as a failure while the others go on', async () => {
    const common = { region: REGION, endpoint: emulator.url, credentials: emulator.credentials, retry: false as const };
    const stream = listInvocations([createEcsSource(common), createEfloSource(common)], {});
    const products = new Set<string>();
    for await (const invocation of stream) products.add(invocation.product);
    expect(products).toEqual(new Set(['ecs']));
    expect(stream.failures).toHaveLength(1);
    expect(stream.failures[0]?.source.product).toBe('eflo');
    expect(String(stream.failures[0]?.error)).toMatch(/the eflo API cannot list invocations/);
  });
});
