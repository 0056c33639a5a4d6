/** Runs a task once fewer than the limit are running; the others wait in order. */
export type Limiter = <T>(task: () => Promise<T>) => Promise<T>;

/**
 * A limiter allowing `concurrency` tasks at the same time, for requests that come from several
 * places at once (pages of many instances, their results) but must share one bound.
 */
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

/**
 * Runs `task` over `inputs` with at most `concurrency` results in flight and yields the results in
 * the inputs' order. Results done but not yet yielded count against the bound too, so memory stays
 * bounded however slow the consumer is. When the consumer stops early, tasks still running are left
 * to the signal the caller gave them; their rejections are never unhandled.
 * @example
 * for await (const page of mapConcurrently([2, 3, 4], 8, (n) => fetchPage(n))) use(page);
 */
export async function* mapConcurrently<Input, Output>(
  inputs: Iterable<Input>,
  concurrency: number,
  task: (input: Input, index: number) => Promise<Output>,
): AsyncGenerator<Output, void, undefined> {
  const list = [...inputs];
  const width = Math.max(1, concurrency);
  const inFlight = new Map<number, Promise<Output>>();
  let next = 0;
  const launch = () => {
    while (next < list.length && inFlight.size < width) {
      const promise = task(list[next] as Input, next);
      promise.catch(() => undefined); // awaited in order below; an abandoned one must not be unhandled
      inFlight.set(next, promise);
      next += 1;
    }
  };
  for (let index = 0; index < list.length; index += 1) {
    launch();
    const result = await (inFlight.get(index) as Promise<Output>);
    inFlight.delete(index);
    launch();
    yield result;
  }
}
