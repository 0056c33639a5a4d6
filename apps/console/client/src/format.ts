/** The four groups statuses are drawn in; each badge also says its status in words. */
export type StatusClass = 'success' | 'failed' | 'active' | 'stopped';

// The page imports only core's types: core's runtime brings zod, which would more than double the page's
// JavaScript for two small sets. The sets follow core's isFailedTargetStatus / isStoppedTargetStatus.
const FAILED = new Set(['failed', 'partialfailed', 'invalid', 'aborted', 'timeout', 'error']);
const STOPPED = new Set(['stopped', 'cancelled', 'terminated']);

/** The group of an overall or target status (any case); an unknown one counts as active, as core does. */
export function statusClass(status: string): StatusClass {
  const lower = status.toLowerCase();
  if (lower === 'success') return 'success';
  if (FAILED.has(lower)) return 'failed';
  if (STOPPED.has(lower)) return 'stopped';
  // Pending, Scheduled, Running, Stopping, and any status this page does not know: it may still change.
  return 'active';
}

/** Whether a status can still change. */
export function isActive(status: string): boolean {
  return statusClass(status) === 'active';
}

/** A time as the reader's local date and time, or a dash. */
export function formatTime(iso: string | undefined): string {
  if (!iso) return '—';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'medium' });
}

/** `12 KB`, `300 bytes`. */
export function formatBytes(bytes: number): string {
  return bytes >= 1024 ? `${(bytes / 1024).toFixed(1)} KB` : `${bytes} byte${bytes === 1 ? '' : 's'}`;
}

/** The path of one invocation's view. */
export function invocationPath(invocation: { product: string; region?: string | undefined; invokeId: string }): string {
  return `/invocations/${encodeURIComponent(invocation.product)}/${encodeURIComponent(invocation.region ?? '-')}/${encodeURIComponent(invocation.invokeId)}`;
}
