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
}

/**
 * An AIMD window from `max` down to 1.
 * - A throttle halves it (not below 1). One burst halves it once: throttles that arrive after a
 *   halving answer requests sent before it, so they are taken as the same burst until a request sent
 *   after the halving succeeds, or until more of them arrive than requests could have been in flight
 *   (the size before the halving), which means the smaller window is throttled too.
 * - Answers grow it by 1 per `size` successes in a row (about one step per round trip), up to `max`;
 *   answers to requests sent before the last halving do not count, as they say nothing of the new size.
 * @example
 * const window = createAdaptiveWindow({ max: 16, isThrottled: isThrottlingError });
 * const page = await window.track(() => client.call(request));
 */
export function createAdaptiveWindow(options: AdaptiveWindowOptions): AdaptiveWindow {
  const max = Math.max(1, Math.floor(options.max));
  let size = max;
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
  };
  const succeeded = (sentIn: number): void => {
    if (sentIn !== round) return;
    recovering = false;
    successes += 1;
    if (successes >= size) {
      successes = 0;
      size = Math.min(max, size + 1);
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
      let result: T;
      try {
        result = await request();
      } catch (error) {
        if (options.isThrottled(error)) throttled();
        throw error;
      }
      succeeded(sentIn);
      return result;
    },
  };
}
