import stringWidth from 'string-width';

const printableAscii = /^[\x20-\x7e]*$/;
// Made on first use: only cutting text that is not plain ASCII needs it.
let segmenter: Intl.Segmenter | undefined;

/** Columns a piece of plain text takes on a terminal (wide CJK characters count two). ASCII is counted without string-width. */
export function displayWidth(text: string): number {
  return printableAscii.test(text) ? text.length : stringWidth(text);
}

/** The longest start of plain text that takes at most `width` columns. Whole graphemes only. */
export function takeWidth(text: string, width: number): string {
  if (width <= 0) return '';
  if (printableAscii.test(text)) return text.slice(0, width);
  let kept = '';
  let used = 0;
  segmenter ??= new Intl.Segmenter();
  for (const { segment } of segmenter.segment(text)) {
    const cost = stringWidth(segment);
    if (used + cost > width) break;
    kept += segment;
    used += cost;
  }
  return kept;
}

/** Plain text cut to at most `width` columns, ending with `…` when something was cut. */
export function cutToWidth(text: string, width: number): string {
  if (displayWidth(text) <= width) return text;
  if (width <= 0) return '';
  return `${takeWidth(text, width - 1)}…`;
}

/** Plain text wrapped at word boundaries into lines of at most `width` columns; a longer word is cut into pieces. */
export function wrapToWidth(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  let used = 0;
  const room = Math.max(1, width);
  for (const word of text.split(/\s+/).filter(Boolean)) {
    let rest = word;
    let cost = displayWidth(rest);
    if (line !== '' && used + 1 + cost <= room) {
      line += ` ${rest}`;
      used += 1 + cost;
      continue;
    }
    if (line !== '') lines.push(line);
    while (cost > room) {
      const piece = takeWidth(rest, room);
      const taken = piece.length > 0 ? piece : ([...rest][0] ?? '');
      lines.push(taken);
      rest = rest.slice(taken.length);
      cost = displayWidth(rest);
    }
    line = rest;
    used = cost;
  }
  if (line !== '') lines.push(line);
  return lines;
}
