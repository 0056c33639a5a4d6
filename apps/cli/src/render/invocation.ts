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
import { escapeControls, escapeControlsInText } from './escape.js';
import { renderTable, type TableColumn } from './table.js';

/** The status as shown: the documented spelling of a known status, else the service's value escaped. */
export function displayStatus(status: string): string {
  return escapeControls(normalizeInvocationStatus(normalizeTargetStatus(status)));
}

/** Colours a shown status: green Success, red failures, yellow PartialFailed, magenta stopped, cyan in progress. */
export function colorStatusText(text: string, colors: Colors): string {
  switch (text) {
    case 'Success':
      return colors.green(text);
    case 'PartialFailed':
      return colors.yellow(text);
    case 'Stopped':
    case 'Stopping':
    case 'Cancelled':
    case 'Terminated':
      return colors.magenta(text);
    case 'Running':
    case 'Pending':
    case 'Scheduled':
      return colors.cyan(text);
    default:
      return isFailedTargetStatus(text) ? colors.red(text) : text;
  }
}

/** Colours an overall or target status: green Success, red failures, yellow PartialFailed, cyan in progress (server text escaped). */
export function colorStatus(status: string, colors: Colors): string {
  return colorStatusText(displayStatus(status), colors);
}

/** Colours target counts as core's `formatTargetCounts` writes them (`3 ok / 1 failed`), each part in its colour. */
export function colorCountsText(label: string, colors: Colors): string {
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

/** Target counts as words, as core's `formatTargetCounts` writes them (`3 ok / 1 failed`), each part coloured. */
export function formatCounts(invocation: Invocation, colors: Colors): string {
  return colorCountsText(formatTargetCounts(summarizeInvocation(invocation)), colors);
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

/** Longest known overall status (`PartialFailed`): reserved so a later row lines up. */
const STATUS_RESERVE = 13;
/** `2 ok / 1 failed`: reserved so the common summaries stay on one line in every row. */
const COUNTS_RESERVE = 15;

/**
 * The columns of the `list` table: product, region, invoke id, command name, age, coloured status,
 * target counts. At 80 columns the command keeps 10 columns and the counts stay whole: the gaps
 * tighten and AGE is hidden first (the rows are newest first, so their order still says it).
 */
export function listColumns(colors: Colors, options: { regionWidth?: number } = {}): TableColumn[] {
  return [
    { header: 'PRODUCT' },
    { header: 'REGION', ...(options.regionWidth ? { reserve: options.regionWidth } : {}) },
    // ECS, SWAS and eflo invoke ids are 16 to 18 characters: reserved so the rows line up as they stream.
    { header: 'INVOKE ID', reserve: 18 },
    { header: 'COMMAND', shrink: 'truncate', minWidth: 6, readableWidth: 10, reserve: 16 },
    { header: 'AGE', optional: true, reserve: 3 },
    { header: 'STATUS', reserve: STATUS_RESERVE, color: (text) => colorStatusText(text, colors) },
    // Longer summaries (`3 ok / 1 failed / 1 active`) get their room when there is some, else are cut.
    { header: 'TARGETS', reserve: COUNTS_RESERVE, shrink: 'truncate', minWidth: COUNTS_RESERVE, color: (text) => colorCountsText(text, colors) },
  ];
}

/** The cells of one `list` row, plain and escaped. */
export function invocationRow(invocation: Invocation, now: number): string[] {
  return [
    invocation.product,
    escapeControls(invocation.region ?? '-'),
    escapeControls(invocation.invokeId),
    escapeControls(invocation.commandName ?? invocation.commandId ?? '-'),
    formatAge(invocation.createdAt, now),
    displayStatus(invocation.status),
    formatTargetCounts(summarizeInvocation(invocation)),
  ];
}

/** The `list` table of a few invocations as one string (the command itself streams, see `createTableWriter`). */
export function renderInvocationTable(invocations: readonly Invocation[], options: { width?: number; colors: Colors; now: number }): string {
  const rows = invocations.map((invocation) => invocationRow(invocation, options.now));
  return renderTable(listColumns(options.colors), rows, { ...(options.width === undefined ? {} : { width: options.width }), bold: options.colors.bold });
}

function targetColumns(colors: Colors): TableColumn[] {
  return [
    { header: 'TARGET' },
    { header: 'STATUS', color: (text) => colorStatusText(text, colors) },
    { header: 'EXIT', align: 'right' },
    { header: 'ERROR', shrink: 'truncate', minWidth: 8 },
    { header: 'INFO', shrink: 'wrap', minWidth: 10 },
  ];
}

/** The cells of one target row, plain and escaped. */
function targetRow(target: InvocationTarget): string[] {
  return [
    escapeControls(target.id),
    displayStatus(target.status),
    target.exitCode === undefined ? '-' : String(target.exitCode),
    escapeControls(target.errorCode ?? (target.rawErrorCode?.trim() || '-')),
    escapeControls(target.errorInfo ?? '-'),
  ];
}

/** The per-target table of `get` and `watch`: target id, status, exit code, error code and detail. Linear in the targets. */
export function renderTargetTable(targets: readonly InvocationTarget[], options: { width?: number; colors: Colors }): string {
  const rows = targets.map(targetRow);
  return renderTable(targetColumns(options.colors), rows, { ...(options.width === undefined ? {} : { width: options.width }), bold: options.colors.bold });
}

/** The targets of the failed class, for the end of `watch` and the footer of `get`. */
export function failedTargets(invocation: Invocation): InvocationTarget[] {
  return invocation.targets.filter((target) => isFailedTargetStatus(target.status));
}

/** One line naming a failed target: its status, exit code and error code (and detail). */
export function describeFailedTarget(target: InvocationTarget, colors: Colors): string {
  const parts = [colorStatus(target.status, colors)];
  if (target.exitCode !== undefined) parts.push(`exit ${target.exitCode}`);
  if (target.errorCode ?? target.rawErrorCode) parts.push(escapeControls(target.errorCode ?? (target.rawErrorCode as string)));
  const info = target.errorInfo ? `: ${escapeControls(target.errorInfo)}` : '';
  return `${escapeControls(target.id)} ${parts.join(', ')}${info}`;
}

/** The heading lines of `get`: ids, command, creation time and the overall status with counts. */
export function renderInvocationHeader(invocation: Invocation, options: { colors: Colors; now: number }): string[] {
  const { colors } = options;
  const command = escapeControls(
    [invocation.commandName, invocation.commandId && invocation.commandId !== invocation.commandName ? `(${invocation.commandId})` : undefined, invocation.commandType]
      .filter(Boolean)
      .join(' '),
  );
  const lines = [
    `${colors.bold('invocation')} ${escapeControls(invocation.invokeId)}  ${invocation.product}${invocation.region ? ` ${escapeControls(invocation.region)}` : ''}`,
    `${colors.bold('status')}     ${colorStatus(invocation.status, colors)}  ${formatCounts(invocation, colors)}`,
  ];
  if (command) lines.push(`${colors.bold('command')}    ${command}`);
  if (invocation.createdAt) lines.push(`${colors.bold('created')}    ${escapeControls(invocation.createdAt)} (${formatAge(invocation.createdAt, options.now)} ago)`);
  if (invocation.repeatMode && invocation.repeatMode !== 'Once') {
    lines.push(`${colors.bold('repeat')}     ${escapeControls(invocation.repeatMode)}${invocation.frequency ? ` ${escapeControls(invocation.frequency)}` : ''}`);
  }
  return lines;
}

/** Each target's decoded output under a heading; says how much the service dropped when it cut the output. */
export function renderOutputs(invocation: Invocation, colors: Colors): string[] {
  const lines: string[] = [];
  for (const target of invocation.targets) {
    const exit = target.exitCode === undefined ? '' : `, exit ${target.exitCode}`;
    lines.push('', colors.bold(`--- ${escapeControls(target.id)} (${displayStatus(target.status)}${exit}) ---`));
    const output = target.output ?? '';
    if (output === '') lines.push(colors.dim('(no output)'));
    else lines.push(escapeControlsInText(output).replace(/\n$/, ''));
    if (target.droppedBytes > 0) {
      lines.push(colors.yellow(`[output truncated: the service dropped ${target.droppedBytes} bytes beyond its 24 KB limit]`));
    }
  }
  return lines;
}
