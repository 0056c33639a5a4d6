import type { Invocation, Product } from './model.js';
import type { InvocationQuery } from './query.js';
import type { ApiError } from './errors.js';
import type { RunRequestInput } from './run-request.js';

/** Options of {@link InvocationSource.list}. */
export interface ListOptions {
  /** Stops the listing at once; the iterator then throws an `AbortedError`. */
  signal?: AbortSignal;
}

/** Options of {@link InvocationSource.get}. */
export interface GetOptions {
  /** Also fetch each target's output. */
  includeOutput?: boolean;
  /** Stops the call at once; it then rejects with an `AbortedError`. */
  signal?: AbortSignal;
}

/**
 * One product in one region, as a source of invocations. Every adapter returns one of these
 * (`createEcsSource`, `createSwasSource`, `createEfloSource`); core's `listInvocations` and
 * `waitForInvocation` work on any of them.
 */
export interface InvocationSource {
  /** Which product this source reads. */
  readonly product: Product;
  /** The region this source reads. */
  readonly region: string;
  /**
   * Every invocation matching the query, each exactly once, across all pages. Throws an
   * `InvalidQueryError` before any request when the product cannot serve the query.
   */
  list(query?: InvocationQuery, options?: ListOptions): AsyncIterable<Invocation>;
  /** One invocation with its targets; rejects with a `NotFoundError` when it does not exist. */
  get(invokeId: string, options?: GetOptions): Promise<Invocation>;
  /**
   * Starts a command (RunCommand). Present only on sources whose product can run commands: check
   * with {@link canRun}. Rejects with an `InvalidQueryError` before any request when the request
   * breaks a rule of the product. Every call carries a ClientToken (the request's, or a new one).
   */
  run?(request: RunRequestInput, options?: RunOptions): Promise<RunResult>;
  /**
   * Stops an invocation on all its targets, or on `targetIds` (StopInvocation). Present only on
   * sources whose product can stop (ECS, eflo; not SWAS): check with {@link canStop}.
   */
  stop?(invokeId: string, options?: StopOptions): Promise<void>;
}

/** Options of {@link InvocationSource.run}. */
export interface RunOptions {
  /** Stops the call; it then rejects with an `AbortedError` (the command may still have started). */
  signal?: AbortSignal;
}

/** Options of {@link InvocationSource.stop}. */
export interface StopOptions {
  /** Stop only on these targets (InstanceIds or NodeIds); all targets when absent. */
  targetIds?: readonly string[];
  /** Stops the call; it then rejects with an `AbortedError`. */
  signal?: AbortSignal;
}

/** One invocation a run created, with the targets it covers. */
export interface StartedInvocation {
  invokeId: string;
  /** The CommandId, when the product returns one (ECS). */
  commandId?: string;
  /** The targets of this invocation. */
  targetIds: string[];
}

/** A target the product refused to start the command on, when the run was split per target (SWAS). */
export interface RejectedTarget {
  targetId: string;
  /** The service's answer for this target (e.g. an unknown or stopped instance). */
  error: ApiError;
}

/** What {@link InvocationSource.run} resolves with. */
export interface RunResult {
  /** The invocation's id; when the run was split, the first invocation's. */
  invokeId: string;
  /** The CommandId, when the product returns one (ECS). */
  commandId?: string;
  /**
   * The ClientToken the run was sent with (the request's, or the generated one). Absent on SWAS,
   * whose RunCommand has no ClientToken: its runs are sent once and never retried after sending.
   */
  clientToken?: string;
  /**
   * True when the product takes one target per call (SWAS RunCommand) and the request named several,
   * so it became one invocation per target; `invocations` then lists each.
   */
  split: boolean;
  /** Every invocation the run created: one on ECS and eflo, one per started target on SWAS. */
  invocations: StartedInvocation[];
  /** Targets a split run could not start on (their calls failed); empty otherwise. */
  rejected: RejectedTarget[];
}

/** A source that can run commands (see {@link canRun}). */
export type RunnableSource = InvocationSource & Required<Pick<InvocationSource, 'run'>>;
/** A source that can stop invocations (see {@link canStop}). */
export type StoppableSource = InvocationSource & Required<Pick<InvocationSource, 'stop'>>;

/** True when the source can run commands (`source.run` exists). */
export function canRun(source: InvocationSource): source is RunnableSource {
  return typeof source.run === 'function';
}

/** True when the source can stop invocations (`source.stop` exists; SWAS sources cannot). */
export function canStop(source: InvocationSource): source is StoppableSource {
  return typeof source.stop === 'function';
}
