import { AbortedError, IncompleteListingError, ListingLoopError, PageLimitError } from '@invocations/core';
import { type Concurrency, mapConcurrently, maxWidthOf, widthOf } from './concurrency.js';
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
// Pages from the front a look at it reads, at most, to find the newest record of the last look.
const FRONT_PAGES = 4;

// Re-reads that may leave `covered` where it was before the listing is called incomplete: one for a
// service that counted and paged from different moments, one more to be sure.
const STALLED_REREADS = 2;

function usableCount(value: number | undefined): number | undefined {
  const count = value ?? -1;
  return Number.isSafeInteger(count) && count >= 0 ? count : undefined;
}

/**
 * Walks a PageNumber/PageSize listing and yields each record once, in the service's order. Page 1
 * gives TotalCount; the next pages are read `concurrency` at a time (a moving bound is read before
 * each page: a page in flight is never cancelled when it shrinks) and yielded in page order. Records
 * created during the walk push older ones to later pages, and at a region's retention limit as many
 * of the oldest expire, so the list slides while TotalCount stays put. The walk therefore counts a
 * stretch of the listing as read only when it can prove it (a page sent after the last proven one
 * came back, a page sharing records with it, or page 1 read again showing what arrived meanwhile),
 * and reads again what it could not prove, so no record that existed throughout is missed (the
 * argument is in the body); repeats are dropped (see "Each record once, in bounded memory" below).
 *
 * What the server says is not trusted to end the walk:
 * - without a usable TotalCount (absent, negative, not a whole number, or below what page 1 holds)
 *   it reads on, one page at a time, until a short page;
 * - a full page, never read before, that brings no new record is checked against page 1: records
 *   only ever slide toward the end, so finding them there again is a `ListingLoopError`;
 * - a short page whose own TotalCount promises more records, if re-reading does not bring them, is
 *   an `IncompleteListingError` saying how many were expected and seen (as is a listing that keeps
 *   shifting faster than it can be re-read);
 * - more than `maxPages` requests (or a TotalCount that would need them) is a `PageLimitError`.
 * A walk that ends without an error has yielded every record that existed throughout it, up to the
 * end of the list a page's own TotalCount agreed with.
 * @example
 * for await (const invocation of walkPages({ fetchPage, idOf: (i) => i.invokeId, pageSize: 50, concurrency: 8 })) use(invocation);
 */
export async function* walkPages<Item>(options: WalkPagesOptions<Item>): AsyncGenerator<Item, void, undefined> {
  const { signal } = options;
  const maxPages = options.maxPages ?? defaultMaxPages(options.pageSize);
  const concurrency = options.concurrency ?? 1;
  // Each record once, in bounded memory. The walk does not remember every id (a Set of 100,000
  // invoke ids held about 12 MB), only the last `window` ids (pages in flight at once plus two,
  // twice over, and at least 1,000). Why that is enough: the walk only ever reads on from the last
  // proven position, so a record comes back either on a page of the batch just read (read again
  // because its place was not proven), or because arrivals pushed it down past that position. For
  // the second to escape the window, more records must arrive between its two readings than the
  // walk yields meanwhile, less a batch: a listing sliding that fast is one the walk cannot keep up
  // with anyway. Without a TotalCount (and for NextToken listings) pages come one after the other; a
  // shift only repeats records of the page before, which the window holds. A server that repeats
  // older ones is lying: a full page that brings nothing new is a ListingLoopError, and `maxPages`
  // bounds the rest. A moving bound is sized at its most.
  const recent = createRecentIds(Math.max(1_000, 2 * options.pageSize * (maxWidthOf(concurrency) + 2)));
  let yielded = 0;
  let pagesRead = 0;
  const progress = () => ({ label: options.label, seen: yielded, pagesRead });

  // Yields the records new to the walk; `addedAny` says whether the last call yielded one.
  // Stryker disable next-line BooleanLiteral: fresh() sets it before anything reads it
  let addedAny = false;
  function* fresh(items: readonly Item[]): Generator<Item> {
    addedAny = false;
    for (let index = 0; index < items.length; index += 1) {
      const item = items[index] as Item;
      if (!recent.add(options.idOf(item))) continue;
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
  // Why no record that existed throughout the walk is missed. The model: records arrive at the front
  // and expire at the back (a region at its retention limit does both at once, so TotalCount may stay
  // put while everything slides). So a surviving record's position never decreases, and the order
  // of the survivors never changes. The walk keeps one invariant, (covered, anchor):
  //   every record that existed throughout and sat below position `covered` when `anchor` was
  //   answered has been yielded.
  // Page 1 sets it up (covered = its count). As positions never decrease, it stays true for any
  // later moment too. An answer B (page q: positions [start, end) when it was answered) moves it to
  // (end, B) when
  // (a) B was sent after `anchor` came back, and start <= covered: a record below start at B's time
  //     was no lower at anchor's time, so below covered (yielded); one from start on is on B. Or
  // (b) B holds a record X of `anchor`: a record below start at B's time is newer than X, so it was
  //     newer than X when `anchor` was answered too: on `anchor` or below it (yielded).
  // Pages in flight at once meet neither rule when nothing slid (they neither follow each other nor
  // overlap): their places were only assumed. Page 1 read again (sent after them) settles it: where
  // the newest record of the last look at the front sits now is how many records arrived since.
  // None: no record moved, so the pages tile from `covered` on. Some, with TotalCount grown by just
  // as many: nothing expired meanwhile (the oldest go first, and that record is still there), so each
  // answer's TotalCount growth since the last look is exactly how far it slid, and the pages tile at
  // those places. Otherwise what was only assumed is taken back: the walk reads on from `covered`
  // one page at a time (rule (a)), widening again, twice as wide each time, after a batch proven
  // whole. The walk ends at a page that meets a rule and ends the list: a short page its TotalCount
  // does not contradict, or a full one whose TotalCount is its end. Positions never decreasing also
  // unmasks a server that repeats itself: a full page, never read before, of records already listed
  // is explained only by as many arrivals at the front, so page 1 is read again; if it holds one of
  // them, they went back, and that is a ListingLoopError.
  const idsOf = (items: readonly Item[]) => new Set(items.map((item) => options.idOf(item)));
  let received = 0;
  interface Answer {
    pageNumber: number;
    page: WalkedPage<Item>;
    // Answers received before it was sent / counting it: B follows A when A.receivedAt <= B.sentAfter.
    sentAfter: number;
    receivedAt: number;
  }
  const request = async (pageNumber: number, why: string): Promise<Answer> => {
    const sentAfter = received;
    const page = await fetch(pageNumber, pageSize, why);
    received += 1;
    return { pageNumber, page, sentAfter, receivedAt: received };
  };
  // A page ends the list when its own TotalCount says so: a short page unless that count promises
  // more, a full one only when that count is exactly where it ends.
  const endsList = (start: number, count: number, pageTotal: number | undefined) => (count < pageSize ? pageTotal === undefined || start + count >= pageTotal : pageTotal === start + count);
  if (endsList(0, first.items.length, total)) return;
  let covered = first.items.length;
  let anchor = { sentAfter: 0, receivedAt: 0, ids: idsOf(first.items), total: total as number | undefined };
  // The last look at the front: page 1's newest record and TotalCount.
  let front = { id: first.items[0] === undefined ? undefined : options.idOf(first.items[0]), total: total as number | undefined, sentAfter: 0 };
  let latestTotal = total;
  let farthest = 1;
  const budget = 3 * planned + 10;
  const bound = () => widthOf(concurrency);
  let width = bound();
  let stalls = 0;
  // Why the last short page did not end the list, for the error.
  let shortfall: string | undefined;
  const incomplete = (reason: string) => new IncompleteListingError({ ...progress(), expected: Math.max(total, latestTotal), reason });
  const shifting = () =>
    `the listing kept shifting (new records arrived faster than pages could be re-read); records from position ${covered} on may be missing. ${options.shiftHint ?? 'Retry.'}`;

  for (;;) {
    if (pagesRead >= budget) throw incomplete(shifting());
    const firstPage = Math.floor(covered / pageSize) + 1;
    const lastPage = Math.max(firstPage, Math.min(firstPage + Math.min(width, bound()) - 1, Math.ceil(latestTotal / pageSize)));
    const before = covered;
    const beyond = farthest;
    farthest = Math.max(farthest, lastPage);
    let ended = false;
    let check = false;
    // The batch's pages in page order, for the look at the front.
    const read: Array<{ start: number; count: number; total: number | undefined; ends: boolean }> = [];
    // Ids of full pages, never read before, of records already listed, and the first such page.
    const repeated = new Set<string>();
    let repeatReason: string | undefined;
    const pages = Array.from({ length: lastPage - firstPage + 1 }, (_, index) => firstPage + index);
    for await (const answer of mapConcurrently(pages, concurrency, (pageNumber) => request(pageNumber, 'the listing'))) {
      const { items } = answer.page;
      yield* fresh(items);
      const pageTotal = usableCount(answer.page.totalCount);
      if (pageTotal !== undefined) latestTotal = pageTotal;
      const start = (answer.pageNumber - 1) * pageSize;
      const end = start + items.length;
      const full = items.length >= pageSize;
      const ends = endsList(start, items.length, pageTotal);
      read.push({ start, count: items.length, total: pageTotal, ends });
      if (!full && !ends) shortfall = `page ${answer.pageNumber} held ${items.length} records where its TotalCount ${pageTotal} promised ${Math.min(pageSize, (pageTotal ?? 0) - start)}`;
      if (full && !addedAny && answer.pageNumber > beyond) {
        for (const item of items) repeated.add(options.idOf(item));
        repeatReason ??= `page ${answer.pageNumber} was full, but of records already listed, where ${end - Math.max(start, before)} records not yet read were due`;
        check = true;
      }
      // Rule (b) needs no page in between: any page sharing a record with the anchor is proven.
      const follows = anchor.receivedAt <= answer.sentAfter && start <= covered;
      const ids = idsOf(items);
      if (follows || [...anchor.ids].some((id) => ids.has(id))) {
        ended ||= ends;
        // (end, B) is proven either way; this keeps the further of the two.
        // Stryker disable next-line ConditionalExpression,EqualityOperator: a proven page ending at or before `covered` starts on the page `covered` is on, so either choice reads on from that page
        if (end > covered) {
          covered = end;
          anchor = { sentAfter: answer.sentAfter, receivedAt: answer.receivedAt, ids, total: pageTotal };
        }
      } else if (start <= covered) check = true;
    }
    if (ended) return;
    if (check) {
      const look = await request(1, 'a check of the front');
      const ids = look.page.items.map((item) => options.idOf(item));
      if (ids.some((id) => repeated.has(id))) throw new ListingLoopError({ ...progress(), reason: repeatReason as string });
      // Records that arrived since the last look: where the newest record then sits now. Past page 1
      // it is looked for a few pages on, one after the other (meanwhile it can only slide further).
      let answer = look;
      let arrived = ids.indexOf(front.id as string);
      for (let pageNumber = 2; arrived < 0 && answer.page.items.length >= pageSize && pageNumber <= FRONT_PAGES; pageNumber += 1) {
        answer = await request(pageNumber, 'a check of the front');
        const index = answer.page.items.findIndex((item) => options.idOf(item) === front.id);
        arrived = index < 0 ? index : (pageNumber - 1) * pageSize + index;
      }
      const frontTotal = usableCount(answer.page.totalCount);
      // How far a record slid between the last look and an answer with `pageTotal`: none when nothing
      // arrived; when TotalCount grew by exactly what arrived, nothing expired meanwhile (the oldest go
      // first, and the newest record of the last look is still there), so an answer's TotalCount
      // growth is its slide. Otherwise unknown.
      const slideAt = (pageTotal: number | undefined): number | undefined => {
        if (arrived === 0) return 0;
        // An absent count is NaN here: it places nothing (and none places a page when nothing was found).
        const slid = Number(pageTotal) - Number(front.total);
        return frontTotal === Number(front.total) + arrived && slid >= 0 && slid <= arrived ? slid : undefined;
      };
      // The invariant, carried to the last look (positions then): it holds as it is when the anchor
      // was answered before that look, and shifted back by the anchor's slide when after it.
      const anchorSlide = anchor.receivedAt <= front.sentAfter ? 0 : slideAt(anchor.total);
      if (anchorSlide !== undefined) {
        let tile = covered - anchorSlide;
        for (const page of read) {
          const slid = slideAt(page.total);
          if (slid === undefined || page.start - slid > tile) break;
          tile = Math.max(tile, page.start - slid + page.count);
          ended = page.ends;
          if (ended) break;
        }
        // Carried on to this look: every surviving record slid by `arrived` since the last one.
        if (tile + arrived > covered) {
          covered = tile + arrived;
          // Its records serve rule (b) only when all of them sat below `covered`.
          const below = covered >= answer.pageNumber * pageSize;
          anchor = { sentAfter: answer.sentAfter, receivedAt: answer.receivedAt, ids: below ? idsOf(answer.page.items) : new Set(), total: frontTotal };
        }
      }
      front = { id: ids[0], total: usableCount(look.page.totalCount), sentAfter: look.sentAfter };
    }
    if (ended) return;
    // Widen again only after a batch proven whole: a slide or a hole narrows the walk to one page at a time.
    width = covered > (lastPage - 1) * pageSize ? Math.min(2 * width, maxWidthOf(concurrency)) : 1;
    stalls = covered > before ? 0 : stalls + 1;
    if (stalls >= STALLED_REREADS) {
      // A batch's first page is sent after the anchor came back and starts at or before `covered`: a
      // full one moves it on, a short one ends the list or says why not. So a stall has a shortfall.
      throw incomplete(`records from position ${covered} on never came back after ${stalls} re-reads: ${shortfall}`);
    }
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
