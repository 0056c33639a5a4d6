import type { Product } from '@invocations/core';

/** Faults injected into responses, for testing clients' retry and decoding paths. */
export interface EmulatorFaults {
  /** Share of requests (0..1) answered with `Throttling.User` (HTTP 400). */
  throttleRate?: number;
  /** Share of requests (0..1) answered with 503 `ServiceUnavailable` or 500 `InternalError`. */
  serverErrorRate?: number;
  /** Milliseconds of real time added before every answer. */
  latencyMs?: number;
  /** Share of successful answers (0..1) whose body is cut in half (valid HTTP, broken JSON/XML). */
  truncateRate?: number;
  /**
   * Share of requests (0..1) answered with 500 `InternalError.Dispatch` ("An error occurred when you
   * dispatched the request.", the ECS DescribeInvocations error table, seed 003).
   */
  dispatchErrorRate?: number;
  /**
   * When set, throttled answers carry `x-acs-retry-after` with this many seconds: the header is in
   * seconds (the official SDK reads `parseInt(headers["x-acs-retry-after"])`, protocol.md §5.2).
   */
  retryAfterSeconds?: number;
  /**
   * @deprecated Use `retryAfterSeconds`. Milliseconds, rounded up to whole seconds on the wire
   * (1500 sends `2`); before 0.2 this value was sent as is, which clients read as seconds.
   */
  retryAfterMs?: number;
  /**
   * Lose this many answers of requests that created an invocation (RunCommand): the invocation is
   * created, then the connection is destroyed before any byte of the answer, as when a network
   * drops it. Counted down per setting (server-wide or per product); a RunCommand whose ClientToken
   * finds an earlier invocation creates nothing and is answered normally, so a client's retry gets
   * the first InvokeId.
   */
  dropCreatedResponses?: number;
}

/** Faults for the whole server, optionally overridden per product. */
export type EmulatorFaultsInput = EmulatorFaults & { ecs?: EmulatorFaults; swas?: EmulatorFaults; eflo?: EmulatorFaults };

/** An AccessKey pair the emulator accepts. */
export interface EmulatorCredentials {
  accessKeyId: string;
  accessKeySecret: string;
}

/** A source of the current time in epoch milliseconds. */
export interface Clock {
  now(): number;
}

/** Retention of invocation records per product and region (the seeds: 2 weeks, 100,000 records). */
export interface RetentionOptions {
  /** Records older than this (by creation time) are dropped. Default 14 days. */
  maxAgeMs?: number;
  /** At most this many records per product and region; the oldest are dropped first. Default 100,000. */
  maxRecords?: number;
}

/** Timing of the simulated Cloud Assistant agent. */
export interface SimulationOptions {
  /** How long a target stays Pending before it starts. Default 1,000 ms. */
  dispatchMs?: number;
  /** How long a command runs when its content does not say (`sleep N`). Default 2,000 ms. */
  runMs?: number;
  /** How long a stopped target stays Stopping. Default 1,000 ms. */
  stopMs?: number;
  /**
   * What StopInvocation does to a target that is running. `documented` (default): it keeps running
   * and ends as its run ends, as the ECS reference says. `terminate`: it is cut short, Stopping for
   * `stopMs`, then Terminated with ExecutionInterrupted (for tests that need a stopped run).
   */
  stopBehaviour?: StopBehaviour;
}

/** What StopInvocation does to a running target: see {@link SimulationOptions.stopBehaviour}. */
export type StopBehaviour = 'documented' | 'terminate';

/** What a simulated target does once dispatched. */
export type TargetOutcome =
  | 'success'
  | 'failed'
  | 'timeout'
  | 'error'
  | 'invalid'
  | 'aborted';

/** The scripted life of one target, fixed when the invocation is created. */
export interface TargetPlan {
  /** InstanceId (ECS, SWAS) or NodeId (eflo). */
  id: string;
  outcome: TargetOutcome;
  /** Exit code of a run (success 0, failed non-zero). */
  exitCode?: number;
  /** Milliseconds Pending before the first run. */
  dispatchMs: number;
  /** Milliseconds each run lasts. */
  runMs: number;
  /** Plain-text output of a run (cut to 24 KB on the way out when longer). */
  output: string;
  /** Characters printed beyond `output` and already cut (the simulated shell keeps only 24 KB); added to `Dropped`. */
  outputDropped?: number;
  /** Product ErrorCode for invalid/aborted/timeout/error outcomes. */
  errorCode?: string;
  /** Product ErrorInfo sentence. */
  errorInfo?: string;
}

/** One invocation as the emulator stores it: its request and the plan of each target. */
export interface StoredInvocation {
  product: Product;
  region: string;
  invokeId: string;
  commandId?: string;
  commandName: string;
  commandType?: string;
  commandDescription: string;
  /** Plain text; encoded on the way out. */
  commandContent: string;
  parameters: Record<string, unknown>;
  repeatMode: string;
  frequency: string;
  /** Period between runs of a `Period` invocation, ms. */
  periodMs?: number;
  timeoutSeconds: number;
  username: string;
  workingDir: string;
  createdAt: number;
  resourceGroupId?: string;
  tags: { key: string; value: string }[];
  containerId?: string;
  containerName?: string;
  launcher?: string;
  terminationMode?: string;
  targets: TargetPlan[];
  /** When StopInvocation was called, per target id (all targets when stopped as a whole). */
  stops: Map<string, number>;
  /** The stop behaviour in force when it was first stopped; unset means the emulator's option. */
  stopBehaviour?: StopBehaviour;
  /** RunCommand's `OssOutputDelivery` (`oss://bucket/prefix`), when output goes to OSS. */
  ossOutputDelivery?: string;
}

/** Input of `createInvocation`: what a test may set; everything else gets a default. */
export interface CreateInvocationInput {
  product: Product;
  region: string;
  invokeId?: string;
  commandId?: string;
  commandName?: string;
  commandType?: string;
  commandDescription?: string;
  commandContent?: string;
  parameters?: Record<string, unknown>;
  repeatMode?: string;
  frequency?: string;
  timeoutSeconds?: number;
  username?: string;
  workingDir?: string;
  createdAt?: number;
  resourceGroupId?: string;
  tags?: { key: string; value: string }[];
  /** Target ids; their plan follows the steering rules (content and id). */
  targetIds?: string[];
  /** Explicit plans instead of the steering rules. */
  targets?: TargetPlan[];
}

export type { Product };
