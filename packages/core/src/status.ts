import type { InvocationStatus, InvokeStatus, KnownTargetStatus, RepeatMode, TargetStatus } from './model.js';

/** Target statuses still in progress: the invocation can still change. */
export const ACTIVE_TARGET_STATUSES = ['Pending', 'Scheduled', 'Running', 'Stopping'] as const satisfies readonly KnownTargetStatus[];
/** Target statuses of the failed class (seed 003: Invalid, Aborted, Failed, Timeout, Error count as Failed). */
export const FAILED_TARGET_STATUSES = ['Invalid', 'Aborted', 'Failed', 'Timeout', 'Error'] as const satisfies readonly KnownTargetStatus[];
/** Target statuses of the stopped class (seed 003: Cancelled, Terminated count as Stopped). */
export const STOPPED_TARGET_STATUSES = ['Cancelled', 'Terminated'] as const satisfies readonly KnownTargetStatus[];

const failedClass: ReadonlySet<string> = new Set(FAILED_TARGET_STATUSES);
const stoppedClass: ReadonlySet<string> = new Set(STOPPED_TARGET_STATUSES);

/** True for a target status of the failed class: Invalid, Aborted, Failed, Timeout, Error. */
export function isFailedTargetStatus(status: TargetStatus): boolean {
  return failedClass.has(status);
}

/** True for a target status of the stopped class: Cancelled, Terminated. */
export function isStoppedTargetStatus(status: TargetStatus): boolean {
  return stoppedClass.has(status);
}

/**
 * The overall status of an invocation from its targets' statuses, by the documents' rules
 * (seed 003 for ECS, seed 002 for eflo) taken in this order, first match wins:
 *
 * 1. any Pending -> Pending; 2. any Scheduled -> Scheduled; 3. any Running -> Running;
 * 4. any Stopping -> Stopping; 5. all in the stopped class -> Stopped;
 * 6. all Success or stopped, at least one Success -> Success;
 * 7. all failed or stopped, at least one failed -> Failed; 8. otherwise -> PartialFailed.
 *
 * The documents leave the order of rules 1-4 open and, read literally, make rule 7 match an
 * all-cancelled invocation; this order is our decision. No targets at all is Pending (nothing has
 * been dispatched yet). A status this library does not know is treated as still in progress
 * (rule 3): a new value must not make an invocation look finished.
 *
 * @example
 * aggregateStatus(['Success', 'Failed']); // 'PartialFailed'
 * aggregateStatus(['Success', 'Cancelled']); // 'Success'
 */
export function aggregateStatus(statuses: readonly TargetStatus[]): InvocationStatus {
  if (statuses.length === 0) return 'Pending';
  let pending = false;
  let scheduled = false;
  let running = false;
  let stopping = false;
  let success = 0;
  let failed = 0;
  let stopped = 0;
  for (const status of statuses) {
    switch (status) {
      case 'Pending':
        pending = true;
        break;
      case 'Scheduled':
        scheduled = true;
        break;
      case 'Running':
        running = true;
        break;
      case 'Stopping':
        stopping = true;
        break;
      case 'Success':
        success++;
        break;
      default:
        if (failedClass.has(status)) failed++;
        else if (stoppedClass.has(status)) stopped++;
        else running = true; // unknown: still in progress
    }
  }
  if (pending) return 'Pending';
  if (scheduled) return 'Scheduled';
  if (running) return 'Running';
  if (stopping) return 'Stopping';
  if (stopped === statuses.length) return 'Stopped';
  if (failed === 0) return 'Success';
  if (success === 0) return 'Failed';
  return 'PartialFailed';
}

const terminalInvocationStatuses: ReadonlySet<string> = new Set(['Success', 'Failed', 'PartialFailed', 'Stopped']);

/**
 * True when an overall status can no longer change: Success, Failed, PartialFailed, Stopped.
 * Unknown values are not terminal.
 */
export function isTerminal(status: InvocationStatus): boolean {
  return terminalInvocationStatuses.has(status);
}

/** True when a target status can no longer change (Success, the failed class, the stopped class). */
export function isTerminalTargetStatus(status: TargetStatus): boolean {
  return status === 'Success' || failedClass.has(status) || stoppedClass.has(status);
}

const repeatingModes: ReadonlySet<string> = new Set(['Period', 'EveryReboot']);

/**
 * The legacy `InvokeStatus` derived from the overall status by seed 003's rules:
 * Finished = every target done (some may have been stopped by hand); Failed = all failed;
 * PartialFailed = some failed; a periodic command stays Running until it is stopped, since the
 * seed says it can never be Finished, Failed or PartialFailed. Pending and Scheduled read as Running.
 */
export function deriveInvokeStatus(status: InvocationStatus, repeatMode?: RepeatMode): InvokeStatus {
  if (status === 'Stopping') return 'Stopping';
  if (status === 'Stopped') return 'Stopped';
  if (repeatMode !== undefined && repeatingModes.has(repeatMode)) return 'Running';
  switch (status) {
    case 'Success':
      return 'Finished';
    case 'Failed':
      return 'Failed';
    case 'PartialFailed':
      return 'PartialFailed';
    default:
      return 'Running';
  }
}
