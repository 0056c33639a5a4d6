import { cutToWidth, displayWidth, wrapToWidth } from './text-width.js';

/** One column of a table. Cells are plain text (already escaped); `color` is applied after fitting. */
export interface TableColumn {
  header: string;
  /**
   * How the column gives way when the table is wider than the terminal: `truncate` cuts its cells
   * with `…`; `wrap` (last column only) continues on the next lines. Other columns never shrink.
   */
  shrink?: 'truncate' | 'wrap';
  /** The narrowest a shrinking column may become (default 6). */
  minWidth?: number;
  /** The width a shrinking column keeps before the gaps tighten and optional columns are hidden (default `minWidth`). */
  readableWidth?: number;
  /** At least this wide even when the first rows are narrower (the longest known value), so later rows line up. */
  reserve?: number;
  /** May be hidden when the table cannot fit the width otherwise (the first optional column goes first). */
  optional?: boolean;
  align?: 'left' | 'right';
  /** Colours a cell's fitted text. */
  color?: (text: string) => string;
}

/** Column widths decided once for a whole table: which columns show, how wide, and the gap between them. */
export interface TableLayout {
  widths: number[];
  visible: boolean[];
  gap: number;
  /** The terminal width every line must fit, if any. */
  width?: number;
}

const GAP = 2;
const TIGHT_GAP = 1;
const DEFAULT_MIN_WIDTH = 6;

/**
 * Decides the layout in one pass over `sample` (the rows seen so far): each column as wide as its
 * header, its reserve and its widest sampled cell. When that is wider than `width`, in this order:
 * shrinking columns give way (widest first) down to their readable width; the gaps tighten from
 * two spaces to one; optional columns are hidden; shrinking columns give way down to their minimum.
 */
export function planTable(
  columns: readonly TableColumn[],
  sample: readonly (readonly string[])[],
  width?: number,
  options: { fill?: boolean } = {},
): TableLayout {
  const widths = columns.map((column) => Math.max(displayWidth(column.header), column.reserve ?? 0));
  for (const row of sample) {
    for (let index = 0; index < columns.length; index++) {
      const cell = row[index] ?? '';
      // Only the widest line of a cell matters; cells are single lines except a wrapping last column.
      const cellWidth = displayWidth(cell);
      if (cellWidth > (widths[index] as number)) widths[index] = cellWidth;
    }
  }
  const natural = [...widths];
  const visible = columns.map(() => true);
  const layout: TableLayout = { widths, visible, gap: GAP, ...(width === undefined ? {} : { width }) };
  if (width === undefined) return layout;

  const total = (): number => {
    let sum = 0;
    let shown = 0;
    for (let index = 0; index < columns.length; index++) {
      if (!visible[index]) continue;
      sum += widths[index] as number;
      shown++;
    }
    return sum + layout.gap * Math.max(0, shown - 1);
  };
  const shrinkTo = (floorOf: (column: TableColumn) => number): void => {
    let excess = total() - width;
    while (excess > 0) {
      let pick = -1;
      for (let index = 0; index < columns.length; index++) {
        const column = columns[index] as TableColumn;
        if (!visible[index] || !column.shrink || (widths[index] as number) <= floorOf(column)) continue;
        if (pick === -1 || (widths[index] as number) > (widths[pick] as number)) pick = index;
      }
      if (pick === -1) return;
      const floor = floorOf(columns[pick] as TableColumn);
      const step = Math.min(excess, (widths[pick] as number) - floor);
      // Give up at most what brings it level with the next widest, so the widest keep giving first.
      let next = floor;
      for (let index = 0; index < columns.length; index++) {
        if (index !== pick && visible[index] && columns[index]?.shrink) next = Math.max(next, Math.min(widths[index] as number, widths[pick] as number));
      }
      const by = Math.max(1, Math.min(step, (widths[pick] as number) - next));
      widths[pick] = (widths[pick] as number) - by;
      excess -= by;
    }
  };

  const minimum = (column: TableColumn): number => column.minWidth ?? DEFAULT_MIN_WIDTH;
  shrinkTo((column) => Math.max(minimum(column), column.readableWidth ?? 0));
  if (total() > width) layout.gap = TIGHT_GAP;
  for (let index = 0; index < columns.length && total() > width; index++) {
    if (columns[index]?.optional) visible[index] = false;
  }
  if (total() > width) shrinkTo(minimum);
  // Room left over (a hidden column freed more than was needed) goes back to the shrunk columns;
  // with `fill` (a table whose later rows are not seen yet) the first shrinking column takes the rest.
  let spare = width - total();
  for (let index = 0; index < columns.length && spare > 0; index++) {
    if (!visible[index] || !columns[index]?.shrink) continue;
    const give = options.fill ? spare : Math.min(spare, (natural[index] as number) - (widths[index] as number));
    if (give > 0) {
      widths[index] = (widths[index] as number) + give;
      spare -= give;
    }
  }
  return layout;
}

/**
 * One row (or, for a wrapping last column, several lines) in a planned layout. Cells that are
 * wider than their column are cut when the column truncates; identifiers are never cut, so an
 * over-long one pushes the rest of its row right (at least one gap away). With a width, the last
 * column is cut (or wrapped) at the edge.
 */
export function renderRow(columns: readonly TableColumn[], layout: TableLayout, cells: readonly string[], header = false): string {
  let line = '';
  let position = 0;
  let start = 0;
  let previousEnd = -1;
  let lastVisible = -1;
  for (let index = columns.length - 1; index >= 0; index--) {
    if (layout.visible[index]) {
      lastVisible = index;
      break;
    }
  }
  let continuation: string[] | undefined;
  let continuationIndent = 0;
  for (let index = 0; index < columns.length; index++) {
    if (!layout.visible[index]) continue;
    const column = columns[index] as TableColumn;
    const columnWidth = layout.widths[index] as number;
    const planned = start;
    start += columnWidth + layout.gap;
    let text = cells[index] ?? '';
    if (text === '') continue;
    let textWidth = displayWidth(text);
    // Without a width (a pipe) nothing is cut: an over-long cell pushes the rest of its row right.
    if (column.shrink === 'truncate' && layout.width !== undefined && textWidth > columnWidth) {
      text = cutToWidth(text, columnWidth);
      textWidth = displayWidth(text);
    }
    let begin = previousEnd < 0 ? planned : Math.max(planned, previousEnd + layout.gap);
    if (column.align === 'right' && textWidth < columnWidth && begin === planned) begin += columnWidth - textWidth;
    if (index === lastVisible && layout.width !== undefined && begin + textWidth > layout.width) {
      const room = layout.width - begin;
      if (column.shrink === 'wrap' && !header && room >= 8) {
        const lines = wrapToWidth(text, room);
        text = lines[0] ?? '';
        continuation = lines.slice(1);
        continuationIndent = begin;
      } else {
        text = cutToWidth(text, Math.max(0, room));
      }
      textWidth = displayWidth(text);
      if (text === '') break;
    }
    if (begin > position) line += ' '.repeat(begin - position);
    line += column.color && !header ? column.color(text) : text;
    position = begin + textWidth;
    previousEnd = position;
  }
  if (continuation && continuation.length > 0) {
    const color = columns[lastVisible]?.color;
    const indent = ' '.repeat(continuationIndent);
    for (const more of continuation) line += `\n${indent}${color ? color(more) : more}`;
  }
  return line;
}

/** The header line of a layout, each header through `bold`. */
export function renderHeader(columns: readonly TableColumn[], layout: TableLayout, bold: (text: string) => string): string {
  const line = renderRow(columns, layout, columns.map((column) => column.header), true);
  // Bold the whole line: the spaces between headers are not affected by it.
  return line === '' ? line : bold(line);
}

/**
 * A whole table as one string: the widths come from every row in one pass, then each row is
 * rendered with plain string code. Linear in the number of rows.
 */
export function renderTable(
  columns: readonly TableColumn[],
  rows: readonly (readonly string[])[],
  options: { width?: number; bold?: (text: string) => string },
): string {
  const layout = planTable(columns, rows, options.width);
  const lines = [renderHeader(columns, layout, options.bold ?? ((text) => text))];
  for (const row of rows) lines.push(renderRow(columns, layout, row));
  return lines.join('\n');
}

/** A table printed as its rows come (see {@link createTableWriter}). */
export interface TableWriter {
  /** Adds one row: held until the layout is decided, printed at once afterwards. */
  push(cells: readonly string[]): void;
  /** Prints what is still held. Returns the number of rows. */
  end(): number;
}

/**
 * A table that streams: the first `sampleSize` rows are held to decide the layout (a screenful on
 * a terminal; 1 when stdout is not a terminal, so rows print as they come), then the header and
 * every later row are written at once, in the same layout. With a width, the first shrinking column
 * takes the room the sample left, since later rows may need it. Memory holds the sample only.
 */
export function createTableWriter(
  columns: readonly TableColumn[],
  options: { width?: number; sampleSize: number; bold?: (text: string) => string; write: (text: string) => void },
): TableWriter {
  let held: (readonly string[])[] = [];
  let layout: TableLayout | undefined;
  let count = 0;
  const decide = (): void => {
    layout = planTable(columns, held, options.width, { fill: true });
    let text = `${renderHeader(columns, layout, options.bold ?? ((value) => value))}\n`;
    for (const row of held) text += `${renderRow(columns, layout, row)}\n`;
    held = [];
    options.write(text);
  };
  return {
    push(cells) {
      count++;
      if (layout) {
        options.write(`${renderRow(columns, layout, cells)}\n`);
        return;
      }
      held.push(cells);
      if (held.length >= Math.max(1, options.sampleSize)) decide();
    },
    end() {
      if (!layout && held.length > 0) decide();
      return count;
    },
  };
}
