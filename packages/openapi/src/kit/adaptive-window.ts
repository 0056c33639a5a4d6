import type { ConcurrencyBound } from './concurrency.js';

/**
 * Requests in flight that a source allows now: as many as the caller configured while the service
 * keeps up, fewer while it throttles (additive increase, multiplicative decrease, as TCP does with a
 * congestion window). A limiter or a page walk reads `size` before each start.
 */
export interface AdaptiveWindow extends ConcurrencyBound {
  /** Sends one request and learns from its outcome: an answer can grow the window, a throttled failure halves it. */
  track<T>(request: () => Promise<T>): Promise<T>;
  /** A throttled attempt that will be retried (the transport's `onRetry`): halves the window like a throttled failure. */
  throttled(): void;
}

/** Options of {@link createAdaptiveWindow}. */
export interface AdaptiveWindowOptions {
  /** The most requests at once, and where the window starts (the caller's `concurrency`). */
  max: number;
  /** Whether a request's error says the service throttled it. */
  isThrottled(error: unknown): boolean;
  /** The clock round trips are timed with, in milliseconds (tests pass their own). */
  now?: () => number;
}

/**
 * The round trips of one window's worth of answers say how many requests wait in a queue (at the
 * service, or in this process) rather than on the network: `size * (1 - fastest / quickest)`, as TCP
 * Vegas estimates it, with the quickest answer of the round as Linux's Vegas takes the least round trip
 * of each round. Not their mean: a page walk sends a round's pages at once, and a service (or this
 * process) that serves them one after the other spreads their answers over the round with no request
 * left waiting from one round to the next; the mean took that spread for a queue and shrank the window
 * by a quarter against a distant service, costing a quarter more round trips. Past QUEUED_MOST the
 * window gives one back; under QUEUED_LEAST it may grow.
 */
const QUEUED_LEAST = 2;
const QUEUED_MOST = 4;
/** Round trips closer than this to the fastest one (ms) are timer noise, not a queue. */
const QUEUE_NOISE_MS = 1;
/** The queue estimate alone does not take the window below this (a throttle still can). */
const DELAY_FLOOR = 4;

/**
 * An AIMD window from `max` down to 1.
 * - A throttle halves it (not below 1). One burst halves it once: throttles that arrive after a
 *   halving answer requests sent before it, so they are taken as the same burst until a request sent
 *   after the halving succeeds, or until more of them arrive than requests could have been in flight
 *   (the size before the halving), which means the smaller window is throttled too.
 * - Each `size` answers in a row (about one round trip) move it by at most 1, by how long the
 *   quickest of them took against the fastest answer so far: while requests mostly wait on the
 *   network (a distant service) it grows back up to `max`, however a busy server spreads the answers
 *   of one round; when even the quickest answer waited behind others (a service or a client that is
 *   busy, say a local server), it gives one back, down to 4: more requests in flight then only add
 *   pages waiting in memory, not speed. Answers to requests sent before the last halving do
 *   not count, as they say nothing of the new size.
 * @example
 * const window = createAdaptiveWindow({ max: 16, isThrottled: isThrottlingError });
 * const page = await window.track(() => client.call(request));
 */
export function createAdaptiveWindow(options: AdaptiveWindowOptions): AdaptiveWindow {
  const max = Math.max(1, Math.floor(options.max));
  const now = options.now ?? (() => performance.now());
  const floor = Math.min(max, DELAY_FLOOR);
  let size = max;
  let fastest = Number.POSITIVE_INFINITY;
  // The quickest round trip of the answers counted towards the next move.
  let quickest = Number.POSITIVE_INFINITY;
  // Halvings so far: a request remembers the round it was sent in.
  let round = 0;
  // Since the last halving, no request sent after it has succeeded.
  let recovering = false;
  let echoes = 0;
  let sizeBefore = max;
  let successes = 0;

  const throttled = (): void => {
    if (recovering) {
      echoes += 1;
      if (echoes < sizeBefore) return;
    }
    sizeBefore = size;
    size = Math.max(1, Math.floor(size / 2));
    round += 1;
    recovering = true;
    echoes = 0;
    successes = 0;
    quickest = Number.POSITIVE_INFINITY;
  };
  const succeeded = (sentIn: number, roundTrip: number): void => {
    if (sentIn !== round) return;
    recovering = false;
    fastest = Math.min(fastest, roundTrip);
    successes += 1;
    quickest = Math.min(quickest, roundTrip);
    if (successes >= size) {
      const least = quickest;
      successes = 0;
      quickest = Number.POSITIVE_INFINITY;
      const queued = least - fastest < QUEUE_NOISE_MS ? 0 : size * (1 - fastest / least);
      if (queued > QUEUED_MOST) {
        if (size > floor) size -= 1;
      } else if (queued < QUEUED_LEAST) size = Math.min(max, size + 1);
    }
  };

  return {
    get size() {
      return size;
    },
    max,
    throttled,
    async track<T>(request: () => Promise<T>): Promise<T> {
      const sentIn = round;
      const started = now();
      let result: T;
      try {
        result = await request();
      } catch (error) {
        if (options.isThrottled(error)) throttled();
        throw error;
      }
      succeeded(sentIn, now() - started);
      return result;
    },
  };
}
