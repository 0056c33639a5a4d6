import fc from 'fast-check';
import { IncompleteListingError } from '@invocations/core';
import { collect } from '@invocations/core/testing';
import { describe, expect, it } from 'vitest';
import { defaultMaxPages, walkPages } from './paging.js';

// FC_SEED=<n> replays (or varies) the generated walks; without it the seed is fixed.
const seed = Number(process.env.FC_SEED ?? 20261129);

/**
 * A newest-first list at its retention limit: after the answer to request `tick`, `arrivals[tick]`
 * records arrive at the front and `expiries[tick]` of the oldest expire at the back (any mix, so
 * TotalCount may stay put while the list slides). Each request waits a few turns before the server
 * takes its snapshot and a few more before the answer arrives, so pages in flight at once are
 * answered in any order.
 */
function retention(initial: number, schedule: ReadonlyArray<readonly [number, number]>, delays: readonly number[]) {
  let list = Array.from({ length: initial }, (_, index) => `old-${index}`);
  let created = 0;
  let tick = 0;
  const expired = new Set<string>();
  const turns = async (count: number) => {
    for (let turn = 0; turn < count; turn += 1) await Promise.resolve();
  };
  const fetchPage = async (pageNumber: number, size: number) => {
    const mine = tick;
    tick += 1;
    await turns(delays[(2 * mine) % delays.length] as number);
    const page = { items: list.slice((pageNumber - 1) * size, pageNumber * size), totalCount: list.length };
    const [arrive, expire] = schedule[mine % schedule.length] as readonly [number, number];
    for (const id of list.slice(Math.max(0, list.length - expire))) expired.add(id);
    list = [...Array.from({ length: arrive }, () => `new-${created++}`).reverse(), ...list.slice(0, Math.max(0, list.length - expire))];
    await turns(delays[(2 * mine + 1) % delays.length] as number);
    return page;
  };
  const throughout = () => Array.from({ length: initial }, (_, index) => `old-${index}`).filter((id) => !expired.has(id));
  return { fetchPage, throughout, requests: () => tick };
}

describe('walkPages on a list at its retention limit (property)', () => {
  it('yields every record that existed throughout exactly once, or says the listing kept shifting; never a loop, never a gap', async () => {
    let errors = 0;
    let runs = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 250 }),
        fc.integer({ min: 1, max: 25 }),
        fc.array(fc.tuple(fc.nat({ max: 40 }), fc.nat({ max: 40 })), { minLength: 1, maxLength: 24 }),
        fc.integer({ min: 1, max: 16 }),
        fc.array(fc.nat({ max: 6 }), { minLength: 1, maxLength: 16 }),
        fc.boolean(),
        async (initial, pageSize, raw, concurrency, delays, balanced) => {
          // Up to two pages at once; balanced: as many expire as arrive (TotalCount stays put).
          const schedule = raw.map(([arrive, expire]) => [arrive % (2 * pageSize + 1), balanced ? arrive % (2 * pageSize + 1) : expire % (2 * pageSize + 1)] as const);
          const listing = retention(initial, schedule, delays);
          runs += 1;
          const result = await collect(walkPages({ fetchPage: listing.fetchPage, pageSize, concurrency, idOf: (item) => item })).catch((error: unknown) => error);
          expect(listing.requests()).toBeLessThanOrEqual(defaultMaxPages(pageSize));
          if (!Array.isArray(result)) {
            // The only honest failure: it could not keep up, and it says so with what it saw.
            expect(IncompleteListingError.isInstance(result), String(result)).toBe(true);
            expect((result as Error).message).toContain('the listing kept shifting');
            expect(result).toMatchObject({ seen: expect.any(Number) });
            // Read one page after the other, a list sliding by at most a quarter page an answer is always
            // kept up with (read at once, pages that slid apart are read again, which a small list's
            // budget may not cover: then the walk says so).
            expect(concurrency > 1 || schedule.some(([arrive]) => 4 * arrive > pageSize), 'gave up on a slow list').toBe(true);
            errors += 1;
            return;
          }
          const items = result as string[];
          expect(new Set(items).size).toBe(items.length);
          const got = new Set(items);
          expect(listing.throughout().filter((id) => !got.has(id))).toEqual([]);
        },
      ),
      { numRuns: 400, seed },
    );
    // Most walks keep up: an IncompleteListingError is the exception, not a way out.
    expect(errors).toBeLessThan(runs / 4);
  }, 120_000);
});
