import {
  normalizeInvocationStatus,
  normalizeRepeatMode,
  normalizeTargetStatus,
  type InvocationStatus,
  type InvokeStatus,
  type KnownTargetStatus,
  type RepeatMode,
  type TargetStatus,
} from './model.js';

/** Target statuses still in progress: the invocation can still change. */
export const ACTIVE_TARGET_STATUSES = ['Pending', 'Scheduled', 'Running', 'Stopping'] as const satisfies readonly KnownTargetStatus[];
/** Target statuses of the failed class (seed 003: Invalid, Aborted, Failed, Timeout, Error count as Failed). */
export const FAILED_TARGET_STATUSES = ['Invalid', 'Aborted', 'Failed', 'Timeout', 'Error'] as const satisfies readonly KnownTargetStatus[];
/** Target statuses of the stopped class (seed 003: Cancelled, Terminated count as Stopped). */
export const STOPPED_TARGET_STATUSES = ['Cancelled', 'Terminated'] as const satisfies readonly KnownTargetStatus[];

const failedClass: ReadonlySet<string> = new Set(FAILED_TARGET_STATUSES);
const stoppedClass: ReadonlySet<string> = new Set(STOPPED_TARGET_STATUSES);

// Adapters normalise, but a status built by hand or by an older adapter may arrive as `success`;
// reading it as unknown (still running) would make a finished invocation look busy forever.
function targetStatusOf(status: TargetStatus): TargetStatus {
  return normalizeTargetStatus(status);
}

/** True for a target status of the failed class: Invalid, Aborted, Failed, Timeout, Error (any case). */
export function isFailedTargetStatus(status: TargetStatus): boolean {
  return failedClass.has(targetStatusOf(status));
}

/** True for a target status of the stopped class: Cancelled, Terminated (any case). */
export function isStoppedTargetStatus(status: TargetStatus): boolean {
  return stoppedClass.has(targetStatusOf(status));
}

/** True for a target status still in progress: Pending, Scheduled, Running, Stopping, or any value this library does not know. */
export function isActiveTargetStatus(status: TargetStatus): boolean {
  return !isTerminalTargetStatus(status);
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
 * (rule 3): a new value must not make an invocation look finished. Statuses compare
 * case-insensitively (`success` is Success).
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
  // Only whether any target succeeded or failed matters; the stopped ones are counted against the total.
  let anySuccess = false;
  let anyFailed = false;
  let stopped = 0;
  for (const raw of statuses) {
    const status = targetStatusOf(raw);
    switch (status) {
      case 'Pending':
        pending = true;
        break;
      case 'Scheduled':
        scheduled = true;
        break;
      // Stryker disable next-line StringLiteral: equivalent, Running and an unknown status both set running (the case names it for the reader)
      case 'Running':
        running = true;
        break;
      case 'Stopping':
        stopping = true;
        break;
      case 'Success':
        anySuccess = true;
        break;
      default:
        if (failedClass.has(status)) anyFailed = true;
        else if (stoppedClass.has(status)) stopped++;
        else running = true; // unknown: still in progress
    }
  }
  if (pending) return 'Pending';
  if (scheduled) return 'Scheduled';
  if (running) return 'Running';
  if (stopping) return 'Stopping';
  if (stopped === statuses.length) return 'Stopped';
  if (!anyFailed) return 'Success';
  if (!anySuccess) return 'Failed';
  return 'PartialFailed';
}

const terminalInvocationStatuses: ReadonlySet<string> = new Set(['Success', 'Failed', 'PartialFailed', 'Stopped']);

/**
 * True when an overall status can no longer change: Success, Failed, PartialFailed, Stopped
 * (any case). Unknown values are not terminal.
 */
export function isTerminal(status: InvocationStatus): boolean {
  return terminalInvocationStatuses.has(normalizeInvocationStatus(status));
}

/** True when a target status can no longer change (Success, the failed class, the stopped class; any case). */
export function isTerminalTargetStatus(status: TargetStatus): boolean {
  const known = targetStatusOf(status);
  return known === 'Success' || failedClass.has(known) || stoppedClass.has(known);
}

const repeatingModes: ReadonlySet<string> = new Set(['Period', 'EveryReboot']);

/**
 * The legacy `InvokeStatus` derived from the overall status by seed 003's rules:
 * Finished = every target done (some may have been stopped by hand); Failed = all failed;
 * PartialFailed = some failed; a periodic command stays Running until it is stopped, since the
 * seed says it can never be Finished, Failed or PartialFailed. Pending and Scheduled read as Running.
 */
export function deriveInvokeStatus(status: InvocationStatus, repeatMode?: RepeatMode): InvokeStatus {
  const overall = normalizeInvocationStatus(status);
  if (overall === 'Stopping') return 'Stopping';
  if (overall === 'Stopped') return 'Stopped';
  if (repeatMode !== undefined && repeatingModes.has(normalizeRepeatMode(repeatMode))) return 'Running';
  switch (overall) {
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
