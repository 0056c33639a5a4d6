import { AbortedError } from '@invocations/core';
import { mapConcurrently } from './concurrency.js';
import { createCoverage } from './page-coverage.js';

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
  /** Pages in flight at once after page 1 gave the total (default 1: one after the other). */
  concurrency?: number;
  /** Stops the walk: an `AbortedError` before the next page; also passed to `fetchPage`. */
  signal?: AbortSignal;
  /** What is listed, for errors (e.g. `ecs DescribeInvocations`). */
  label?: string;
  /** Advice added when the listing shifted faster than it could be re-read (default `Retry.`). */
  shiftHint?: string;
}

/**
 * Walks a PageNumber/PageSize listing and yields each record once, in the service's order. Page 1
 * gives TotalCount; pages 2..n are read `concurrency` at a time and yielded in page order. Records
 * created during the walk push older ones to later pages: the walk counts, from each page's own
 * TotalCount, how far the listing slid, and re-reads whatever stretch of the listing (as page 1 saw
 * it) no page covered, so no record that existed throughout is missed (see page-coverage.ts);
 * repeats are dropped by `idOf`. Without a TotalCount it reads on until a short page. When the
 * listing keeps shifting faster than it can be re-read, it throws an `InvocationsError` rather than
 * silently missing records.
 * @example
 * for await (const invocation of walkPages({ fetchPage, idOf: (i) => i.invokeId, pageSize: 50, concurrency: 8 })) use(invocation);
 */
export async function* walkPages<Item>(options: WalkPagesOptions<Item>): AsyncGenerator<Item, void, undefined> {
  const { signal } = options;
  const seen = new Set<string>();
  function* fresh(items: readonly Item[]): Generator<Item> {
    for (const item of items) {
      const id = options.idOf(item);
      if (seen.has(id)) continue;
      seen.add(id);
      yield item;
    }
  }
  const checkSignal = () => {
    if (signal?.aborted) throw new AbortedError('the listing was aborted', { cause: signal.reason });
  };
  const fetch = (pageNumber: number, pageSize: number) => {
    checkSignal();
    return options.fetchPage(pageNumber, pageSize, signal);
  };

  const first = await fetch(1, options.pageSize);
  // Walk by the page size the service used: a service that caps PageSize below what was asked for
  // would otherwise look like it ended after page 1.
  const pageSize = first.pageSize !== undefined && first.pageSize > 0 && first.pageSize < options.pageSize ? first.pageSize : options.pageSize;
  yield* fresh(first.items);
  if (first.items.length < pageSize) return;

  if (first.totalCount === undefined) {
    // No total: read on until a short page.
    for (let pageNumber = 2; ; pageNumber += 1) {
      const page = await fetch(pageNumber, pageSize);
      yield* fresh(page.items);
      if (page.items.length < pageSize) return;
    }
  }

  const coverage = createCoverage(first.totalCount, pageSize, {
    ...(options.label === undefined ? {} : { label: options.label }),
    ...(options.shiftHint === undefined ? {} : { hint: options.shiftHint }),
  });
  coverage.add(1, first.totalCount, first.items.length);
  const lastPage = Math.ceil(first.totalCount / pageSize);
  const rest = Array.from({ length: Math.max(0, lastPage - 1) }, (_, index) => index + 2);
  const pages = mapConcurrently(rest, options.concurrency ?? 1, async (pageNumber) => ({ pageNumber, page: await fetch(pageNumber, pageSize) }));
  for await (const { pageNumber, page } of pages) {
    coverage.add(pageNumber, page.totalCount, page.items.length);
    yield* fresh(page.items);
  }
  // Re-read the stretches that records created meanwhile pushed past the pages read.
  for (let pageNumber = coverage.nextPageToRead(); pageNumber !== undefined; pageNumber = coverage.nextPageToRead()) {
    const page = await fetch(pageNumber, pageSize);
    coverage.add(pageNumber, page.totalCount, page.items.length);
    yield* fresh(page.items);
  }
}
