import { aggregateStatus, type Invocation } from '@invocations/core';
import { describeSourceConformance, collect } from '@invocations/core/testing';
import { startEmulator, type Emulator } from '@invocations/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSwasSource, type SwasSourceOptions } from '../src/index.js';

const REGION = 'cn-hangzhou';

// The instance of the region that holds the most invocations, and those invocations' ids.
function busiestInstance(emulator: Emulator): { instanceId: string; invokeIds: string[] } {
  const records = emulator.store.list('swas', REGION);
  let best = { instanceId: '', invokeIds: [] as string[] };
  for (const instance of emulator.instances.list(REGION)) {
    const invokeIds = records.filter((record) => record.targets.some((target) => target.id === instance.InstanceId)).map((record) => record.invokeId);
    if (invokeIds.length > best.invokeIds.length) best = { instanceId: instance.InstanceId, invokeIds };
  }
  if (best.invokeIds.length < 3) throw new Error('the seeded emulator holds too few SWAS invocations on one instance');
  return best;
}

describeSourceConformance({
  name: 'swas',
  product: 'swas',
  async setup() {
    const emulator = await startEmulator({ seed: 1, seedOptions: { perRegion: 60 } });
    const { instanceId, invokeIds } = busiestInstance(emulator);
    return {
      endpoint: emulator.url,
      region: REGION,
      credentials: emulator.credentials,
      invokeIds,
      outputInvokeId: emulator.findFinishedWithOutput('swas', REGION, invokeIds),
      // SWAS answers for one instance at a time: the full listing of the suite is that instance's.
      listQuery: { targetId: instanceId },
      setLatency: (ms) => emulator.setFaults({ latencyMs: ms }),
      close: () => emulator.close(),
    };
  },
  createSource: (environment, overrides) =>
    createSwasSource({
      region: environment.region,
      endpoint: overrides?.endpoint ?? environment.endpoint,
      credentials: overrides?.credentials ?? environment.credentials,
      retry: false,
    }),
});

describe('SWAS source against the emulator', () => {
  let emulator: Emulator;
  let requests: string[] = [];
  const source = (options: Partial<SwasSourceOptions> = {}) =>
    createSwasSource({
      region: REGION,
      endpoint: emulator.url,
      credentials: emulator.credentials,
      hooks: { onRequest: (event) => requests.push(event.action) },
      ...options,
    });

  beforeAll(async () => {
    emulator = await startEmulator({ seed: 7, seedOptions: { perRegion: 90, swasInstances: 5 } });
  });
  afterAll(async () => {
    await emulator.close();
  });

  it('list() covers the whole region: every record once, each with the instances it ran on', async () => {
    requests = [];
    const listed = await collect(source({ pageSize: 7 }).list());
    const stored = emulator.store.list('swas', REGION);
    expect(listed.map((invocation) => invocation.invokeId).sort()).toEqual(stored.map((invocation) => invocation.invokeId).sort());
    for (const invocation of listed) {
      const record = stored.find((candidate) => candidate.invokeId === invocation.invokeId);
      expect(invocation.targets.map((target) => target.id).sort()).toEqual(record?.targets.map((target) => target.id).sort());
      expect(invocation.status).toBe(aggregateStatus(invocation.targets.map((target) => target.status)));
      expect(invocation.targets.every((target) => target.kind === 'instance')).toBe(true);
    }
    expect(requests).toContain('ListInstances');
    expect(requests.filter((action) => action === 'DescribeInvocationResult')).toHaveLength(0);
  });

  it('sequential and concurrent paging give the same records', async () => {
    const instanceId = emulator.instances.list(REGION)[0]?.InstanceId as string;
    const concurrent = await collect(source({ pageSize: 3 }).list({ targetId: instanceId }));
    const sequential = await collect(source({ pageSize: 3, paging: 'sequential' }).list({ targetId: instanceId }));
    expect(sequential.map((invocation) => invocation.invokeId)).toEqual(concurrent.map((invocation) => invocation.invokeId));
    expect(concurrent.length).toBeGreaterThan(3);
  });

  it('includeOutput merges DescribeInvocationResult into every target', async () => {
    const instanceId = emulator.instances.list(REGION)[0]?.InstanceId as string;
    requests = [];
    const listed = await collect(source().list({ targetId: instanceId, includeOutput: true }));
    expect(requests.filter((action) => action === 'DescribeInvocationResult')).toHaveLength(listed.length);
    const finished = listed.filter((invocation) => invocation.targets[0]?.status === 'Success');
    expect(finished.length).toBeGreaterThan(0);
    for (const invocation of finished) {
      expect(invocation.targets[0]?.exitCode).toBe(0);
      expect(invocation.targets[0]?.output).toBeTypeOf('string');
      expect(invocation.targets[0]?.finishedAt).toBeTypeOf('string');
      expect(invocation.username).toBeTypeOf('string');
    }
  });

  it('filters by InvokeStatus on the service', async () => {
    const instanceId = emulator.instances.list(REGION)[0]?.InstanceId as string;
    const failed = await collect(source().list({ targetId: instanceId, invokeStatus: 'Failed' }));
    for (const invocation of failed) expect(invocation.invokeStatus).toBe('Failed');
  });
});
