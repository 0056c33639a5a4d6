import {
  aggregateStatus,
  deriveInvokeStatus,
  isTerminal,
  isTerminalTargetStatus,
  type InvocationStatus,
  type InvokeStatus,
  type KnownTargetStatus,
} from '@invocations/core';
import type { SimulationOptions, StopBehaviour, StoredInvocation, TargetPlan } from './types.js';

/** Default agent timing and stop behaviour. */
export const DEFAULT_SIMULATION: Required<SimulationOptions> = { dispatchMs: 1_000, runMs: 2_000, stopMs: 1_000, stopBehaviour: 'documented' };

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
  /** Characters the simulated shell already cut (added to `Dropped`). */
  outputDropped: number;
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
  outputDropped: number;
}

function finishedRun(plan: TargetPlan): RunResult {
  const printed = { output: plan.output, outputDropped: plan.outputDropped ?? 0 };
  switch (plan.outcome) {
    case 'success':
      return { status: 'Success', exitCode: 0, errorCode: '', errorInfo: '', ...printed };
    case 'failed':
      return { status: 'Failed', exitCode: plan.exitCode ?? 1, errorCode: 'ExitCodeNonzero', errorInfo: plan.errorInfo ?? EXIT_INFO, ...printed };
    case 'timeout':
      return { status: 'Timeout', errorCode: 'ExecutionTimeout', errorInfo: plan.errorInfo ?? TIMEOUT_INFO, ...printed };
    default:
      return { status: 'Error', errorCode: plan.errorCode ?? 'ExecutionException', errorInfo: plan.errorInfo ?? ERROR_INFO, ...printed };
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
    outputDropped: 0,
    errorCode: '',
    errorInfo: '',
    timed: false,
  };
}

/**
 * A target that StopInvocation reached before it ran (Pending or Scheduled) or, in the `terminate`
 * behaviour, while it ran: Stopping for `stopMs`, then Cancelled (not started) or Terminated.
 * StopTime is the time of the StopInvocation call (seed 003: "若调用了StopInvocation，表示调用的时间").
 */
function stoppedView(view: TargetView, stopAt: number, now: number, interrupted: boolean, stopMs: number): TargetView {
  const done = stopAt + stopMs;
  if (now < done) return { ...view, status: 'Stopping', legacyStatus: 'Running', stopTime: stopAt, updateTime: stopAt, timed: false };
  const status: KnownTargetStatus = interrupted ? 'Terminated' : 'Cancelled';
  return {
    ...view,
    status,
    legacyStatus: 'Stopped',
    finishTime: done,
    stopTime: stopAt,
    updateTime: done,
    timed: false,
    ...(interrupted ? { errorCode: 'ExecutionInterrupted', errorInfo: INTERRUPTED_INFO } : {}),
  };
}

/** The state a target would have at `now` had nobody called StopInvocation. */
function naturalStateAt(invocation: StoredInvocation, plan: TargetPlan, now: number): TargetView {
  const created = invocation.createdAt;
  const view = base(plan, created);
  const start = created + plan.dispatchMs;
  if (plan.outcome === 'invalid' || plan.outcome === 'aborted') {
    if (now < start) return view;
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
  if (isScheduledMode(invocation.repeatMode)) return periodicState(invocation, plan, view, now, start);
  const end = start + runLength(invocation, plan);
  if (now < start) return view;
  if (now < end) return { ...view, status: 'Running', startTime: start, updateTime: start };
  const result = finishedRun(plan);
  // Filled in place (the view is this call's own): a listing builds one per target per page.
  view.status = result.status;
  view.legacyStatus = legacyOf(result.status);
  if (result.exitCode !== undefined) view.exitCode = result.exitCode;
  view.errorCode = result.errorCode;
  view.errorInfo = result.errorInfo;
  view.output = result.output;
  view.outputDropped = result.outputDropped;
  view.startTime = start;
  view.finishTime = end;
  view.updateTime = end;
  // Seed 003's example shows Repeats 0 for a finished one-shot run: only periodic runs are counted.
  view.repeats = 0;
  return view;
}

/**
 * Seed 003's example sends StopTime on a target that finished and was never stopped, equal to its
 * UpdateTime; the emulator follows the example for every target in a final status.
 */
function withFinalStopTime(view: TargetView): TargetView {
  // In place: every caller passes a view naturalStateAt just built for it.
  if (view.stopTime === undefined && isTerminalTargetStatus(view.status)) view.stopTime = view.updateTime;
  return view;
}

/**
 * The state of one target of `invocation` at `now` (a pure function of the plan, the stops and the time).
 *
 * StopInvocation follows the ECS API reference (api-ecs-2014-05-26-stopinvocation, usage notes):
 * "After you stop a one-time command, instances that have started to run the command continue to run
 * the command, and instances that have not started to run the command do not run the command. After
 * you stop a periodic command, instances that have started to run the command continue to run the
 * command, but the command is not run in the next cycle." So a running target keeps running and ends
 * as its run ends (a periodic one then becomes Cancelled: no next cycle), and a target that had not
 * started becomes Cancelled. The `terminate` behaviour (the emulator's older one, kept for tests that
 * need a run cut short) makes a running target Terminated instead.
 */
export function targetStateAt(invocation: StoredInvocation, plan: TargetPlan, now: number, options: Required<SimulationOptions>): TargetView {
  const stopAt = invocation.stops.get(plan.id);
  if (stopAt === undefined || now < stopAt) return withFinalStopTime(naturalStateAt(invocation, plan, now));
  const atStop = naturalStateAt(invocation, plan, stopAt);
  // Finished before the stop: the stop changes nothing but the StopTime it records.
  if (isTerminalTargetStatus(atStop.status)) return { ...naturalStateAt(invocation, plan, now), stopTime: stopAt };
  const running = atStop.status === 'Running';
  const behaviour: StopBehaviour = invocation.stopBehaviour ?? options.stopBehaviour;
  if (!running || behaviour === 'terminate') return stoppedView(atStop, stopAt, now, running, options.stopMs);
  if (!isScheduledMode(invocation.repeatMode)) {
    const later = naturalStateAt(invocation, plan, now);
    return { ...later, stopTime: stopAt, timed: false };
  }
  // A periodic run in progress finishes; no further cycle starts.
  const runEnd = (atStop.startTime as number) + Math.min(runLength(invocation, plan), periodOf(invocation));
  if (now < runEnd) return { ...atStop, stopTime: stopAt, timed: false };
  const last = finishedRun(plan);
  return {
    ...atStop,
    status: 'Cancelled',
    legacyStatus: 'Stopped',
    exitCode: last.exitCode,
    output: last.output,
    outputDropped: last.outputDropped,
    errorCode: last.errorCode,
    errorInfo: last.errorInfo,
    finishTime: runEnd,
    stopTime: stopAt,
    updateTime: runEnd,
    timed: false,
  };
}

function periodOf(invocation: StoredInvocation): number {
  return invocation.repeatMode === 'Period' ? Math.max(invocation.periodMs ?? 60_000, 1) : Number.POSITIVE_INFINITY;
}

function periodicState(invocation: StoredInvocation, plan: TargetPlan, view: TargetView, now: number, firstStart: number): TargetView {
  if (now < firstStart) return view;
  const period = periodOf(invocation);
  // Reboot-triggered modes wait for a reboot that never comes in the emulator: Scheduled, no runs.
  if (!Number.isFinite(period)) return { ...view, status: 'Scheduled', legacyStatus: 'Running', updateTime: firstStart, timed: true };
  const length = Math.min(runLength(invocation, plan), period);
  const index = Math.floor((now - firstStart) / period);
  const runStart = firstStart + index * period;
  const running = now < runStart + length;
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
      outputDropped: last.outputDropped,
      errorCode: last.errorCode,
      errorInfo: last.errorInfo,
      finishTime: firstStart + (completed - 1) * period + length,
    };
  }
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
    // Timed: "not cancelled, stopped or finished" (seed 003); a stopped periodic run that still runs is not timed.
    timed: isScheduledMode(invocation.repeatMode) && !isTerminal(status) && status !== 'Stopping' && targets.some((target) => target.timed || target.status === 'Pending'),
  };
}
