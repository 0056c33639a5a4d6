import fc from 'fast-check';
import { IncompleteListingError } from '@invocations/core';
import { describe, expect, it } from 'vitest';
import { createCoverage } from './page-coverage.js';

describe('createCoverage', () => {
  it('is complete when every page was read without a shift', () => {
    const coverage = createCoverage(120, 50);
    coverage.add(1, 120, 50);
    coverage.add(2, 120, 50);
    expect(coverage.nextPageToRead()).toBe(3);
    coverage.add(3, 120, 20);
    expect(coverage.nextPageToRead()).toBeUndefined();
  });

  it('re-reads the records pushed past the last page by invocations created meanwhile', () => {
    const coverage = createCoverage(100, 50);
    coverage.add(1, 100, 50);
    coverage.add(2, 103, 50); // three new ones: page 2 now ends three records early
    expect(coverage.nextPageToRead()).toBe(3);
    coverage.add(3, 103, 3);
    expect(coverage.nextPageToRead()).toBeUndefined();
  });

  it('finds a gap between pages read out of order around a shift', () => {
    const coverage = createCoverage(150, 50);
    coverage.add(1, 150, 50);
    coverage.add(2, 152, 50); // read after two insertions: covers 48..98
    coverage.add(3, 150, 50); // read before them: covers 100..150 -> 98, 99 missing
    // The latest answer (page 3) says 150 records, so position 98 is on page 2 again.
    expect(coverage.nextPageToRead()).toBe(2);
  });
});

describe('createCoverage: positions, counts and errors, one by one', () => {
  it('add returns how many positions of [0, baseTotal) it covered first: none twice, none below 0 or from baseTotal on', () => {
    const coverage = createCoverage(45, 10);
    expect(coverage.add(2, 45, 10)).toBe(10); // 10..19
    expect(coverage.add(2, 45, 10)).toBe(0);
    expect(coverage.add(1, 47, 10)).toBe(8); // two created since page 1: -2..7
    expect(coverage.add(3, 45, 10)).toBe(10); // 20..29
    expect(coverage.add(1, 45, 10)).toBe(2); // 0..9: only 8 and 9 are new
    expect(coverage.add(5, 45, 5)).toBe(5); // the end of the list: 40 on
    expect(coverage.add(4, 45, 10)).toBe(10); // 30..39
    expect(coverage.add(3, 45, 10)).toBe(0);
    expect(coverage.nextPageToRead()).toBeUndefined();
  });

  it('add counts the gaps a stretch spans between stretches covered before', () => {
    const coverage = createCoverage(50, 10);
    expect(coverage.add(2, 50, 10)).toBe(10); // 10..19
    expect(coverage.add(4, 50, 10)).toBe(10); // 30..39
    expect(coverage.add(1, 55, 10)).toBe(5); // -5..4
    // A short page 1 whose TotalCount agrees ends the list: 0 on, of which 5..9, 20..29 and 40..49 were open.
    expect(coverage.add(1, 5, 5)).toBe(25);
    expect(coverage.nextPageToRead()).toBeUndefined();
  });

  it('covers says true from the first position of each stretch read up to, not including, its end', () => {
    const coverage = createCoverage(100, 10);
    coverage.add(2, 100, 10); // 10..19
    coverage.add(4, 100, 10); // 30..39
    coverage.add(6, 100, 10); // 50..59
    coverage.add(8, 100, 10); // 70..79
    const covered = Array.from({ length: 100 }, (_, position) => position).filter((position) => coverage.covers(position));
    expect(covered).toStrictEqual([10, 30, 50, 70].flatMap((start) => Array.from({ length: 10 }, (_, index) => start + index)));
    expect(coverage.covers(-1)).toBe(false);
    expect(createCoverage(10, 10).covers(0)).toBe(false);
  });

  it('reading a page again inside a stretch already covered changes nothing', () => {
    const coverage = createCoverage(30, 10);
    coverage.add(3, 30, 10); // 20..29
    coverage.add(1, 30, 10); // 0..9
    coverage.add(2, 30, 10); // 10..19
    coverage.add(1, 30, 10);
    coverage.add(2, 30, 4); // short, where TotalCount says 30: covers 10..13 only
    expect(coverage.nextPageToRead()).toBeUndefined();
    expect(coverage.covers(29)).toBe(true);
  });

  it('keeps one stretch where reads overlap: a page read twice counts once, and covers sees inside a long stretch', () => {
    const coverage = createCoverage(100, 10);
    coverage.add(3, 25, 5); // a short page its TotalCount agrees with: 20 on
    expect(coverage.add(4, 100, 10)).toBe(0);
    expect(coverage.add(6, 100, 10)).toBe(0);
    expect(coverage.add(4, 100, 10)).toBe(0);
    expect(coverage.covers(70)).toBe(true);
    expect(coverage.covers(19)).toBe(false);
    expect(coverage.add(2, 100, 10)).toBe(10);
    expect(coverage.add(2, 100, 10)).toBe(0);
    expect(coverage.add(1, 5, 5)).toBe(10);
    expect(coverage.nextPageToRead()).toBeUndefined();
  });

  it('a full page never ends the list, even where its TotalCount says the list ends with it', () => {
    const coverage = createCoverage(25, 10);
    coverage.add(1, 25, 10);
    coverage.add(2, 20, 10); // five records expired: page 2 was the last, but full
    expect(coverage.covers(19)).toBe(true);
    expect(coverage.covers(20)).toBe(false);
    expect(coverage.nextPageToRead()).toBe(3);
    expect(coverage.add(3, 25, 5)).toBe(5);
  });

  it('the error says what the last page was promised: the rest of the TotalCount, up to a page', () => {
    const coverage = createCoverage(120, 50);
    coverage.add(1, 120, 50);
    coverage.add(2, 120, 50);
    for (let read = 0; read < 3; read += 1) {
      coverage.add(3, 120, 5);
      if (read < 2) expect(coverage.nextPageToRead()).toBe(3);
    }
    expect(() => coverage.nextPageToRead()).toThrow('(records from position 105 on never came back after 2 re-reads: page 3 held 5 records where its TotalCount 120 promised 20)');
  });

  it('places a page by its own TotalCount, else by the latest one sent', () => {
    const coverage = createCoverage(100, 10);
    expect(coverage.startOf(3, undefined)).toBe(20);
    expect(coverage.startOf(3, 104)).toBe(16);
    expect(coverage.startOf(3, 90)).toBe(20); // records expired at the back: nothing slid
    coverage.add(2, 104, 10);
    expect(coverage.startOf(3, undefined)).toBe(16);
    coverage.add(2, undefined, 10);
    expect(coverage.startOf(3, undefined)).toBe(16);
  });

  it('a short page without a TotalCount ends the list; a short page whose TotalCount promises more covers only its records', () => {
    const ended = createCoverage(25, 10);
    ended.add(1, 25, 10);
    ended.add(2, 25, 10);
    expect(ended.add(3, undefined, 2)).toBe(5);
    expect(ended.nextPageToRead()).toBeUndefined();
    const short = createCoverage(25, 10);
    short.add(1, 25, 10);
    short.add(3, 25, 5);
    expect(short.add(2, 25, 9)).toBe(9);
    expect(short.nextPageToRead()).toBe(2);
  });

  it('re-reads the page the first gap sits on now: later by the records created, never earlier for records expired', () => {
    const grown = createCoverage(100, 10);
    grown.add(1, 100, 10);
    grown.add(2, 104, 10); // 6..15
    expect(grown.nextPageToRead()).toBe(3); // position 16 is at 20 now
    const shrunk = createCoverage(100, 10);
    shrunk.add(1, 100, 10);
    shrunk.add(3, 90, 10);
    expect(shrunk.nextPageToRead()).toBe(2);
  });

  it('after two re-reads that leave the gap and the TotalCount where they were, fails naming the short page, with its details', () => {
    let pagesRead = 3;
    const coverage = createCoverage(120, 50, { label: 'ecs DescribeInvocations', progress: () => ({ seen: 105, pagesRead }) });
    coverage.add(1, 120, 50);
    coverage.add(2, 120, 5);
    coverage.add(3, 120, 20);
    expect(coverage.nextPageToRead()).toBe(2);
    pagesRead += 1;
    coverage.add(2, 120, 5);
    expect(coverage.nextPageToRead()).toBe(2);
    pagesRead += 1;
    coverage.add(2, 120, 5);
    // A full page read after the short one does not replace it in the error.
    coverage.add(1, 120, 50);
    const error = (() => {
      try {
        coverage.nextPageToRead();
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    expect(IncompleteListingError.isInstance(error)).toBe(true);
    const { name, message, label, seen, pagesRead: read, expected } = error as IncompleteListingError;
    expect({ name, message, label, seen, pagesRead: read, expected }).toStrictEqual({
      name: 'IncompleteListingError',
      message:
        'ecs DescribeInvocations: incomplete listing: the service claimed 120 records but only 105 could be read (records from position 55 on never came back after 2 re-reads: page 2 held 5 records where its TotalCount 120 promised 50)',
      label: 'ecs DescribeInvocations',
      seen: 105,
      pagesRead: 5,
      expected: 120,
    });
  });

  it('a gap that stays while the TotalCount moves is no stall: it fails only when the re-reads run out', () => {
    // 20 records at 10 a page: 2 × 2 + 10 = 14 re-reads by default.
    const run = (options: { maxRereads?: number; hint?: string }) => {
      const coverage = createCoverage(20, 10, options);
      coverage.add(1, 20, 10);
      let total = 20;
      let rereads = 0;
      for (;;) {
        let page: number | undefined;
        try {
          page = coverage.nextPageToRead();
        } catch (error) {
          return { rereads, error: error as IncompleteListingError };
        }
        rereads += 1;
        total += 10; // ten more records each time: the gap at 10 is never reached
        coverage.add(page as number, total, 10);
      }
    };
    const byDefault = run({});
    expect(byDefault.rereads).toBe(14);
    expect(byDefault.error.message).toBe(
      'the listing: incomplete listing: the service claimed 160 records but only 0 could be read (the listing kept shifting (new records arrived faster than pages could be re-read); records from position 10 on may be missing. Retry.)',
    );
    expect(byDefault.error).toMatchObject({ seen: 0, pagesRead: 0, label: undefined });
    const capped = run({ maxRereads: 3, hint: 'Narrow the time range.' });
    expect(capped.rereads).toBe(3);
    expect(capped.error.message).toMatch(/records from position 10 on may be missing\. Narrow the time range\.\)$/);
    expect(run({ maxRereads: 0 }).rereads).toBe(0);
    // 21 records need 3 pages: 16 re-reads.
    const coverage = createCoverage(21, 10);
    coverage.add(1, 21, 10);
    let reads = 0;
    expect(() => {
      for (let total = 31; ; total += 10) {
        coverage.nextPageToRead();
        reads += 1;
        coverage.add(2, total, 10); // always 10 positions short of the gap
      }
    }).toThrow(IncompleteListingError);
    expect(reads).toBe(16);
  });

  it('a stall without a short page is the listing shifting, with a TotalCount lower than page 1\'s not counted as expected', () => {
    const coverage = createCoverage(30, 10);
    coverage.add(1, 30, 10);
    coverage.add(3, 25, 5); // records expired: 20..24, and the list ends there for this page
    expect(coverage.nextPageToRead()).toBe(2);
    expect(coverage.nextPageToRead()).toBe(2);
    expect(() => coverage.nextPageToRead()).toThrow(
      'the listing: incomplete listing: the service claimed 30 records but only 0 could be read (the listing kept shifting (new records arrived faster than pages could be re-read); records from position 10 on may be missing. Retry.)',
    );
  });
});

// A simulated service: a newest-first list that grows at the front between reads, read in windows
// answered in reverse order (the worst case for concurrent reads).
function simulate(initial: number, pageSize: number, arrivals: number[], width: number) {
  let list = Array.from({ length: initial }, (_, index) => `old-${index}`);
  let created = 0;
  let tick = 0;
  const seen = new Set<string>();
  const read = (pageNumber: number) => {
    const grow = arrivals[tick % arrivals.length] as number;
    tick += 1;
    list = [...Array.from({ length: grow }, () => `new-${created++}`), ...list];
    const items = list.slice((pageNumber - 1) * pageSize, pageNumber * pageSize);
    items.forEach((item) => seen.add(item));
    return { total: list.length, count: items.length };
  };
  const first = read(1);
  const coverage = createCoverage(first.total, pageSize);
  coverage.add(1, first.total, first.count);
  const lastPage = Math.ceil(first.total / pageSize);
  for (let start = 2; start <= lastPage; start += width) {
    const batch: number[] = [];
    for (let page = start; page < Math.min(start + width, lastPage + 1); page += 1) batch.push(page);
    for (const page of batch.reverse()) {
      const answer = read(page);
      coverage.add(page, answer.total, answer.count);
    }
  }
  for (let page = coverage.nextPageToRead(); page !== undefined; page = coverage.nextPageToRead()) {
    const answer = read(page);
    coverage.add(page, answer.total, answer.count);
  }
  return Array.from({ length: initial }, (_, index) => `old-${index}`).filter((id) => !seen.has(id));
}

describe('createCoverage against a shifting list (property)', () => {
  it('never misses a record that existed throughout when arrivals are slower than reads', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 300 }),
        fc.integer({ min: 4, max: 50 }),
        fc.array(fc.integer({ min: 0, max: 100 }), { minLength: 1, maxLength: 40 }),
        fc.integer({ min: 1, max: 8 }),
        (initial, pageSize, rawArrivals, width) => {
          const arrivals = rawArrivals.map((value) => value % (Math.floor(pageSize / 4) + 1));
          expect(simulate(initial, pageSize, arrivals, width)).toEqual([]);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('when arrivals outpace reads, it says so instead of silently missing records', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 200 }),
        fc.integer({ min: 1, max: 50 }),
        fc.array(fc.integer({ min: 0, max: 60 }), { minLength: 1, maxLength: 40 }),
        fc.integer({ min: 1, max: 8 }),
        (initial, pageSize, arrivals, width) => {
          let missed: string[] | undefined;
          try {
            missed = simulate(initial, pageSize, arrivals, width);
          } catch (error) {
            expect(String(error)).toMatch(/kept shifting/);
            return;
          }
          expect(missed).toEqual([]);
        },
      ),
      { numRuns: 500 },
    );
    // 500 generated walks: seconds alone, longer on a loaded 2-core machine.
  }, 120_000);
});
