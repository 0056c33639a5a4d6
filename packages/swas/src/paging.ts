// TODO(shared): the same page walk serves ECS's PageNumber paging; it belongs in openapi (or core).

/** One page as the walker needs it. */
export interface Page<Item> {
  items: Item[];
  /** The service's TotalCount, when sent. */
  totalCount?: number;
  /** The PageSize the service says it used, when sent (it may cap what was asked for). */
  pageSize?: number;
}

/** Options of {@link readPages}. */
export interface ReadPagesOptions<Item> {
  /** Records per page, as requested. */
  pageSize: number;
  /** `concurrent`: pages 2..n at once once page 1 gave the total; `sequential`: one after the other. */
  mode: 'concurrent' | 'sequential';
  /** The identity of a record, to yield each once even when the service shifts pages under us. */
  key: (item: Item) => string;
  /** Stops the walk; pages already asked for are left to the signal their fetches received. */
  signal?: AbortSignal;
}

/**
 * Walks a PageNumber/PageSize listing and yields each record once. In `concurrent` mode page 1 gives
 * the total and pages 2..n are asked for at once (the caller's fetch is expected to be bounded) and
 * yielded in order. Records added while we read push older ones to later pages: duplicates are
 * dropped by key, and when a page reports a larger total than page 1 did, or the last page came back
 * full, the walk goes on page by page until a short page, so no record falls off the end.
 */
export async function* readPages<Item>(fetchPage: (pageNumber: number) => Promise<Page<Item>>, options: ReadPagesOptions<Item>): AsyncGenerator<Item, void, undefined> {
  const seen = new Set<string>();
  function* fresh(items: readonly Item[]): Generator<Item> {
    for (const item of items) {
      const key = options.key(item);
      if (seen.has(key)) continue;
      seen.add(key);
      yield item;
    }
  }
  const first = await fetchPage(1);
  yield* fresh(first.items);
  // Walk by the page size the service used: a service that caps PageSize below what was asked for
  // would otherwise look like it ended after page 1.
  const pageSize = first.pageSize !== undefined && first.pageSize > 0 && first.pageSize < options.pageSize ? first.pageSize : options.pageSize;
  if (first.items.length < pageSize) return;
  let total = first.totalCount;
  let next = 2;
  if (options.mode === 'concurrent' && total !== undefined) {
    const last = Math.ceil(total / pageSize);
    const pending: Promise<Page<Item>>[] = [];
    for (let pageNumber = 2; pageNumber <= last; pageNumber++) pending.push(fetchPage(pageNumber));
    // A rejected page we never reach (the consumer stopped) must not surface as an unhandled rejection.
    for (const promise of pending) promise.catch(() => undefined);
    for (const promise of pending) {
      const page = await promise;
      yield* fresh(page.items);
      if (page.totalCount !== undefined && page.totalCount > total) total = page.totalCount;
    }
    next = last + 1;
  }
  // Sequential walk (or the tail after a concurrent walk): stop at a short or empty page.
  for (;;) {
    // Every page up to the (latest) total has been read: nothing was pushed past the end.
    if (total !== undefined && (next - 1) * pageSize >= total) return;
    if (options.signal?.aborted) return;
    const page = await fetchPage(next++);
    yield* fresh(page.items);
    if (page.totalCount !== undefined && (total === undefined || page.totalCount > total)) total = page.totalCount;
    if (page.items.length < pageSize) return;
  }
}
