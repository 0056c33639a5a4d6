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
  // The look costs no round trip of its own while it can be trusted: it goes out beside the next
  // batch's pages, which are read on from where the batch being settled reaches, as if the look
  // proves it. Those pages are sent after every answer of that batch came back, so when the look
  // places the batch and knows how far its last answer slid (nothing arrived, or TotalCount grew by
  // just what arrived), the invariant is carried to that last answer, and they follow it (rule (a)).
  // A look that cannot place its batch leaves the pages beside it read from too far on: their records
  // are yielded, but the walk takes their places back, reads on from `covered`, and from then on
  // waits for each look (up to FRONT_PAGES pages from the front) before it reads on.
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
  interface Front {
    // Page 1's newest record, its TotalCount, and the answers received before the look was sent.
    id: string | undefined;
    total: number | undefined;
    sentAfter: number;
  }
  let covered = first.items.length;
  let anchor = { sentAfter: 0, receivedAt: 0, ids: idsOf(first.items), total: total as number | undefined };
  // The invariant moves to `answer` (proven up to `to` when it was answered).
  const proveTo = (to: number, answer: Answer) => {
    covered = to;
    // Its records serve rule (b) only when all of them sat below `covered`.
    const below = covered >= answer.pageNumber * pageSize;
    anchor = { sentAfter: answer.sentAfter, receivedAt: answer.receivedAt, ids: below ? idsOf(answer.page.items) : new Set(), total: usableCount(answer.page.totalCount) };
  };
  // The last look at the front answered.
  let front: Front = { id: first.items[0] === undefined ? undefined : options.idOf(first.items[0]), total, sentAfter: 0 };
  let latestTotal = total;
  let farthest = 1;
  // Requests before a sliding listing is called incomplete: its pages three times over (a slide makes
  // the walk re-read from where it proved it got to), plus those read beside a look that then failed
  // (one batch of them, once: see `trusting`), plus 10.
  const budget = 3 * planned + 10 + maxWidthOf(concurrency);
  const bound = () => widthOf(concurrency);
  let width = bound();
  let stalls = 0;
  // Why the last short page did not end the list, for the error.
  let shortfall: string | undefined;
  const incomplete = (reason: string) => new IncompleteListingError({ ...progress(), expected: Math.max(total, latestTotal), reason });
  const shifting = () =>
    `the listing kept shifting (new records arrived faster than pages could be re-read); records from position ${covered} on may be missing. ${options.shiftHint ?? 'Retry.'}`;

  // Pages read at once, waiting for a look at the front to be placed.
  interface Batch {
    // The last look the walk had answered when it was planned (answered before any of its pages was
    // sent): slides are counted from it.
    front: Front;
    // Its pages in page order.
    read: Array<{ start: number; count: number; total: number | undefined; ends: boolean }>;
    // Ids of full pages, never read before, of records already listed, and the first such page.
    repeated: Set<string>;
    repeatReason: string | undefined;
    // Where its last page starts.
    lastStart: number;
    // Its answer received last, where its pages reach, and whether one of them ends the list.
    last: Answer | undefined;
    reach: number;
    ends: boolean;
  }
  // Places `batch` by a look: `look` is page 1 read again, `found` the front page where the newest
  // record of the batch's look was found `arrived` places down (-1: not found), `carry` the batch's
  // last answer when pages went out beside the look. Returns whether the batch ended the list.
  const settle = (batch: Batch, look: Answer, found: Answer, arrived: number, carry: Answer | undefined): boolean => {
    const since = batch.front;
    const frontTotal = usableCount(found.page.totalCount);
    // How far a record slid between that look and an answer with `pageTotal`: none when nothing
    // arrived; when TotalCount grew by exactly what arrived, nothing expired meanwhile (the oldest go
    // first, and the newest record of that look is still there), so an answer's TotalCount growth is
    // its slide. Otherwise unknown.
    const slideAt = (pageTotal: number | undefined): number | undefined => {
      if (arrived === 0) return 0;
      // An absent count is NaN here: it places nothing (and none places a page when nothing was found).
      const slid = Number(pageTotal) - Number(since.total);
      return frontTotal === Number(since.total) + arrived && slid >= 0 && slid <= arrived ? slid : undefined;
    };
    front = { id: look.page.items[0] === undefined ? undefined : options.idOf(look.page.items[0]), total: usableCount(look.page.totalCount), sentAfter: look.sentAfter };
    // The invariant, carried to that look (positions then): it holds as it is when the anchor was
    // answered before that look, and shifted back by the anchor's slide when after it.
    const anchorSlide = anchor.receivedAt <= since.sentAfter ? 0 : slideAt(anchor.total);
    if (anchorSlide === undefined) return false;
    let tile = covered - anchorSlide;
    let ended = false;
    for (const page of batch.read) {
      const slid = slideAt(page.total);
      if (slid === undefined || page.start - slid > tile) break;
      tile = Math.max(tile, page.start - slid + page.count);
      ended = page.ends;
      if (ended) return true;
    }
    // Carried on to the batch's last answer (the pages beside the look were sent after it came back),
    // by its slide; without pages beside it, to the look: every surviving record slid by `arrived` since.
    const slid = carry === undefined ? arrived : slideAt(usableCount(carry.page.totalCount));
    if (slid !== undefined && tile + slid > covered) proveTo(tile + slid, carry ?? found);
    return false;
  };

  // A batch whose look goes out with the next pages.
  let pending: Batch | undefined;
  // Whether every look beside pages so far placed its batch. Once one has not (on a list that slides
  // a look may not place a batch, and the pages beside it were then read from too far on), the walk
  // waits for each look before it reads on. A look goes beside pages only when at least two can go
  // with it: otherwise it saves no round trip.
  let trusting = true;
  // Where the walk had got to when progress was last counted (once per batch, when it is placed).
  let progressMark = covered;
  for (;;) {
    if (pagesRead >= budget) throw incomplete(shifting());
    const settling = pending;
    pending = undefined;
    if (settling !== undefined && (!trusting || settling.ends || bound() < 3)) {
      // The look on its own, then the pages from where it proved the walk got to.
      const look = await request(1, 'a check of the front');
      const ids = look.page.items.map((item) => options.idOf(item));
      if (ids.some((id) => settling.repeated.has(id))) throw new ListingLoopError({ ...progress(), reason: settling.repeatReason as string });
      // Records that arrived since the batch's look: where its newest record sits now. Past page 1 it
      // is looked for a few pages on, one after the other (meanwhile it can only slide further).
      let found = look;
      let arrived = ids.indexOf(settling.front.id as string);
      for (let pageNumber = 2; arrived < 0 && found.page.items.length >= pageSize && pageNumber <= FRONT_PAGES; pageNumber += 1) {
        found = await request(pageNumber, 'a check of the front');
        const index = found.page.items.findIndex((item) => options.idOf(item) === settling.front.id);
        arrived = index < 0 ? index : (pageNumber - 1) * pageSize + index;
      }
      if (settle(settling, look, found, arrived, undefined)) return;
      // Widen again only after a batch proven whole: a slide or a hole narrows the walk to one page at a time.
      width = covered > settling.lastStart ? Math.min(2 * width, maxWidthOf(concurrency)) : 1;
    } else {
      const before = covered;
      // Beside a look, the pages read on from where its batch reaches, as if the look places it.
      const from = settling === undefined ? covered : Math.max(covered, settling.reach);
      const firstPage = Math.floor(from / pageSize) + 1;
      // The look takes one of the places in flight.
      const room = Math.min(width, bound() - (settling === undefined ? 0 : 1));
      const lastPage = Math.max(firstPage, Math.min(firstPage + room - 1, Math.ceil(latestTotal / pageSize)));
      const beyond = farthest;
      farthest = Math.max(farthest, lastPage);
      const batch: Batch = { front, read: [], repeated: new Set(), repeatReason: undefined, lastStart: (lastPage - 1) * pageSize, last: undefined, reach: from, ends: false };
      let ended = false;
      let check = false;
      let overshot = false;
      const pages = Array.from({ length: lastPage - firstPage + 1 }, (_, index) => firstPage + index);
      // 0 stands for the look at the front (page 1 read again): first in order, so it is placed first.
      const inputs = settling === undefined ? pages : [0, ...pages];
      for await (const { answer, isLook } of mapConcurrently(inputs, concurrency, async (pageNumber) =>
        pageNumber === 0 ? { answer: await request(1, 'a check of the front'), isLook: true } : { answer: await request(pageNumber, 'the listing'), isLook: false },
      )) {
        if (isLook) {
          const held = settling as Batch;
          if (answer.page.items.some((item) => held.repeated.has(options.idOf(item)))) throw new ListingLoopError({ ...progress(), reason: held.repeatReason as string });
          const arrived = answer.page.items.findIndex((item) => options.idOf(item) === held.front.id);
          if (settle(held, answer, answer, arrived, held.last)) return;
          // Not placed up to where the pages beside it start: they were read from too far on.
          overshot = covered < from;
          trusting &&= !overshot;
          continue;
        }
        const { items } = answer.page;
        yield* fresh(items);
        const pageTotal = usableCount(answer.page.totalCount);
        if (pageTotal !== undefined) latestTotal = pageTotal;
        const start = (answer.pageNumber - 1) * pageSize;
        const end = start + items.length;
        const full = items.length >= pageSize;
        const ends = endsList(start, items.length, pageTotal);
        batch.read.push({ start, count: items.length, total: pageTotal, ends });
        batch.reach = Math.max(batch.reach, end);
        batch.ends ||= ends;
        if (batch.last === undefined || answer.receivedAt > batch.last.receivedAt) batch.last = answer;
        if (!full && !ends) shortfall = `page ${answer.pageNumber} held ${items.length} records where its TotalCount ${pageTotal} promised ${Math.min(pageSize, (pageTotal ?? 0) - start)}`;
        if (full && !addedAny && answer.pageNumber > beyond) {
          for (const item of items) batch.repeated.add(options.idOf(item));
          batch.repeatReason ??= `page ${answer.pageNumber} was full, but of records already listed, where ${end - Math.max(start, before)} records not yet read were due`;
          check = true;
        }
        // Rule (b) needs no page in between: any page sharing a record with the anchor is proven.
        const follows = anchor.receivedAt <= answer.sentAfter && start <= covered;
        const ids = idsOf(items);
        if (follows || [...anchor.ids].some((id) => ids.has(id))) {
          ended ||= ends;
          // (end, B) is proven either way; this keeps the further of the two.
          // Stryker disable next-line ConditionalExpression,EqualityOperator: a proven page ending at or before `covered` starts on the page `covered` is on, so either choice reads on from that page
          if (end > covered) proveTo(end, answer);
        } else if (start <= covered) check = true;
      }
      if (ended) return;
      if (overshot) {
        // Its records were yielded, but no place of it is proven: the walk reads on from `covered`, a
        // page at a time (that page follows every answer so far).
        width = 1;
      } else if (check) {
        // Placed by the next look (beside the next pages while looks can be trusted): progress is
        // counted then.
        pending = batch;
        if (trusting) width = Math.min(2 * width, maxWidthOf(concurrency));
        continue;
      } else {
        width = covered > batch.lastStart ? Math.min(2 * width, maxWidthOf(concurrency)) : 1;
      }
    }
    stalls = covered > progressMark ? 0 : stalls + 1;
    progressMark = covered;
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
