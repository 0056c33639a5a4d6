import fc from 'fast-check';
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
