import {
  formatTargetCounts,
  isFailedTargetStatus,
  normalizeInvocationStatus,
  summarizeInvocation,
  normalizeTargetStatus,
  type Invocation,
  type InvocationTarget,
} from '@invocations/core';
import type { Colors } from './colors.js';
import { renderTable, type TableColumn } from './table.js';

/** Colours an overall or target status: green Success, red failures, yellow PartialFailed, cyan in progress. */
export function colorStatus(status: string, colors: Colors): string {
  const known = normalizeInvocationStatus(normalizeTargetStatus(status));
  switch (known) {
    case 'Success':
      return colors.green(known);
    case 'PartialFailed':
      return colors.yellow(known);
    case 'Stopped':
    case 'Stopping':
    case 'Cancelled':
    case 'Terminated':
      return colors.magenta(known);
    case 'Running':
    case 'Pending':
    case 'Scheduled':
      return colors.cyan(known);
    default:
      return isFailedTargetStatus(known) ? colors.red(known) : known;
  }
}

/** Target counts as words, as core's `formatTargetCounts` writes them (`3 ok / 1 failed`), each part coloured. */
export function formatCounts(invocation: Invocation, colors: Colors): string {
  const label = formatTargetCounts(summarizeInvocation(invocation));
  return label
    .split(' / ')
    .map((part) => {
      if (part.endsWith(' ok')) return colors.green(part);
      if (part.endsWith(' failed')) return colors.red(part);
      if (part.endsWith(' stopped')) return colors.magenta(part);
      if (part.endsWith(' active')) return colors.cyan(part);
      return part;
    })
    .join(' / ');
}

/** A compact age such as `45s`, `12m`, `3h`, `2d`; `-` when the time is absent or unreadable. */
export function formatAge(iso: string | undefined, now: number): string {
  if (!iso) return '-';
  const at = Date.parse(iso);
  if (!Number.isFinite(at)) return '-';
  const seconds = Math.max(0, Math.round((now - at) / 1000));
  if (seconds < 60) return `${seconds}s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)}m`;
  if (seconds < 86_400) return `${Math.floor(seconds / 3600)}h`;
  return `${Math.floor(seconds / 86_400)}d`;
}

/** Sorts invocations newest first (those without a creation time last), then by invoke id. */
export function byNewest(a: Invocation, b: Invocation): number {
  return createdTime(b) - createdTime(a) || a.invokeId.localeCompare(b.invokeId);
}

function createdTime(invocation: Invocation): number {
  const at = invocation.createdAt ? Date.parse(invocation.createdAt) : Number.NaN;
  return Number.isFinite(at) ? at : Number.NEGATIVE_INFINITY;
}

const listColumns: TableColumn[] = [
  { header: 'PRODUCT' },
  { header: 'REGION' },
  { header: 'INVOKE ID' },
  { header: 'COMMAND', shrink: 'truncate', minWidth: 8 },
  { header: 'AGE' },
  { header: 'STATUS' },
  { header: 'TARGETS', shrink: 'wrap', minWidth: 9 },
];

/** The `list` table: product, region, invoke id, command name, age, coloured status, target counts. */
export function renderInvocationTable(invocations: readonly Invocation[], options: { width?: number; colors: Colors; now: number }): string {
  const rows = invocations.map((invocation) => [
    invocation.product,
    invocation.region ?? '-',
    invocation.invokeId,
    invocation.commandName ?? invocation.commandId ?? '-',
    formatAge(invocation.createdAt, options.now),
    colorStatus(invocation.status, options.colors),
    formatCounts(invocation, options.colors),
  ]);
  return renderTable(listColumns, rows, options);
}

const targetColumns: TableColumn[] = [
  { header: 'TARGET' },
  { header: 'STATUS' },
  { header: 'EXIT', align: 'right' },
  { header: 'ERROR', shrink: 'truncate', minWidth: 8 },
  { header: 'INFO', shrink: 'wrap', minWidth: 10 },
];

/** The per-target table of `get` and `watch`: target id, status, exit code, error code and detail. */
export function renderTargetTable(targets: readonly InvocationTarget[], options: { width?: number; colors: Colors }): string {
  const rows = targets.map((target) => [
    target.id,
    colorStatus(target.status, options.colors),
    target.exitCode === undefined ? '-' : String(target.exitCode),
    target.errorCode ?? (target.rawErrorCode?.trim() || '-'),
    target.errorInfo ?? '-',
  ]);
  return renderTable(targetColumns, rows, options);
}

/** The targets of the failed class, for the end of `watch` and the footer of `get`. */
export function failedTargets(invocation: Invocation): InvocationTarget[] {
  return invocation.targets.filter((target) => isFailedTargetStatus(target.status));
}

/** One line naming a failed target: its status, exit code and error code (and detail). */
export function describeFailedTarget(target: InvocationTarget, colors: Colors): string {
  const parts = [colorStatus(target.status, colors)];
  if (target.exitCode !== undefined) parts.push(`exit ${target.exitCode}`);
  if (target.errorCode ?? target.rawErrorCode) parts.push(target.errorCode ?? (target.rawErrorCode as string));
  const info = target.errorInfo ? `: ${target.errorInfo}` : '';
  return `${target.id} ${parts.join(', ')}${info}`;
}

/** The heading lines of `get`: ids, command, creation time and the overall status with counts. */
export function renderInvocationHeader(invocation: Invocation, options: { colors: Colors; now: number }): string[] {
  const { colors } = options;
  const command = [invocation.commandName, invocation.commandId && invocation.commandId !== invocation.commandName ? `(${invocation.commandId})` : undefined, invocation.commandType]
    .filter(Boolean)
    .join(' ');
  const lines = [
    `${colors.bold('invocation')} ${invocation.invokeId}  ${invocation.product}${invocation.region ? ` ${invocation.region}` : ''}`,
    `${colors.bold('status')}     ${colorStatus(invocation.status, colors)}  ${formatCounts(invocation, colors)}`,
  ];
  if (command) lines.push(`${colors.bold('command')}    ${command}`);
  if (invocation.createdAt) lines.push(`${colors.bold('created')}    ${invocation.createdAt} (${formatAge(invocation.createdAt, options.now)} ago)`);
  if (invocation.repeatMode && invocation.repeatMode !== 'Once') lines.push(`${colors.bold('repeat')}     ${invocation.repeatMode}${invocation.frequency ? ` ${invocation.frequency}` : ''}`);
  return lines;
}

/** Each target's decoded output under a heading; says how much the service dropped when it cut the output. */
export function renderOutputs(invocation: Invocation, colors: Colors): string[] {
  const lines: string[] = [];
  for (const target of invocation.targets) {
    const exit = target.exitCode === undefined ? '' : `, exit ${target.exitCode}`;
    lines.push('', colors.bold(`--- ${target.id} (${target.status}${exit}) ---`));
    const output = target.output ?? '';
    if (output === '') lines.push(colors.dim('(no output)'));
    else lines.push(output.replace(/\n$/, ''));
    if (target.droppedBytes > 0) {
      lines.push(colors.yellow(`[output truncated: the service dropped ${target.droppedBytes} bytes beyond its 24 KB limit]`));
    }
  }
  return lines;
}
