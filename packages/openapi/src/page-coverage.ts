import { InvocationsError } from '@invocations/core';

/**
 * Tracks which records of a PageNumber listing have been read while the listing may shift (used by
 * `walkPages`).
 *
 * ECS (and SWAS) list newest first, so an invocation created during a listing pushes every older record one
 * place down: page k then starts with the last record of page k-1 (a repeat, dropped by invokeId), and
 * the oldest record spills onto a page past the last one. With pages read concurrently it is worse: a
 * page read after a shift next to one read before it can skip the record that crossed the boundary.
 *
 * Positions are counted in the listing as page 1 saw it (its TotalCount is `baseTotal`). Every
 * response carries its own TotalCount; the growth since page 1 is how far that page's window slid
 * (insertions happen at the front). A page of `pageSize` records covers `pageSize` positions; a
 * shorter page is the end of the list at that moment and covers everything after it. Whatever
 * position in `[0, baseTotal)` stays uncovered is re-read from the page where it sits now. Records
 * that existed throughout the listing therefore each appear at least once; repeats are dropped by
 * invokeId. Assumption: records are added at the front and expire at the back, as the service does.
 */
export interface Coverage {
  /** Records page `pageNumber`, which held `count` records while the listing had `total` records. */
  add(pageNumber: number, total: number | undefined, count: number): void;
  /** The page to read next to fill the first gap, or undefined when `[0, baseTotal)` is covered. */
  nextPageToRead(): number | undefined;
}

/** Options of {@link createCoverage}. */
export interface CoverageOptions {
  /** Re-reads allowed before giving up (default: twice the pages, plus 10). */
  maxRereads?: number;
  /** What is listed, for the error message (default `the page walk`). */
  label?: string;
  /** Advice appended to the error message (default `Retry.`). */
  hint?: string;
}

/** Creates a {@link Coverage} for a listing whose first page reported `baseTotal` records. */
export function createCoverage(baseTotal: number, pageSize: number, options: CoverageOptions = {}): Coverage {
  const maxRereads = options.maxRereads ?? 2 * Math.ceil(baseTotal / pageSize) + 10;
  // Covered stretches [start, end) in page-1 positions, sorted and merged.
  const covered: Array<[number, number]> = [];
  let latestTotal = baseTotal;
  let rereads = 0;

  function cover(start: number, end: number): void {
    const from = Math.max(0, start);
    if (end <= from) return;
    covered.push([from, end]);
    covered.sort((a, b) => a[0] - b[0]);
    const merged: Array<[number, number]> = [];
    for (const stretch of covered) {
      const last = merged[merged.length - 1];
      if (last !== undefined && stretch[0] <= last[1]) last[1] = Math.max(last[1], stretch[1]);
      else merged.push([stretch[0], stretch[1]]);
    }
    covered.splice(0, covered.length, ...merged);
  }

  function firstGap(): number | undefined {
    let position = 0;
    for (const [start, end] of covered) {
      if (start > position) break;
      position = Math.max(position, end);
    }
    return position < baseTotal ? position : undefined;
  }

  return {
    add(pageNumber, total, count) {
      if (total !== undefined) latestTotal = total;
      const slide = Math.max(0, latestTotal - baseTotal);
      const start = (pageNumber - 1) * pageSize - slide;
      cover(start, count >= pageSize ? start + count : Number.POSITIVE_INFINITY);
    },
    nextPageToRead() {
      const gap = firstGap();
      if (gap === undefined) return undefined;
      rereads += 1;
      if (rereads > maxRereads) {
        throw new InvocationsError(
          `${options.label ?? 'the page walk'}: the listing kept shifting (new records arrived faster than pages could be re-read); records from position ${gap} on may be missing. ${options.hint ?? 'Retry.'}`,
        );
      }
      const slide = Math.max(0, latestTotal - baseTotal);
      return Math.floor((gap + slide) / pageSize) + 1;
    },
  };
}
