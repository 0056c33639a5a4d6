import { describe, expect, it } from 'vitest';
import { IncompleteListingError, InvocationsError, ListingError, ListingLoopError, PageLimitError } from '@invocations/core';

describe('listing errors', () => {
  const incomplete = new IncompleteListingError({ label: 'ecs DescribeInvocations', expected: 150, seen: 60, pagesRead: 5, reason: 'page 2 held 10 records' });
  const limit = new PageLimitError({ label: 'swas ListInstances', maxPages: 2010, seen: 1, pagesRead: 1, reason: 'TotalCount 1000000 at 1 a page needs 1000000 pages' });
  const loop = new ListingLoopError({ seen: 50, pagesRead: 2, reason: 'page 2 was full, but of records already listed' });

  it('say what was listed, what was expected and seen, and why', () => {
    expect(incomplete.message).toBe(
      'ecs DescribeInvocations: incomplete listing: the service claimed 150 records but only 60 could be read (page 2 held 10 records)',
    );
    expect(incomplete).toMatchObject({ name: 'IncompleteListingError', expected: 150, seen: 60, pagesRead: 5, label: 'ecs DescribeInvocations' });
    expect(limit.message).toMatch(/^swas ListInstances: stopped at the limit of 2010 page requests \(TotalCount 1000000 .*\); raise maxPages/);
    expect(limit.maxPages).toBe(2010);
    expect(loop.message).toMatch(/^the listing: the service's pages stopped making progress \(page 2 was full/);
  });

  it('are told apart by isInstance, across the hierarchy, and are InvocationsErrors', () => {
    for (const error of [incomplete, limit, loop]) {
      expect(InvocationsError.isInstance(error)).toBe(true);
      expect(ListingError.isInstance(error)).toBe(true);
      expect(error).toBeInstanceOf(Error);
    }
    expect([incomplete, limit, loop].map((error) => IncompleteListingError.isInstance(error))).toEqual([true, false, false]);
    expect([incomplete, limit, loop].map((error) => PageLimitError.isInstance(error))).toEqual([false, true, false]);
    expect([incomplete, limit, loop].map((error) => ListingLoopError.isInstance(error))).toEqual([false, false, true]);
    expect(ListingError.isInstance(new InvocationsError('other'))).toBe(false);
    expect(ListingError.isInstance({ message: 'look-alike' })).toBe(false);
  });
});
