/** Runs a task once fewer than the limit are running; the others wait in order. */
export type Limiter = <T>(task: () => Promise<T>) => Promise<T>;

/** A bound that may move while tasks run (an adaptive window): read before each task starts. */
export interface ConcurrencyBound {
  /** Tasks allowed at once now (at least 1). */
  readonly size: number;
  /** The most `size` can ever be. */
  readonly max: number;
}

/** How many tasks may run at once: a fixed number, or a {@link ConcurrencyBound} read before each start. */
export type Concurrency = number | ConcurrencyBound;

/** The bound now (at least 1). */
export function widthOf(concurrency: Concurrency): number {
  return Math.max(1, typeof concurrency === 'number' ? concurrency : concurrency.size);
}

/** The most the bound can be (at least 1): what memory is sized for. */
export function maxWidthOf(concurrency: Concurrency): number {
  return Math.max(1, typeof concurrency === 'number' ? concurrency : concurrency.max);
}

/**
 * A limiter allowing `concurrency` tasks at the same time, for requests that come from several
 * places at once (pages of many instances, their results) but must share one bound. With a moving
 * bound, a task finishing starts as many waiting ones as the bound now allows (none while it is lower
 * than the tasks running).
 */
export function createLimiter(concurrency: Concurrency): Limiter {
  let active = 0;
  const waiting: (() => void)[] = [];
  const release = (): void => {
    active--;
    // The slot is handed over here (active counts the woken task before it runs), so two releases in
    // a row cannot both let the same waiter's neighbour in past the bound.
    while (waiting.length > 0 && active < widthOf(concurrency)) {
      active++;
      (waiting.shift() as () => void)();
    }
  };
  return async <T>(task: () => Promise<T>): Promise<T> => {
    if (active < widthOf(concurrency) && waiting.length === 0) active++;
    else await new Promise<void>((resolve) => waiting.push(resolve));
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
 * bounded however slow the consumer is. A moving bound is read before each start: when it shrinks,
 * nothing starts until fewer than it are in flight. When the consumer stops early, tasks still
 * running are left to the signal the caller gave them; their rejections are never unhandled.
 * @example
 * for await (const page of mapConcurrently([2, 3, 4], 8, (n) => fetchPage(n))) use(page);
 */
export async function* mapConcurrently<Input, Output>(
  inputs: Iterable<Input>,
  concurrency: Concurrency,
  task: (input: Input, index: number) => Promise<Output>,
): AsyncGenerator<Output, void, undefined> {
  const list = [...inputs];
  const inFlight = new Map<number, Promise<Output>>();
  let next = 0;
  const launch = () => {
    while (next < list.length && inFlight.size < widthOf(concurrency)) {
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
