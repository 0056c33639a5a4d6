import { describe, expect, it } from 'vitest';
import {
  AbortedError,
  ApiError,
  InvalidQueryError,
  InvocationsError,
  listInvocations,
  type Invocation,
  type InvocationQuery,
  type ListOptions,
  type SourceFailure,
} from '@invocations/core';
import { invocation, MemorySource, target, type MemorySourceOptions } from '../test/memory-source.js';

function invocations(prefix: string, count: number): Invocation[] {
  return Array.from({ length: count }, (_, index) => invocation(`${prefix}-${index}`, [target(`i-${prefix}${index}`, 'Success')]));
}

async function collect(stream: AsyncIterable<Invocation>): Promise<string[]> {
  const ids: string[] = [];
  for await (const item of stream) ids.push(item.invokeId);
  return ids;
}

// Counts how many listings are open at once across all sources sharing one gauge.
class GaugedSource extends MemorySource {
  constructor(
    private readonly gauge: { open: number; max: number },
    options: MemorySourceOptions,
  ) {
    super(options);
  }

  override list(query?: InvocationQuery, options?: ListOptions): AsyncIterable<Invocation> {
    const inner = super.list(query, options)[Symbol.asyncIterator]();
    const gauge = this.gauge;
    gauge.open++;
    gauge.max = Math.max(gauge.max, gauge.open);
    let open = true;
    const close = (): void => {
      if (open) gauge.open--;
      open = false;
    };
    return {
      [Symbol.asyncIterator]: () => ({
        async next() {
          try {
            const result = await inner.next();
            if (result.done) close();
            return result;
          } catch (error) {
            close();
            throw error;
          }
        },
        async return() {
          close();
          return inner.return ? inner.return() : { done: true, value: undefined };
        },
      }),
    };
  }
}

const rejectApi = new ApiError({ code: 'Throttling.User', message: 'Request was denied due to user flow control.', httpStatus: 400 });

describe('listInvocations', () => {
  it('yields every invocation of every source once', async () => {
    const sources = [
      new MemorySource({ invocations: invocations('a', 3) }),
      new MemorySource({ product: 'swas', invocations: invocations('b', 2) }),
      new MemorySource({ product: 'eflo', region: 'cn-shanghai', invocations: invocations('c', 4) }),
    ];
    const stream = listInvocations(sources);
    const ids = await collect(stream);
    expect(ids.sort()).toEqual(['a-0', 'a-1', 'a-2', 'b-0', 'b-1', 'c-0', 'c-1', 'c-2', 'c-3']);
    expect(stream.failures).toEqual([]);
  });

  it('passes the query to every source', async () => {
    const sources = [new MemorySource({ invocations: invocations('a', 3) }), new MemorySource({ invocations: invocations('b', 3) })];
    const ids = await collect(listInvocations(sources, { invokeIds: ['a-1', 'b-2'] }));
    expect(ids.sort()).toEqual(['a-1', 'b-2']);
    for (const source of sources) expect(source.listCalls).toEqual([{ invokeIds: ['a-1', 'b-2'] }]);
  });

  it('yields nothing for no sources', async () => {
    const stream = listInvocations([]);
    expect(await collect(stream)).toEqual([]);
    expect(stream.failures).toEqual([]);
  });

  it('reads at most `concurrency` sources at a time, and all of them in the end', async () => {
    const gauge = { open: 0, max: 0 };
    const sources = Array.from({ length: 7 }, (_, index) => new GaugedSource(gauge, { invocations: invocations(`s${index}`, 3), delayMs: 2 }));
    const ids = await collect(listInvocations(sources, undefined, { concurrency: 3 }));
    expect(ids).toHaveLength(21);
    expect(gauge.max).toBe(3);
    expect(gauge.open).toBe(0);
  });

  it('defaults to 4 sources at a time', async () => {
    const gauge = { open: 0, max: 0 };
    const sources = Array.from({ length: 9 }, (_, index) => new GaugedSource(gauge, { invocations: invocations(`s${index}`, 2), delayMs: 2 }));
    await collect(listInvocations(sources));
    expect(gauge.max).toBe(4);
  });

  it('yields invocations as they arrive, not source by source', async () => {
    // 2 s against three 1 ms pages: a loaded CI machine once delayed the fast source's timers past 150 ms.
    const slow = new MemorySource({ invocations: invocations('slow', 1), delayMs: 2000 });
    const fast = new MemorySource({ invocations: invocations('fast', 3), delayMs: 1 });
    const ids = await collect(listInvocations([slow, fast]));
    expect(ids).toEqual(['fast-0', 'fast-1', 'fast-2', 'slow-0']);
  });

  it('records a failing source and keeps every other result, including what the failing one yielded first', async () => {
    const reported: SourceFailure[] = [];
    const broken = new MemorySource({ product: 'swas', invocations: invocations('broken', 5), failAfter: 2, error: rejectApi });
    const sources = [new MemorySource({ invocations: invocations('a', 3) }), broken, new MemorySource({ invocations: invocations('c', 2) })];
    const stream = listInvocations(sources, undefined, { onSourceError: (failure) => reported.push(failure) });
    const ids = await collect(stream);
    expect(ids.sort()).toEqual(['a-0', 'a-1', 'a-2', 'broken-0', 'broken-1', 'c-0', 'c-1']);
    expect(stream.failures).toEqual([{ source: broken, error: rejectApi }]);
    expect(reported).toEqual(stream.failures);
  });

  it('records a source whose list() throws at once (a query its product cannot serve)', async () => {
    const refusing = new MemorySource({ product: 'eflo' });
    const refusal = new InvalidQueryError([{ path: 'invokeIds', message: 'eflo can only list by invocation id' }]);
    refusing.list = () => {
      throw refusal;
    };
    const stream = listInvocations([refusing, new MemorySource({ invocations: invocations('a', 2) })]);
    expect((await collect(stream)).sort()).toEqual(['a-0', 'a-1']);
    expect(stream.failures).toEqual([{ source: refusing, error: refusal }]);
  });

  it('records every source when all fail, and ends normally', async () => {
    const sources = [new MemorySource({ failAfter: 0 }), new MemorySource({ failAfter: 0 })];
    const stream = listInvocations(sources);
    expect(await collect(stream)).toEqual([]);
    expect(stream.failures.map((failure) => failure.source)).toEqual(sources);
  });

  it('stops promptly on abort with an AbortedError, aborts the sources and calls return() on them', async () => {
    const controller = new AbortController();
    const stuck = new MemorySource({ invocations: invocations('stuck', 1), hang: true });
    const deaf = new MemorySource({ invocations: invocations('deaf', 1), hang: true, honourSignal: false });
    const stream = listInvocations([stuck, deaf], undefined, { signal: controller.signal });
    const seen: string[] = [];
    const started = Date.now();
    const outcome = (async () => {
      for await (const item of stream) {
        seen.push(item.invokeId);
        if (seen.length === 2) setTimeout(() => controller.abort(new Error('user pressed Ctrl-C')), 10);
      }
    })();
    const error = await outcome.then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(AbortedError.isInstance(error)).toBe(true);
    expect((error as AbortedError).cause).toEqual(new Error('user pressed Ctrl-C'));
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(seen.sort()).toEqual(['deaf-0', 'stuck-0']);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(stuck.returnCalls).toBe(1);
    expect(deaf.returnCalls).toBe(1);
    for (const source of [stuck, deaf]) expect(source.signals.every((signal) => signal.aborted)).toBe(true);
    expect(stream.failures).toEqual([]);
  });

  it('throws an AbortedError before listing anything when the signal is already aborted', async () => {
    const source = new MemorySource({ invocations: invocations('a', 2) });
    const stream = listInvocations([source], undefined, { signal: AbortSignal.abort() });
    await expect(collect(stream)).rejects.toSatisfy((error: unknown) => AbortedError.isInstance(error));
    expect(source.listCalls).toEqual([]);
  });

  it('stops the sources when the loop is left early', async () => {
    const first = new MemorySource({ invocations: invocations('a', 50), delayMs: 1 });
    const second = new MemorySource({ invocations: invocations('b', 50), delayMs: 1 });
    const waiting = new MemorySource({ invocations: invocations('c', 50), delayMs: 1 });
    let count = 0;
    for await (const _ of listInvocations([first, second, waiting], undefined, { concurrency: 2 })) {
      if (++count === 3) break;
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(first.returnCalls + second.returnCalls).toBe(2);
    expect(first.signals[0]?.aborted).toBe(true);
    expect(second.signals[0]?.aborted).toBe(true);
    expect(waiting.listCalls).toEqual([]);
    // each source had at most one item in hand beyond what was taken
    expect(first.listed + second.listed).toBeLessThanOrEqual(5);
  });

  it('rejects a bad query before any source is asked, naming the field', () => {
    const source = new MemorySource();
    expect(() => listInvocations([source], { pageSize: 500 })).toThrow(/pageSize: must be at most 50/);
    expect(() => listInvocations([source], { pageSize: 500 })).toThrow(InvalidQueryError);
    expect(source.listCalls).toEqual([]);
  });

  it('rejects bad options, naming the field', () => {
    expect(() => listInvocations([], undefined, { concurrency: 0 })).toThrow(/concurrency: must be at least 1/);
    expect(() => listInvocations([], undefined, { concurrency: 1.5 })).toThrow(/concurrency: must be an integer/);
    expect(() => listInvocations([], undefined, { signal: 'stop' as unknown as AbortSignal })).toThrow(/signal: must be an AbortSignal/);
  });

  it('can be iterated only once', async () => {
    const stream = listInvocations([new MemorySource({ invocations: invocations('a', 1) })]);
    await collect(stream);
    expect(() => stream[Symbol.asyncIterator]()).toThrow(InvocationsError);
  });

  it('ends the stream with the error when onSourceError itself throws', async () => {
    const oops = new Error('handler bug');
    const sources = [new MemorySource({ failAfter: 0 }), new MemorySource({ invocations: invocations('a', 100), delayMs: 1 })];
    const stream = listInvocations(sources, undefined, {
      onSourceError: () => {
        throw oops;
      },
    });
    await expect(collect(stream)).rejects.toBe(oops);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(sources[1]?.returnCalls).toBe(1);
  });
});

// Invocations created at the given minutes past a fixed hour, listed in the order given.
function timed(prefix: string, minutes: (number | undefined)[], product: 'ecs' | 'swas' | 'eflo' = 'ecs'): Invocation[] {
  return minutes.map((minute, index) =>
    invocation(`${prefix}-${minute ?? 'none'}-${index}`, [target(`i-${prefix}${index}`, 'Success')], {
      product,
      ...(minute === undefined ? {} : { createdAt: new Date(Date.UTC(2025, 0, 1, 0, minute)).toISOString() }),
    }),
  );
}

function minutesOf(ids: string[]): string[] {
  return ids.map((id) => id.split('-').slice(0, 2).join('-'));
}

describe("listInvocations with order: 'newest-first'", () => {
  it('merges the sources newest first, equal times in source order', async () => {
    const sources = [
      new MemorySource({ invocations: timed('a', [50, 40, 30, 10]) }),
      new MemorySource({ region: 'cn-shanghai', invocations: timed('b', [55, 40, 20]) }),
      new MemorySource({ region: 'cn-beijing', invocations: timed('c', [45, 5]), delayMs: 5 }),
    ];
    const ids = await collect(listInvocations(sources, undefined, { order: 'newest-first' }));
    expect(minutesOf(ids)).toEqual(['b-55', 'a-50', 'c-45', 'a-40', 'b-40', 'a-30', 'b-20', 'a-10', 'c-5']);
  });

  it('gives the N newest across all sources when the loop stops after N, and reads only a little of each', async () => {
    const many = (prefix: string, offset: number) =>
      Array.from({ length: 2_000 }, (_, index) => invocation(`${prefix}-${index}`, [], { createdAt: new Date(Date.UTC(2025, 0, 1) - (index * 2 + offset) * 1000).toISOString() }));
    const sources = [new MemorySource({ invocations: many('a', 0) }), new MemorySource({ region: 'cn-shanghai', invocations: many('b', 1) })];
    const ids: string[] = [];
    for await (const item of listInvocations(sources, undefined, { order: 'newest-first' })) {
      ids.push(item.invokeId);
      if (ids.length === 5) break;
    }
    expect(ids).toEqual(['a-0', 'b-0', 'a-1', 'b-1', 'a-2']);
    // One record of look-ahead per source: nothing like the 4,000 the sources hold.
    for (const source of sources) expect(source.listed).toBeLessThanOrEqual(4);
    for (const source of sources) expect(source.returnCalls).toBe(1);
  });

  it('puts records without a (readable) creation time last, in source order', async () => {
    const garbled = invocation('a-garbled-9', [], { createdAt: 'not a time' });
    const sources = [
      new MemorySource({ invocations: [...timed('a', [30, undefined, 10]), garbled] }),
      new MemorySource({ region: 'cn-shanghai', invocations: timed('b', [undefined, 20]) }),
    ];
    const ids = await collect(listInvocations(sources, undefined, { order: 'newest-first' }));
    expect(minutesOf(ids)).toEqual(['a-30', 'b-20', 'a-10', 'a-none', 'a-garbled', 'b-none']);
  });

  it('reads an unordered source (SWAS, eflo, a listing by ids) whole and sorts it before merging', async () => {
    const swas = new MemorySource({ product: 'swas', invocations: timed('s', [10, 50, 30], 'swas') });
    const ecs = new MemorySource({ invocations: timed('e', [40, 20]) });
    expect(minutesOf(await collect(listInvocations([swas, ecs], undefined, { order: 'newest-first' })))).toEqual(['s-50', 'e-40', 's-30', 'e-20', 's-10']);

    const byIds = new MemorySource({ invocations: timed('e', [10, 50, 30]) });
    const ids = ['e-10-0', 'e-50-1', 'e-30-2'];
    expect(minutesOf(await collect(listInvocations([byIds], { invokeIds: ids }, { order: 'newest-first' })))).toEqual(['e-50', 'e-30', 'e-10']);
  });

  it('takes the listing order of each source from listOrder', async () => {
    const source = new MemorySource({ invocations: timed('a', [10, 50, 30]) });
    const trusted = await collect(listInvocations([source], undefined, { order: 'newest-first', listOrder: () => 'newest-first' }));
    expect(minutesOf(trusted)).toEqual(['a-10', 'a-50', 'a-30']); // trusted as sent: not reordered
    const sorted = await collect(listInvocations([source], undefined, { order: 'newest-first', listOrder: () => 'unordered' }));
    expect(minutesOf(sorted)).toEqual(['a-50', 'a-30', 'a-10']);
  });

  it('keeps merging the others when a source fails, and keeps what it yielded first', async () => {
    const broken = new MemorySource({ region: 'cn-shanghai', invocations: timed('b', [55, 45, 35]), failAfter: 2, error: rejectApi });
    const stream = listInvocations([new MemorySource({ invocations: timed('a', [50, 40, 30]) }), broken], undefined, { order: 'newest-first' });
    expect(minutesOf(await collect(stream))).toEqual(['b-55', 'a-50', 'b-45', 'a-40', 'a-30']);
    expect(stream.failures.map((failure) => failure.source)).toEqual([broken]);
  });

  it('merges more sources than concurrency allows in flight', async () => {
    const gauge = { open: 0, max: 0 };
    const sources = Array.from({ length: 6 }, (_, index) => new GaugedSource(gauge, { region: `r${index}`, invocations: timed(`s${index}`, [index + 1]), delayMs: 5 }));
    const ids = await collect(listInvocations(sources, undefined, { order: 'newest-first', concurrency: 2 }));
    expect(minutesOf(ids)).toEqual(['s5-6', 's4-5', 's3-4', 's2-3', 's1-2', 's0-1']);
  });

  it('stops every source on abort with an AbortedError', async () => {
    const controller = new AbortController();
    const sources = [new MemorySource({ invocations: timed('a', [50, 40]), hang: true }), new MemorySource({ invocations: timed('b', [45]) })];
    const seen: string[] = [];
    // The abort comes once all three have arrived and the listing waits on the hung source (a timer
    // from the start could fire first on a loaded machine).
    const run = (async () => {
      for await (const item of listInvocations(sources, undefined, { order: 'newest-first', signal: controller.signal })) {
        seen.push(item.invokeId);
        if (seen.length === 3) setTimeout(() => controller.abort(), 20);
      }
    })();
    await expect(run).rejects.toSatisfy((error: unknown) => AbortedError.isInstance(error));
    expect(minutesOf(seen)).toEqual(['a-50', 'b-45', 'a-40']);
    expect(sources[0]!.signals[0]!.aborted).toBe(true);
  });

  it('rejects an unknown order, naming the option', () => {
    expect(() => listInvocations([], undefined, { order: 'oldest-first' as 'arrival' })).toThrow(/order/);
  });
});
