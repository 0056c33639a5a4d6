import { isActiveTargetStatus, isFailedTargetStatus, normalizeInvocationStatus, type Invocation, type InvocationTarget } from '@invocations/core';
import type { Colors } from './colors.js';
import { escapeControls } from './escape.js';
import { colorStatus, describeFailedTarget, failedTargets, formatCounts, renderTargetTable } from './invocation.js';
import { cutToWidth, displayWidth } from './text-width.js';

/** Elapsed time for the watch view: `8s`, `2m05s`, `1h02m`. */
export function formatElapsed(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m${String(seconds % 60).padStart(2, '0')}s`;
  return `${Math.floor(minutes / 60)}h${String(minutes % 60).padStart(2, '0')}m`;
}

// Which targets a view too short for all of them shows first: failed, then still running, then the rest.
function rank(target: InvocationTarget): number {
  if (isFailedTargetStatus(target.status)) return 0;
  if (isActiveTargetStatus(target.status)) return 1;
  return 2;
}

/**
 * The live view of `watch` on a terminal, redrawn in place: a heading with the overall status and
 * the target counts, then one row per target. Every line fits `width`; with `height` (the
 * terminal's rows) the view keeps to it, showing failed and running targets first and saying how
 * many more there are, because a view taller than the screen cannot be redrawn in place. Linear
 * in the targets.
 */
export function renderWatchView(
  invocation: Invocation,
  options: { width?: number; height?: number; colors: Colors; elapsedMs: number },
): string[] {
  const { colors } = options;
  const name = escapeControls(invocation.commandName ?? invocation.commandId ?? '');
  const where = `${escapeControls(invocation.invokeId)}  ${invocation.product}${invocation.region ? ` ${escapeControls(invocation.region)}` : ''}`;
  // A heading that wraps would break the in-place redraw (it counts lines), so cut the name to fit.
  let heading = name ? `${where}  ${name}` : where;
  if (options.width !== undefined && displayWidth(heading) > options.width) {
    const room = options.width - displayWidth(where) - 2;
    heading = room >= 4 && name ? `${where}  ${cutToWidth(name, room)}` : cutToWidth(where, options.width);
  }
  heading = heading.startsWith(where) ? `${colors.bold(where)}${heading.slice(where.length)}` : colors.bold(heading);
  const status = `${colorStatus(invocation.status, colors)}  ${formatCounts(invocation, colors)}  ${colors.dim(formatElapsed(options.elapsedMs))}`;
  let targets: readonly InvocationTarget[] = invocation.targets;
  let more = '';
  // Heading, status, blank line, table header, and a line saying how many are not shown.
  const room = options.height === undefined ? undefined : Math.max(1, options.height - 6);
  if (room !== undefined && targets.length > room) {
    const shown = targets
      .map((target, index) => ({ target, index, rank: rank(target) }))
      .sort((a, b) => a.rank - b.rank || a.index - b.index)
      .slice(0, room)
      .sort((a, b) => a.index - b.index)
      .map((entry) => entry.target);
    more = colors.dim(`... and ${targets.length - shown.length} more targets (failed and running ones are shown first)`);
    targets = shown;
  }
  const table = renderTargetTable(targets, { ...(options.width === undefined ? {} : { width: options.width }), colors }).split('\n');
  const lines = [heading, status, '', ...table];
  if (more) lines.push(options.width === undefined ? more : cutToWidth(more, options.width));
  return lines;
}

/**
 * Lines for `watch` when stdout is not a terminal: one per change since the previous sighting
 * (the overall status, each target's status or exit code), each starting with the elapsed time.
 */
export function describeChanges(invocation: Invocation, previous: Invocation | undefined, options: { colors: Colors; elapsedMs: number }): string[] {
  const { colors } = options;
  const stamp = colors.dim(`[${formatElapsed(options.elapsedMs)}]`);
  const lines: string[] = [];
  if (!previous || normalizeInvocationStatus(previous.status) !== normalizeInvocationStatus(invocation.status)) {
    lines.push(`${stamp} ${escapeControls(invocation.invokeId)} ${colorStatus(invocation.status, colors)} (${formatCounts(invocation, colors)})`);
  }
  const before = new Map((previous?.targets ?? []).map((target) => [target.id, target]));
  for (const target of invocation.targets) {
    const old = before.get(target.id);
    if (old && old.status === target.status && old.exitCode === target.exitCode) continue;
    const exit = target.exitCode === undefined ? '' : ` exit ${target.exitCode}`;
    const error = target.errorCode ? ` ${escapeControls(target.errorCode)}` : '';
    lines.push(`${stamp}   ${escapeControls(target.id)} ${colorStatus(target.status, colors)}${exit}${error}`);
  }
  return lines;
}

/** Wraps plain text at word boundaries so no line is wider than `width` (a longer word stays whole). */
export function wrapText(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line !== '' && displayWidth(`${line} ${word}`) > width) {
      lines.push(line);
      line = word;
    } else {
      line = line === '' ? word : `${line} ${word}`;
    }
  }
  if (line !== '') lines.push(line);
  return lines;
}

/**
 * The closing lines of `watch`: the final status and counts, then each failed target with its exit
 * and error codes, the error detail below it wrapped to `width`.
 */
export function renderWatchSummary(invocation: Invocation, colors: Colors, width?: number): string[] {
  const lines = [`${escapeControls(invocation.invokeId)} finished ${colorStatus(invocation.status, colors)}: ${formatCounts(invocation, colors)}`];
  const failed = failedTargets(invocation);
  if (failed.length > 0) {
    lines.push(`failed target${failed.length === 1 ? '' : 's'}:`);
    for (const target of failed) {
      lines.push(`  ${describeFailedTarget({ ...target, errorInfo: undefined }, colors)}`);
      if (target.errorInfo) lines.push(...wrapText(escapeControls(target.errorInfo), Math.max(20, (width ?? 100) - 4)).map((line) => `    ${colors.dim(line)}`));
    }
  }
  return lines;
}
