import { DecodeError, InvalidQueryError, type Invocation } from '@invocations/core';
import { decodeBody, findRequestId } from '@invocations/openapi';
import type { z } from 'zod';
import { mapEfloInvocation } from './map-invocation.js';
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

function describeIssue(issue: z.core.$ZodIssue): string {
  const path = issue.path.length > 0 ? issue.path.map(String).join('.') : '(body)';
  return `${path}: ${issue.message}`;
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
  const format = options.format ?? 'json';
  if (format !== 'json' && format !== 'xml') {
    throw new InvalidQueryError([{ path: 'format', message: "must be 'json' or 'xml'" }], { context: 'parseDescribeInvocations' });
  }
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
  const decoded = decodeBody(body, { format, arrayTags: EFLO_XML_ARRAY_TAGS });
  const result = efloDescribeInvocationsResponseSchema.safeParse(decoded);
  if (!result.success) {
    const record = decoded as Record<string, unknown>;
    const reason =
      record.Invocations === undefined && typeof record.Code === 'string'
        ? `an error response (${record.Code}) where DescribeInvocations was expected`
        : `not a DescribeInvocations response: ${result.error.issues.slice(0, 3).map(describeIssue).join('; ')}`;
    throw new DecodeError({ reason, body, requestId: findRequestId(body) });
  }
  const wire = result.data;
  const mapOptions = { ...(contentEncoding ? { contentEncoding } : {}), ...(options.region ? { region: options.region } : {}) };
  return {
    requestId: wire.RequestId,
    invocations: wire.Invocations.map((invocation) => mapEfloInvocation(invocation, mapOptions)),
  };
}
