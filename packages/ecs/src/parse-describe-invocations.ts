import type { OpenApiResponse } from '@invocations/openapi';
import { readListing, type DescribeInvocationsPage, type ParseDescribeInvocationsOptions } from '@invocations/openapi/kit';
import { mapEcsInvocation } from './map-invocation.js';
import { readDescribeInvocationsResponse } from './read-wire.js';
import { ECS_XML_ARRAY_TAGS, ecsDescribeInvocationsResponseSchema } from './wire-schema.js';

/**
 * Decodes a DescribeInvocations response body (JSON or XML, as the service or an official SDK returned
 * it), checks it against the wire schema in one pass and maps it onto the canonical model.
 * A body that does not decode, or does not have the shape of a listing, is a `DecodeError` naming the
 * first fields that were wrong; an error body (`Code`, `Message`, no listing) is the service's
 * `ApiError`, with its code and request id.
 * @example
 * const page = parseDescribeInvocations(body, { format: 'xml', region: 'cn-hangzhou' });
 * page.invocations[0]?.targets[0]?.status; // 'Success'
 */
export function parseDescribeInvocations(body: string, options: ParseDescribeInvocationsOptions = {}): DescribeInvocationsPage {
  return parseDescribePage(body, options);
}

// The JSON keys from the top of a DescribeInvocations body to its list of invocations.
const LIST_PATH = ['Invocations', 'Invocation'] as const;

/**
 * {@link parseDescribeInvocations} of a body or of the client's answer (a large page is then parsed
 * from its bytes), `dropEmptyOutput` leaving out the `''` outputs sent when no output was asked for.
 */
export function parseDescribePage(
  body: string | Pick<OpenApiResponse, 'text'>,
  options: ParseDescribeInvocationsOptions & { dropEmptyOutput?: boolean },
): DescribeInvocationsPage {
  // The plain-code reader is the fast path; the zod schema (same rules) runs only when it gives up,
  // to name the field that is wrong.
  const format = options.format ?? 'json';
  const wire = readListing(ecsDescribeInvocationsResponseSchema, body, {
    listPath: LIST_PATH,
    format,
    arrayTags: ECS_XML_ARRAY_TAGS,
    action: 'DescribeInvocations',
    fast: readDescribeInvocationsResponse,
    listingField: 'Invocations',
    product: 'ecs',
  });
  const mapOptions = { contentEncoding: options.contentEncoding, region: options.region, dropEmptyOutput: options.dropEmptyOutput === true };
  const page: DescribeInvocationsPage = {
    requestId: wire.RequestId,
    invocations: wire.Invocations.map((invocation) => mapEcsInvocation(invocation, mapOptions)),
  };
  if (wire.TotalCount !== undefined) page.totalCount = wire.TotalCount;
  if (wire.PageNumber !== undefined) page.pageNumber = wire.PageNumber;
  if (wire.PageSize !== undefined) page.pageSize = wire.PageSize;
  if (wire.NextToken !== undefined) page.nextToken = wire.NextToken;
  return page;
}
