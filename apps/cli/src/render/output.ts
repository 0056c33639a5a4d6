import type { OutputStream } from '../io.js';

/** What {@link createOutput} returns. */
export interface BufferedOutput {
  /** Queues text; resolves once the stream has room again when it pushed back, else returns undefined (no await needed). */
  write(text: string): Promise<void> | undefined;
  /** Writes what is queued and waits until the stream has taken it. */
  flush(): Promise<void>;
}

const FLUSH_AT = 64 * 1024;

type Drainable = OutputStream & {
  once?(event: 'drain' | 'close' | 'error', listener: () => void): unknown;
  off?(event: 'drain' | 'close' | 'error', listener: () => void): unknown;
};

/**
 * Output that gathers small writes into chunks of about 64 KB, so 100,000 rows are not 100,000
 * write calls, and still prints promptly: what is queued is written as soon as the program waits
 * for anything (the next page, say), through `setImmediate`. When the stream pushes back (a slow
 * pipe), `write` returns a promise to await, so memory does not grow with the output.
 */
export function createOutput(stream: OutputStream): BufferedOutput {
  const target = stream as Drainable;
  let queued: string[] = [];
  let size = 0;
  let scheduled = false;
  let blocked: Promise<void> | undefined;

  const drained = (): Promise<void> =>
    new Promise<void>((resolve) => {
      const done = (): void => {
        // Only one of the three fires: remove the others so listeners do not pile up on the stream.
        target.off?.('drain', done);
        target.off?.('close', done);
        target.off?.('error', done);
        blocked = undefined;
        resolve();
      };
      target.once?.('drain', done);
      target.once?.('close', done);
      target.once?.('error', done);
    });

  const push = (): void => {
    scheduled = false;
    if (size === 0) return;
    const text = queued.length === 1 ? (queued[0] as string) : queued.join('');
    queued = [];
    size = 0;
    const accepted = stream.write(text);
    if (accepted === false && typeof target.once === 'function' && !blocked) blocked = drained();
  };

  return {
    write(text) {
      queued.push(text);
      size += text.length;
      if (size >= FLUSH_AT) push();
      else if (!scheduled) {
        scheduled = true;
        setImmediate(push);
      }
      return blocked;
    },
    async flush() {
      push();
      if (blocked) await blocked;
    },
  };
}
