import { englishErrors, InvalidQueryError } from '@invocations/core';
import { checkFormat, readListing, type DescribeInvocationsPage, type ParseDescribeInvocationsOptions } from '@invocations/openapi/kit';
import { mapEfloInvocation } from './map-invocation.js';
import { readDescribeInvocationsResponse } from './read-wire.js';
import { efloContentEncodingSchema, type EfloContentEncoding } from './request.js';
import { EFLO_XML_ARRAY_TAGS, efloDescribeInvocationsResponseSchema } from './wire-schema.js';

/** One DescribeInvocations answer in the canonical model. eflo does not page, so it has no paging fields. */
export type EfloDescribeInvocationsPage = Pick<DescribeInvocationsPage, 'requestId' | 'invocations'>;

/**
 * Decodes an eflo-controller DescribeInvocations body (JSON or XML, as the service or the official
 * SDK returned it), checks it against the wire schema and maps it onto the canonical model: nodes
 * become targets of kind `'node'`. A body that does not decode, or is not a DescribeInvocations
 * answer, is a `DecodeError` naming the first fields that were wrong; an error body (`Code`,
 * `Message`, no listing) is the service's `ApiError` with its code and request id.
 * @example
 * const { invocations } = parseDescribeInvocations(body, { region: 'cn-wulanchabu', contentEncoding: 'PlainText' });
 * invocations[0]?.targets[0]?.kind; // 'node'
 */
export function parseDescribeInvocations(body: string, options: ParseDescribeInvocationsOptions = {}): EfloDescribeInvocationsPage {
  const format = checkFormat(options.format, 'parseDescribeInvocations');
  let contentEncoding: EfloContentEncoding | undefined;
  if (options.contentEncoding !== undefined) {
    const parsed = efloContentEncodingSchema.safeParse(options.contentEncoding, { error: englishErrors });
    if (!parsed.success) {
      throw new InvalidQueryError([{ path: 'contentEncoding', message: parsed.error.issues[0]?.message ?? 'must be Base64 or PlainText' }], {
        context: 'parseDescribeInvocations',
      });
    }
    contentEncoding = parsed.data;
  }
  const wire = readListing(efloDescribeInvocationsResponseSchema, body, {
    format,
    arrayTags: EFLO_XML_ARRAY_TAGS,
    action: 'DescribeInvocations',
    fast: readDescribeInvocationsResponse,
    listingField: 'Invocations',
    product: 'eflo',
  });
  const mapOptions = { ...(contentEncoding ? { contentEncoding } : {}), ...(options.region ? { region: options.region } : {}) };
  return {
    requestId: wire.RequestId,
    invocations: wire.Invocations.map((invocation) => mapEfloInvocation(invocation, mapOptions)),
  };
}
