/** What `writeQueue` returns: batches go in with `push`, and `drain` or `settle` waits for them. */
export interface WriteQueue<Batch> {
  /**
   * Waits until fewer than the limit are in flight, then starts writing `batch`; returns once it
   * has started, not when it is done. A batch that shares a key with one in flight starts only
   * after that one is done, so of two reports of one invocation the later one is written last.
   * Throws the first write's failure: after one, nothing new starts.
   */
  push(batch: Batch, keys: readonly string[]): Promise<void>;
  /** Waits for every batch pushed so far; throws the first failure. */
  drain(): Promise<void>;
  /**
   * Refuses every later push (it throws) and waits for the batches pushed so far to succeed or
   * fail; never throws. The error path: whatever still runs (a `get` in flight) starts no write.
   */
  close(): Promise<void>;
}

interface InFlight {
  keys: ReadonlySet<string>;
  /** Settles when the write is done, failed or skipped; never rejects. */
  done: Promise<void>;
}

function shares(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  for (const key of small) if (large.has(key)) return true;
  return false;
}

/**
 * Runs `write` for each batch pushed, at most `limit` at a time (each write is its own transaction
 * on its own connection: `limit` server cores at work instead of one). Batches without a key in
 * common touch different rows and may commit in any order; those with one run one after the other.
 */
export function writeQueue<Batch>(limit: number, write: (batch: Batch) => Promise<void>): WriteQueue<Batch> {
  const inFlight = new Set<InFlight>();
  let failure: { error: unknown } | undefined;
  let closed = false;
  const settle = async () => {
    while (inFlight.size > 0) await Promise.all([...inFlight].map((entry) => entry.done));
  };
  return {
    async push(batch, keys) {
      // No await between the check and the add: two pushes waiting together take one free slot each.
      while (inFlight.size >= limit && !failure) await Promise.race([...inFlight].map((entry) => entry.done));
      if (failure) throw failure.error;
      if (closed) throw new Error('archive: the sync has stopped, no batch is written after it');
      const own = new Set(keys);
      const before = [...inFlight].filter((entry) => shares(entry.keys, own)).map((entry) => entry.done);
      const entry: InFlight = { keys: own, done: Promise.resolve() };
      entry.done = (async () => {
        if (before.length > 0) await Promise.all(before);
        // A batch still waiting when another failed is not written.
        if (!failure) await write(batch);
      })()
        .catch((error: unknown) => {
          failure ??= { error };
        })
        .finally(() => {
          inFlight.delete(entry);
        });
      inFlight.add(entry);
    },
    async drain() {
      await settle();
      if (failure) throw failure.error;
    },
    async close() {
      closed = true;
      await settle();
    },
  };
}
