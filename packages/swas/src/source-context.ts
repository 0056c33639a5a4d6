import type { OpenApiClient, OpenApiResponse } from '@invocations/openapi';
import type { Concurrency, Limiter } from '@invocations/openapi/kit';

/** What the SWAS source's parts share: the client and region, and how pages are walked. */
export interface SwasContext {
  client: OpenApiClient;
  region: string;
  /** `pageSize` of the source's options (undefined: SWAS's largest). */
  defaultPageSize?: number;
  /** Pages of one walk in flight at once: 1, or the source's adaptive window. */
  pagesAtOnce: Concurrency;
  /** `maxPages` of the source's options, when given. */
  pageLimit: { maxPages?: number };
}

/** One request through the limiter of the current `list()` or `get()`. */
export function callSwas(context: SwasContext, limit: Limiter, action: string, query: Record<string, string>, signal?: AbortSignal): Promise<OpenApiResponse> {
  return limit(() => context.client.call({ action, query, ...(signal ? { signal } : {}) }));
}

/** The paging facts a parsed page carries, for walkPages. */
export function pageFacts(page: { totalCount?: number; pageSize?: number }): { totalCount?: number; pageSize?: number } {
  return { ...(page.totalCount === undefined ? {} : { totalCount: page.totalCount }), ...(page.pageSize === undefined ? {} : { pageSize: page.pageSize }) };
}
