import Table from 'cli-table3';
import stringWidth from 'string-width';
import type { Colors } from './colors.js';

/** One column of a {@link renderTable} table. */
export interface TableColumn {
  header: string;
  /** How the column gives way when the table is wider than the terminal (default: it does not). */
  shrink?: 'truncate' | 'wrap';
  /** The narrowest the column may become when it shrinks (default 6). */
  minWidth?: number;
  align?: 'left' | 'right';
}

const GAP = 2;

// No borders: a header row and aligned columns (as kubectl prints) leaves the most room for data.
const chars = {
  top: '',
  'top-mid': '',
  'top-left': '',
  'top-right': '',
  bottom: '',
  'bottom-mid': '',
  'bottom-left': '',
  'bottom-right': '',
  left: '',
  'left-mid': '',
  mid: '',
  'mid-mid': '',
  right: '',
  'right-mid': '',
  middle: '',
};

function widestLine(text: string): number {
  return Math.max(0, ...text.split('\n').map((line) => stringWidth(line)));
}

/**
 * Each column's content width so the table fits `width`: the widest shrinkable column gives up
 * one character at a time until the table fits or every shrinkable column is at its minimum.
 */
export function fitColumns(columns: readonly TableColumn[], rows: readonly (readonly string[])[], width?: number): number[] {
  const widths = columns.map((column, index) => Math.max(stringWidth(column.header), ...rows.map((row) => widestLine(row[index] ?? ''))));
  if (width === undefined) return widths;
  const total = (): number => widths.reduce((sum, value) => sum + value, 0) + GAP * (columns.length - 1);
  while (total() > width) {
    let pick = -1;
    for (let index = 0; index < columns.length; index++) {
      const column = columns[index] as TableColumn;
      if (!column.shrink) continue;
      const current = widths[index] as number;
      if (current <= (column.minWidth ?? 6)) continue;
      if (pick === -1 || current > (widths[pick] as number)) pick = index;
    }
    if (pick === -1) break;
    widths[pick] = (widths[pick] as number) - 1;
  }
  return widths;
}

/**
 * A borderless table that fits `width` columns (no limit when undefined): long command names are
 * cut with an ellipsis, columns marked `wrap` wrap onto more lines, identifiers never shrink.
 */
export function renderTable(
  columns: readonly TableColumn[],
  rows: readonly (readonly string[])[],
  options: { width?: number; colors: Colors },
): string {
  const widths = fitColumns(columns, rows, options.width);
  const table = new Table({
    head: columns.map((column) => options.colors.bold(column.header)),
    chars,
    colWidths: widths.map((value) => value + GAP),
    colAligns: columns.map((column) => column.align ?? 'left'),
    style: { head: [], border: [], 'padding-left': 0, 'padding-right': GAP, compact: true },
    wordWrap: false,
  });
  for (const row of rows) {
    table.push(
      row.map((cell, index) =>
        columns[index]?.shrink === 'wrap' ? { content: cell, wordWrap: true, wrapOnWordBoundary: true } : { content: cell },
      ),
    );
  }
  return table
    .toString()
    .split('\n')
    .map((line) => line.trimEnd())
    .join('\n');
}
