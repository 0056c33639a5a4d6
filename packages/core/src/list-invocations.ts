import * as z from 'zod/mini';
import { AbortedError, InvocationsError } from './errors.js';
import type { Invocation } from './model.js';
import { invocationQuerySchema, type InvocationQuery } from './query.js';
import { createdTimeOf, defaultListOrder, type ListOrder } from './list-order.js';
import type { InvocationSource } from './source.js';
import { parseInput } from './validate.js';

/** One source that failed while {@link listInvocations} was reading it. */
export interface SourceFailure {
  /** The source that failed. */
  source: InvocationSource;
  /** What it threw (an `ApiError`, an `InvalidQueryError` for a query the product cannot serve, ...). */
  error: unknown;
}

/** Options of {@link listInvocations}. */
export interface ListInvocationsOptions {
  /**
   * How many sources are read at the same time (default 4). With `order: 'newest-first'` every
   * source is open at once (the merge needs each one's newest record), and this bounds how many
   * are asked for their next record at the same time.
   */
  concurrency?: number;
  /**
   * `arrival` (default): each invocation as soon as any source yields it. `newest-first`: one
   * stream newest first by creation time, merged from the sources' own newest-first listings (a
   * k-way merge that holds one record per source), so the first N are the N newest across all
   * sources. Records without a readable creation time come last, in source order. A source whose
   * listing is not newest first (see `listOrder`) is read whole and sorted before it is merged.
   */
  order?: 'arrival' | 'newest-first';
  /**
   * With `order: 'newest-first'`: the order each source lists in (default {@link defaultListOrder}:
   * ECS newest first, SWAS and eflo unordered, anything listed by `invokeIds` unordered). A source
   * said to be newest first that yields a newer record after an older one is not reordered: that
   * record is passed on as soon as it is read.
   */
  listOrder?: (source: InvocationSource, query: InvocationQuery | undefined) => ListOrder;
  /** Stops every source at once; the stream then throws an `AbortedError`. */
  signal?: AbortSignal;
  /** Called once for each source that fails; the other sources go on. */
  onSourceError?: (failure: SourceFailure) => void;
}

/** The stream {@link listInvocations} returns: the invocations, and the sources that failed. */
export interface InvocationStream extends AsyncIterable<Invocation> {
  /** Each source that failed, in the order they failed; complete once the loop has ended. */
  readonly failures: readonly SourceFailure[];
}

const optionsSchema = z.object({
  concurrency: z.optional(z.number().check(z.int('must be an integer')).check(z.gte(1, 'must be at least 1'))),
  signal: z.optional(z.custom<AbortSignal>(isAbortSignal, 'must be an AbortSignal')),
  onSourceError: z.optional(z.custom<ListInvocationsOptions['onSourceError']>((value) => typeof value === 'function', 'must be a function')),
  order: z.optional(z.enum(['arrival', 'newest-first'], "must be 'arrival' or 'newest-first'")),
  listOrder: z.optional(z.custom<ListInvocationsOptions['listOrder']>((value) => typeof value === 'function', 'must be a function')),
});

// Duck-typed so a signal from another realm or polyfill is accepted.
function isAbortSignal(value: unknown): value is AbortSignal {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as AbortSignal).aborted === 'boolean' &&
    typeof (value as AbortSignal).addEventListener === 'function'
  );
}

interface Delivery {
  value: Invocation;
  taken: () => void;
}

/** One source in the newest-first merge: its newest record not yet passed on, and whether it has ended. */
interface Lane {
  index: number;
  source: InvocationSource;
  head?: { value: Invocation; at: number; taken: () => void };
  done: boolean;
}

/** A record without a creation time, held back to the end of a newest-first stream. */
interface Timeless {
  lane: number;
  value: Invocation;
}

/**
 * Lists several sources (products x regions) at once into one stream. By default invocations are
 * yielded as they arrive, at most `concurrency` sources are read at a time; with
 * `order: 'newest-first'` the stream is merged newest first across the sources (see
 * {@link ListInvocationsOptions.order}). A source that fails is recorded in `failures` (and
 * passed to `onSourceError`) while the others go on. Aborting the signal, or leaving the loop
 * early, stops every source's iterator (its `return()` is called) and cancels their requests. The
 * query is checked once, before any source is asked.
 *
 * @example
 * const stream = listInvocations([ecsHangzhou, ecsShanghai, swas], { invokeStatus: 'Running' }, { order: 'newest-first' });
 * for await (const invocation of stream) console.log(invocation.product, invocation.invokeId, invocation.status);
 * for (const { source, error } of stream.failures) console.warn(source.product, source.region, error);
 */
export function listInvocations(
  sources: readonly InvocationSource[],
  query?: InvocationQuery,
  options: ListInvocationsOptions = {},
): InvocationStream {
  if (!Array.isArray(sources)) throw new InvocationsError('listInvocations: sources must be an array of InvocationSource');
  const parsedQuery = query === undefined ? undefined : parseInput(invocationQuerySchema, query, 'listInvocations');
  // Stryker disable next-line StringLiteral: equivalent, any order other than 'newest-first' is read as arrival
  const { concurrency = 4, signal, onSourceError, order = 'arrival', listOrder = defaultListOrder } = parseInput(
    optionsSchema,
    options,
    'listInvocations options',
  );
  const failures: SourceFailure[] = [];
  let started = false;

  /** What both orders share: the abort wiring, the live iterators, failures and the wake-up of the consumer. */
  function createRun() {
    const controller = new AbortController();
    const live = new Set<AsyncIterator<Invocation>>();
    const waiting = new Set<() => void>();
    // Stryker disable next-line ObjectLiteral: equivalent, absent fields read as not stopped and no fatal error
    const state = { stopped: false, fatal: undefined as { error: unknown } | undefined };
    let wake: (() => void) | undefined;

    const notify = (): void => {
      const resolve = wake;
      wake = undefined;
      resolve?.();
    };
    const sleep = (): Promise<void> =>
      new Promise<void>((resolve) => {
        wake = resolve;
      });

    const stop = (): void => {
      // Stryker disable next-line ConditionalExpression: equivalent, a second stop finds the controller aborted and nothing waiting or live
      if (state.stopped) return;
      state.stopped = true;
      controller.abort(signal?.reason);
      for (const release of waiting) release();
      waiting.clear();
      // return() on an iterator busy in next() is queued by async generators, so do not await it:
      // the abort above is what ends the request in flight.
      for (const iterator of live) {
        Promise.resolve()
          .then(() => iterator.return?.())
          .catch(() => undefined);
      }
      live.clear();
    };

    const onAbort = (): void => {
      state.fatal ??= { error: new AbortedError('listInvocations was aborted', { cause: (signal as AbortSignal).reason }) }; // only ever added to a signal
      stop();
      notify();
    };

    const fail = (source: InvocationSource, error: unknown): void => {
      const failure = { source, error };
      failures.push(failure);
      try {
        onSourceError?.(failure);
      } catch (callbackError) {
        state.fatal ??= { error: callbackError };
        stop();
      }
    };

    const open = (source: InvocationSource): AsyncIterator<Invocation> => {
      const iterator = source.list(parsedQuery, { signal: controller.signal })[Symbol.asyncIterator]();
      live.add(iterator);
      return iterator;
    };

    /** Waits until the consumer has taken a record (or everything stopped). */
    const handOver = (register: (taken: () => void) => void): Promise<void> =>
      new Promise<void>((resolve) => {
        // Stryker disable next-line ConditionalExpression: without it a late worker would wait forever for a consumer that has left; nothing it holds is read again
        if (state.stopped) return resolve();
        const taken = (): void => {
          waiting.delete(taken);
          resolve();
        };
        waiting.add(taken);
        register(taken);
        notify();
      });

    const begin = (): void => {
      if (signal?.aborted) throw new AbortedError('listInvocations was aborted', { cause: signal.reason });
      // Stryker disable next-line ObjectLiteral,BooleanLiteral: equivalent, end() removes the listener however the stream ends
      signal?.addEventListener('abort', onAbort, { once: true });
    };
    const end = (): void => {
      signal?.removeEventListener('abort', onAbort);
      stop();
    };

    const throwIfFatal = (): void => {
      if (state.fatal) throw state.fatal.error;
    };

    return { state, live, notify, sleep, fail, open, handOver, begin, end, throwIfFatal };
  }

  async function* arrival(): AsyncGenerator<Invocation, void, undefined> {
    const run = createRun();
    const queue: Delivery[] = [];
    let next = 0;
    let active = 0;

    const work = async (source: InvocationSource): Promise<void> => {
      let iterator: AsyncIterator<Invocation> | undefined;
      try {
        iterator = run.open(source);
        while (!run.state.stopped) {
          const result = await iterator.next();
          if (result.done || run.state.stopped) break;
          const value = result.value;
          await run.handOver((taken) => queue.push({ value, taken }));
        }
      } catch (error) {
        if (!run.state.stopped) run.fail(source, error);
      } finally {
        run.live.delete(iterator as AsyncIterator<Invocation>); // undefined when open() threw: nothing to delete
      }
    };

    const launch = (): void => {
      while (!run.state.stopped && active < concurrency && next < sources.length) {
        const source = sources[next++] as InvocationSource;
        active++;
        void work(source).finally(() => {
          active--;
          launch();
          run.notify();
        });
      }
    };

    run.begin();
    try {
      launch();
      for (;;) {
        run.throwIfFatal();
        const delivery = queue.shift();
        if (delivery) {
          delivery.taken();
          yield delivery.value;
          continue;
        }
        // Stryker disable next-line ConditionalExpression: equivalent, a finished worker launches the next source before it wakes the loop, so no source is left when none is active
        if (active === 0 && next >= sources.length) return;
        await run.sleep();
      }
    } finally {
      run.end();
    }
  }

  async function* newestFirst(): AsyncGenerator<Invocation, void, undefined> {
    const run = createRun();
    const lanes: Lane[] = sources.map((source, index) => ({ index, source, done: false }));
    const timeless: Timeless[] = [];
    // At most `concurrency` sources are inside next() at once; the others wait their turn here.
    let pulling = 0;
    const turns: (() => void)[] = [];
    const pull = async (iterator: AsyncIterator<Invocation>): Promise<IteratorResult<Invocation>> => {
      if (pulling >= concurrency) await new Promise<void>((resolve) => turns.push(resolve));
      else pulling++;
      try {
        return await iterator.next();
      } finally {
        const nextTurn = turns.shift();
        if (nextTurn) nextTurn();
        else pulling--;
      }
    };

    const offer = async (lane: Lane, value: Invocation): Promise<void> => {
      const at = createdTimeOf(value);
      if (at === undefined) {
        timeless.push({ lane: lane.index, value });
        return;
      }
      await run.handOver((taken) => {
        lane.head = { value, at, taken };
      });
    };

    const work = async (lane: Lane): Promise<void> => {
      let iterator: AsyncIterator<Invocation> | undefined;
      try {
        iterator = run.open(lane.source);
        const ordered = listOrder(lane.source, parsedQuery) === 'newest-first';
        const held: Invocation[] = [];
        while (!run.state.stopped) {
          const result = await pull(iterator);
          if (result.done || run.state.stopped) break;
          if (ordered) await offer(lane, result.value);
          else held.push(result.value);
        }
        // An unordered source's records, sorted (none are held for an ordered source). Stable: records
        // created at the same moment keep the source's order.
        const times = new Map(held.map((value) => [value, createdTimeOf(value) ?? Number.NEGATIVE_INFINITY]));
        held.sort((a, b) => (times.get(b) as number) - (times.get(a) as number));
        for (let index = 0; index < held.length && !run.state.stopped; index++) {
          const value = held[index] as Invocation;
          held[index] = undefined as unknown as Invocation; // let what was passed on be collected
          await offer(lane, value);
        }
      } catch (error) {
        if (!run.state.stopped) run.fail(lane.source, error);
      } finally {
        run.live.delete(iterator as AsyncIterator<Invocation>); // undefined when open() threw: nothing to delete
        lane.head = undefined;
        lane.done = true;
        run.notify();
      }
    };

    run.begin();
    try {
      for (const lane of lanes) void work(lane);
      for (;;) {
        run.throwIfFatal();
        let best: Lane | undefined;
        let incomplete = false;
        for (const lane of lanes) {
          if (lane.head === undefined) {
            if (!lane.done) {
              incomplete = true;
              break;
            }
            continue;
          }
          // Strictly newer wins, so equal times keep the sources' order.
          if (best === undefined || lane.head.at > (best.head as { at: number }).at) best = lane;
        }
        if (incomplete) {
          await run.sleep();
          continue;
        }
        if (best) {
          const head = best.head as NonNullable<Lane['head']>;
          best.head = undefined;
          head.taken();
          yield head.value;
          continue;
        }
        // Every source has ended: the records without a creation time, in source order.
        timeless.sort((a, b) => a.lane - b.lane);
        for (const item of timeless.splice(0)) {
          run.throwIfFatal();
          yield item.value;
        }
        run.throwIfFatal();
        return;
      }
    } finally {
      run.end();
    }
  }

  return {
    failures,
    [Symbol.asyncIterator]() {
      if (started) throw new InvocationsError('listInvocations: this stream can be iterated only once; call listInvocations again');
      started = true;
      return order === 'newest-first' ? newestFirst() : arrival();
    },
  };
}
