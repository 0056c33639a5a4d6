import { describe, expect, it } from 'vitest';
import { readPages, type Page } from './paging.js';

// A newest-first listing that gains `added` records at the front after page 1 was read.
function shiftingListing(total: number, added: number) {
  let records = Array.from({ length: total }, (_, index) => `r${total - index}`);
  const asked: number[] = [];
  const fetchPage = async (pageNumber: number, pageSize: number): Promise<Page<string>> => {
    asked.push(pageNumber);
    const page = { items: records.slice((pageNumber - 1) * pageSize, pageNumber * pageSize), totalCount: records.length };
    if (pageNumber === 1) records = [...Array.from({ length: added }, (_, index) => `n${index}`), ...records];
    return page;
  };
  return { fetchPage, asked };
}

async function collect(iterable: AsyncIterable<string>) {
  const items: string[] = [];
  for await (const item of iterable) items.push(item);
  return items;
}

describe('readPages', () => {
  it.each(['concurrent', 'sequential'] as const)('%s: yields every record once when records are added during the walk', async (mode) => {
    const listing = shiftingListing(25, 3);
    const items = await collect(readPages((n) => listing.fetchPage(n, 10), { pageSize: 10, mode, key: (item) => item }));
    const old = items.filter((item) => item.startsWith('r'));
    expect(new Set(items).size).toBe(items.length);
    expect(old.sort()).toEqual(Array.from({ length: 25 }, (_, index) => `r${index + 1}`).sort());
  });

  it('stops without an extra request when the total is a multiple of the page size', async () => {
    const listing = shiftingListing(20, 0);
    await collect(readPages((n) => listing.fetchPage(n, 10), { pageSize: 10, mode: 'concurrent', key: (item) => item }));
    expect(listing.asked.sort()).toEqual([1, 2]);
  });
});
