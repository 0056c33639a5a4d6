import { AbortedError, parseInput, type Product } from '@invocations/core';
import * as z from 'zod';
import { createOpenApiClient, type OpenApiClient, type OpenApiClientOptions } from '../transport/client.js';
import { caseInsensitiveEnum } from './enum-schema.js';

/** How an adapter walks through pages: `concurrent` (default), `token` (NextToken) or `sequential`. */
export type SourcePaging = 'concurrent' | 'token' | 'sequential';

/** `Base64` (the services' default) or `PlainText`: how CommandContent and Output travel. */
export type SourceContentEncoding = 'Base64' | 'PlainText';

/** Largest PageSize of the three DescribeInvocations APIs (ECS, SWAS; eflo does not page). */
export const SOURCE_MAX_PAGE_SIZE = 50;

/** The options every adapter's `create*Source` takes: the OpenAPI client's options plus how to read. */
export interface SourceOptions extends Omit<OpenApiClientOptions, 'product'> {
  /** Records per request, 1 to 50 (default 50); a query's own `pageSize` wins. */
  pageSize?: number;
  /** Requests in flight at once (default 8). */
  concurrency?: number;
  /** How pages are walked (default `concurrent`). */
  paging?: SourcePaging;
  /** How the service should encode CommandContent and Output (default `Base64`). */
  contentEncoding?: SourceContentEncoding;
  /**
   * Most page requests one listing makes (on SWAS: per instance, and for ListInstances), re-reads
   * included, 1 to 1,000,000. Reaching it is a `PageLimitError`, never a silent stop. Default: derived
   * from the services' own limit of 100,000 records a region (`defaultMaxPages(pageSize)`: 4,010 at
   * 50 a page).
   */
  maxPages?: number;
}

/** The largest `maxPages` accepted: far beyond any real listing, still a bound. */
export const SOURCE_MAX_PAGES_LIMIT = 1_000_000;

/**
 * Zod schema of the reading options shared by the adapters (the client's own options are checked by
 * `createOpenApiClient`): `region`, `pageSize` 1..50, `concurrency` 1..64, `paging`,
 * `contentEncoding` in any case, and `maxPages` 1..1,000,000. An adapter narrows it with `.extend(...)` (SWAS rejects `token`).
 */
export const sourceOptionsSchema = z.object({
  region: z.string().trim().min(1, 'must not be empty'),
  pageSize: z.number().int('must be an integer').min(1, 'must be at least 1').max(SOURCE_MAX_PAGE_SIZE, `must be at most ${SOURCE_MAX_PAGE_SIZE}`).optional(),
  concurrency: z.number().int('must be an integer').min(1, 'must be at least 1').max(64, 'must be at most 64').optional(),
  paging: z.enum(['concurrent', 'token', 'sequential'], { error: 'must be concurrent, token or sequential' }).optional(),
  contentEncoding: caseInsensitiveEnum(['Base64', 'PlainText']).optional(),
  maxPages: z
    .number()
    .int('must be an integer')
    .min(1, 'must be at least 1')
    .max(SOURCE_MAX_PAGES_LIMIT, `must be at most ${SOURCE_MAX_PAGES_LIMIT}`)
    .optional(),
});

/** What {@link createSourceClient} gives an adapter: the client and the checked reading options with their defaults. */
export interface SourceClient {
  client: OpenApiClient;
  /** The region, trimmed. */
  region: string;
  /** `pageSize` as given (undefined: the adapter's default). */
  pageSize?: number;
  /** Default 8. */
  concurrency: number;
  /** Default `concurrent`. */
  paging: SourcePaging;
  /** Default `Base64`, in the documented spelling. */
  contentEncoding: SourceContentEncoding;
  /** `maxPages` as given (undefined: `walkPages` derives it from the page size). */
  maxPages?: number;
}

/**
 * Checks an adapter's options (an `InvalidQueryError` naming the field, before any request), splits
 * the reading options off and creates the product's OpenAPI client from the rest.
 * @example
 * const { client, region, concurrency } = createSourceClient('ecs', options, { context: 'createEcsSource options' });
 */
export function createSourceClient(
  product: Product,
  options: SourceOptions,
  settings: { context: string; schema?: z.ZodType<z.output<typeof sourceOptionsSchema>, unknown> },
): SourceClient {
  const checked = parseInput(settings.schema ?? sourceOptionsSchema, options, settings.context);
  const { pageSize: _pageSize, concurrency: _concurrency, paging: _paging, contentEncoding: _encoding, maxPages: _maxPages, ...clientOptions } = options;
  const region = checked.region;
  const client = createOpenApiClient({ ...clientOptions, region, product });
  return {
    client,
    region,
    ...(checked.pageSize === undefined ? {} : { pageSize: checked.pageSize }),
    concurrency: checked.concurrency ?? 8,
    paging: checked.paging ?? 'concurrent',
    contentEncoding: checked.contentEncoding ?? 'Base64',
    ...(checked.maxPages === undefined ? {} : { maxPages: checked.maxPages }),
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
  const controller = new AbortController();
  const onAbort = () => controller.abort(outer?.reason);
  outer?.addEventListener('abort', onAbort, { once: true });
  return {
    signal: controller.signal,
    check,
    wrap: (error) => (outer?.aborted && !AbortedError.isInstance(error) ? new AbortedError(message, { cause: outer.reason }) : error),
    close: () => {
      outer?.removeEventListener('abort', onAbort);
      controller.abort();
    },
  };
}
