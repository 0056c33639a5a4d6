import { type Invocation } from '@invocations/core';
import { describeSourceConformance, collect } from '@invocations/core/testing';
import { startEmulator, type Emulator } from '@invocations/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEfloSource, type EfloSourceOptions } from '../src/index.js';

// The emulator takes eflo's region from the Host header; 127.0.0.1 names none, so it uses its default.
const REGION = 'cn-hangzhou';

describeSourceConformance({
  name: 'eflo',
  product: 'eflo',
  async setup() {
    const emulator = await startEmulator({ seed: 1, seedOptions: { perRegion: 40 } });
    const invokeIds = emulator.store.list('eflo', REGION).map((invocation) => invocation.invokeId);
    return {
      endpoint: emulator.url,
      region: REGION,
      credentials: emulator.credentials,
      invokeIds,
      outputInvokeId: emulator.findFinishedWithOutput('eflo', REGION, invokeIds),
      // eflo cannot list: the suite's full listing is by ids.
      listQuery: { invokeIds },
      setLatency: (ms) => emulator.setFaults({ latencyMs: ms }),
      close: () => emulator.close(),
    };
  },
  createSource: (environment, overrides) =>
    createEfloSource({
      region: environment.region,
      endpoint: overrides?.endpoint ?? environment.endpoint,
      credentials: overrides?.credentials ?? environment.credentials,
      retry: false,
    }),
  capabilities: { listWithoutInvokeIds: false, paging: false },
});

describe('eflo source against the emulator', () => {
  let emulator: Emulator;
  let requests: string[] = [];
  const source = (options: Partial<EfloSourceOptions> = {}) =>
    createEfloSource({
      region: REGION,
      endpoint: emulator.url,
      credentials: emulator.credentials,
      hooks: { onRequest: (event) => requests.push(event.url) },
      ...options,
    });

  beforeAll(async () => {
    emulator = await startEmulator({ seed: 3, seedOptions: { perRegion: 30 } });
  });
  afterAll(async () => {
    await emulator.close();
  });

  it('get() returns nodes as targets, and the parameters never travel in the URL', async () => {
    const [stored] = emulator.store.list('eflo', REGION);
    if (!stored) throw new Error('no seeded eflo invocation');
    requests = [];
    const invocation = await source().get(stored.invokeId, { includeOutput: true });
    expect(invocation.targets.map((target) => target.id).sort()).toEqual(stored.targets.map((target) => target.id).sort());
    expect(invocation.targets.every((target) => target.kind === 'node')).toBe(true);
    expect(requests).toHaveLength(1);
    expect(requests[0]).not.toContain('InvokeId');
  });

  it('targetId narrows to one node', async () => {
    const stored = emulator.store.list('eflo', REGION).find((candidate) => candidate.targets.length > 1);
    if (!stored) throw new Error('no seeded eflo invocation on several nodes');
    const node = stored.targets[0]?.id as string;
    const [invocation] = await collect(source().list({ invokeIds: [stored.invokeId], targetId: node }));
    expect(invocation?.targets.map((target) => target.id)).toEqual([node]);
  });

  it('PlainText and Base64 give the same canonical text, in JSON and XML', async () => {
    const id = emulator.findFinishedWithOutput('eflo', REGION);
    const base64 = await source().get(id, { includeOutput: true });
    const plain = await source({ contentEncoding: 'PlainText' }).get(id, { includeOutput: true });
    const xml = await source({ format: 'xml' }).get(id, { includeOutput: true });
    expect(plain).toEqual(base64);
    expect(xml).toEqual(base64);
    expect(base64.targets.some((target) => (target.output ?? '').length > 0)).toBe(true);
  });
});
