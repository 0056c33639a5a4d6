import { AbortedError, linkSignal, parseOptions, type Product } from '@invocations/core';
import * as z from 'zod/mini';
import { createOpenApiClient, type OpenApiClient, type OpenApiClientOptions } from '../transport/client.js';
import { createAdaptiveWindow, type AdaptiveWindow } from './adaptive-window.js';
import { caseInsensitiveEnum } from './enum-schema.js';
import { hooksFeeding, isThrottlingError, trackedClient } from './throttle-feedback.js';

/** How an adapter walks through pages: `concurrent` (default), `token` (NextToken) or `sequential`. */
export type SourcePaging = 'concurrent' | 'token' | 'sequential';

/** `Base64` (the services' default) or `PlainText`: how CommandContent and Output travel. */
export type SourceContentEncoding = 'Base64' | 'PlainText';

/** Largest PageSize of the DescribeInvocations APIs that page (ECS, SWAS; eflo does not page). */
export const SOURCE_MAX_PAGE_SIZE = 50;

/**
 * Requests a source has in flight at once by default: with 50 records a page, 10,000 invocations take
 * 14 round trips instead of 200. The window adapts (see {@link SourceOptions.concurrency}), so a service
 * that throttles gets fewer.
 */
export const SOURCE_DEFAULT_CONCURRENCY = 16;

/** The options every adapter's `create*Source` takes: the OpenAPI client's options plus how many requests at once. */
export interface SourceOptions extends Omit<OpenApiClientOptions, 'product'> {
  /**
   * Most requests in flight at once, 1 to 64 (default 16). The source starts there and adapts: a
   * throttled request (a `Throttling` code or HTTP 429) halves what it sends at once, down to 1, and
   * answers bring it back up by one per round trip, never past this.
   */
  concurrency?: number;
}

/** The options of an adapter whose API pages (ECS, SWAS); `Paging` narrows the walks it offers. */
export interface PagingOptions<Paging extends SourcePaging = SourcePaging> {
  /** Records per request, 1 to 50 (default 50); a query's own `pageSize` wins. */
  pageSize?: number;
  /** How pages are walked (default `concurrent`). */
  paging?: Paging;
  /**
   * Most page requests one listing makes (on SWAS: per instance, and for ListInstances), re-reads
   * included, 1 to 1,000,000. Reaching it is a `PageLimitError`, never a silent stop. Default: derived
   * from the services' own limit of 100,000 records a region (`defaultMaxPages(pageSize)`: 4,010 at
   * 50 a page).
   */
  maxPages?: number;
}

/** The option of an adapter whose API takes a ContentEncoding parameter (ECS, eflo). */
export interface ContentEncodingOption {
  /** How the service should encode CommandContent and Output (default `Base64`; always sent). */
  contentEncoding?: SourceContentEncoding;
}

/** The largest `maxPages` accepted: far beyond any real listing, still a bound. */
export const SOURCE_MAX_PAGES_LIMIT = 1_000_000;

/** Which reading options a product's API has: the paging walks it offers (none: it does not page) and whether it takes ContentEncoding. */
export interface SourceFeatures {
  /** The walks offered; empty when the API does not page (then pageSize, paging and maxPages are refused). */
  paging: readonly SourcePaging[];
  /** Why a walk or paging is missing, for the error (e.g. "SWAS has no NextToken"). */
  pagingNote?: string;
  contentEncoding: boolean;
  /** Why ContentEncoding is missing, for the error. */
  contentEncodingNote?: string;
}

const READING_OPTIONS = ['concurrency', 'pageSize', 'paging', 'maxPages', 'contentEncoding'] as const;

/**
 * Zod schema of one product's reading options (the client's own options are checked by
 * `createOpenApiClient`): `region`, `concurrency` 1..64, and where the product has them `pageSize` 1..50,
 * `paging` (the walks it offers), `maxPages` 1..1,000,000 and `contentEncoding` in any case. An option
 * the product does not have is refused with the reason, never dropped.
 */
export function sourceOptionsSchema(features: SourceFeatures) {
  const missing = (note: string | undefined) =>
    z.optional(z.unknown().check(z.refine((value) => value === undefined, `is not an option of this source${note ? `: ${note}` : ''}`)));
  const pages = features.paging.length > 0;
  const walks = features.paging;
  return z.object({
    region: z.string().check(z.trim()).check(z.minLength(1, 'is required (e.g. cn-hangzhou)')),
    concurrency: z.optional(z.number().check(z.int('must be an integer')).check(z.gte(1, 'must be at least 1')).check(z.lte(64, 'must be at most 64'))),
    pageSize: pages
      ? z.optional(z.number().check(z.int('must be an integer')).check(z.gte(1, 'must be at least 1')).check(z.lte(SOURCE_MAX_PAGE_SIZE, `must be at most ${SOURCE_MAX_PAGE_SIZE}`)))
      : missing(features.pagingNote),
    paging: pages
      ? z.optional(z.string().check(z.refine((value): value is SourcePaging => (walks as readonly string[]).includes(value), {
            error: `must be ${walks.join(', ').replace(/, ([^,]*)$/, ' or $1')}${features.pagingNote ? ` (${features.pagingNote})` : ''}`,
          })))
      : missing(features.pagingNote),
    maxPages: pages
      ? z.optional(z.number().check(z.int('must be an integer')).check(z.gte(1, 'must be at least 1')).check(z.lte(SOURCE_MAX_PAGES_LIMIT, `must be at most ${SOURCE_MAX_PAGES_LIMIT}`)))
      : missing(features.pagingNote),
    contentEncoding: features.contentEncoding ? z.optional(caseInsensitiveEnum(['Base64', 'PlainText'])) : missing(features.contentEncodingNote),
  });
}

/** What {@link createSourceClient} gives an adapter: the client and the checked reading options with their defaults. */
export interface SourceClient {
  client: OpenApiClient;
  /** The region, trimmed. */
  region: string;
  /** `pageSize` as given (undefined: the adapter's default). */
  pageSize?: number;
  /** The most requests at once, as given (default {@link SOURCE_DEFAULT_CONCURRENCY}). */
  concurrency: number;
  /**
   * What the source allows at once now: starts at `concurrency`, halves when the service throttles,
   * grows back as it answers. Every call of `client` feeds it; limiters and page walks read it.
   */
  window: AdaptiveWindow;
  /** Default `concurrent`. */
  paging: SourcePaging;
  /** Default `Base64`, in the documented spelling. */
  contentEncoding: SourceContentEncoding;
  /** `maxPages` as given (undefined: `walkPages` derives it from the page size). */
  maxPages?: number;
}

/**
 * Checks an adapter's options (a `ConfigurationError` naming each field and rule, before any request),
 * splits the reading options off and creates the product's OpenAPI client from the rest.
 * @example
 * const { client, region, concurrency } = createSourceClient('ecs', options, { context: 'createEcsSource options', paging: ['concurrent', 'token', 'sequential'], contentEncoding: true });
 */
export function createSourceClient(
  product: Product,
  options: SourceOptions & PagingOptions & ContentEncodingOption,
  settings: { context: string } & SourceFeatures,
): SourceClient {
  const checked = parseOptions(sourceOptionsSchema(settings), options, settings.context);
  const clientOptions: Record<string, unknown> = { ...options };
  for (const name of READING_OPTIONS) delete clientOptions[name];
  const region = checked.region;
  const concurrency = checked.concurrency ?? SOURCE_DEFAULT_CONCURRENCY;
  // One window per source: a service throttles per account and API, so every listing of the source
  // (and SWAS's many instances) backs off together.
  const window = createAdaptiveWindow({ max: concurrency, isThrottled: isThrottlingError });
  clientOptions.hooks = hooksFeeding(clientOptions.hooks, window);
  const client = trackedClient(createOpenApiClient({ ...(clientOptions as Omit<OpenApiClientOptions, 'product'>), region, product }), window);
  return {
    client,
    region,
    ...(checked.pageSize === undefined ? {} : { pageSize: checked.pageSize as number }),
    concurrency,
    window,
    paging: (checked.paging as SourcePaging | undefined) ?? 'concurrent',
    contentEncoding: (checked.contentEncoding as SourceContentEncoding | undefined) ?? 'Base64',
    ...(checked.maxPages === undefined ? {} : { maxPages: checked.maxPages as number }),
  };
}

/** What {@link linkAbort} returns: a signal for the requests and the helpers around it. */
export interface AbortLink {
  /** Aborts when the caller's signal does or when {@link AbortLink.close} runs (leaving early cancels what is in flight). */
  signal: AbortSignal;
  /** Throws an `AbortedError` when the caller's signal has aborted. */
  check(): void;
  /** The error to rethrow: an `AbortedError` when the caller aborted, the error itself otherwise. */
  wrap(error: unknown): unknown;
  /** Stops listening to the caller's signal and cancels requests still in flight. */
  close(): void;
}

/**
 * Links a listing to the caller's signal (checked at once): the requests get their own signal, so
 * leaving the listing early (break, error) also cancels them, and any failure after the caller
 * aborted surfaces as an `AbortedError`.
 * @example
 * const link = linkAbort(options.signal);
 * try { ... } catch (error) { throw link.wrap(error); } finally { link.close(); }
 */
export function linkAbort(outer: AbortSignal | undefined, message = 'the listing was aborted'): AbortLink {
  const check = () => {
    if (outer?.aborted) throw new AbortedError(message, { cause: outer.reason });
  };
  check();
  const link = linkSignal(outer);
  return {
    signal: link.signal,
    check,
    wrap: (error) => (outer?.aborted && !AbortedError.isInstance(error) ? new AbortedError(message, { cause: outer.reason }) : error),
    close: () => {
      link.unlink();
      link.abort();
    },
  };
}

/**
 * Runs one listing linked to the caller's signal ({@link linkAbort}): the walk gets a signal of its own,
 * each record is yielded only while the caller has not aborted, a failure after the caller aborted is an
 * `AbortedError`, and leaving early (break, error, abort) cancels what is still in flight.
 * @example
 * yield* linkedListing(listOptions.signal, (signal) => walkPages({ ..., signal }));
 */
export async function* linkedListing<Item>(outer: AbortSignal | undefined, walk: (signal: AbortSignal) => AsyncIterable<Item>): AsyncGenerator<Item, void, undefined> {
  const link = linkAbort(outer);
  try {
    for await (const item of walk(link.signal)) {
      link.check();
      yield item;
    }
  } catch (error) {
    throw link.wrap(error);
  } finally {
    link.close();
  }
}
