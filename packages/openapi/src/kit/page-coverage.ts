import { IncompleteListingError } from '@invocations/core';

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
 * shorter page is the end of the list at that moment and covers everything after it, but only when
 * its own TotalCount agrees (a short page whose TotalCount promises records after it covers just
 * its records: the rest stays a gap to re-read, and a gap that re-reading cannot fill is an
 * `IncompleteListingError`, never a silent loss). Whatever
 * position in `[0, baseTotal)` stays uncovered is re-read from the page where it sits now. Records
 * that existed throughout the listing therefore each appear at least once; repeats are dropped by
 * invokeId. Assumption: records are added at the front and expire at the back, as the service does.
 */
export interface Coverage {
  /**
   * Records page `pageNumber`, which held `count` records while the listing had `total` records.
   * Returns how many positions of `[0, baseTotal)` it covered that no page covered before.
   */
  add(pageNumber: number, total: number | undefined, count: number): number;
  /**
   * The page to read next to fill the first gap, or undefined when `[0, baseTotal)` is covered.
   * Throws an `IncompleteListingError` when re-reading stopped helping: the gap did not move over
   * two re-reads in a row (the service keeps answering short of its own TotalCount), or the re-reads
   * ran out (the listing kept shifting).
   */
  nextPageToRead(): number | undefined;
  /** The position (as page 1 saw the listing) of the first record of page `pageNumber` answered with `total`. */
  startOf(pageNumber: number, total: number | undefined): number;
  /** True when a page read so far covered `position`: its record (if any) was read then. */
  covers(position: number): boolean;
}

/** Options of {@link createCoverage}. */
export interface CoverageOptions {
  /** Re-reads allowed before giving up (default: twice the pages, plus 10). */
  maxRereads?: number;
  /** What is listed, for the error message (default `the page walk`). */
  label?: string;
  /** Advice appended to the error message (default `Retry.`). */
  hint?: string;
  /** Distinct records yielded so far and page requests made, for the error. */
  progress?: () => { seen: number; pagesRead: number };
}

// Re-reads of the same gap that may leave it where it was before the listing is called incomplete:
// one for a service that counted and paged from different moments, one more to be sure.
const STALLED_REREADS = 2;

/** Creates a {@link Coverage} for a listing whose first page reported `baseTotal` records. */
export function createCoverage(baseTotal: number, pageSize: number, options: CoverageOptions = {}): Coverage {
  const maxRereads = options.maxRereads ?? 2 * Math.ceil(baseTotal / pageSize) + 10;
  // Covered stretches [start, end) in page-1 positions, sorted and merged.
  const covered: Array<[number, number]> = [];
  let latestTotal = baseTotal;
  let rereads = 0;
  let lastGap: number | undefined;
  let totalAtLastGap = baseTotal;
  let stalled = 0;
  // Why the last short page covered only its own records, for the error.
  let shortfall: string | undefined;

  // Positions of [0, baseTotal) in [start, end) that no stretch covers yet: the stretches are
  // disjoint, so their overlaps with it add up.
  function uncovered(start: number, end: number): number {
    const from = Math.max(0, start);
    const to = Math.min(baseTotal, end);
    let count = Math.max(0, to - from);
    for (const [a, b] of covered) count -= Math.max(0, Math.min(b, to) - Math.max(a, from));
    return count;
  }

  // Negative positions are records created after page 1: they are kept too, so that a record read
  // twice there is known as a repeat.
  function cover(start: number, end: number): void {
    covered.push([start, end]);
    covered.sort((a, b) => a[0] - b[0]);
    const merged: Array<[number, number]> = [];
    for (const stretch of covered) {
      const last = merged[merged.length - 1];
      // Stryker disable next-line EqualityOperator: touching stretches left apart cover the same positions (every reader takes them as they come)
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

  function startOf(pageNumber: number, total: number | undefined): number {
    return (pageNumber - 1) * pageSize - Math.max(0, (total ?? latestTotal) - baseTotal);
  }

  return {
    startOf,
    covers(position) {
      // Stretches are sorted and merged: binary search for the last one starting at or before it.
      let low = 0;
      let high = covered.length - 1;
      while (low <= high) {
        const middle = (low + high) >> 1;
        const [start, end] = covered[middle] as [number, number];
        if (position < start) high = middle - 1;
        else if (position >= end) low = middle + 1;
        else return true;
      }
      return false;
    },
    add(pageNumber, total, count) {
      const start = startOf(pageNumber, total);
      if (total !== undefined) latestTotal = total;
      // A short page ends the list only when its own TotalCount agrees (it may be lower: records expire).
      const endOfList = count < pageSize && (total === undefined || (pageNumber - 1) * pageSize + count >= total);
      if (count < pageSize && !endOfList) {
        shortfall = `page ${pageNumber} held ${count} records where its TotalCount ${total} promised ${Math.min(pageSize, (total ?? 0) - (pageNumber - 1) * pageSize)}`;
      }
      const end = endOfList ? Number.POSITIVE_INFINITY : start + count;
      const added = uncovered(start, end);
      cover(start, end);
      return added;
    },
    nextPageToRead() {
      const gap = firstGap();
      if (gap === undefined) return undefined;
      // Stalled: the gap did not move although the listing did not shift meanwhile (a shift explains
      // a re-read that missed; `maxRereads` bounds those).
      stalled = gap === lastGap && latestTotal === totalAtLastGap ? stalled + 1 : 0;
      lastGap = gap;
      totalAtLastGap = latestTotal;
      rereads += 1;
      const progress = options.progress?.() ?? { seen: 0, pagesRead: 0 };
      const details = { label: options.label, ...progress, expected: Math.max(baseTotal, latestTotal) };
      const shifting = `the listing kept shifting (new records arrived faster than pages could be re-read); records from position ${gap} on may be missing. ${options.hint ?? 'Retry.'}`;
      if (stalled >= STALLED_REREADS) {
        const reason = shortfall === undefined ? shifting : `records from position ${gap} on never came back after ${stalled} re-reads: ${shortfall}`;
        throw new IncompleteListingError({ ...details, reason });
      }
      if (rereads > maxRereads) throw new IncompleteListingError({ ...details, reason: shifting });
      const slide = Math.max(0, latestTotal - baseTotal);
      return Math.floor((gap + slide) / pageSize) + 1;
    },
  };
}
