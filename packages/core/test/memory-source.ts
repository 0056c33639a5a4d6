// A real InvocationSource kept in memory, for core's own tests: it lists and gets from a store,
// honours AbortSignal like an adapter does, and moves invocations through their statuses on a
// timeline read against an injectable clock. Not a mock: nothing here answers what a test expects.
import {
  AbortedError,
  aggregateStatus,
  NotFoundError,
  type GetOptions,
  type Invocation,
  type InvocationQuery,
  type InvocationSource,
  type InvocationTarget,
  type ListOptions,
  type Product,
  type TargetStatus,
} from '@invocations/core';

/** A clock the tests move by hand. */
export interface ManualClock {
  now(): number;
  advance(ms: number): void;
}

/** A clock starting at 0 that only moves when told to. */
export function manualClock(start = 0): ManualClock {
  let time = start;
  return {
    now: () => time,
    advance: (ms) => {
      time += ms;
    },
  };
}

/** A target with the given status (and the exit code that status implies unless given). */
export function target(id: string, status: TargetStatus, extra: Partial<InvocationTarget> = {}): InvocationTarget {
  return {
    id,
    kind: 'instance',
    status,
    droppedBytes: 0,
    repeats: status === 'Pending' || status === 'Scheduled' ? 0 : 1,
    ...(status === 'Success' ? { exitCode: 0 } : {}),
    ...extra,
  };
}

/** An invocation whose overall status is computed from its targets, as an adapter does when the service sends none. */
export function invocation(invokeId: string, targets: InvocationTarget[], extra: Partial<Invocation> = {}): Invocation {
  return {
    product: 'ecs',
    region: 'cn-hangzhou',
    invokeId,
    parameters: {},
    timed: false,
    status: aggregateStatus(targets.map((item) => item.status)),
    targets,
    ...extra,
  };
}

/** One change on the timeline: at `at` ms on the clock, `apply` edits the store. */
export interface TimelineEvent {
  at: number;
  apply(store: Map<string, Invocation>): void;
}

/** Options of {@link MemorySource}. */
export interface MemorySourceOptions {
  product?: Product;
  region?: string;
  invocations?: Invocation[];
  clock?: { now(): number };
  timeline?: TimelineEvent[];
  /** Invocations that `get` reports as not found until the clock reaches the time given. */
  visibleAt?: Record<string, number>;
  /** Real milliseconds to wait before each listed item (simulates a slow page). */
  delayMs?: number;
  /** After this many listed items, `next()` rejects with `error`. */
  failAfter?: number;
  error?: unknown;
  /** After the listed items, `next()` never settles (a stuck page request). */
  hang?: boolean;
  /** When false, the listing ignores the AbortSignal (a badly behaved source). Default true. */
  honourSignal?: boolean;
  /** Thrown by `get` instead of answering. */
  getError?: unknown;
}

/** An in-memory {@link InvocationSource} that records how it was used. */
export class MemorySource implements InvocationSource {
  readonly product: Product;
  readonly region: string;
  readonly store = new Map<string, Invocation>();
  /** Queries `list` was called with. */
  readonly listCalls: (InvocationQuery | undefined)[] = [];
  /** How many times a listing iterator's `return()` was called. */
  returnCalls = 0;
  /** How many items were handed out by `list`. */
  listed = 0;
  /** How many times `get` was called. */
  getCalls = 0;
  /** Signals passed to `list` and `get`. */
  readonly signals: AbortSignal[] = [];
  private readonly options: MemorySourceOptions;
  private readonly pendingTimeline: TimelineEvent[];

  constructor(options: MemorySourceOptions = {}) {
    this.options = options;
    this.product = options.product ?? 'ecs';
    this.region = options.region ?? 'cn-hangzhou';
    for (const item of options.invocations ?? []) this.store.set(item.invokeId, item);
    this.pendingTimeline = [...(options.timeline ?? [])].sort((a, b) => a.at - b.at);
  }

  list(query?: InvocationQuery, options: ListOptions = {}): AsyncIterable<Invocation> {
    this.listCalls.push(query);
    if (options.signal) this.signals.push(options.signal);
    const signal = this.options.honourSignal === false ? undefined : options.signal;
    const items = [...this.store.values()].filter((item) => !query?.invokeIds || query.invokeIds.includes(item.invokeId));
    let index = 0;
    let closed = false;
    const self = this;

    const waitFor = <T>(promise: Promise<T>): Promise<T> => {
      if (!signal) return promise;
      if (signal.aborted) return Promise.reject(new AbortedError('aborted', { cause: signal.reason }));
      return new Promise<T>((resolve, reject) => {
        const onAbort = (): void => reject(new AbortedError('aborted', { cause: signal.reason }));
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
    };

    const iterator: AsyncIterator<Invocation> = {
      async next() {
        if (closed) return { done: true, value: undefined };
        if (self.options.failAfter !== undefined && index >= self.options.failAfter) {
          closed = true;
          throw self.options.error ?? new Error(`${self.product} ${self.region} failed`);
        }
        if (index >= items.length) {
          if (self.options.hang) await waitFor(new Promise<never>(() => undefined));
          closed = true;
          return { done: true, value: undefined };
        }
        const delay = self.options.delayMs ?? 0;
        await waitFor(new Promise<void>((resolve) => setTimeout(resolve, delay)));
        const value = items[index++] as Invocation;
        self.listed++;
        return { done: false, value };
      },
      async return() {
        self.returnCalls++;
        closed = true;
        return { done: true, value: undefined };
      },
    };
    return { [Symbol.asyncIterator]: () => iterator };
  }

  async get(invokeId: string, options: GetOptions = {}): Promise<Invocation> {
    this.getCalls++;
    if (options.signal) this.signals.push(options.signal);
    if (options.signal?.aborted) throw new AbortedError('aborted', { cause: options.signal.reason });
    if (this.options.getError !== undefined) throw this.options.getError;
    const now = this.options.clock?.now() ?? 0;
    while (this.pendingTimeline.length > 0 && (this.pendingTimeline[0] as TimelineEvent).at <= now) {
      (this.pendingTimeline.shift() as TimelineEvent).apply(this.store);
    }
    const visibleAt = this.options.visibleAt?.[invokeId];
    const found = this.store.get(invokeId);
    if (!found || (visibleAt !== undefined && now < visibleAt)) {
      throw new NotFoundError({ invokeId, product: this.product, region: this.region });
    }
    const copy = structuredClone(found);
    if (!options.includeOutput) for (const item of copy.targets) delete item.output;
    return copy;
  }
}

/** Replaces the targets of a stored invocation and recomputes its status. */
export function setTargets(store: Map<string, Invocation>, invokeId: string, targets: InvocationTarget[]): void {
  const current = store.get(invokeId);
  if (!current) throw new Error(`no invocation ${invokeId}`);
  store.set(invokeId, { ...current, targets, status: aggregateStatus(targets.map((item) => item.status)) });
}
