import * as z from 'zod/mini';
import { linkSignal, sleep, untilAborted } from './abort.js';
import { AbortedError, NotFoundError } from './errors.js';
import { normalizeInvocationStatus, type Invocation } from './model.js';
import type { InvocationSource } from './source.js';
import { isTerminal } from './status.js';
import { summarizeInvocation, formatTargetCounts } from './summarize.js';
import { parseInput } from './validate.js';

/** Options of {@link waitForInvocation}. */
export interface WaitForInvocationOptions {
  /** The shortest pause between two polls, in ms (default 1_000). */
  minDelayMs?: number;
  /** The longest pause between two polls, in ms (default 15_000). */
  maxDelayMs?: number;
  /** Give up after this long, in ms (default 600_000, ten minutes); the result is then `timeout`. */
  timeoutMs?: number;
  /**
   * For this long after the wait starts, "not found" means "not visible yet" (the invocation was
   * just started); after it, a `NotFoundError` is thrown. Default 15_000 ms.
   */
  notFoundGraceMs?: number;
  /** Fetch each target's output too (passed to `source.get`). */
  includeOutput?: boolean;
  /** Stops the wait at once; the result is then `aborted`. */
  signal?: AbortSignal;
  /** Called with the new and the previous invocation whenever the status, a target's status or a target's exit code changed (and on the first sighting). */
  onUpdate?: (invocation: Invocation, previous: Invocation | undefined) => void;
  /** Waits `ms` milliseconds; resolves early when the signal aborts. Injectable for tests. */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  /** A number in [0, 1) for jitter (default `Math.random`). */
  random?: () => number;
  /** The clock, in ms (default `Date.now`). Inject it together with `sleep` in tests. */
  now?: () => number;
}

/** Why {@link waitForInvocation} stopped. */
export type WaitState = 'success' | 'failure' | 'timeout' | 'aborted';

/** What {@link waitForInvocation} resolves with. */
export interface WaitResult {
  /** `success`: status Success; `failure`: Failed, PartialFailed or Stopped; `timeout`; `aborted`. */
  state: WaitState;
  /** The last invocation seen (absent when it was never seen). Read its targets to see which failed. */
  invocation?: Invocation;
  /** Why the wait stopped, in words. */
  reason: string;
  /** How many times `source.get` was called. */
  polls: number;
}

const options = z.object({
  minDelayMs: z.optional(z.number().check(z.int('must be an integer')).check(z.gte(0, 'must be at least 0'))),
  maxDelayMs: z.optional(z.number().check(z.int('must be an integer')).check(z.gte(0, 'must be at least 0'))),
  timeoutMs: z.optional(z.number().check(z.int('must be an integer')).check(z.positive('must be positive'))),
  notFoundGraceMs: z.optional(z.number().check(z.int('must be an integer')).check(z.gte(0, 'must be at least 0'))),
  includeOutput: z.optional(z.boolean()),
  signal: z.optional(z.custom<AbortSignal>(
      (value) => typeof value === 'object' && value !== null && typeof (value as AbortSignal).aborted === 'boolean',
      'must be an AbortSignal',
    )),
  onUpdate: z.optional(z.custom<NonNullable<WaitForInvocationOptions['onUpdate']>>((value) => typeof value === 'function', 'must be a function')),
  sleep: z.optional(z.custom<NonNullable<WaitForInvocationOptions['sleep']>>((value) => typeof value === 'function', 'must be a function')),
  random: z.optional(z.custom<() => number>((value) => typeof value === 'function', 'must be a function')),
  now: z.optional(z.custom<() => number>((value) => typeof value === 'function', 'must be a function')),
});
const waitInputSchema = z.object({ invokeId: z.string().check(z.minLength(1, 'must not be empty')), options }).check(z.refine((input) => (input.options.minDelayMs ?? 1_000) <= (input.options.maxDelayMs ?? 15_000), {
    message: 'must not be greater than maxDelayMs',
    path: ['options', 'minDelayMs'],
  }));

/** Checks wait options as `waitForInvocation` does (an `InvalidQueryError` naming the field), without waiting. */
export function checkWaitOptions(waitOptions: WaitForInvocationOptions, context: string): void {
  parseInput(waitInputSchema, { invokeId: 'unchecked', options: waitOptions }, context);
}

// The waiter's pause resolves (rather than rejects) when the wait is aborted: the loop then reads why.
const defaultSleep = (ms: number, signal: AbortSignal): Promise<void> => sleep(ms, signal).catch(() => undefined);

// The ceiling doubles from here when minDelayMs is 0 or tiny, so it still grows towards maxDelayMs.
const BACKOFF_BASE_MS = 100;

/**
 * The pause before poll number `attempt` (1 for the second poll): a random value between
 * `minDelayMs` and a ceiling that doubles from `minDelayMs` up to `maxDelayMs`.
 */
function backoffDelay(attempt: number, minDelayMs: number, maxDelayMs: number, random: () => number): number {
  const base = Math.max(minDelayMs, BACKOFF_BASE_MS);
  const ceiling = Math.max(minDelayMs, Math.min(maxDelayMs, base * 2 ** Math.min(40, Math.max(0, attempt - 1))));
  return Math.round(minDelayMs + random() * (ceiling - minDelayMs));
}

function fingerprint(invocation: Invocation): string {
  // Stryker disable next-line StringLiteral: equivalent, any constant for an absent exit code (a number when present) tells the same changes apart
  const targets = invocation.targets.map((target) => `${target.id}\u0000${target.status}\u0000${target.exitCode ?? ''}`).sort();
  return JSON.stringify([invocation.status, targets]);
}

// Rejects as soon as the signal aborts, so a source that ignores its signal cannot hold the wait.
// Stryker disable next-line StringLiteral,ObjectLiteral: the waiter reads only the class of this error (timeout or aborted), never its message or cause
const raceSignal = <T>(promise: Promise<T>, signal: AbortSignal): Promise<T> => untilAborted(promise, signal, () => new AbortedError('aborted', { cause: signal.reason }));

/**
 * Polls `source.get(invokeId)` until the invocation's status is terminal, with jittered
 * exponential backoff between `minDelayMs` and `maxDelayMs`. Right after RunCommand the
 * invocation may not be visible yet: for `notFoundGraceMs` a `NotFoundError` only means "try
 * again"; after that (or once the invocation has been seen) it is thrown. The wait resolves,
 * rather than throws, on success, failure, timeout and abort, always with the last invocation
 * seen, so a caller can read which targets failed. Other errors from `get` (an `ApiError` after
 * the transport's own retries, a `DecodeError`) are thrown.
 *
 * @example
 * const result = await waitForInvocation(ecs, 't-hz0jdfwd9f****', { timeoutMs: 120_000, onUpdate: (i) => console.log(i.status) });
 * if (result.state !== 'success') console.error(result.reason);
 */
export async function waitForInvocation(
  source: InvocationSource,
  invokeId: string,
  waitOptions: WaitForInvocationOptions = {},
): Promise<WaitResult> {
  parseInput(waitInputSchema, { invokeId, options: waitOptions }, 'waitForInvocation');
  const {
    minDelayMs = 1_000,
    maxDelayMs = 15_000,
    timeoutMs = 600_000,
    notFoundGraceMs = 15_000,
    includeOutput,
    signal,
    onUpdate,
    sleep = defaultSleep,
    random = Math.random,
    now = Date.now,
  } = waitOptions;

  const startedAt = now();
  const deadline = startedAt + timeoutMs;
  // One signal for the whole wait: the caller's abort and the deadline both end the call in flight.
  const controller = linkSignal(signal);
  const deadlineTimer = setTimeout(() => controller.abort(new Error('deadline')), Math.max(0, deadline - now()));

  let last: Invocation | undefined;
  let lastPrint: string | undefined;
  let polls = 0;
  const where = `${source.product}${source.region ? ` ${source.region}` : ''}`;

  const aborted = (): WaitResult => ({
    state: 'aborted',
    ...(last ? { invocation: last } : {}),
    reason: `waiting for invocation ${invokeId} on ${where} was aborted${last ? `; last status ${last.status}` : ''}`,
    polls,
  });
  const timedOut = (): WaitResult => ({
    state: 'timeout',
    ...(last ? { invocation: last } : {}),
    reason: `invocation ${invokeId} on ${where} was not finished after ${timeoutMs} ms${
      last ? `; last status ${last.status} (${formatTargetCounts(summarizeInvocation(last))})` : '; it was never seen'
    }`,
    polls,
  });

  try {
    for (let attempt = 0; ; attempt++) {
      if (signal?.aborted) return aborted();
      if (attempt > 0) {
        const remaining = deadline - now();
        if (remaining <= 0) return timedOut();
        await sleep(Math.min(backoffDelay(attempt, minDelayMs, maxDelayMs, random), remaining), controller.signal);
        if (signal?.aborted) return aborted();
      }

      let current: Invocation;
      try {
        polls++;
        current = await raceSignal(source.get(invokeId, { ...(includeOutput === undefined ? {} : { includeOutput }), signal: controller.signal }), controller.signal);
      } catch (error) {
        if (signal?.aborted) return aborted();
        if (controller.signal.aborted || now() >= deadline) {
          if (NotFoundError.isInstance(error) || AbortedError.isInstance(error)) return timedOut();
        }
        if (NotFoundError.isInstance(error)) {
          if (last === undefined && now() - startedAt < notFoundGraceMs) continue;
          throw new NotFoundError(
            {
              invokeId,
              product: source.product,
              region: source.region,
              message:
                last === undefined
                  ? `invocation ${invokeId} not found on ${where} after waiting ${now() - startedAt} ms (grace ${notFoundGraceMs} ms): check the id, the region and the credentials`
                  : `invocation ${invokeId} disappeared from ${where} while waiting (the service keeps records for a limited time)`,
            },
            { cause: error },
          );
        }
        throw error;
      }

      const print = fingerprint(current);
      if (print !== lastPrint) {
        const previous = last;
        last = current;
        lastPrint = print;
        onUpdate?.(current, previous);
      } else {
        last = current;
      }

      if (isTerminal(current.status)) {
        const counts = formatTargetCounts(summarizeInvocation(current));
        const success = normalizeInvocationStatus(current.status) === 'Success';
        return {
          state: success ? 'success' : 'failure',
          invocation: current,
          reason: `invocation ${invokeId} on ${where} finished with status ${current.status} (${counts})`,
          polls,
        };
      }
      // Stryker disable next-line EqualityOperator: equivalent, at the deadline exactly the next round finds no time left and times out without a poll
      if (now() >= deadline) return timedOut();
    }
  } finally {
    clearTimeout(deadlineTimer);
    controller.unlink();
  }
}
