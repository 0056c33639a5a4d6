import type { Invocation, Product } from './model.js';
import type { InvocationQuery } from './query.js';

/** Options of {@link InvocationSource.list}. */
export interface ListOptions {
  /** Stops the listing at once; the iterator then throws an `AbortedError`. */
  signal?: AbortSignal;
}

/** Options of {@link InvocationSource.get}. */
export interface GetOptions {
  /** Also fetch each target's output. */
  includeOutput?: boolean;
  /** Stops the call at once; it then rejects with an `AbortedError`. */
  signal?: AbortSignal;
}

/**
 * One product in one region, as a source of invocations. Every adapter returns one of these
 * (`createEcsSource`, `createSwasSource`, `createEfloSource`); core's `listInvocations` and
 * `waitForInvocation` work on any of them.
 */
export interface InvocationSource {
  /** Which product this source reads. */
  readonly product: Product;
  /** The region this source reads. */
  readonly region: string;
  /**
   * Every invocation matching the query, each exactly once, across all pages. Throws an
   * `InvalidQueryError` before any request when the product cannot serve the query.
   */
  list(query?: InvocationQuery, options?: ListOptions): AsyncIterable<Invocation>;
  /** One invocation with its targets; rejects with a `NotFoundError` when it does not exist. */
  get(invokeId: string, options?: GetOptions): Promise<Invocation>;
}
