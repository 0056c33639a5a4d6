import fc from 'fast-check';
import { AbortedError, IncompleteListingError, ListingLoopError, PageLimitError } from '@invocations/core';
import { describe, expect, it } from 'vitest';
import { defaultMaxPages, walkPages, walkTokens, type WalkedPage } from './paging.js';
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

  it('reads a moving bound (an adaptive window) before each page, and still yields every record once in page order', async () => {
    const bound = { size: 6, max: 6 };
    let active = 0;
    const activeAtStart = new Map<number, number>();
    const records = Array.from({ length: 150 }, (_, index) => `r${index}`);
    const fetchPage = async (pageNumber: number, pageSize: number) => {
      active += 1;
      activeAtStart.set(pageNumber, active);
      await new Promise((resolve) => setTimeout(resolve, (pageNumber % 3) + 1));
      active -= 1;
      // Page 4's answer shrinks the window to 2 (as a throttle would); page 20's grows it back to 6.
      if (pageNumber === 4) bound.size = 2;
      if (pageNumber === 20) bound.size = 6;
      return { items: records.slice((pageNumber - 1) * pageSize, pageNumber * pageSize), totalCount: records.length };
    };
    expect(await collect(walkPages({ fetchPage, pageSize: 5, concurrency: bound, idOf: (item) => item }))).toEqual(records);
    expect(Math.max(...activeAtStart.values())).toBe(6);
    // Pages sent after page 4 was yielded and before page 20 was: never more than 2 in flight.
    for (let pageNumber = 9; pageNumber <= 20; pageNumber += 1) expect(activeAtStart.get(pageNumber)).toBeLessThanOrEqual(2);
    // Grown back, it sends several at once again.
    expect(Math.max(...[...activeAtStart].filter(([pageNumber]) => pageNumber > 20).map(([, count]) => count))).toBeGreaterThan(2);
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

describe('walkPages against answers that cannot be trusted', () => {
  const records = Array.from({ length: 120 }, (_, index) => `r${index}`);
  const honest = (total: number | undefined) => async (pageNumber: number, pageSize: number) => ({
    items: records.slice((pageNumber - 1) * pageSize, pageNumber * pageSize),
    ...(total === undefined ? {} : { totalCount: total }),
  });

  it.each([[undefined], [0], [-5], [1.5], [Number.NaN], [10]])('reads on to the short page when TotalCount is %s', async (total) => {
    expect(await collect(walkPages({ fetchPage: honest(total), pageSize: 50, idOf: (item) => item }))).toEqual(records);
  });

  it('fails with a PageLimitError, after page 1, when TotalCount needs more than maxPages', async () => {
    const asked: number[] = [];
    const fetchPage = async (pageNumber: number, pageSize: number) => {
      asked.push(pageNumber);
      return { items: Array.from({ length: pageSize }, (_, index) => `p${pageNumber}-${index}`), totalCount: 2 ** 31 - 1 };
    };
    const error = await collect(walkPages({ fetchPage, pageSize: 50, concurrency: 8, idOf: (item) => item })).catch((caught: unknown) => caught);
    expect(PageLimitError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ maxPages: defaultMaxPages(50), pagesRead: 1, seen: 50 });
    expect(asked).toEqual([1]);
  });

  it('counts re-reads against maxPages, and an endless run of new full pages stops there', async () => {
    const fetchPage = async (pageNumber: number, pageSize: number) => ({ items: Array.from({ length: pageSize }, (_, index) => `p${pageNumber}-${index}`) });
    const error = await collect(walkPages({ fetchPage, pageSize: 10, maxPages: 25, idOf: (item) => item })).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ name: 'PageLimitError', maxPages: 25, pagesRead: 25, seen: 250 });
  });

  it('a full page of records already listed, with positions still unread, is a ListingLoopError', async () => {
    const same = Array.from({ length: 10 }, (_, index) => `s${index}`);
    const error = await collect(walkPages({ fetchPage: async () => ({ items: same, totalCount: 1_000 }), pageSize: 10, concurrency: 4, idOf: (item) => item })).catch(
      (caught: unknown) => caught,
    );
    expect(ListingLoopError.isInstance(error)).toBe(true);
  });

  it('a short page its own TotalCount contradicts is re-read, then an IncompleteListingError with expected and seen', async () => {
    const asked: number[] = [];
    const fetchPage = async (pageNumber: number, pageSize: number) => {
      asked.push(pageNumber);
      const items = records.slice((pageNumber - 1) * pageSize, pageNumber * pageSize);
      return { items: pageNumber === 2 ? items.slice(0, 5) : items, totalCount: 120 };
    };
    const error = await collect(walkPages({ fetchPage, pageSize: 50, idOf: (item) => item })).catch((caught: unknown) => caught);
    expect(IncompleteListingError.isInstance(error)).toBe(true);
    // Page 2 is read again at once, twice; page 3 is never reached, so nothing past the hole is claimed.
    expect(error).toMatchObject({ expected: 120, seen: 55 });
    expect(asked).toEqual([1, 2, 2, 2]);
  });

  it('records expiring at the back while the walk reads are no error', async () => {
    let list = [...records];
    const fetchPage = async (pageNumber: number, pageSize: number) => {
      const page = { items: list.slice((pageNumber - 1) * pageSize, pageNumber * pageSize), totalCount: list.length };
      list = list.slice(0, -15);
      return page;
    };
    const items = await collect(walkPages({ fetchPage, pageSize: 50, concurrency: 2, idOf: (item) => item }));
    expect(items).toEqual(records.slice(0, items.length));
    expect(items.length).toBeGreaterThanOrEqual(list.length);
  });
});

describe('walkPages: what the service says about its page size and total', () => {
  const records = Array.from({ length: 25 }, (_, index) => `r${index}`);
  // Answers by the PageSize asked for, and reports `declared` as the PageSize it used.
  const declaring = (declared: number | undefined, asked: Array<[number, number]>) => async (pageNumber: number, pageSize: number) => {
    asked.push([pageNumber, pageSize]);
    return { items: records.slice((pageNumber - 1) * pageSize, pageNumber * pageSize), totalCount: records.length, ...(declared === undefined ? {} : { pageSize: declared }) };
  };

  it.each([[100], [0], [-10], [10.5], [Number.NaN], [10]])('keeps the page size asked for when the service reports PageSize %s', async (declared) => {
    const asked: Array<[number, number]> = [];
    expect(await collect(walkPages({ fetchPage: declaring(declared, asked), pageSize: 10, idOf: (item) => item }))).toStrictEqual(records);
    expect(asked).toStrictEqual([[1, 10], [2, 10], [3, 10]]);
  });

  it('walks by a smaller reported PageSize (the service capped it), down to 1', async () => {
    const asked: Array<[number, number]> = [];
    const fetchPage = async (pageNumber: number, pageSize: number) => {
      asked.push([pageNumber, pageSize]);
      return { items: records.slice(pageNumber - 1, pageNumber).slice(0, 1), totalCount: 3, pageSize: 1 };
    };
    expect(await collect(walkPages({ fetchPage, pageSize: 10, idOf: (item) => item }))).toStrictEqual(['r0', 'r1', 'r2']);
    expect(asked).toStrictEqual([[1, 10], [2, 1], [3, 1]]);
  });

  it('does not trust a smaller reported PageSize that page 1 itself exceeds', async () => {
    const asked: Array<[number, number]> = [];
    const fetchPage = async (pageNumber: number, pageSize: number) => {
      asked.push([pageNumber, pageSize]);
      return { items: records.slice((pageNumber - 1) * pageSize, pageNumber * pageSize), totalCount: records.length, pageSize: 5 };
    };
    expect(await collect(walkPages({ fetchPage, pageSize: 10, idOf: (item) => item }))).toStrictEqual(records);
    expect(asked.map(([, size]) => size)).toStrictEqual([10, 10, 10]);
  });

  it('reads a later page that comes without TotalCount by page 1\'s total', async () => {
    const asked: number[] = [];
    const fetchPage = async (pageNumber: number, pageSize: number) => {
      asked.push(pageNumber);
      const items = records.slice((pageNumber - 1) * pageSize, pageNumber * pageSize);
      return pageNumber === 1 ? { items, totalCount: records.length } : { items };
    };
    expect(await collect(walkPages({ fetchPage, pageSize: 10, concurrency: 2, idOf: (item) => item }))).toStrictEqual(records);
    // Pages 2 and 3 were in flight at once: page 1 read again (the same newest record) shows nothing slid between them.
    expect(asked.sort()).toStrictEqual([1, 1, 2, 3]);
  });

  it('reads every page when TotalCount is exactly pages times the size, and a total one higher needs one more', async () => {
    for (const [total, pages] of [[20, [1, 2]], [21, [1, 2, 3]], [1, [1]]] as const) {
      const asked: number[] = [];
      const list = Array.from({ length: total }, (_, index) => `r${index}`);
      const fetchPage = async (pageNumber: number, pageSize: number) => {
        asked.push(pageNumber);
        return { items: list.slice((pageNumber - 1) * pageSize, pageNumber * pageSize), totalCount: total };
      };
      expect(await collect(walkPages({ fetchPage, pageSize: 10, idOf: (item) => item }))).toStrictEqual(list);
      expect(asked.sort()).toStrictEqual(pages);
    }
  });

  it('lets a walk use exactly maxPages pages, re-reads included, and stops one page short of more', async () => {
    // 25 records, page 2 short once (5 of 10): pages 1, 2, 3 and one re-read of page 2 = 4 pages.
    const run = (maxPages: number) => {
      const asked: number[] = [];
      let shortOnce = true;
      const fetchPage = async (pageNumber: number, pageSize: number) => {
        asked.push(pageNumber);
        const items = records.slice((pageNumber - 1) * pageSize, pageNumber * pageSize);
        if (pageNumber === 2 && shortOnce) {
          shortOnce = false;
          return { items: items.slice(0, 5), totalCount: records.length };
        }
        return { items, totalCount: records.length };
      };
      return { asked, walk: collect(walkPages({ fetchPage, pageSize: 10, maxPages, idOf: (item) => item })) };
    };
    const enough = run(4);
    // page 2 is read again before page 3: the records come in the service's order
    expect(await enough.walk).toStrictEqual(records);
    expect(enough.asked).toStrictEqual([1, 2, 2, 3]);
    const short = run(3);
    const error = await short.walk.catch((caught: unknown) => caught);
    expect(PageLimitError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ maxPages: 3, pagesRead: 3 });
    expect((error as Error).message).toContain('the listing needed page 3');
    expect(short.asked).toStrictEqual([1, 2, 2]);
  });

  it('sizes its default page budget by the page size: two readings of 100,000 records, plus ten', () => {
    expect(defaultMaxPages(50)).toBe(4_010);
    expect(defaultMaxPages(100)).toBe(2_010);
    expect(defaultMaxPages(0)).toBe(200_010);
    expect(defaultMaxPages(3)).toBe(2 * 33_334 + 10);
  });
});

describe('walkTokens', () => {
  it('follows NextToken to its end, yielding each record once', async () => {
    const pages: Record<string, { items: string[]; nextToken?: string }> = { '': { items: ['a', 'b'], nextToken: 't1' }, t1: { items: ['b', 'c'], nextToken: 't2' }, t2: { items: ['d'] } };
    const items = await collect(walkTokens({ fetchPage: async (token) => pages[token ?? ''] as { items: string[] }, pageSize: 2, idOf: (item) => item }));
    expect(items).toEqual(['a', 'b', 'c', 'd']);
  });

  it.each([
    ['an empty page with a new token', (index: number) => ({ items: [] as string[], nextToken: `t${index}` })],
    ['the same records with a new token', (index: number) => ({ items: ['a', 'b'], nextToken: `t${index}` })],
    ['the same token twice', (index: number) => ({ items: [`r${index}`], nextToken: 'same' })],
  ])('%s is a ListingLoopError within two pages', async (_case, page) => {
    let calls = 0;
    const error = await collect(walkTokens({ fetchPage: async () => page(calls++), pageSize: 2, idOf: (item) => item })).catch((caught: unknown) => caught);
    expect(ListingLoopError.isInstance(error)).toBe(true);
    expect(calls).toBeLessThanOrEqual(2);
  });

  it('new records behind new tokens forever stop at maxPages with a PageLimitError', async () => {
    let calls = 0;
    const fetchPage = async () => ({ items: [`r${calls}`], nextToken: `t${calls++}` });
    const error = await collect(walkTokens({ fetchPage, pageSize: 1, maxPages: 30, idOf: (item) => item })).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ name: 'PageLimitError', maxPages: 30, seen: 30 });
    expect(calls).toBe(30);
  });
});

describe('the errors a walk ends with say which listing, how far it got and why', () => {
  const details = (error: unknown) => {
    const { name, message, label, seen, pagesRead } = error as ListingLoopError;
    return { name, message, label, seen, pagesRead };
  };
  const loop = (label: string, reason: string) => `${label}: the service's pages stopped making progress (${reason}); stopping to avoid a loop`;
  const limit = (label: string, maxPages: number, reason: string) =>
    `${label}: stopped at the limit of ${maxPages} page requests (${reason}); raise maxPages if the listing really is that long`;

  it('walkTokens: an empty page, a page of old records, the same token twice, and the page limit', async () => {
    let calls = 0;
    const label = 'ecs cn-hangzhou';
    const empty = await collect(walkTokens({ fetchPage: async () => ({ items: [], nextToken: `t${calls++}` }), pageSize: 2, label, idOf: (item: string) => item })).catch((caught: unknown) => caught);
    expect(details(empty)).toStrictEqual({ name: 'ListingLoopError', message: loop(label, 'page 1 was empty but came with a NextToken'), label, seen: 0, pagesRead: 1 });
    calls = 0;
    const old = await collect(walkTokens({ fetchPage: async () => ({ items: ['a'], nextToken: `t${calls++}` }), pageSize: 2, label, idOf: (item: string) => item })).catch((caught: unknown) => caught);
    expect(details(old)).toStrictEqual({ name: 'ListingLoopError', message: loop(label, 'page 2 held only records already listed but came with a NextToken'), label, seen: 1, pagesRead: 2 });
    calls = 0;
    const twice = await collect(walkTokens({ fetchPage: async () => ({ items: [`r${calls++}`], nextToken: 'same' }), pageSize: 2, idOf: (item: string) => item })).catch((caught: unknown) => caught);
    expect(details(twice)).toStrictEqual({ name: 'ListingLoopError', message: loop('the listing', 'the service returned NextToken "same" twice'), label: undefined, seen: 2, pagesRead: 2 });
    calls = 0;
    const endless = await collect(walkTokens({ fetchPage: async () => ({ items: [`r${calls}`], nextToken: `t${calls++}` }), pageSize: 1, maxPages: 3, label: 'L', idOf: (item: string) => item })).catch(
      (caught: unknown) => caught,
    );
    expect(details(endless)).toStrictEqual({ name: 'PageLimitError', message: limit('L', 3, 'the service kept sending a NextToken'), label: 'L', seen: 3, pagesRead: 3 });
  });

  it('walkPages: old records without a TotalCount, a TotalCount past maxPages, old records where new ones were due, and the page limit', async () => {
    const noTotal = await collect(walkPages({ fetchPage: async () => ({ items: ['a', 'b'] }), pageSize: 2, label: 'L', idOf: (item: string) => item })).catch((caught: unknown) => caught);
    expect(details(noTotal)).toStrictEqual({
      name: 'ListingLoopError',
      message: loop('L', 'page 2 was full, but of records already listed, and no TotalCount says where the list ends'),
      label: 'L',
      seen: 2,
      pagesRead: 2,
    });
    const fetchFull = async (pageNumber: number, pageSize: number) => ({ items: Array.from({ length: pageSize }, (_, index) => `p${pageNumber}-${index}`), totalCount: 1_000 });
    const tooMany = await collect(walkPages({ fetchPage: fetchFull, pageSize: 10, maxPages: 5, label: 'L', idOf: (item: string) => item })).catch((caught: unknown) => caught);
    expect(details(tooMany)).toStrictEqual({ name: 'PageLimitError', message: limit('L', 5, 'TotalCount 1000 at 10 a page needs 100 pages'), label: 'L', seen: 10, pagesRead: 1 });
    const repeating = await collect(walkPages({ fetchPage: async () => ({ items: ['a', 'b'], totalCount: 10 }), pageSize: 2, label: 'L', idOf: (item: string) => item })).catch(
      (caught: unknown) => caught,
    );
    expect(details(repeating)).toStrictEqual({
      name: 'ListingLoopError',
      message: loop('L', 'page 2 was full, but of records already listed, where 2 records not yet read were due'),
      label: 'L',
      seen: 2,
      pagesRead: 3,
    });
    const endless = await collect(walkPages({ fetchPage: async (pageNumber: number) => ({ items: [`a${pageNumber}`, `b${pageNumber}`] }), pageSize: 2, maxPages: 3, idOf: (item: string) => item })).catch(
      (caught: unknown) => caught,
    );
    expect(details(endless)).toStrictEqual({
      name: 'PageLimitError',
      message: limit('the listing', 3, 'a listing without a usable TotalCount needed page 4'),
      label: undefined,
      seen: 6,
      pagesRead: 3,
    });
  });

  it('both walks: an aborted signal is an AbortedError with a fixed message and the reason as its cause, before any request', async () => {
    const reason = new Error('stop');
    let calls = 0;
    const fetchPage = async () => {
      calls += 1;
      return { items: [] };
    };
    for (const walk of [
      walkTokens({ fetchPage, pageSize: 1, signal: AbortSignal.abort(reason), idOf: (item: string) => item }),
      walkPages({ fetchPage, pageSize: 1, signal: AbortSignal.abort(reason), label: 'L', idOf: (item: string) => item }),
    ]) {
      const error = await collect(walk).catch((caught: unknown) => caught);
      expect(AbortedError.isInstance(error)).toBe(true);
      expect((error as AbortedError).message).toBe('the listing was aborted');
      expect((error as AbortedError).cause).toBe(reason);
    }
    expect(calls).toBe(0);
  });
});

describe('walkPages: edges the mutation run found untested', () => {
  const ids = (prefix: string, count: number) => Array.from({ length: count }, (_, index) => `${prefix}${index}`);

  it('reads on when page 1 gives a TotalCount that is not a whole number, even one above what page 1 holds', async () => {
    const records = ids('r', 40);
    const asked: number[] = [];
    const fetchPage = async (pageNumber: number, pageSize: number) => {
      asked.push(pageNumber);
      return { items: records.slice((pageNumber - 1) * pageSize, pageNumber * pageSize), totalCount: 25.5 };
    };
    // Taken as 25.5 records, the walk would stop after page 3 with 30.
    expect(await collect(walkPages({ fetchPage, pageSize: 10, idOf: (item) => item }))).toStrictEqual(records);
    expect(asked).toStrictEqual([1, 2, 3, 4, 5]);
  });

  it('without a TotalCount, a short page 1 is the whole listing; a full one of size 1 is not', async () => {
    for (const [size, records, pages] of [
      [10, ids('r', 7), [1]],
      [1, ids('r', 3), [1, 2, 3, 4]],
    ] as const) {
      const asked: number[] = [];
      const fetchPage = async (pageNumber: number, pageSize: number) => {
        asked.push(pageNumber);
        return { items: records.slice((pageNumber - 1) * pageSize, pageNumber * pageSize) };
      };
      expect(await collect(walkPages({ fetchPage, pageSize: size, idOf: (item) => item }))).toStrictEqual(records);
      expect(asked).toStrictEqual(pages);
    }
  });

  it('a TotalCount equal to what a full page 1 holds needs no second request', async () => {
    const asked: number[] = [];
    const records = ids('r', 10);
    const fetchPage = async (pageNumber: number, pageSize: number) => {
      asked.push(pageNumber);
      return { items: records.slice((pageNumber - 1) * pageSize, pageNumber * pageSize), totalCount: 10 };
    };
    expect(await collect(walkPages({ fetchPage, pageSize: 10, idOf: (item) => item }))).toStrictEqual(records);
    expect(asked).toStrictEqual([1]);
  });

  it('places a later page by the last usable TotalCount when it sends a negative or fractional one, by its own when it sends 0', async () => {
    // 30 records; 10 are created right after page 1, so page 2 (TotalCount 40) holds page 1's records again.
    const run = async (page3Total: number | undefined) => {
      let list = ids('r', 30);
      const asked: number[] = [];
      const fetchPage = async (pageNumber: number, pageSize: number) => {
        asked.push(pageNumber);
        const items = list.slice((pageNumber - 1) * pageSize, pageNumber * pageSize);
        const totalCount = pageNumber === 3 && asked.length === 3 ? page3Total : list.length;
        if (asked.length === 1) list = [...ids('n', 10), ...list];
        return totalCount === undefined ? { items } : { items, totalCount };
      };
      const items = await collect(walkPages({ fetchPage, pageSize: 10, idOf: (item) => item })).catch((caught: unknown) => caught);
      return { items, asked };
    };
    // Page 2 is full of records already listed: page 1 read again shows the ten new ones at the front
    // (no loop), and page 2 the newest record of page 1's first reading. Page 3 follows page 2, and page 4 ends the list by its TotalCount 40. A later page's
    // TotalCount (unusable, or 0) only says where the list ends, and 0 is not where page 3 ends.
    for (const total of [undefined, -5, 1.5, Number.NaN, 0]) {
      expect(await run(total)).toStrictEqual({ items: ids('r', 30), asked: [1, 2, 1, 2, 3, 4] });
    }
  });

  it('does not walk by a reported PageSize that is not a whole number of at least 1', async () => {
    // The service really returns 2 records a page (5 in all), but reports PageSize 2.5 or 0.
    for (const [declared, perPage] of [
      [2.5, 2],
      [0, 0],
    ] as const) {
      const records = ids('r', 5);
      const fetchPage = async (pageNumber: number) => ({
        items: records.slice((pageNumber - 1) * perPage, pageNumber * perPage),
        totalCount: 5,
        pageSize: declared,
      });
      const error = await collect(walkPages({ fetchPage, pageSize: 10, idOf: (item) => item })).catch((caught: unknown) => caught);
      expect(IncompleteListingError.isInstance(error)).toBe(true);
      expect(error).toMatchObject({ expected: 5, seen: perPage });
    }
  });

  it('a page that, after a whole page of new records, holds only records read at positions already covered is no loop', async () => {
    let list = ids('r', 30);
    const asked: number[] = [];
    const fetchPage = async (pageNumber: number, pageSize: number) => {
      asked.push(pageNumber);
      const page = { items: list.slice((pageNumber - 1) * pageSize, pageNumber * pageSize), totalCount: list.length };
      if (asked.length === 1) list = [...ids('n', 10), ...list];
      return page;
    };
    expect(await collect(walkPages({ fetchPage, pageSize: 10, idOf: (item) => item }))).toStrictEqual(ids('r', 30));
    // After the page of repeats, page 1 again: it holds none of them (they slid; nothing went back);
    // page 2 holds r0, ten records down: ten arrived.
    expect(asked).toStrictEqual([1, 2, 1, 2, 3, 4]);
  });

  it('reads a page that came short again at once, so its records come back while their ids are recent', async () => {
    // 1,200 records at 10 a page (a window of 1,000 ids); page 2 comes short once.
    const records = ids('r', 1_200);
    let shortOnce = true;
    const fetchPage = async (pageNumber: number, pageSize: number) => {
      const items = records.slice((pageNumber - 1) * pageSize, pageNumber * pageSize);
      if (pageNumber === 2 && shortOnce) {
        shortOnce = false;
        return { items: items.slice(0, 5), totalCount: records.length };
      }
      return { items, totalCount: records.length };
    };
    const items = await collect(walkPages({ fetchPage, pageSize: 10, idOf: (item) => item }));
    expect(items).toStrictEqual(records);
  });

  it('without a TotalCount, remembers the ids of 2 × pageSize × (concurrency + 2) records: a page repeating one that far back is a loop', async () => {
    // 100 a page at concurrency 8: 2,000 ids. Page 15 repeats page 1, 1,400 ids back.
    const fetchPage = async (pageNumber: number, pageSize: number) => ({
      items: pageNumber > 15 ? [] : ids(`p${pageNumber === 15 ? 1 : pageNumber}-`, pageSize),
    });
    const error = await collect(walkPages({ fetchPage, pageSize: 100, concurrency: 8, label: 'L', idOf: (item) => item })).catch((caught: unknown) => caught);
    expect(ListingLoopError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ seen: 1_400, pagesRead: 15 });
  });

  it('stops before page 1 with a PageLimitError when maxPages is 0', async () => {
    let calls = 0;
    const fetchPage = async () => {
      calls += 1;
      return { items: [] };
    };
    const error = await collect(walkPages({ fetchPage, pageSize: 10, maxPages: 0, idOf: (item: string) => item })).catch((caught: unknown) => caught);
    expect(PageLimitError.isInstance(error)).toBe(true);
    expect((error as Error).message).toBe('the listing: stopped at the limit of 0 page requests (the listing needed page 1); raise maxPages if the listing really is that long');
    expect(calls).toBe(0);
  });

  it('ends a listing that keeps shifting faster than it is re-read with the shift hint, or "Retry." without one', async () => {
    const run = async (shiftHint: string | undefined) => {
      let list = ids('r', 20);
      let created = 0;
      // Every read, a whole page of new records arrives at the front.
      const fetchPage = async (pageNumber: number, pageSize: number) => {
        const page = { items: list.slice((pageNumber - 1) * pageSize, pageNumber * pageSize), totalCount: list.length };
        list = [...ids(`n${created++}-`, pageSize), ...list];
        return page;
      };
      return collect(walkPages({ fetchPage, pageSize: 10, idOf: (item) => item, ...(shiftHint === undefined ? {} : { shiftHint }) })).catch((caught: unknown) => caught);
    };
    const hinted = await run('Narrow the time range.');
    expect(IncompleteListingError.isInstance(hinted)).toBe(true);
    expect((hinted as Error).message).toContain('(the listing kept shifting (new records arrived faster than pages could be re-read); records from position 60 on may be missing. Narrow the time range.)');
    expect((await run(undefined)) as Error).toHaveProperty('message', expect.stringContaining('records from position 60 on may be missing. Retry.)'));
  });
});

describe('walkTokens: edges the mutation run found untested', () => {
  it('ends at a page whose NextToken is empty, as at one without', async () => {
    let calls = 0;
    const fetchPage = async () => {
      calls += 1;
      return { items: ['a', 'b'], nextToken: '' };
    };
    expect(await collect(walkTokens({ fetchPage, pageSize: 2, idOf: (item) => item }))).toStrictEqual(['a', 'b']);
    expect(calls).toBe(1);
  });

  it('quotes at most 64 characters of a NextToken sent twice', async () => {
    const token = 'x'.repeat(100);
    let calls = 0;
    const fetchPage = async () => ({ items: [`r${calls++}`], nextToken: token });
    const error = await collect(walkTokens({ fetchPage, pageSize: 2, idOf: (item) => item })).catch((caught: unknown) => caught);
    expect((error as Error).message).toContain(`(the service returned NextToken "${'x'.repeat(64)}" twice)`);
  });

  it('remembers the ids of the last two pages, however large: a page repeating page 1 after page 2 is a loop', async () => {
    // 600 a page: 1,200 ids remembered, more than the floor of 1,000.
    const pages = [Array.from({ length: 600 }, (_, index) => `a${index}`), Array.from({ length: 600 }, (_, index) => `b${index}`)];
    let calls = 0;
    const fetchPage = async () => {
      const page = pages[calls % 2] as string[];
      calls += 1;
      return { items: page, nextToken: `t${calls}` };
    };
    const error = await collect(walkTokens({ fetchPage, pageSize: 600, idOf: (item) => item })).catch((caught: unknown) => caught);
    expect(ListingLoopError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ seen: 1_200, pagesRead: 3 });
  });
});

describe('walkPages on a list at its retention limit (as many records expire at the back as arrive at the front)', () => {
  const ids = (prefix: string, count: number) => Array.from({ length: count }, (_, index) => `${prefix}${index}`);
  // `arrive` new records at the front and as many of the oldest gone from the back.
  const slide = (list: string[], arrive: number, tag: string) => [...ids(tag, arrive).reverse(), ...list.slice(0, list.length - arrive)];

  it.each([1, 2, 4, 16])('21 records at 4 a page, 8 created and 8 expired after page 1: every record that stayed, once (concurrency %i)', async (concurrency) => {
    let list = ids('r', 21);
    let answers = 0;
    const fetchPage = async (pageNumber: number, pageSize: number) => {
      await Promise.resolve();
      const page = { items: list.slice((pageNumber - 1) * pageSize, pageNumber * pageSize), totalCount: list.length };
      answers += 1;
      if (answers === 1) list = slide(list, 8, 'n');
      return page;
    };
    const items = await collect(walkPages({ fetchPage, pageSize: 4, concurrency, idOf: (item) => item }));
    expect(new Set(items).size).toBe(items.length);
    expect(ids('r', 13).filter((id) => !items.includes(id))).toStrictEqual([]);
  });

  // Two pages in flight at once, answered in a chosen order: call `held` waits until call `sliding`
  // has been answered, and right after that answer `arrive` records arrive (and as many expire).
  function slidBetween(initial: string[], held: number, sliding: number, arrive: number) {
    let list = initial;
    const asked: number[] = [];
    let release: () => void = () => undefined;
    const slid = new Promise<void>((resolve) => {
      release = resolve;
    });
    const fetchPage = async (pageNumber: number, pageSize: number) => {
      asked.push(pageNumber);
      const call = asked.length;
      if (call === held) await slid;
      const page = { items: list.slice((pageNumber - 1) * pageSize, pageNumber * pageSize), totalCount: list.length };
      if (call === sliding) {
        list = slide(list, arrive, 'n');
        release();
      }
      return page;
    };
    return { fetchPage, asked };
  }

  it('a page answered after its neighbour slid is no silent gap: the front changed, so the stretch is read again', async () => {
    // Pages 2 and 3 in flight at once; page 3 is answered first, then 5 records arrive (and 5 expire),
    // then page 2: r15..r19 slid from page 2's stretch onto page 3's after page 3 was read.
    const { fetchPage, asked } = slidBetween(ids('r', 30), 2, 3, 5);
    const items = await collect(walkPages({ fetchPage, pageSize: 10, concurrency: 2, idOf: (item) => item }));
    // r20..r29 were there when page 3 was first read (r25..r29 expired since); r15..r19 come with its second reading.
    expect(items).toStrictEqual([...ids('r', 15), ...ids('r', 30).slice(20), ...ids('r', 20).slice(15)]);
    // Page 1 again showed new records at the front; page 3 is read again, on its own.
    expect(asked).toStrictEqual([1, 2, 3, 1, 3]);
  });

  it('pages in flight at once that share records need no second look at the front', async () => {
    // Page 2 is answered, 5 records arrive (and 5 expire), then page 3: it starts with r15..r19 again.
    const { fetchPage, asked } = slidBetween(ids('r', 30), 3, 2, 5);
    const items = await collect(walkPages({ fetchPage, pageSize: 10, concurrency: 2, idOf: (item) => item }));
    expect(items).toStrictEqual(ids('r', 25));
    expect(asked).toStrictEqual([1, 2, 3]);
  });

  it('a page of records already listed, after as many arrived, is no loop; sequentially nothing is lost', async () => {
    // The shortest walk main called a loop: 2 records, 1 a page, 1 arriving and 1 expiring after every answer.
    let list = ids('r', 2);
    let tag = 0;
    const fetchPage = async (pageNumber: number, pageSize: number) => {
      const page = { items: list.slice((pageNumber - 1) * pageSize, pageNumber * pageSize), totalCount: list.length };
      list = slide(list, 1, `n${tag++}-`);
      return page;
    };
    const items = await collect(walkPages({ fetchPage, pageSize: 1, idOf: (item) => item }));
    expect(items[0]).toBe('r0');
    expect(new Set(items).size).toBe(items.length);
  });

  it('widens again, a page at a time doubled, after a batch whose front changed', async () => {
    // 100 records at 5 a page, concurrency 4. One record arrives (and one expires) after page 3's first answer only.
    let list = ids('r', 100);
    const asked: number[] = [];
    let slid = false;
    const fetchPage = async (pageNumber: number, pageSize: number) => {
      asked.push(pageNumber);
      await new Promise((resolve) => setTimeout(resolve, pageNumber === 3 ? 1 : 5));
      const page = { items: list.slice((pageNumber - 1) * pageSize, pageNumber * pageSize), totalCount: list.length };
      if (pageNumber === 3 && !slid) {
        slid = true;
        list = slide(list, 1, 'n');
      }
      return page;
    };
    const items = await collect(walkPages({ fetchPage, pageSize: 5, concurrency: 4, idOf: (item) => item }));
    expect(ids('r', 99).filter((id) => !items.includes(id))).toStrictEqual([]);
    expect(new Set(items).size).toBe(items.length);
    // Batch 2..5; page 1 (changed: n0, TotalCount as before, so nothing is placed) beside pages 6..8,
    // which are then read again; page 3 alone (it holds r9 again: it follows page 2), then 4..5 and
    // page 1 on its own (no look goes beside pages once one failed), then 6..9.
    expect(asked.slice(0, 9)).toStrictEqual([1, 2, 3, 4, 5, 1, 6, 7, 8]);
    expect(asked.slice(9, 17)).toStrictEqual([3, 4, 5, 1, 6, 7, 8, 9]);
  });
});

describe('walkPages: a look at the front after pages read at once', () => {
  const ids = (prefix: string, count: number) => Array.from({ length: count }, (_, index) => `${prefix}${index}`);
  // Each request waits `wait(pageNumber, call)` ms, then the server answers from the list as it is
  // then, then `after(call)` changes it (call counts from 0, page 1 included).
  function timed(initial: string[], wait: (pageNumber: number, call: number) => number, after: (call: number, list: string[]) => string[]) {
    let list = initial;
    const asked: number[] = [];
    const fetchPage = async (pageNumber: number, pageSize: number) => {
      const call = asked.length;
      asked.push(pageNumber);
      await new Promise((resolve) => setTimeout(resolve, wait(pageNumber, call)));
      const page = { items: list.slice((pageNumber - 1) * pageSize, pageNumber * pageSize), totalCount: list.length };
      list = after(call, list);
      return page;
    };
    return { fetchPage, asked };
  }
  // Pages 2, 3, 4 in flight at once, answered 4, 3, 2; two records arrive right after page 4's answer.
  const reversed = (pageNumber: number, call: number) => (call >= 1 && call <= 3 ? 10 * (5 - pageNumber) : 0);

  it('places pages by their TotalCount when it grew by just what arrived: only the stretch that slid past is read again', async () => {
    const listing = timed(ids('r', 40), reversed, (call, list) => (call === 3 ? ['n1', 'n0', ...list] : list));
    const items = await collect(walkPages({ fetchPage: listing.fetchPage, pageSize: 10, concurrency: 4, idOf: (item) => item }));
    // r28 and r29 slid from page 3's stretch onto page 4's between their answers.
    expect([...items].sort()).toStrictEqual(ids('r', 40).sort());
    expect(items).toHaveLength(40);
    expect(listing.asked).toStrictEqual([1, 2, 3, 4, 1, 4, 5]);
  });

  it('takes back what was assumed when records also expired meanwhile: from the last page proven, one at a time', async () => {
    // As above, and the two oldest expire with the arrivals: TotalCount stays 40.
    const listing = timed(ids('r', 40), reversed, (call, list) => (call === 3 ? ['n1', 'n0', ...list.slice(0, -2)] : list));
    const items = await collect(walkPages({ fetchPage: listing.fetchPage, pageSize: 10, concurrency: 4, idOf: (item) => item }));
    expect(ids('r', 38).filter((id) => !items.includes(id))).toStrictEqual([]);
    expect(new Set(items).size).toBe(items.length);
    // Page 2 follows page 1 (proven); 3 and 4 are read again, then 4 ends the list by its TotalCount.
    expect(listing.asked).toStrictEqual([1, 2, 3, 4, 1, 3, 4]);
  });

  it('does not trust a TotalCount that grew by other than what arrived', async () => {
    // Two arrive, and TotalCount claims three more: pages cannot be placed by it.
    let lie = false;
    const listing = timed(ids('r', 40), reversed, (call, list) => {
      if (call === 3) {
        lie = true;
        return ['n1', 'n0', ...list];
      }
      return list;
    });
    const fetchPage = async (pageNumber: number, pageSize: number) => {
      const page = await listing.fetchPage(pageNumber, pageSize);
      return lie && listing.asked.length === 5 ? { ...page, totalCount: page.totalCount + 1 } : page;
    };
    const items = await collect(walkPages({ fetchPage, pageSize: 10, concurrency: 4, idOf: (item) => item }));
    expect([...items].sort()).toStrictEqual(ids('r', 40).sort());
    expect(listing.asked.slice(0, 6)).toStrictEqual([1, 2, 3, 4, 1, 3]);
  });
});

describe('walkPages: edges of the proof the mutation run found untested', () => {
  const ids = (prefix: string, count: number) => Array.from({ length: count }, (_, index) => `${prefix}${index}`);

  it('a short page that did not end the list names itself in the error, with what its TotalCount promised', async () => {
    const records = ids('r', 120);
    const fetchPage = async (pageNumber: number, pageSize: number) => {
      const items = records.slice((pageNumber - 1) * pageSize, pageNumber * pageSize);
      return { items: pageNumber === 3 ? items.slice(0, 5) : items, totalCount: 120 };
    };
    const error = await collect(walkPages({ fetchPage, pageSize: 50, idOf: (item) => item })).catch((caught: unknown) => caught);
    expect((error as Error).message).toContain(
      '(records from position 105 on never came back after 2 re-reads: page 3 held 5 records where its TotalCount 120 promised 20)',
    );
  });

  it('a listing that kept shifting expects the most records any page claimed', async () => {
    let list = ids('r', 20);
    let created = 0;
    const fetchPage = async (pageNumber: number, pageSize: number) => {
      const page = { items: list.slice((pageNumber - 1) * pageSize, pageNumber * pageSize), totalCount: list.length };
      list = [...ids(`n${created++}-`, pageSize), ...list];
      return page;
    };
    const error = await collect(walkPages({ fetchPage, pageSize: 10, idOf: (item) => item })).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ name: 'IncompleteListingError', expected: 150 });
  });

  it('a page of repeats that is not the first page after page 1 says how many new records were due on it', async () => {
    // Page 3 repeats page 1; page 2 is new.
    const fetchPage = async (pageNumber: number, pageSize: number) => ({ items: ids(`p${pageNumber === 3 ? 1 : pageNumber}-`, pageSize), totalCount: 100 });
    const error = await collect(walkPages({ fetchPage, pageSize: 10, concurrency: 2, idOf: (item) => item })).catch((caught: unknown) => caught);
    expect(ListingLoopError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain('page 3 was full, but of records already listed, where 10 records not yet read were due');
  });

  it('a page read again that brings only records already listed needs no look at the front', async () => {
    // Five arrive (and five expire) right after page 1: pages 2 and 3, read at once, do not prove each
    // other, and page 1 shows the arrivals; page 3 is read again, the same as before, and ends the list.
    let list = ids('r', 30);
    const asked: number[] = [];
    const fetchPage = async (pageNumber: number, pageSize: number) => {
      asked.push(pageNumber);
      const page = { items: list.slice((pageNumber - 1) * pageSize, pageNumber * pageSize), totalCount: list.length };
      if (asked.length === 1) list = [...ids('n', 5), ...list.slice(0, 25)];
      return page;
    };
    expect(await collect(walkPages({ fetchPage, pageSize: 10, concurrency: 2, idOf: (item) => item }))).toStrictEqual(ids('r', 25));
    expect(asked).toStrictEqual([1, 2, 3, 1, 3]);
  });

  it('a page sent after the last proven one came back, but starting past what it proved, proves nothing', async () => {
    // The bound drops to 1 as page 2 is sent, so page 3 follows page 2's answer; page 2 comes short once.
    const records = ids('r', 30);
    const bound = { size: 2, max: 2 };
    let shortOnce = true;
    const fetchPage = async (pageNumber: number, pageSize: number) => {
      if (pageNumber === 2) bound.size = 1;
      await Promise.resolve();
      const items = records.slice((pageNumber - 1) * pageSize, pageNumber * pageSize);
      if (pageNumber === 2 && shortOnce) {
        shortOnce = false;
        return { items: items.slice(0, 5), totalCount: 30 };
      }
      return { items, totalCount: 30 };
    };
    const items = await collect(walkPages({ fetchPage, pageSize: 10, concurrency: bound, idOf: (item) => item }));
    expect([...items].sort()).toStrictEqual([...records].sort());
  });

  it("a later page's unusable TotalCount keeps the next batch as wide; a TotalCount of 0 narrows it to one page", async () => {
    const run = async (laterTotal: number) => {
      const records = ids('r', 100);
      const asked: number[] = [];
      const fetchPage = async (pageNumber: number, pageSize: number) => {
        asked.push(pageNumber);
        const items = records.slice((pageNumber - 1) * pageSize, pageNumber * pageSize);
        return { items, totalCount: asked.length === 5 ? laterTotal : 100 };
      };
      const items = await collect(walkPages({ fetchPage, pageSize: 10, concurrency: 4, idOf: (item) => item }));
      expect(items).toStrictEqual(records);
      return asked;
    };
    // The look at the front beside pages 6..8, as wide as before (the look takes the fourth place).
    for (const total of [-5, 1.5]) expect(await run(total)).toStrictEqual([1, 2, 3, 4, 5, 1, 6, 7, 8, 1, 9, 10, 1]);
    // Page 6 alone beside it: a list of 0 records has one page to look at.
    expect(await run(0)).toStrictEqual([1, 2, 3, 4, 5, 1, 6, 7, 8, 9, 10, 1]);
  });

  it('an empty page 1 that claims records is an IncompleteListingError, whatever idOf makes of no record', async () => {
    const fetchPage = async () => ({ items: [] as Array<{ id: string }>, totalCount: 5 });
    const error = await collect(walkPages({ fetchPage, pageSize: 10, idOf: (item) => item.id })).catch((caught: unknown) => caught);
    expect(IncompleteListingError.isInstance(error), String(error)).toBe(true);
  });
});

describe('walkPages: more edges of the proof', () => {
  const ids = (prefix: string, count: number) => Array.from({ length: count }, (_, index) => `${prefix}${index}`);

  it('a TotalCount below what page 1 holds is no TotalCount: a page of repeats is a loop at once', async () => {
    const error = await collect(walkPages({ fetchPage: async () => ({ items: ['a', 'b'], totalCount: 1 }), pageSize: 2, idOf: (item: string) => item })).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ name: 'ListingLoopError', pagesRead: 2 });
    expect((error as Error).message).toContain('no TotalCount says where the list ends');
  });

  it('a page read at once with a short one, past the hole it leaves, needs no look at the front', async () => {
    const records = ids('r', 150);
    const asked: number[] = [];
    const fetchPage = async (pageNumber: number, pageSize: number) => {
      asked.push(pageNumber);
      const items = records.slice((pageNumber - 1) * pageSize, pageNumber * pageSize);
      return { items: pageNumber === 2 ? items.slice(0, 10) : items, totalCount: 150 };
    };
    const error = await collect(walkPages({ fetchPage, pageSize: 50, concurrency: 2, idOf: (item) => item })).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ name: 'IncompleteListingError', expected: 150 });
    // Page 3 is read again with page 2 once page 2's records are all there is to prove; the error names page 2.
    expect(asked).toStrictEqual([1, 2, 3, 2, 2, 3]);
    expect((error as Error).message).toContain('page 2 held 10 records where its TotalCount 150 promised 50)');
  });

  it('the page limit reached at a look at the front says so', async () => {
    const records = ids('r', 25);
    const fetchPage = async (pageNumber: number, pageSize: number) => ({ items: records.slice((pageNumber - 1) * pageSize, pageNumber * pageSize), totalCount: 25 });
    const error = await collect(walkPages({ fetchPage, pageSize: 10, concurrency: 2, maxPages: 3, idOf: (item) => item })).catch((caught: unknown) => caught);
    expect(PageLimitError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain('(a check of the front needed page 1)');
  });

  it('page 1 holding any one record of a page of repeats is a loop, even with a new record before it', async () => {
    let calls = 0;
    const fetchPage = async () => {
      calls += 1;
      return { items: calls === 3 ? ['x', 'a'] : ['a', 'b'], totalCount: 10 };
    };
    const error = await collect(walkPages({ fetchPage, pageSize: 2, idOf: (item: string) => item })).catch((caught: unknown) => caught);
    expect(ListingLoopError.isInstance(error), String(error)).toBe(true);
  });

  // Pages 2, 3, 4 in flight at once, answered in the order `order`; two records arrive (none expire)
  // right after the answer to page `arriveAfter`.
  function growing(order: readonly number[], arriveAfter: number) {
    let list = ids('r', 40);
    const asked: number[] = [];
    let firstBatch = true;
    const fetchPage = async (pageNumber: number, pageSize: number) => {
      asked.push(pageNumber);
      const inBatch = firstBatch && asked.length >= 2 && asked.length <= 4;
      if (asked.length === 4) firstBatch = false;
      if (inBatch) await new Promise((resolve) => setTimeout(resolve, 15 * (order.indexOf(pageNumber) + 1)));
      const page = { items: list.slice((pageNumber - 1) * pageSize, pageNumber * pageSize), totalCount: list.length };
      if (inBatch && pageNumber === arriveAfter) list = ['n1', 'n0', ...list];
      return page;
    };
    return { fetchPage, asked };
  }

  it('pages answered before the arrivals are placed where they were: no slide, and the page after them by its TotalCount', async () => {
    // 2 and 3 before, 4 after: 4 shares r28, r29 with 3 (it proves itself), and nothing is read again.
    const listing = growing([2, 3, 4], 3);
    const items = await collect(walkPages({ fetchPage: listing.fetchPage, pageSize: 10, concurrency: 3, idOf: (item) => item }));
    expect(items).toStrictEqual(ids('r', 40));
    expect(listing.asked).toStrictEqual([1, 2, 3, 4, 1, 5]);
  });

  it('a page answered after the arrivals is shifted back by them: the stretch that slid past the page answered before is read again', async () => {
    // 3 first, then two arrive, then 2 and 4: r18, r19 slid from page 2's stretch onto page 3's.
    const listing = growing([3, 2, 4], 3);
    const items = await collect(walkPages({ fetchPage: listing.fetchPage, pageSize: 10, concurrency: 3, idOf: (item) => item }));
    expect([...items].sort()).toStrictEqual(ids('r', 40).sort());
    // Page 5 went beside the look, as if it placed the batch; it did not, so page 3 is read again.
    expect(listing.asked.slice(0, 7)).toStrictEqual([1, 2, 3, 4, 1, 5, 3]);
  });
});

describe('walkPages: the look at the front goes beside the next pages', () => {
  const ids = (prefix: string, count: number) => Array.from({ length: count }, (_, index) => `${prefix}${index}`);
  // Counts the requests in flight at once, and the most reached; `change(call, list)` runs after each answer.
  function counted(initial: string[], change: (call: number, list: string[]) => string[] = (_call, list) => list) {
    let list = initial;
    const asked: number[] = [];
    let inFlight = 0;
    let rounds = 0;
    const fetchPage = async (pageNumber: number, pageSize: number) => {
      const call = asked.length;
      asked.push(pageNumber);
      // A round starts when a request goes out while none is in flight.
      if (inFlight === 0) rounds += 1;
      inFlight += 1;
      await new Promise((resolve) => setTimeout(resolve, 2));
      const page = { items: list.slice((pageNumber - 1) * pageSize, pageNumber * pageSize), totalCount: list.length };
      list = change(call, list);
      inFlight -= 1;
      return page;
    };
    return { fetchPage, asked, rounds: () => rounds };
  }

  it('on a still list, each batch is placed by the look sent with the next one: no round trip of its own', async () => {
    const listing = counted(ids('r', 100));
    const items = await collect(walkPages({ fetchPage: listing.fetchPage, pageSize: 10, concurrency: 4, idOf: (item) => item }));
    expect(items).toStrictEqual(ids('r', 100));
    // Page 1; 2..5; the look with 6..8; the look with 9..10; the last look on its own (page 10 ends the list).
    expect(listing.asked).toStrictEqual([1, 2, 3, 4, 5, 1, 6, 7, 8, 1, 9, 10, 1]);
  });

  it('records arriving at the front (none expiring) keep the looks beside the pages: no page is read twice', async () => {
    // One record arrives after every third answer; TotalCount grows with them, so every look places its batch.
    let tag = 0;
    const listing = counted(ids('r', 300), (call, list) => (call % 3 === 2 ? [`n${tag++}`, ...list] : list));
    const items = await collect(walkPages({ fetchPage: listing.fetchPage, pageSize: 10, concurrency: 8, idOf: (item) => item }));
    expect(ids('r', 300).filter((id) => !items.includes(id))).toStrictEqual([]);
    expect(new Set(items).size).toBe(items.length);
    const pagesPastOne = listing.asked.filter((page) => page > 1);
    // Arrivals push the last records onto one more page, read once like every other.
    expect(new Set(pagesPastOne).size).toBe(pagesPastOne.length);
    // Every look after the first batch went out with pages: one round for page 1, then one per batch (about 30 pages at 7 a round), plus the last look.
    expect(listing.rounds()).toBeLessThanOrEqual(8);
  });

  it('with room for fewer than two pages beside it, the look goes on its own', async () => {
    const listing = counted(ids('r', 50));
    const items = await collect(walkPages({ fetchPage: listing.fetchPage, pageSize: 10, concurrency: 2, idOf: (item) => item }));
    expect(items).toStrictEqual(ids('r', 50));
    expect(listing.asked).toStrictEqual([1, 2, 3, 1, 4, 5, 1]);
  });
});

describe('walkPages: a look at the front on its own', () => {
  const ids = (prefix: string, count: number) => Array.from({ length: count }, (_, index) => `${prefix}${index}`);

  it('finds the newest record of the last look past page 1 when more than a page arrived, and places the batch by TotalCount', async () => {
    // 60 records at 5 a page, 2 at once (so each look goes on its own); 7 arrive (none expire) after page 3's answer.
    let list = ids('r', 60);
    const asked: number[] = [];
    const fetchPage = async (pageNumber: number, pageSize: number) => {
      asked.push(pageNumber);
      const page = { items: list.slice((pageNumber - 1) * pageSize, pageNumber * pageSize), totalCount: list.length };
      if (asked.length === 3) list = [...ids('n', 7).reverse(), ...list];
      return page;
    };
    const items = await collect(walkPages({ fetchPage, pageSize: 5, concurrency: 2, idOf: (item) => item }));
    expect(ids('r', 60).filter((id) => !items.includes(id))).toStrictEqual([]);
    // The look reads page 1 (n6..n2), then page 2, where r0 sits 7 places down: 7 arrived, and
    // TotalCount grew by 7, so pages 2 and 3 are placed and the walk reads on from position 22 (page 5).
    expect(asked.slice(0, 7)).toStrictEqual([1, 2, 3, 1, 2, 5, 6]);
  });
});
