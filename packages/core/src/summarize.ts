import { normalizeTargetStatus, type Invocation, type InvocationStatus, type Product, type TargetStatus } from './model.js';
import { isFailedTargetStatus, isStoppedTargetStatus } from './status.js';

/** One target in a {@link InvocationSummary} list: enough to say which machine and why. */
export interface TargetSummary {
  /** InstanceId or NodeId. */
  id: string;
  /** The target's status (documented spelling when known). */
  status: TargetStatus;
  exitCode?: number;
  /** Canonical error code (see `TARGET_ERROR_CODES`), when the service sent one. */
  errorCode?: string;
  /** The error detail as the service sent it. */
  errorInfo?: string;
}

/** The answer to "how did it go, and which machines failed?" for one invocation. */
export interface InvocationSummary {
  product: Product;
  invokeId: string;
  /** The invocation's overall status. */
  status: InvocationStatus;
  /** How many targets. */
  total: number;
  /** How many targets are in each status (documented spelling; unknown values as sent). */
  byStatus: Record<string, number>;
  /** How many targets succeeded. */
  succeeded: number;
  /** Targets of the failed class (Invalid, Aborted, Failed, Timeout, Error), in the invocation's order. */
  failed: TargetSummary[];
  /** Targets of the stopped class (Cancelled, Terminated). */
  stopped: TargetSummary[];
  /** Targets still in progress (Pending, Scheduled, Running, Stopping, or a status this library does not know). */
  active: TargetSummary[];
}

/**
 * Counts one invocation's targets per status and lists the failed, stopped and still-active
 * ones with their exit codes and error codes.
 *
 * @example
 * const summary = summarizeInvocation(invocation);
 * for (const target of summary.failed) console.log(target.id, target.status, target.exitCode, target.errorCode);
 */
export function summarizeInvocation(invocation: Invocation): InvocationSummary {
  const byStatus: Record<string, number> = {};
  const failed: TargetSummary[] = [];
  const stopped: TargetSummary[] = [];
  const active: TargetSummary[] = [];
  let succeeded = 0;
  for (const target of invocation.targets) {
    const status = normalizeTargetStatus(target.status);
    byStatus[status] = (byStatus[status] ?? 0) + 1;
    const entry: TargetSummary = {
      id: target.id,
      status,
      ...(target.exitCode === undefined ? {} : { exitCode: target.exitCode }),
      ...(target.errorCode === undefined ? {} : { errorCode: target.errorCode }),
      ...(target.errorInfo === undefined ? {} : { errorInfo: target.errorInfo }),
    };
    if (status === 'Success') succeeded++;
    else if (isFailedTargetStatus(status)) failed.push(entry);
    else if (isStoppedTargetStatus(status)) stopped.push(entry);
    else active.push(entry);
  }
  return {
    product: invocation.product,
    invokeId: invocation.invokeId,
    status: invocation.status,
    total: invocation.targets.length,
    byStatus,
    succeeded,
    failed,
    stopped,
    active,
  };
}

/**
 * A short label of a summary's counts, zero counts left out: `3 ok / 1 failed`,
 * `2 ok / 1 stopped / 4 active`, `no targets`.
 */
export function formatTargetCounts(summary: Pick<InvocationSummary, 'total' | 'succeeded' | 'failed' | 'stopped' | 'active'>): string {
  if (summary.total === 0) return 'no targets';
  const parts: string[] = [];
  if (summary.succeeded > 0) parts.push(`${summary.succeeded} ok`);
  if (summary.failed.length > 0) parts.push(`${summary.failed.length} failed`);
  if (summary.stopped.length > 0) parts.push(`${summary.stopped.length} stopped`);
  if (summary.active.length > 0) parts.push(`${summary.active.length} active`);
  return parts.join(' / ');
}
