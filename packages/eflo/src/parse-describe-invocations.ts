import { InvalidQueryError, type Invocation } from '@invocations/core';
import { checkFormat, readBody } from '@invocations/openapi';
import { mapEfloInvocation } from './map-invocation.js';
import { readDescribeInvocationsResponse } from './read-wire.js';
import { efloContentEncodingSchema, type EfloContentEncoding } from './request.js';
import { EFLO_XML_ARRAY_TAGS, efloDescribeInvocationsResponseSchema } from './wire-schema.js';

/** Options of {@link parseDescribeInvocations}. */
export interface ParseDescribeInvocationsOptions {
  /** The body's format (default `json`). */
  format?: 'json' | 'xml';
  /** How CommandContent and Output were encoded in the request (default `Base64`, the service default). */
  contentEncoding?: EfloContentEncoding;
  /** The region the body came from (eflo bodies do not name it); set on every invocation. */
  region?: string;
  /** Accepted for the shared adapter shape; eflo responses name their nodes themselves. */
  instanceId?: string;
}

/** One DescribeInvocations answer in the canonical model. eflo does not page, so the paging fields stay absent. */
export interface DescribeInvocationsPage {
  requestId: string;
  invocations: Invocation[];
  totalCount?: number;
  pageNumber?: number;
  pageSize?: number;
  nextToken?: string;
}

/**
 * Decodes an eflo-controller DescribeInvocations body (JSON or XML, as the service or the official
 * SDK returned it), checks it against the wire schema and maps it onto the canonical model: nodes
 * become targets of kind `'node'`. A body that does not decode, or is not a DescribeInvocations
 * answer, is a `DecodeError` naming the first fields that were wrong.
 * @example
 * const { invocations } = parseDescribeInvocations(body, { region: 'cn-wulanchabu', contentEncoding: 'PlainText' });
 * invocations[0]?.targets[0]?.kind; // 'node'
 */
export function parseDescribeInvocations(body: string, options: ParseDescribeInvocationsOptions = {}): DescribeInvocationsPage {
  const format = checkFormat(options.format, 'parseDescribeInvocations');
  let contentEncoding: EfloContentEncoding | undefined;
  if (options.contentEncoding !== undefined) {
    const parsed = efloContentEncodingSchema.safeParse(options.contentEncoding);
    if (!parsed.success) {
      throw new InvalidQueryError([{ path: 'contentEncoding', message: parsed.error.issues[0]?.message ?? 'must be Base64 or PlainText' }], {
        context: 'parseDescribeInvocations',
      });
    }
    contentEncoding = parsed.data;
  }
  const wire = readBody(efloDescribeInvocationsResponseSchema, body, {
    format,
    arrayTags: EFLO_XML_ARRAY_TAGS,
    action: 'DescribeInvocations',
    // The plain-code reader (same rules) is the fast path; the schema runs only to name a wrong field.
    fast: readDescribeInvocationsResponse,
  });
  const mapOptions = { ...(contentEncoding ? { contentEncoding } : {}), ...(options.region ? { region: options.region } : {}) };
  return {
    requestId: wire.RequestId,
    invocations: wire.Invocations.map((invocation) => mapEfloInvocation(invocation, mapOptions)),
  };
}
