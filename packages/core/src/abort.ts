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

// Everything that follows one signal does so through ONE listener on it. A listing's signal is followed
// by every call it has in flight: one listener per call put 16 on it at `concurrency: 16`, which set off
// Node's MaxListenersExceededWarning (a leak warning for what is no leak) and cost an add and a remove
// per call. The followers of a signal are kept here, keyed weakly by the signal; its listener goes once
// the last follower unlinks, so a signal that outlives its work (a whole CLI run) keeps nothing.
interface Followers {
  readonly callbacks: Set<() => void>;
  readonly dispatch: () => void;
}
const followersOf = new WeakMap<AbortSignal, Followers>();

function follow(outer: AbortSignal, callback: () => void): () => void {
  let followers = followersOf.get(outer);
  if (followers === undefined) {
    const callbacks = new Set<() => void>();
    const dispatch = (): void => {
      followersOf.delete(outer);
      // A follower's abort may unlink another while this runs: the Set's iterator then skips it.
      for (const each of callbacks) each();
      callbacks.clear();
    };
    followers = { callbacks, dispatch };
    followersOf.set(outer, followers);
    outer.addEventListener('abort', dispatch, { once: true });
  }
  const { callbacks, dispatch } = followers;
  callbacks.add(callback);
  return () => {
    if (!callbacks.delete(callback) || callbacks.size > 0) return;
    // The entry is this one: a new one is only made for a signal that has not aborted, and this one
    // goes (with its callbacks) when the signal aborts.
    outer.removeEventListener('abort', dispatch);
    followersOf.delete(outer);
  };
}

/**
 * A signal for one piece of work that follows the caller's: the work can be cancelled on its own
 * (leaving a listing early, a deadline) without touching the caller's signal, and a caller's abort
 * reaches it. However many pieces of work follow one signal, it carries a single listener (removed
 * when the last one unlinks). Plain listeners, not `AbortSignal.any`: Node 20 keeps what `any`
 * attaches to a long-lived source until that source is collected.
 */
export function linkSignal(outer: AbortSignal | undefined): LinkedSignal {
  const controller = new AbortController();
  let unlink = (): void => undefined;
  if (outer?.aborted) controller.abort(outer.reason);
  else if (outer !== undefined) unlink = follow(outer, () => controller.abort(outer.reason));
  return {
    signal: controller.signal,
    abort: (reason) => controller.abort(reason),
    unlink,
  };
}
