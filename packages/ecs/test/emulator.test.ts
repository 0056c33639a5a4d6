import { AbortedError, ApiError, DecodeError, InvalidQueryError, aggregateStatus, waitForInvocation, type Invocation } from '@invocations/core';
import { describeSourceConformance, collect } from '@invocations/core/testing';
import { startEmulator, type Emulator } from '@invocations/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEcsSource, type EcsSourceOptions } from '../src/index.js';

const REGION = 'cn-hangzhou';

describeSourceConformance({
  name: 'ecs',
  product: 'ecs',
  async setup() {
    const emulator = await startEmulator({ seed: 1, seedOptions: { perRegion: 60 } });
    const invokeIds = emulator.store.list('ecs', REGION).map((invocation) => invocation.invokeId);
    return {
      endpoint: emulator.url,
      region: REGION,
      credentials: emulator.credentials,
      invokeIds,
      outputInvokeId: emulator.findFinishedWithOutput('ecs', REGION, invokeIds),
      setLatency: (ms) => emulator.setFaults({ latencyMs: ms }),
      close: () => emulator.close(),
    };
  },
  createSource: (environment, overrides) =>
    createEcsSource({
      region: environment.region,
      endpoint: overrides?.endpoint ?? environment.endpoint,
      credentials: overrides?.credentials ?? environment.credentials,
      retry: false,
    }),
});

const ids = (items: Invocation[]) => items.map((item) => item.invokeId);

describe('ECS source against the emulator', () => {
  let emulator: Emulator;
  let requests: { action: string; url: string }[] = [];
  const source = (options: Partial<EcsSourceOptions> = {}) =>
    createEcsSource({
      region: REGION,
      endpoint: emulator.url,
      credentials: emulator.credentials,
      hooks: { onRequest: (event) => requests.push({ action: event.action, url: event.url }) },
      ...options,
    });

  beforeAll(async () => {
    emulator = await startEmulator({ seed: 7, seedOptions: { perRegion: 230 } });
  });
  afterAll(async () => {
    await emulator.close();
  });

  it('concurrent, sequential and token paging give the same records in the same order', async () => {
    const expected = emulator.store.list('ecs', REGION).length;
    requests = [];
    const concurrent = await collect(source({ paging: 'concurrent', pageSize: 20 }).list());
    // Every page once, and page 1 once more after the pages read together (nothing slid meanwhile).
    expect(requests.length).toBe(Math.ceil(expected / 20) + 1);
    const sequential = await collect(source({ paging: 'sequential', pageSize: 20 }).list());
    const token = await collect(source({ paging: 'token', pageSize: 20 }).list());
    expect(concurrent).toHaveLength(expected);
    expect(new Set(ids(concurrent)).size).toBe(expected);
    expect(ids(sequential)).toEqual(ids(concurrent));
    expect(ids(token)).toEqual(ids(concurrent));
    // Newest first, as the service lists.
    const created = concurrent.map((item) => item.createdAt ?? '');
    expect([...created].sort().reverse()).toEqual(created);
  });

  it('XML and JSON give the same records', async () => {
    const json = await collect(source({ format: 'json' }).list({ pageSize: 50 }));
    const xml = await collect(source({ format: 'xml' }).list({ pageSize: 50 }));
    // Statuses move with the clock between the two listings; the records' identity and content do not.
    const stable = (items: Invocation[]) => items.map(({ invokeId, commandName, commandContent, parameters, createdAt }) => ({ invokeId, commandName, commandContent, parameters, createdAt }));
    expect(stable(xml)).toEqual(stable(json));
  });

  it('filters: every record returned matches the filter', async () => {
    const all = await collect(source().list());
    const finished = await collect(source().list({ invokeStatus: 'finished' }));
    expect(finished.length).toBeGreaterThan(0);
    for (const item of finished) expect(item.invokeStatus).toBe('Finished');
    const sample = all.find((item) => item.commandId !== undefined) as Invocation;
    const byCommand = await collect(source().list({ commandId: sample.commandId }));
    expect(ids(byCommand)).toContain(sample.invokeId);
    for (const item of byCommand) expect(item.commandId).toBe(sample.commandId);
    const target = sample.targets[0]?.id as string;
    const byTarget = await collect(source().list({ targetId: target, includeOutput: true }));
    expect(ids(byTarget)).toContain(sample.invokeId);
    for (const item of byTarget) expect(item.targets.map((entry) => entry.id)).toContain(target);
    const periodic = await collect(source().list({ repeatMode: 'period' }));
    for (const item of periodic) expect(item.repeatMode).toBe('Period');
  });

  it('sends only the filters asked for, in their wire spelling', async () => {
    requests = [];
    await collect(source().list({ invokeStatus: 'partialfailed', timed: false, tags: [{ key: 'env', value: 'prod' }] }));
    const url = new URL(requests[0]?.url as string);
    expect(url.searchParams.get('InvokeStatus')).toBe('PartialFailed');
    expect(url.searchParams.get('Timed')).toBe('false');
    expect(url.searchParams.get('Tag.1.Key')).toBe('env');
    expect(url.searchParams.get('Tag.1.Value')).toBe('prod');
    expect(url.searchParams.get('ContentEncoding')).toBe('Base64');
    requests = [];
    await collect(source().list());
    const plain = new URL(requests[0]?.url as string);
    expect(plain.searchParams.has('InvokeStatus')).toBe(false);
    expect(plain.searchParams.has('Timed')).toBe(false);
  });

  it('includeOutput fetches decoded outputs; without it there are none', async () => {
    const all = await collect(source().list());
    const done = all.find((item) => item.status === 'Success') as Invocation;
    const withOutput = await source().get(done.invokeId, { includeOutput: true });
    const view = emulator.inspect('ecs', REGION, done.invokeId);
    expect(withOutput.targets.map((target) => target.output)).toEqual(view?.targets.map((target) => target.output));
    const without = await source().get(done.invokeId);
    expect(without.targets.every((target) => target.output === undefined)).toBe(true);
    const plainText = await source({ contentEncoding: 'PlainText' }).get(done.invokeId, { includeOutput: true });
    expect(plainText.targets.map((target) => target.output)).toEqual(withOutput.targets.map((target) => target.output));
  });

  it('a listing with includeOutput but no ids or target is rejected before any request', async () => {
    requests = [];
    const error = await collect(source().list({ includeOutput: true })).catch((caught: unknown) => caught);
    expect(InvalidQueryError.isInstance(error)).toBe(true);
    expect((error as InvalidQueryError).issues).toEqual([{ path: 'includeOutput', message: expect.stringContaining('needs invokeIds or targetId') }]);
    expect(requests).toHaveLength(0);
  });

  it('bad source options are rejected up front', () => {
    expect(() => createEcsSource({ region: REGION, pageSize: 51 })).toThrow(/pageSize: must be at most 50/);
    expect(() => createEcsSource({ region: REGION, paging: 'random' as 'token' })).toThrow(/paging/);
    expect(() => createEcsSource({ region: REGION, contentEncoding: 'gzip' as 'Base64' })).toThrow(/contentEncoding/);
  });

  it('a status computed from targets agrees with what the emulator shows', async () => {
    const all = await collect(source().list());
    for (const item of all.slice(0, 40)) {
      expect(aggregateStatus(item.targets.map((target) => target.status))).toBe(item.status);
    }
  });

  it('retries through throttling and server errors, and gets complete pages', async () => {
    const clean = ids(await collect(source({ pageSize: 25 }).list()));
    emulator.setFaults({ throttleRate: 0.3, serverErrorRate: 0.2, truncateRate: 0.1 }, 'ecs');
    try {
      const retried = await collect(source({ pageSize: 25, retry: { maxAttempts: 12, baseDelayMs: 1, maxDelayMs: 5 } }).list());
      expect(ids(retried)).toEqual(clean);
    } finally {
      emulator.setFaults({}, 'ecs');
    }
  });

  it('without retries a fault surfaces as a typed error', async () => {
    emulator.setFaults({ throttleRate: 1 }, 'ecs');
    try {
      const error = await collect(source({ retry: false }).list()).catch((caught: unknown) => caught);
      expect(ApiError.isInstance(error)).toBe(true);
      expect((error as ApiError).code).toContain('Throttling');
    } finally {
      emulator.setFaults({}, 'ecs');
    }
    emulator.setFaults({ truncateRate: 1 }, 'ecs');
    try {
      const error = await collect(source({ retry: false }).list()).catch((caught: unknown) => caught);
      expect(DecodeError.isInstance(error)).toBe(true);
    } finally {
      emulator.setFaults({}, 'ecs');
    }
  });

  it('aborting mid-listing stops promptly with an AbortedError', async () => {
    emulator.setFaults({ latencyMs: 200 }, 'ecs');
    try {
      const controller = new AbortController();
      const seen: string[] = [];
      const started = Date.now();
      const error = await (async () => {
        for await (const item of source({ pageSize: 10, concurrency: 2 }).list({}, { signal: controller.signal })) {
          seen.push(item.invokeId);
          if (seen.length === 15) controller.abort(new Error('enough'));
        }
      })().catch((caught: unknown) => caught);
      expect(AbortedError.isInstance(error)).toBe(true);
      expect(seen).toHaveLength(15);
      expect(Date.now() - started).toBeLessThan(3_000);
    } finally {
      emulator.setFaults({}, 'ecs');
    }
  });

  it('invocations created during a concurrent listing shift no existing record out of it', async () => {
    const before = ids(await collect(source({ pageSize: 10 }).list()));
    const instance = emulator.store.list('ecs', REGION)[0]?.targets[0]?.id as string;
    emulator.setFaults({ latencyMs: 30 }, 'ecs');
    try {
      let created = 0;
      const seen: string[] = [];
      for await (const item of source({ pageSize: 10, concurrency: 4 }).list()) {
        seen.push(item.invokeId);
        // Several new invocations arrive while later pages are in flight (newest first: every page shifts).
        if (seen.length % 7 === 0 && created < 12) {
          for (let index = 0; index < 2; index += 1, created += 1) {
            emulator.createInvocation({ product: 'ecs', region: REGION, commandName: `during-${created}`, targetIds: [instance] });
          }
        }
      }
      expect(created).toBe(12);
      expect(new Set(seen).size).toBe(seen.length);
      for (const id of before) expect(seen).toContain(id);
    } finally {
      emulator.setFaults({}, 'ecs');
    }
  });

  it('get and list by ids; waitForInvocation follows an invocation to its end', async () => {
    const instance = emulator.store.list('ecs', REGION)[0]?.targets[0]?.id as string;
    const stored = emulator.createInvocation({ product: 'ecs', region: REGION, commandName: 'wait-me', commandContent: 'echo 你好', targetIds: [instance] });
    const listed = await collect(source().list({ invokeIds: [stored.invokeId, 't-missing-one'] }));
    expect(ids(listed)).toEqual([stored.invokeId]);
    emulator.advance(60_000);
    const result = await waitForInvocation(source(), stored.invokeId, { includeOutput: true, minDelayMs: 10, maxDelayMs: 20, timeoutMs: 5_000 });
    expect(result.state).toBe('success');
    expect(result.invocation?.commandName).toBe('wait-me');
    expect(result.invocation?.commandContent).toBe('echo 你好');
  });
});
