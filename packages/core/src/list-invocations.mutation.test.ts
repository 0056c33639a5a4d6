import { getEventListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import { AbortedError, InvalidQueryError, InvocationsError, listInvocations, type Invocation, type InvocationQuery, type ListInvocationsOptions, type ListOptions } from '@invocations/core';
import { invocation, MemorySource, target, type MemorySourceOptions } from '../test/memory-source.js';

// Counts the next() calls in flight across sources: what `concurrency` bounds in a newest-first merge.
class InFlightSource extends MemorySource {
  constructor(
    private readonly gauge: { now: number; max: number },
    options: MemorySourceOptions,
  ) {
    super(options);
  }

  override list(query?: InvocationQuery, options?: ListOptions): AsyncIterable<Invocation> {
    const inner = super.list(query, options)[Symbol.asyncIterator]();
    const gauge = this.gauge;
    return {
      [Symbol.asyncIterator]: () => ({
        async next() {
          gauge.now++;
          gauge.max = Math.max(gauge.max, gauge.now);
          try {
            return await inner.next();
          } finally {
            gauge.now--;
          }
        },
        return: () => inner.return?.() ?? Promise.resolve({ done: true as const, value: undefined }),
      }),
    };
  }
}

function dated(prefix: string, minutes: number[]): Invocation[] {
  return minutes.map((minute, index) => invocation(`${prefix}-${minute}-${index}`, [target(`i-${prefix}${index}`, 'Success')], { createdAt: new Date(Date.UTC(2025, 0, 1, 0, minute)).toISOString() }));
}

// Written from mutation testing (issue 19): what list-invocations.test.ts leaves open. A file of
// its own so that changes to the listing's order and to its main test file do not collide with it.

function invocations(prefix: string, count: number): Invocation[] {
  return Array.from({ length: count }, (_, index) => invocation(`${prefix}-${index}`, [target(`i-${prefix}${index}`, 'Success')]));
}

async function collect(stream: AsyncIterable<Invocation>): Promise<string[]> {
  const ids: string[] = [];
  for await (const item of stream) ids.push(item.invokeId);
  return ids;
}

describe('listInvocations: what the mutants showed', () => {
  it('carries the reason of an already-aborted signal as the cause', async () => {
    const reason = new Error('user cancelled');
    const source = new MemorySource({ invocations: invocations('a', 2) });
    const error = await collect(listInvocations([source], undefined, { signal: AbortSignal.abort(reason) })).catch((caught: unknown) => caught);
    expect(AbortedError.isInstance(error)).toBe(true);
    expect((error as AbortedError).message).toBe('listInvocations was aborted');
    expect((error as AbortedError).cause).toBe(reason);
    expect(source.listCalls).toStrictEqual([]);
  });

  it('carries the reason of a signal aborted while listing as the cause, and aborts the sources with it', async () => {
    const reason = new Error('stop now');
    const controller = new AbortController();
    const source = new MemorySource({ invocations: invocations('a', 50), delayMs: 2 });
    let count = 0;
    const error = await (async () => {
      for await (const _ of listInvocations([source], undefined, { signal: controller.signal })) {
        if (++count === 2) controller.abort(reason);
      }
    })().catch((caught: unknown) => caught);
    expect((error as AbortedError).cause).toBe(reason);
    expect(source.signals[0]?.reason).toBe(reason);
  });

  it('calls return() only on the sources still being read when the loop is left early', async () => {
    const finished = new MemorySource({ invocations: invocations('done', 1) });
    const busy = new MemorySource({ invocations: invocations('busy', 50), delayMs: 5 });
    const seen: string[] = [];
    for await (const item of listInvocations([finished, busy])) {
      seen.push(item.invokeId);
      if (seen.includes('done-0') && seen.length >= 3) break;
    }
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(finished.returnCalls).toBe(0);
    expect(busy.returnCalls).toBe(1);
  });

  it('calls return() on no source when every source finished', async () => {
    const sources = [new MemorySource({ invocations: invocations('a', 2) }), new MemorySource({ invocations: invocations('b', 3) })];
    expect((await collect(listInvocations(sources))).sort()).toStrictEqual(['a-0', 'a-1', 'b-0', 'b-1', 'b-2']);
    expect(sources.map((source) => source.returnCalls)).toStrictEqual([0, 0]);
  });

  it.each([
    ['signal', { signal: {} }, 'signal: must be an AbortSignal'],
    ['signal', { signal: { aborted: false } }, 'signal: must be an AbortSignal'],
    ['signal', { signal: null }, 'signal: must be an AbortSignal'],
    ['onSourceError', { onSourceError: 'log' }, 'onSourceError: must be a function'],
    ['concurrency', { concurrency: '2' }, 'concurrency'],
  ])('rejects a bad %s before any source is asked: %j', (_field, options, message) => {
    const source = new MemorySource({ invocations: invocations('a', 1) });
    const call = (): unknown => listInvocations([source], undefined, options as unknown as ListInvocationsOptions);
    expect(call).toThrow(InvalidQueryError);
    expect(call).toThrow(`listInvocations options: invalid query: ${message}`);
    expect(source.listCalls).toStrictEqual([]);
  });

  it('accepts a signal, a callback and concurrency 1', async () => {
    const options = { signal: new AbortController().signal, onSourceError: () => undefined, concurrency: 1 };
    expect(await collect(listInvocations([new MemorySource({ invocations: invocations('a', 1) })], undefined, options))).toStrictEqual(['a-0']);
  });

  it('refuses sources that are not an array, naming the rule', () => {
    expect(() => listInvocations(new MemorySource() as unknown as MemorySource[])).toThrow(InvocationsError);
    expect(() => listInvocations(new MemorySource() as unknown as MemorySource[])).toThrow('listInvocations: sources must be an array of InvocationSource');
  });

  it('names the query as the listing\'s when the query is bad', () => {
    expect(() => listInvocations([], { pageSize: 0 })).toThrow('listInvocations: invalid query: pageSize: must be at least 1');
  });

  it('names the order and listOrder rules, and takes arrival when asked for it', async () => {
    expect(() => listInvocations([], undefined, { order: 'oldest-first' as 'arrival' })).toThrow(`listInvocations options: invalid query: order: must be 'arrival' or 'newest-first'`);
    expect(() => listInvocations([], undefined, { listOrder: 'unordered' as unknown as ListInvocationsOptions['listOrder'] })).toThrow('listInvocations options: invalid query: listOrder: must be a function');
    const source = new MemorySource({ invocations: invocations('a', 2) });
    expect(await collect(listInvocations([source], undefined, { order: 'arrival' }))).toStrictEqual(['a-0', 'a-1']);
  });

  it('takes as a signal only an object with a boolean aborted and addEventListener', () => {
    const listen = (): void => undefined;
    for (const signal of [Object.assign(() => undefined, { aborted: false, addEventListener: listen }), { addEventListener: listen }, { aborted: 'false', addEventListener: listen }]) {
      expect(() => listInvocations([], undefined, { signal: signal as unknown as AbortSignal })).toThrow('listInvocations options: invalid query: signal: must be an AbortSignal');
    }
    expect(() => listInvocations([], undefined, { signal: { aborted: false, addEventListener: listen } as unknown as AbortSignal })).not.toThrow();
  });

  it('says a stream can be read once, in so many words', async () => {
    const stream = listInvocations([new MemorySource({ invocations: invocations('a', 1) })]);
    await collect(stream);
    expect(() => stream[Symbol.asyncIterator]()).toThrow(new InvocationsError('listInvocations: this stream can be iterated only once; call listInvocations again'));
  });

  it.each(['arrival', 'newest-first'] as const)('%s: says it was aborted, and leaves no listener on the signal, however it ends', async (order) => {
    const controller = new AbortController();
    const listeners = (): number => getEventListeners(controller.signal, 'abort').length;
    await collect(listInvocations([new MemorySource({ invocations: dated('a', [2, 1]) })], undefined, { order, signal: controller.signal }));
    expect(listeners()).toBe(0);
    const source = new MemorySource({ invocations: dated('b', [5, 4, 3]), hang: true });
    const seen: string[] = [];
    const error = await (async () => {
      for await (const item of listInvocations([source], undefined, { order, signal: controller.signal })) {
        seen.push(item.invokeId);
        if (seen.length === 1) setTimeout(() => controller.abort('bye'), 20);
      }
    })().catch((caught: unknown) => caught);
    expect((error as AbortedError).message).toBe('listInvocations was aborted');
    expect((error as AbortedError).cause).toBe('bye');
    expect(listeners()).toBe(0);
  });

  it('newest-first: asks at most `concurrency` sources for their next record at once', async () => {
    for (const concurrency of [1, 2, 3]) {
      const gauge = { now: 0, max: 0 };
      const sources = Array.from({ length: 6 }, (_, index) => new InFlightSource(gauge, { region: `r${index}`, invocations: dated(`s${index}`, [index + 10, index]), delayMs: 3 }));
      const ids = await collect(listInvocations(sources, undefined, { order: 'newest-first', concurrency }));
      expect(ids).toHaveLength(12);
      expect(gauge.max).toBe(concurrency);
      expect(gauge.now).toBe(0);
    }
  });

  it('newest-first: records no failure and calls no return() when every source was read to its end, ordered or not', async () => {
    const ecs = new MemorySource({ invocations: dated('e', [40, 20]) });
    const swas = new MemorySource({ product: 'swas', invocations: dated('s', [10, 50, 30]) });
    const failures: unknown[] = [];
    const stream = listInvocations([ecs, swas], undefined, { order: 'newest-first', onSourceError: (failure) => failures.push(failure) });
    expect(await collect(stream)).toStrictEqual(['s-50-1', 'e-40-0', 's-30-2', 'e-20-1', 's-10-0']);
    expect(stream.failures).toStrictEqual([]);
    expect(failures).toStrictEqual([]);
    expect([ecs.returnCalls, swas.returnCalls]).toStrictEqual([0, 0]);
  });

  it('newest-first: an abort is not recorded as a failure of the sources it stopped', async () => {
    const controller = new AbortController();
    const sources = [new MemorySource({ invocations: dated('a', [50, 40]), hang: true }), new MemorySource({ product: 'swas', invocations: dated('b', [45]), hang: true })];
    const stream = listInvocations(sources, undefined, { order: 'newest-first', signal: controller.signal });
    setTimeout(() => controller.abort(), 30);
    await expect(collect(stream)).rejects.toSatisfy((error: unknown) => AbortedError.isInstance(error));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(stream.failures).toStrictEqual([]);
  });
});
