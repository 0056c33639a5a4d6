import { AbortedError, linkSignal, TimeoutError } from '@invocations/core';
import ky from 'ky';
import { type AttemptContext, type AttemptFailure, sendAttempt } from './attempt.js';
import type { OpenApiResponse } from './client.js';
import type { BuiltRequest } from './request-builder.js';

/** Retry settings after defaults: `maxAttempts` counts every attempt, the first one included. */
export interface RetryPolicy {
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

/** One call's attempts: how to build each, how long each and all may take, and how often to try. */
export interface RetryLoopOptions {
  context: AttemptContext;
  policy: RetryPolicy;
  /** Per attempt (the body read included). */
  timeoutMs: number;
  /** The whole call with its retries, in ms (for messages)... */
  deadlineMs: number;
  /** ...which ends at this time (epoch ms): it started before the credentials were looked up. */
  deadline: number;
  /** Where the request goes (ky's input; each attempt sends its own signed request instead). */
  origin: string;
  /** Builds and signs the next attempt. */
  build: () => Promise<BuiltRequest>;
}

// Thrown in place of an attempt the deadline leaves no room for.
const GIVE_UP = Symbol('deadline');

/**
 * Sends one call, with retries. ky runs the loop: the attempt limit, which failures are retried
 * (`shouldRetry`, fed by one classification: `sendAttempt` and core's `isRetryableAnswer`), the
 * exponential delay and its cap (`delay`, `backoffLimit`), the abortable sleep, and a freshly signed
 * request per attempt (`beforeRequest`). Kept by hand, as ky 1.x cannot express them: the server's
 * `x-acs-retry-after` in seconds (ky reads only `Retry-After`, only on its own HTTPError, and drops a
 * retry past `maxRetryAfter` instead of waiting the cap), which goes with the full jitter into ky's
 * `jitter` function, the only place ky shows a delay before sleeping it (onRetry announces it, and a
 * delay that would end past the deadline is not slept: the call gives up at once); the deadline itself (ky has no total
 * timeout); and a per-attempt timer that also bounds the body read (ky's `timeout` ends at the headers).
 */
export async function sendWithRetries(options: RetryLoopOptions): Promise<OpenApiResponse> {
  const { context, policy, timeoutMs } = options;
  const { product, action, signal: callerSignal } = context;
  const { deadline } = options;
  const failures = new WeakMap<object, AttemptFailure>();
  let attempt = 0;
  let built: BuiltRequest | undefined;
  let answer: OpenApiResponse | undefined;
  let last: AttemptFailure | undefined;

  // Set when the next delay would end past the deadline: the next attempt is not sent.
  let outOfTime = false;

  // The call's own stop, linked to the caller's signal: ky sleeps on it and the attempts listen to it.
  // A listing's signal is shared by every call in flight and lives for the whole listing: handing it to
  // ky (which combines it per call with AbortSignal.any) or to each attempt would add to it per call, and
  // Node 20 keeps what AbortSignal.any attaches to a long-lived source. Every link to one signal shares
  // a single listener on it (core's linkSignal), so any number of calls in flight add one in all.
  const stop = linkSignal(callerSignal);
  const attemptContext: AttemptContext = callerSignal === undefined ? context : { ...context, signal: stop.signal };

  const jitter = (ceiling: number): number => {
    const failure = last as AttemptFailure;
    const wait = failure.retryAfterSeconds !== undefined ? failure.retryAfterSeconds * 1000 : Math.random() * Math.min(ceiling, policy.maxDelayMs);
    const delayMs = Math.round(Math.min(wait, policy.maxDelayMs));
    if (Date.now() + delayMs >= deadline) {
      outOfTime = true;
      return 0;
    }
    context.emit('onRetry', { product, action, attempt, delayMs, reason: failure.reason, throttled: failure.throttled === true, ...(failure.requestId ? { requestId: failure.requestId } : {}) });
    return delayMs;
  };

  try {
    await ky(options.origin, {
      method: 'POST',
      timeout: false,
      throwHttpErrors: false,
      // ky sleeps on the call's stop, so the caller's abort ends a backoff at once.
      signal: stop.signal,
      retry: {
        limit: policy.maxAttempts - 1,
        methods: ['get', 'post'],
        // Whether an answer is retried depends on its error body (a Throttling code comes with HTTP 400): shouldRetry decides.
        statusCodes: [],
        afterStatusCodes: [],
        shouldRetry: ({ error }) => failures.get(error)?.retryable === true,
        delay: (retryCount) => policy.baseDelayMs * 2 ** (retryCount - 1),
        backoffLimit: policy.maxDelayMs,
        jitter,
      },
      hooks: {
        beforeRequest: [
          // ky's own Request (to the origin) stands for the attempt in its loop; sendAttempt sends the
          // signed one from `built` (building a Request for it, which fetch would copy again, cost CPU per page).
          async () => {
            if (outOfTime) throw GIVE_UP;
            attempt += 1;
            built = await options.build();
          },
        ],
      },
      fetch: async () => {
        const remaining = deadline - Date.now();
        if (remaining <= 0) {
          attempt -= 1; // built, never sent
          throw GIVE_UP;
        }
        const outcome = await sendAttempt(attemptContext, built as BuiltRequest, attempt, Math.min(timeoutMs, remaining));
        if (outcome.ok) {
          answer = outcome.response;
          // ky only needs to see the attempt succeed; the body was read (bounded) by sendAttempt.
          return new Response(null, { status: 204 });
        }
        last = outcome;
        failures.set(outcome.error, outcome);
        throw outcome.error;
      },
    });
  } catch (error) {
    if (callerSignal?.aborted) throw new AbortedError(`${product} ${action}: aborted`, { cause: callerSignal.reason });
    if (error !== GIVE_UP && error !== last?.error) throw error;
    if (last && error === last.error && !last.retryable) throw error;
    throw givenUp(options, last, attempt, Date.now() >= deadline);
  } finally {
    stop.unlink();
  }
  return answer as OpenApiResponse;
}

/** The error of a call whose attempts ran out (or whose deadline came): the last failure, or a TimeoutError saying which limit ended it. */
function givenUp(options: RetryLoopOptions, last: AttemptFailure | undefined, attempts: number, pastDeadline: boolean): Error {
  const { product, action } = options.context;
  const tries = `${attempts} attempt${attempts === 1 ? '' : 's'}`;
  if (!last || (last.timedOut && pastDeadline)) {
    return new TimeoutError(
      { timeoutMs: options.deadlineMs, message: `${product} ${action}: no answer within the ${options.deadlineMs} ms deadline after ${tries}` },
      last ? { cause: last.error } : undefined,
    );
  }
  if (last.timedOut) {
    return new TimeoutError(
      { timeoutMs: options.timeoutMs, message: `${product} ${action}: gave up after ${tries}; the last got no answer within ${(last.error as TimeoutError).timeoutMs} ms` },
      { cause: last.error },
    );
  }
  return last.error;
}
