import * as z from 'zod';
import { AbortedError, InvocationsError } from './errors.js';
import type { Invocation } from './model.js';
import { invocationQuerySchema, type InvocationQuery } from './query.js';
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
  /** How many sources are read at the same time (default 4). */
  concurrency?: number;
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
  concurrency: z.number().int('must be an integer').min(1, 'must be at least 1').optional(),
  signal: z.custom<AbortSignal>(isAbortSignal, 'must be an AbortSignal').optional(),
  onSourceError: z.custom<ListInvocationsOptions['onSourceError']>((value) => typeof value === 'function', 'must be a function').optional(),
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

/**
 * Lists several sources (products x regions) at once into one stream. Invocations are yielded as
 * they arrive, at most `concurrency` sources are read at a time, and a source that fails is
 * recorded in `failures` (and passed to `onSourceError`) while the others go on. Aborting the
 * signal, or leaving the loop early, stops every source's iterator (its `return()` is called)
 * and cancels their requests. The query is checked once, before any source is asked.
 *
 * @example
 * const stream = listInvocations([ecsHangzhou, ecsShanghai, swas], { invokeStatus: 'Running' });
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
  const { concurrency = 4, signal, onSourceError } = parseInput(optionsSchema, options, 'listInvocations options');
  const failures: SourceFailure[] = [];
  let started = false;

  async function* run(): AsyncGenerator<Invocation, void, undefined> {
    const controller = new AbortController();
    const queue: Delivery[] = [];
    const live = new Set<AsyncIterator<Invocation>>();
    let next = 0;
    let active = 0;
    let stopped = false;
    let fatal: { error: unknown } | undefined;
    let wake: (() => void) | undefined;

    const notify = (): void => {
      const resolve = wake;
      wake = undefined;
      resolve?.();
    };

    const stop = (): void => {
      if (stopped) return;
      stopped = true;
      controller.abort(signal?.reason);
      for (const delivery of queue.splice(0)) delivery.taken();
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
      fatal ??= { error: new AbortedError('listInvocations was aborted', { cause: signal?.reason }) };
      stop();
      notify();
    };

    const fail = (source: InvocationSource, error: unknown): void => {
      const failure = { source, error };
      failures.push(failure);
      try {
        onSourceError?.(failure);
      } catch (callbackError) {
        fatal ??= { error: callbackError };
        stop();
      }
    };

    const work = async (source: InvocationSource): Promise<void> => {
      let iterator: AsyncIterator<Invocation> | undefined;
      try {
        iterator = source.list(parsedQuery, { signal: controller.signal })[Symbol.asyncIterator]();
        live.add(iterator);
        while (!stopped) {
          const result = await iterator.next();
          if (result.done || stopped) break;
          await new Promise<void>((taken) => {
            queue.push({ value: result.value, taken });
            notify();
          });
        }
      } catch (error) {
        if (!stopped) fail(source, error);
      } finally {
        if (iterator) live.delete(iterator);
      }
    };

    const launch = (): void => {
      while (!stopped && active < concurrency && next < sources.length) {
        const source = sources[next++] as InvocationSource;
        active++;
        void work(source).finally(() => {
          active--;
          launch();
          notify();
        });
      }
    };

    if (signal?.aborted) throw new AbortedError('listInvocations was aborted', { cause: signal.reason });
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      launch();
      for (;;) {
        if (fatal) throw fatal.error;
        const delivery = queue.shift();
        if (delivery) {
          delivery.taken();
          yield delivery.value;
          continue;
        }
        if (active === 0 && next >= sources.length) return;
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
      }
    } finally {
      signal?.removeEventListener('abort', onAbort);
      stop();
    }
  }

  return {
    failures,
    [Symbol.asyncIterator]() {
      if (started) throw new InvocationsError('listInvocations: this stream can be iterated only once; call listInvocations again');
      started = true;
      return run();
    },
  };
}
