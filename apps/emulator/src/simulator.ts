import { aggregateStatus, deriveInvokeStatus, isTerminal, type InvocationStatus, type InvokeStatus, type KnownTargetStatus } from '@invocations/core';
import type { SimulationOptions, StoredInvocation, TargetPlan } from './types.js';

/** Default agent timing. */
export const DEFAULT_SIMULATION: Required<SimulationOptions> = { dispatchMs: 1_000, runMs: 2_000, stopMs: 1_000 };

/** The legacy per-target status (`InstanceInvokeStatus`, `NodeInvokeStatus`, `InvokeRecordStatus`). */
export type LegacyTargetStatus = 'Running' | 'Finished' | 'Failed' | 'Stopped';

/** One target as it looks at a moment. */
export interface TargetView {
  id: string;
  status: KnownTargetStatus;
  legacyStatus: LegacyTargetStatus;
  creationTime: number;
  startTime?: number;
  finishTime?: number;
  stopTime?: number;
  updateTime: number;
  repeats: number;
  exitCode?: number;
  /** Plain text, before the 24 KB cut. */
  output: string;
  errorCode: string;
  errorInfo: string;
  timed: boolean;
}

/** One invocation as it looks at a moment. */
export interface InvocationView {
  invocation: StoredInvocation;
  targets: TargetView[];
  /** Overall status, by core's aggregateStatus. */
  status: InvocationStatus;
  /** Legacy overall status, by core's deriveInvokeStatus. */
  invokeStatus: InvokeStatus;
  /** True while a periodic or reboot-triggered invocation will still run. */
  timed: boolean;
}

const SCHEDULED_MODES = new Set(['Period', 'EveryReboot', 'NextRebootOnly']);

/** True for repeat modes whose targets wait in Scheduled between runs. */
export function isScheduledMode(repeatMode: string): boolean {
  return SCHEDULED_MODES.has(repeatMode);
}

function legacyOf(status: KnownTargetStatus): LegacyTargetStatus {
  switch (status) {
    case 'Success':
      return 'Finished';
    case 'Invalid':
    case 'Aborted':
    case 'Failed':
    case 'Timeout':
    case 'Error':
      return 'Failed';
    case 'Cancelled':
    case 'Terminated':
      return 'Stopped';
    default:
      return 'Running';
  }
}

const TIMEOUT_INFO = 'the command execution has been timeout';
const ERROR_INFO = 'the command execution got an exception';
const EXIT_INFO = 'the command execution exit code is not zero';
const INTERRUPTED_INFO = 'the command execution has been interrupted';

interface RunResult {
  status: KnownTargetStatus;
  exitCode?: number;
  errorCode: string;
  errorInfo: string;
  output: string;
}

function finishedRun(plan: TargetPlan): RunResult {
  switch (plan.outcome) {
    case 'success':
      return { status: 'Success', exitCode: 0, errorCode: '', errorInfo: '', output: plan.output };
    case 'failed':
      return { status: 'Failed', exitCode: plan.exitCode ?? 1, errorCode: 'ExitCodeNonzero', errorInfo: plan.errorInfo ?? EXIT_INFO, output: plan.output };
    case 'timeout':
      return { status: 'Timeout', errorCode: 'ExecutionTimeout', errorInfo: plan.errorInfo ?? TIMEOUT_INFO, output: plan.output };
    default:
      return { status: 'Error', errorCode: plan.errorCode ?? 'ExecutionException', errorInfo: plan.errorInfo ?? ERROR_INFO, output: plan.output };
  }
}

/** How long one run of this target lasts: its own length, cut at the invocation's Timeout. */
function runLength(invocation: StoredInvocation, plan: TargetPlan): number {
  const limit = invocation.timeoutSeconds * 1000;
  return plan.outcome === 'timeout' ? limit : Math.min(plan.runMs, limit);
}

function base(plan: TargetPlan, createdAt: number): TargetView {
  return {
    id: plan.id,
    status: 'Pending',
    legacyStatus: 'Running',
    creationTime: createdAt,
    updateTime: createdAt,
    repeats: 0,
    output: '',
    errorCode: '',
    errorInfo: '',
    timed: false,
  };
}

function stoppedView(view: TargetView, stopAt: number, now: number, startedBeforeStop: boolean, stopMs: number): TargetView {
  const done = stopAt + stopMs;
  if (now < done) return { ...view, status: 'Stopping', legacyStatus: 'Running', updateTime: stopAt, timed: false };
  const status: KnownTargetStatus = startedBeforeStop ? 'Terminated' : 'Cancelled';
  return {
    ...view,
    status,
    legacyStatus: 'Stopped',
    stopTime: done,
    updateTime: done,
    timed: false,
    ...(startedBeforeStop ? { errorCode: 'ExecutionInterrupted', errorInfo: INTERRUPTED_INFO } : {}),
  };
}

/** The state of one target of `invocation` at `now` (a pure function of the plan, the stops and the time). */
export function targetStateAt(invocation: StoredInvocation, plan: TargetPlan, now: number, options: Required<SimulationOptions>): TargetView {
  const created = invocation.createdAt;
  const view = base(plan, created);
  const stopAt = invocation.stops.get(plan.id);
  const start = created + plan.dispatchMs;
  const effectiveNow = stopAt !== undefined ? Math.min(now, stopAt) : now;

  if (plan.outcome === 'invalid' || plan.outcome === 'aborted') {
    if (effectiveNow < start) {
      return stopAt !== undefined && now >= stopAt ? stoppedView(view, stopAt, now, false, options.stopMs) : view;
    }
    return {
      ...view,
      status: plan.outcome === 'invalid' ? 'Invalid' : 'Aborted',
      legacyStatus: 'Failed',
      finishTime: start,
      updateTime: start,
      errorCode: plan.errorCode ?? '',
      errorInfo: plan.errorInfo ?? '',
    };
  }

  if (isScheduledMode(invocation.repeatMode)) return periodicState(invocation, plan, view, now, start, stopAt, options);

  const end = start + runLength(invocation, plan);
  if (stopAt !== undefined && stopAt < end && now >= stopAt) {
    const started = stopAt >= start;
    return stoppedView(started ? { ...view, startTime: start } : view, stopAt, now, started, options.stopMs);
  }
  if (now < start) return view;
  if (now < end) return { ...view, status: 'Running', startTime: start, updateTime: start };
  const result = finishedRun(plan);
  return {
    ...view,
    ...result,
    legacyStatus: legacyOf(result.status),
    startTime: start,
    finishTime: end,
    updateTime: end,
    // Seed 003's example shows Repeats 0 for a finished one-shot run: only periodic runs are counted.
    repeats: 0,
  };
}

function periodicState(
  invocation: StoredInvocation,
  plan: TargetPlan,
  view: TargetView,
  now: number,
  firstStart: number,
  stopAt: number | undefined,
  options: Required<SimulationOptions>,
): TargetView {
  const at = stopAt !== undefined ? Math.min(now, stopAt) : now;
  if (at < firstStart) {
    if (stopAt !== undefined && now >= stopAt) return stoppedView(view, stopAt, now, false, options.stopMs);
    return view;
  }
  const period = invocation.repeatMode === 'Period' ? Math.max(invocation.periodMs ?? 60_000, 1) : Number.POSITIVE_INFINITY;
  const length = Math.min(runLength(invocation, plan), Number.isFinite(period) ? period : Number.POSITIVE_INFINITY);
  // Reboot-triggered modes wait for a reboot that never comes in the emulator: Scheduled, no runs.
  if (!Number.isFinite(period)) {
    const scheduled: TargetView = { ...view, status: 'Scheduled', legacyStatus: 'Running', updateTime: firstStart, timed: true };
    return stopAt !== undefined && now >= stopAt ? stoppedView(scheduled, stopAt, now, false, options.stopMs) : scheduled;
  }
  const index = Math.floor((at - firstStart) / period);
  const runStart = firstStart + index * period;
  const running = at < runStart + length;
  const completed = running ? index : index + 1;
  let current: TargetView = {
    ...view,
    status: running ? 'Running' : 'Scheduled',
    legacyStatus: 'Running',
    startTime: runStart,
    updateTime: running ? runStart : runStart + length,
    repeats: index + 1,
    timed: true,
  };
  if (completed > 0) {
    const last = finishedRun(plan);
    current = {
      ...current,
      exitCode: last.exitCode,
      output: last.output,
      errorCode: last.errorCode,
      errorInfo: last.errorInfo,
      finishTime: firstStart + (completed - 1) * period + length,
    };
  }
  if (stopAt !== undefined && now >= stopAt) return stoppedView(current, stopAt, now, running, options.stopMs);
  return current;
}

/** The whole invocation at `now`: each target, the overall status and the legacy InvokeStatus. */
export function invocationStateAt(invocation: StoredInvocation, now: number, options: Required<SimulationOptions>): InvocationView {
  const targets = invocation.targets.map((plan) => targetStateAt(invocation, plan, now, options));
  const status = aggregateStatus(targets.map((target) => target.status));
  return {
    invocation,
    targets,
    status,
    invokeStatus: deriveInvokeStatus(status, invocation.repeatMode),
    timed: isScheduledMode(invocation.repeatMode) && !isTerminal(status) && status !== 'Stopping',
  };
}
