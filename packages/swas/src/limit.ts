// TODO(shared): ECS and eflo bound their requests the same way; this belongs in openapi (or core).

/** Runs tasks with at most `concurrency` at a time; the others wait in order. */
export type Limiter = <T>(task: () => Promise<T>) => Promise<T>;

/** A limiter allowing `concurrency` tasks to run at the same time. */
export function createLimiter(concurrency: number): Limiter {
  let active = 0;
  const waiting: (() => void)[] = [];
  const release = (): void => {
    active--;
    waiting.shift()?.();
  };
  return async <T>(task: () => Promise<T>): Promise<T> => {
    if (active >= concurrency) await new Promise<void>((resolve) => waiting.push(resolve));
    active++;
    try {
      return await task();
    } finally {
      release();
    }
  };
}
