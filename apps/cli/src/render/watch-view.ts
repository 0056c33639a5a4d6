import { normalizeInvocationStatus, type Invocation } from '@invocations/core';
import stringWidth from 'string-width';
import type { Colors } from './colors.js';
import { colorStatus, describeFailedTarget, failedTargets, formatCounts, renderTargetTable } from './invocation.js';

/** Elapsed time for the watch view: `8s`, `2m05s`, `1h02m`. */
export function formatElapsed(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m${String(seconds % 60).padStart(2, '0')}s`;
  return `${Math.floor(minutes / 60)}h${String(minutes % 60).padStart(2, '0')}m`;
}

/**
 * The live view of `watch` on a terminal, redrawn in place: a heading with the overall status and
 * the target counts, then one row per target. Every line fits `width`.
 */
export function renderWatchView(invocation: Invocation, options: { width?: number; colors: Colors; elapsedMs: number }): string[] {
  const { colors } = options;
  const name = invocation.commandName ?? invocation.commandId;
  const where = `${colors.bold(invocation.invokeId)}  ${invocation.product}${invocation.region ? ` ${invocation.region}` : ''}`;
  // A heading that wraps would break the in-place redraw (it counts lines), so cut the name to fit.
  let heading = name ? `${where}  ${name}` : where;
  if (options.width !== undefined && stringWidth(heading) > options.width) {
    const room = options.width - stringWidth(where) - 3;
    heading = room >= 4 && name ? `${where}  ${[...name].slice(0, room - 1).join('')}…` : where;
  }
  const status = `${colorStatus(invocation.status, colors)}  ${formatCounts(invocation, colors)}  ${colors.dim(formatElapsed(options.elapsedMs))}`;
  const table = renderTargetTable(invocation.targets, { width: options.width, colors }).split('\n');
  return [heading, status, '', ...table];
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
    lines.push(`${stamp} ${invocation.invokeId} ${colorStatus(invocation.status, colors)} (${formatCounts(invocation, colors)})`);
  }
  const before = new Map((previous?.targets ?? []).map((target) => [target.id, target]));
  for (const target of invocation.targets) {
    const old = before.get(target.id);
    if (old && old.status === target.status && old.exitCode === target.exitCode) continue;
    const exit = target.exitCode === undefined ? '' : ` exit ${target.exitCode}`;
    const error = target.errorCode ? ` ${target.errorCode}` : '';
    lines.push(`${stamp}   ${target.id} ${colorStatus(target.status, colors)}${exit}${error}`);
  }
  return lines;
}

/** Wraps plain text at word boundaries so no line is wider than `width` (a longer word stays whole). */
export function wrapText(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line !== '' && stringWidth(`${line} ${word}`) > width) {
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
  const lines = [`${invocation.invokeId} finished ${colorStatus(invocation.status, colors)}: ${formatCounts(invocation, colors)}`];
  const failed = failedTargets(invocation);
  if (failed.length > 0) {
    lines.push(`failed target${failed.length === 1 ? '' : 's'}:`);
    for (const target of failed) {
      lines.push(`  ${describeFailedTarget({ ...target, errorInfo: undefined }, colors)}`);
      if (target.errorInfo) lines.push(...wrapText(target.errorInfo, Math.max(20, (width ?? 100) - 4)).map((line) => `    ${colors.dim(line)}`));
    }
  }
  return lines;
}
