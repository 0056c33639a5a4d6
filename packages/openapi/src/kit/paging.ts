import { AbortedError, ListingLoopError, PageLimitError } from '@invocations/core';
import { type Concurrency, mapConcurrently, maxWidthOf } from './concurrency.js';
import { createCoverage } from './page-coverage.js';
import { createRecentIds } from './recent-ids.js';

/**
 * Records one region keeps per product (ECS and SWAS: two weeks, at most 100,000 invocations; see the
 * seeds and products.md). A listing longer than that is not one the services produce.
 */
export const LISTING_RECORD_LIMIT = 100_000;

/**
 * The default cap on page requests of one listing: the pages {@link LISTING_RECORD_LIMIT} records
 * fill at `pageSize` (the size asked for, not the one a server claims to use), twice over for the
 * re-reads a shifting listing needs, plus 10. ECS at 50 a page: 4,010.
 */
export function defaultMaxPages(pageSize: number): number {
  return 2 * Math.ceil(LISTING_RECORD_LIMIT / Math.max(1, pageSize)) + 10;
}

/** One page as {@link walkPages} needs it. */
export interface WalkedPage<Item> {
  items: readonly Item[];
  /** The service's TotalCount, when sent. */
  totalCount?: number;
  /** The PageSize the service says it used, when sent (it may cap what was asked for). */
  pageSize?: number;
}

/** Options of {@link walkPages}. */
export interface WalkPagesOptions<Item> {
  /** Reads one page (PageNumber from 1, PageSize). */
  fetchPage(pageNumber: number, pageSize: number, signal: AbortSignal | undefined): Promise<WalkedPage<Item>>;
  /** The identity of a record: each is yielded once even when the service shifts pages under us. */
  idOf(item: Item): string;
  /** Records per page, as requested. */
  pageSize: number;
  /**
   * Pages in flight at once after page 1 gave the total (default 1: one after the other): a number, or
   * a moving bound (a source's adaptive window) read before each page is sent.
   */
  concurrency?: Concurrency;
  /** Stops the walk: an `AbortedError` before the next page; also passed to `fetchPage`. */
  signal?: AbortSignal;
  /** What is listed, for errors (e.g. `ecs DescribeInvocations`). */
  label?: string;
  /** Advice added when the listing shifted faster than it could be re-read (default `Retry.`). */
  shiftHint?: string;
  /**
   * Most page requests the walk makes, re-reads included (default {@link defaultMaxPages} of
   * `pageSize`). Reaching it is a `PageLimitError`, never a silent stop; a TotalCount that needs more
   * pages fails at once, after page 1.
   */
  maxPages?: number;
}

// A TotalCount the walk can reason with: a whole number, not negative, exactly representable.
function usableCount(value: number | undefined): number | undefined {
  const count = value ?? -1;
  return Number.isSafeInteger(count) && count >= 0 ? count : undefined;
}

/**
 * Walks a PageNumber/PageSize listing and yields each record once, in the service's order. Page 1
 * gives TotalCount; pages 2..n are read `concurrency` at a time (a moving bound is read before each
 * page: a page in flight is never cancelled when it shrinks) and yielded in page order. Records
 * created during the walk push older ones to later pages: the walk counts, from each page's own
 * TotalCount, how far the listing slid, and re-reads whatever stretch of the listing (as page 1 saw
 * it) no page covered, so no record that existed throughout is missed (see page-coverage.ts);
 * repeats are dropped (see "Each record once, in bounded memory" below).
 *
 * What the server says is not trusted to end the walk:
 * - without a usable TotalCount (absent, negative, not a whole number, or below what page 1 holds)
 *   it reads on, one page at a time, until a short page;
 * - a full page that brings no new record where one was due is a `ListingLoopError`;
 * - a short page whose own TotalCount promises more records, if re-reading does not bring them, is
 *   an `IncompleteListingError` saying how many were expected and seen (as is a listing that keeps
 *   shifting faster than it can be re-read);
 * - more than `maxPages` requests (or a TotalCount that would need them) is a `PageLimitError`.
 * A walk that ends without an error has yielded every record the service claimed to have.
 * @example
 * for await (const invocation of walkPages({ fetchPage, idOf: (i) => i.invokeId, pageSize: 50, concurrency: 8 })) use(invocation);
 */
export async function* walkPages<Item>(options: WalkPagesOptions<Item>): AsyncGenerator<Item, void, undefined> {
  const { signal } = options;
  const maxPages = options.maxPages ?? defaultMaxPages(options.pageSize);
  const concurrency = options.concurrency ?? 1;
  // Each record once, in bounded memory. The walk does not remember every id (a Set of 100,000
  // invoke ids held about 12 MB), only the last `window` ids and, with a TotalCount, the stretches of
  // the listing read so far (page-coverage.ts). Why that is enough:
  // - With a TotalCount, every record has one position in the listing as page 1 saw it (records are
  //   added at the front and expire at the back, and each page's TotalCount growth is how far the
  //   listing slid: the model page-coverage.ts rests on). A page's records sit at
  //   `startOf(page) + index`, so a record read before was read at the same position, which that
  //   page covered: a record at a covered position is a repeat, one at an uncovered position is new.
  // - When the model is off (a record created while another expired leaves TotalCount unchanged, so
  //   a shift goes unseen), the repeat comes from a page read just before, whose ids are still among
  //   the last `window` (pages in flight at once, twice over, and at least 1,000 ids): they catch it.
  // - Without a TotalCount (and for NextToken listings) pages come one after the other; a shift only
  //   repeats records of the page before, which the window holds. A server that repeats older ones is
  //   lying: a full page that brings nothing new is a ListingLoopError, and `maxPages` bounds the rest.
  // A moving bound is sized at its most.
  const recent = createRecentIds(Math.max(1_000, 2 * options.pageSize * (maxWidthOf(concurrency) + 2)));
  let yielded = 0;
  let pagesRead = 0;
  const progress = () => ({ label: options.label, seen: yielded, pagesRead });

  // Yields the records new to the walk (`isOld(index)`: its position says it was read); `addedAny`
  // says whether the last call yielded one.
  // Stryker disable next-line BooleanLiteral: fresh() sets it before anything reads it
  let addedAny = false;
  function* fresh(items: readonly Item[], isOld?: (index: number) => boolean): Generator<Item> {
    addedAny = false;
    for (let index = 0; index < items.length; index += 1) {
      const item = items[index] as Item;
      if (!recent.add(options.idOf(item))) continue;
      if (isOld?.(index)) continue;
      addedAny = true;
      yielded += 1;
      yield item;
    }
  }
  const fetch = (pageNumber: number, pageSize: number, why: string) => {
    if (signal?.aborted) throw new AbortedError('the listing was aborted', { cause: signal.reason });
    if (pagesRead >= maxPages) throw new PageLimitError({ ...progress(), maxPages, reason: `${why} needed page ${pageNumber}` });
    pagesRead += 1;
    return options.fetchPage(pageNumber, pageSize, signal);
  };

  const first = await fetch(1, options.pageSize, 'the listing');
  // Walk by the page size the service used when it caps the one asked for (a sane, smaller PageSize
  // that page 1 respects): otherwise the listing would look like it ended after page 1.
  const declared = first.pageSize ?? options.pageSize;
  const pageSize = Number.isSafeInteger(declared) && declared >= 1 && first.items.length <= declared ? Math.min(declared, options.pageSize) : options.pageSize;
  yield* fresh(first.items);
  const total = usableCount(first.totalCount);

  if (total === undefined || total < first.items.length) {
    // No TotalCount to go by: read on until the service's own end-of-list signal, a short page.
    if (first.items.length < pageSize) return;
    for (let pageNumber = 2; ; pageNumber += 1) {
      const page = await fetch(pageNumber, pageSize, 'a listing without a usable TotalCount');
      yield* fresh(page.items);
      if (page.items.length < pageSize) return;
      if (!addedAny) {
        throw new ListingLoopError({ ...progress(), reason: `page ${pageNumber} was full, but of records already listed, and no TotalCount says where the list ends` });
      }
    }
  }

  const planned = Math.ceil(total / pageSize);
  if (planned > maxPages) {
    throw new PageLimitError({ ...progress(), maxPages, reason: `TotalCount ${total} at ${pageSize} a page needs ${planned} pages` });
  }
  const coverage = createCoverage(total, pageSize, {
    label: options.label,
    hint: options.shiftHint,
    progress: () => ({ seen: yielded, pagesRead }),
  });
  coverage.add(1, total, first.items.length);

  // Covers a page and checks it moved the listing on: a full page whose positions were new to the
  // walk must hold records new to it (only a service that repeats itself fills them with old ones).
  function account(pageNumber: number, page: WalkedPage<Item>): void {
    const newPositions = coverage.add(pageNumber, usableCount(page.totalCount), page.items.length);
    if (page.items.length >= pageSize && !addedAny && newPositions > 0) {
      throw new ListingLoopError({ ...progress(), reason: `page ${pageNumber} was full, but of records already listed, where ${newPositions} records not yet read were due` });
    }
  }

  const rest = Array.from({ length: Math.max(0, planned - 1) }, (_, index) => index + 2);
  // The records of a page whose positions a page read before covered (see above).
  const readBefore = (pageNumber: number, page: WalkedPage<Item>) => {
    const start = coverage.startOf(pageNumber, usableCount(page.totalCount));
    return (index: number) => coverage.covers(start + index);
  };
  // planned <= maxPages was checked above: these pages never reach the limit, so their reason is never shown.
  // Stryker disable next-line StringLiteral: unreachable reason (see above)
  const pages = mapConcurrently(rest, concurrency, async (pageNumber) => ({ pageNumber, page: await fetch(pageNumber, pageSize, 'the listing') }));
  for await (const { pageNumber, page } of pages) {
    yield* fresh(page.items, readBefore(pageNumber, page));
    account(pageNumber, page);
  }
  // Re-read the stretches that records created meanwhile pushed past the pages read, or that a page
  // short of its own TotalCount left open.
  for (let pageNumber = coverage.nextPageToRead(); pageNumber !== undefined; pageNumber = coverage.nextPageToRead()) {
    const page = await fetch(pageNumber, pageSize, 'a re-read');
    yield* fresh(page.items, readBefore(pageNumber, page));
    account(pageNumber, page);
  }
}

/** One page of a NextToken listing as {@link walkTokens} needs it. */
export interface TokenPage<Item> {
  items: readonly Item[];
  /** The token for the next page; absent or empty at the end. */
  nextToken?: string;
}

/** Options of {@link walkTokens}. */
export interface WalkTokensOptions<Item> {
  /** Reads one page: the first without a token, then with the token the previous page gave. */
  fetchPage(nextToken: string | undefined, signal: AbortSignal | undefined): Promise<TokenPage<Item>>;
  /** The identity of a record: each is yielded once. */
  idOf(item: Item): string;
  /** Records per page, as requested (for the default `maxPages`). */
  pageSize: number;
  /** Stops the walk: an `AbortedError` before the next page. */
  signal?: AbortSignal;
  /** What is listed, for errors. */
  label?: string;
  /** Most page requests (default {@link defaultMaxPages} of `pageSize`); reaching it is a `PageLimitError`. */
  maxPages?: number;
}

/**
 * Walks a MaxResults/NextToken listing one page after the other and yields each record once. The
 * token is followed only while it leads somewhere: a page with a token that brings no new record
 * (empty, or all repeats), or the same token twice in a row, is a `ListingLoopError`; more than
 * `maxPages` requests is a `PageLimitError`.
 * @example
 * for await (const invocation of walkTokens({ fetchPage, idOf: (i) => i.invokeId, pageSize: 50 })) use(invocation);
 */
export async function* walkTokens<Item>(options: WalkTokensOptions<Item>): AsyncGenerator<Item, void, undefined> {
  const { signal } = options;
  const maxPages = options.maxPages ?? defaultMaxPages(options.pageSize);
  // A cursor does not shift: only a lying server repeats records, and those it repeats from the page
  // before are caught here (older ones: see walkPages's note; maxPages bounds the walk).
  const recent = createRecentIds(Math.max(1_000, 2 * options.pageSize));
  let yielded = 0;
  let pagesRead = 0;
  let token: string | undefined;
  for (;;) {
    if (signal?.aborted) throw new AbortedError('the listing was aborted', { cause: signal.reason });
    if (pagesRead >= maxPages) throw new PageLimitError({ label: options.label, seen: yielded, pagesRead, maxPages, reason: 'the service kept sending a NextToken' });
    pagesRead += 1;
    const page = await options.fetchPage(token, signal);
    let addedAny = false;
    for (const item of page.items) {
      if (!recent.add(options.idOf(item))) continue;
      addedAny = true;
      yielded += 1;
      yield item;
    }
    // An empty token ends the listing as an absent one does.
    const next = page.nextToken === '' ? undefined : page.nextToken;
    if (next === undefined) return;
    const details = { label: options.label, seen: yielded, pagesRead };
    if (next === token) throw new ListingLoopError({ ...details, reason: `the service returned NextToken ${JSON.stringify(next.slice(0, 64))} twice` });
    if (!addedAny) {
      throw new ListingLoopError({
        ...details,
        reason: `page ${pagesRead} ${page.items.length === 0 ? 'was empty' : 'held only records already listed'} but came with a NextToken`,
      });
    }
    token = next;
  }
}
