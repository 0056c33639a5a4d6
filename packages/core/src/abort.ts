// The one place signals are waited on: every package (core's waiter, the transport's body reads and
// credential fetches, the adapters' listings) takes these, so an abort is handled one way everywhere.

/**
 * Settles as `promise` does, or rejects as soon as `signal` aborts, whatever the promise does (a
 * source or a fetch that ignores its signal cannot hold the caller): with `reason()` when given, else
 * the signal's reason. The listener is removed once either happens.
 */
export function untilAborted<T>(promise: Promise<T>, signal: AbortSignal, reason?: () => unknown): Promise<T> {
  if (signal.aborted) {
    // The promise still settles later; nobody waits for it.
    promise.catch(() => undefined);
    return Promise.reject(reason ? reason() : signal.reason);
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(reason ? reason() : signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

/** Waits `ms` milliseconds; an abort of `signal` ends the wait at once (the timer is cleared) and rejects with the signal's reason. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.reject(signal.reason);
  return new Promise<void>((resolve, reject) => {
    const onAbort = (): void => {
      clearTimeout(timer);
      reject((signal as AbortSignal).reason); // only ever added to a signal
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** What {@link linkSignal} returns: a signal of one's own that follows the caller's. */
export interface LinkedSignal {
  /** Aborts when the caller's signal does (with its reason), or on {@link LinkedSignal.abort}. */
  readonly signal: AbortSignal;
  /** Aborts the linked signal only (the caller's stays as it is): ends what this piece of work has in flight. */
  abort(reason?: unknown): void;
  /** Stops following the caller's signal. */
  unlink(): void;
}

/**
 * A signal for one piece of work that follows the caller's: the work can be cancelled on its own
 * (leaving a listing early, a deadline) without touching the caller's signal, and a caller's abort
 * reaches it. Plain listeners, not `AbortSignal.any` (only weakly held on some runtimes).
 */
export function linkSignal(outer: AbortSignal | undefined): LinkedSignal {
  const controller = new AbortController();
  const onAbort = (): void => controller.abort(outer?.reason);
  if (outer?.aborted) onAbort();
  else outer?.addEventListener('abort', onAbort, { once: true });
  return {
    signal: controller.signal,
    abort: (reason) => controller.abort(reason),
    unlink: () => outer?.removeEventListener('abort', onAbort),
  };
}
