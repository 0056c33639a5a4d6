import type { Invocation } from '@invocations/core';
import type { SourceContentEncoding } from './source-options.js';

/** Options of an adapter's `parseDescribeInvocations`; an adapter narrows it where its API differs (SWAS needs the instance). */
export interface ParseDescribeInvocationsOptions {
  /** The body's format (default `json`). */
  format?: 'json' | 'xml';
  /** How CommandContent and Output were encoded in the request (default `Base64`, the services' default). */
  contentEncoding?: SourceContentEncoding;
  /** The region the body came from; set on every invocation. */
  region?: string;
}

/**
 * One DescribeInvocations answer in the canonical model, with the paging facts the service sent. An
 * adapter narrows it to the fields its API has (SWAS has no NextToken; eflo does not page).
 */
export interface DescribeInvocationsPage {
  requestId: string;
  invocations: Invocation[];
  totalCount?: number;
  pageNumber?: number;
  pageSize?: number;
  nextToken?: string;
}
