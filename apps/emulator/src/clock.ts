import type { Clock } from './types.js';

/** A clock that only moves when told to, for tests that must not wait. */
export interface ManualClock extends Clock {
  /** Moves the clock forward by `ms` milliseconds. */
  advance(ms: number): void;
  /** Sets the clock to `epochMs`. */
  set(epochMs: number): void;
}

/** Creates a {@link ManualClock} starting at `startMs` (default: the real time now). */
export function createManualClock(startMs: number = Date.now()): ManualClock {
  let current = startMs;
  return {
    now: () => current,
    advance(ms: number) {
      if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`advance(ms): ms must be a finite number >= 0, got ${ms}`);
      current += ms;
    },
    set(epochMs: number) {
      current = epochMs;
    },
  };
}

/** The real clock. */
export const systemClock: Clock = { now: () => Date.now() };
