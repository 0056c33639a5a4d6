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

  it('name their class, and default the label to "the listing"', () => {
    expect([incomplete.name, limit.name, loop.name]).toStrictEqual(['IncompleteListingError', 'PageLimitError', 'ListingLoopError']);
    const plain = new ListingError('stopped', { seen: 3, pagesRead: 1 });
    expect(plain).toMatchObject({ name: 'ListingError', message: 'the listing: stopped', label: undefined, seen: 3, pagesRead: 1 });
  });

  it('recognise an error of another copy of the package by its registered marker, and nothing else', () => {
    // What another installed copy builds: the same Symbol.for keys, set to true.
    const other = (name: string) => Object.assign(new Error('x'), { [Symbol.for(`@invocations/error/${name}`)]: true });
    expect(ListingError.isInstance(other('listing'))).toBe(true);
    expect(IncompleteListingError.isInstance(other('incomplete-listing'))).toBe(true);
    expect(PageLimitError.isInstance(other('page-limit'))).toBe(true);
    expect(ListingLoopError.isInstance(other('listing-loop'))).toBe(true);
    expect(ListingError.isInstance(other('page-limit'))).toBe(false);
    // Only the value true counts; a non-object is never one.
    const key = Symbol.for('@invocations/error/listing');
    for (const value of [{ [key]: false }, { [key]: 'true' }, { [key]: 1 }, null, undefined, 'ListingError', 1, Object.assign(() => undefined, { [key]: true })]) {
      expect(ListingError.isInstance(value), String(value)).toBe(false);
    }
  });
});
