import { InvocationsError, type InvocationsErrorOptions } from './errors.js';

// Markers in the global symbol registry, so `isInstance` works across duplicate installs (as in errors.ts).
const listingMarker = Symbol.for('@invocations/error/listing');
const incompleteMarker = Symbol.for('@invocations/error/incomplete-listing');
const pageLimitMarker = Symbol.for('@invocations/error/page-limit');
const loopMarker = Symbol.for('@invocations/error/listing-loop');

function hasMarker(error: unknown, marker: symbol): boolean {
  return typeof error === 'object' && error !== null && marker in error && (error as Record<symbol, unknown>)[marker] === true;
}

/** What every listing error carries. */
export interface ListingErrorDetails {
  /** What was listed, e.g. `ecs DescribeInvocations`. */
  label?: string;
  /** Distinct records yielded before the listing stopped. */
  seen: number;
  /** Page requests made (re-reads included). */
  pagesRead: number;
}

/**
 * A paged listing stopped because the service's answers cannot be trusted to be complete or finite.
 * The records yielded before it are real, but the listing is not whole: never treat it as finished.
 */
export class ListingError extends InvocationsError {
  private readonly [listingMarker] = true;
  /** What was listed. */
  readonly label: string | undefined;
  /** Distinct records yielded before the listing stopped. */
  readonly seen: number;
  /** Page requests made (re-reads included). */
  readonly pagesRead: number;

  constructor(message: string, details: ListingErrorDetails, options?: InvocationsErrorOptions) {
    super(`${details.label ?? 'the listing'}: ${message}`, options);
    this.name = 'ListingError';
    this.label = details.label;
    this.seen = details.seen;
    this.pagesRead = details.pagesRead;
  }

  /** True for any {@link ListingError} (its subclasses included), across package copies. */
  static override isInstance(error: unknown): error is ListingError {
    return hasMarker(error, listingMarker);
  }
}

/**
 * The service said it had more records than the listing could read: a page came back shorter than
 * its own TotalCount promised, or the listing kept shifting faster than it could be re-read.
 */
export class IncompleteListingError extends ListingError {
  private readonly [incompleteMarker] = true;
  /** Records the service claimed to have (its TotalCount). */
  readonly expected: number;

  constructor(details: ListingErrorDetails & { expected: number; reason: string }, options?: InvocationsErrorOptions) {
    super(`incomplete listing: the service claimed ${details.expected} records but only ${details.seen} could be read (${details.reason})`, details, options);
    this.name = 'IncompleteListingError';
    this.expected = details.expected;
  }

  /** True for an {@link IncompleteListingError}, across package copies. */
  static override isInstance(error: unknown): error is IncompleteListingError {
    return hasMarker(error, incompleteMarker);
  }
}

/** The listing needed more page requests than its cap (`maxPages`) allows: it stops rather than run on. */
export class PageLimitError extends ListingError {
  private readonly [pageLimitMarker] = true;
  /** The cap on page requests that was reached. */
  readonly maxPages: number;

  constructor(details: ListingErrorDetails & { maxPages: number; reason: string }, options?: InvocationsErrorOptions) {
    super(`stopped at the limit of ${details.maxPages} page requests (${details.reason}); raise maxPages if the listing really is that long`, details, options);
    this.name = 'PageLimitError';
    this.maxPages = details.maxPages;
  }

  /** True for a {@link PageLimitError}, across package copies. */
  static override isInstance(error: unknown): error is PageLimitError {
    return hasMarker(error, pageLimitMarker);
  }
}

/**
 * The service answered a page that brought no new record while saying more were to come (a full page
 * of records already listed, an empty page with a NextToken, a NextToken given twice): following it
 * could loop forever.
 */
export class ListingLoopError extends ListingError {
  private readonly [loopMarker] = true;

  constructor(details: ListingErrorDetails & { reason: string }, options?: InvocationsErrorOptions) {
    super(`the service's pages stopped making progress (${details.reason}); stopping to avoid a loop`, details, options);
    this.name = 'ListingLoopError';
  }

  /** True for a {@link ListingLoopError}, across package copies. */
  static override isInstance(error: unknown): error is ListingLoopError {
    return hasMarker(error, loopMarker);
  }
}
