import fc from 'fast-check';
import { AbortedError } from '@invocations/core';
import { describe, expect, it } from 'vitest';
import { walkPages, type WalkedPage } from './paging.js';
import { collect } from '@invocations/core/testing';

// A newest-first listing that gains `added` records at the front after page 1 was read.
function shiftingListing(total: number, added: number) {
  let records = Array.from({ length: total }, (_, index) => `r${total - index}`);
  const asked: number[] = [];
  const fetchPage = async (pageNumber: number, pageSize: number): Promise<WalkedPage<string>> => {
    asked.push(pageNumber);
    const page = { items: records.slice((pageNumber - 1) * pageSize, pageNumber * pageSize), totalCount: records.length };
    if (pageNumber === 1) records = [...Array.from({ length: added }, (_, index) => `n${index}`), ...records];
    return page;
  };
  return { fetchPage, asked };
}

const modes = [
  ['concurrent', 8],
  ['sequential', 1],
] as const;

describe('walkPages', () => {
  it.each(modes)('%s: yields every record once when records are added during the walk', async (_mode, concurrency) => {
    const listing = shiftingListing(25, 3);
    const items = await collect(walkPages({ fetchPage: listing.fetchPage, pageSize: 10, concurrency, idOf: (item) => item }));
    const old = items.filter((item) => item.startsWith('r'));
    expect(new Set(items).size).toBe(items.length);
    expect(old.sort()).toEqual(Array.from({ length: 25 }, (_, index) => `r${index + 1}`).sort());
  });

  it('stops without an extra request when the total is a multiple of the page size', async () => {
    const listing = shiftingListing(20, 0);
    await collect(walkPages({ fetchPage: listing.fetchPage, pageSize: 10, concurrency: 8, idOf: (item) => item }));
    expect(listing.asked.sort()).toEqual([1, 2]);
  });

  it('yields in page order however the pages complete', async () => {
    const records = Array.from({ length: 45 }, (_, index) => `r${index}`);
    const fetchPage = async (pageNumber: number, pageSize: number) => {
      // Later pages answer first.
      await new Promise((resolve) => setTimeout(resolve, (10 - pageNumber) * 3));
      return { items: records.slice((pageNumber - 1) * pageSize, pageNumber * pageSize), totalCount: records.length };
    };
    expect(await collect(walkPages({ fetchPage, pageSize: 10, concurrency: 4, idOf: (item) => item }))).toEqual(records);
  });

  it('keeps at most `concurrency` pages in flight', async () => {
    let active = 0;
    let most = 0;
    const fetchPage = async (pageNumber: number, pageSize: number) => {
      active += 1;
      most = Math.max(most, active);
      await new Promise((resolve) => setTimeout(resolve, 2));
      active -= 1;
      return { items: Array.from({ length: pageNumber <= 10 ? pageSize : 0 }, (_, index) => `p${pageNumber}-${index}`), totalCount: 10 * pageSize };
    };
    const items = await collect(walkPages({ fetchPage, pageSize: 5, concurrency: 3, idOf: (item) => item }));
    expect(items).toHaveLength(50);
    expect(most).toBe(3);
  });

  it('reads on until a short page when the service sends no total', async () => {
    const records = Array.from({ length: 23 }, (_, index) => `r${index}`);
    const asked: number[] = [];
    const fetchPage = async (pageNumber: number, pageSize: number) => {
      asked.push(pageNumber);
      return { items: records.slice((pageNumber - 1) * pageSize, pageNumber * pageSize) };
    };
    expect(await collect(walkPages({ fetchPage, pageSize: 10, concurrency: 8, idOf: (item) => item }))).toEqual(records);
    expect(asked).toEqual([1, 2, 3]);
  });

  it('walks by the page size the service used when it caps the one asked for', async () => {
    const records = Array.from({ length: 25 }, (_, index) => `r${index}`);
    const fetchPage = async (pageNumber: number, pageSize: number) => {
      const used = Math.min(pageSize, 10);
      return { items: records.slice((pageNumber - 1) * used, pageNumber * used), totalCount: records.length, pageSize: used };
    };
    expect(await collect(walkPages({ fetchPage, pageSize: 50, concurrency: 2, idOf: (item) => item }))).toEqual(records);
  });

  it('stops with an AbortedError once the signal aborts', async () => {
    const controller = new AbortController();
    const fetchPage = async (pageNumber: number, pageSize: number) => {
      if (pageNumber === 1) controller.abort();
      return { items: Array.from({ length: pageSize }, (_, index) => `p${pageNumber}-${index}`), totalCount: 100 };
    };
    await expect(collect(walkPages({ fetchPage, pageSize: 10, idOf: (item) => item, signal: controller.signal }))).rejects.toBeInstanceOf(AbortedError);
  });

  it('never misses a record that existed throughout, read concurrently while the list grows (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 200 }),
        fc.integer({ min: 4, max: 30 }),
        fc.array(fc.integer({ min: 0, max: 100 }), { minLength: 1, maxLength: 20 }),
        fc.integer({ min: 1, max: 8 }),
        async (initial, pageSize, rawArrivals, concurrency) => {
          const arrivals = rawArrivals.map((value) => value % (Math.floor(pageSize / 4) + 1));
          let list = Array.from({ length: initial }, (_, index) => `old-${index}`);
          let created = 0;
          let tick = 0;
          const fetchPage = async (pageNumber: number, size: number) => {
            await Promise.resolve();
            const grow = arrivals[tick % arrivals.length] as number;
            tick += 1;
            list = [...Array.from({ length: grow }, () => `new-${created++}`), ...list];
            return { items: list.slice((pageNumber - 1) * size, pageNumber * size), totalCount: list.length };
          };
          const items = await collect(walkPages({ fetchPage, pageSize, concurrency, idOf: (item) => item }));
          expect(new Set(items).size).toBe(items.length);
          const got = new Set(items);
          expect(Array.from({ length: initial }, (_, index) => `old-${index}`).filter((id) => !got.has(id))).toEqual([]);
        },
      ),
      { numRuns: 200 },
    );
  });
});
