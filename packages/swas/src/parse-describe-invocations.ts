import { DecodeError, InvalidQueryError } from '@invocations/core';
import { checkFormat, readListing, type DescribeInvocationsPage, type ParseDescribeInvocationsOptions } from '@invocations/openapi/kit';
import { mapSwasInvocation, type SwasMappingContext } from './map-invocation.js';
import { readDescribeInvocationsResponse } from './read-wire.js';
import { swasDescribeInvocationsResponseSchema, type SwasInvocationWire } from './wire-schema.js';

/**
 * Options of {@link parseDescribeInvocations}: the adapters' shared ones, and the instance that was
 * queried (required: the SWAS response does not name it). SWAS always sends `CommandContent` in Base64
 * (it has no ContentEncoding parameter); pass `contentEncoding: 'PlainText'` only for a body you know
 * holds plain text.
 */
export interface SwasParseDescribeInvocationsOptions extends ParseDescribeInvocationsOptions {
  instanceId: string;
}

/** What {@link parseDescribeInvocations} returns: SWAS pages with PageNumber only, so there is no `nextToken`. */
export type SwasDescribeInvocationsPage = Omit<DescribeInvocationsPage, 'nextToken'>;

/** XML tags that are lists: SWAS repeats `<Invocations>` once per record (seed 001). */
export const SWAS_DESCRIBE_INVOCATIONS_ARRAY_TAGS = ['Invocations'] as const;

/**
 * Maps a SWAS DescribeInvocations body (JSON or XML, as received from the API, the official SDK or
 * a log) onto canonical invocations. The queried `instanceId` becomes each invocation's one target
 * (kind `'instance'`), carrying SWAS's per-instance `InvocationStatus`; the invocation's status is
 * computed from it. Per-instance output, exit code and errors come from DescribeInvocationResult
 * (see `parseDescribeInvocationResult`). An error body (`Code`, `Message`, no listing) is the
 * service's `ApiError` with its code and request id, never an empty page.
 *
 * @example
 * const { invocations } = parseDescribeInvocations(body, { format: 'xml', instanceId: 'ace0706b2ac4454d984295a94213****', region: 'cn-hangzhou' });
 */
export function parseDescribeInvocations(body: string, options: SwasParseDescribeInvocationsOptions): SwasDescribeInvocationsPage {
  const format = checkFormat(options?.format, 'parseDescribeInvocations');
  // Checked for JavaScript callers too: the type requires it.
  if (typeof options?.instanceId !== 'string' || options.instanceId.trim() === '') {
    throw new InvalidQueryError(
      [{ path: 'instanceId', message: 'is required: a SWAS DescribeInvocations response does not name the instance it describes' }],
      { context: 'parseDescribeInvocations' },
    );
  }
  const instanceId = options.instanceId.trim();
  const response = readListing(swasDescribeInvocationsResponseSchema, body, {
    format,
    arrayTags: SWAS_DESCRIBE_INVOCATIONS_ARRAY_TAGS,
    action: 'DescribeInvocations',
    fast: readDescribeInvocationsResponse,
    listingField: 'Invocations',
    product: 'swas',
  });
  if (response.RequestId === undefined) throw new DecodeError({ reason: 'RequestId is missing', body });
  // One context for the page, and no copy of a record unless its content must not be decoded.
  const context: SwasMappingContext = options.region ? { instanceId, region: options.region } : { instanceId };
  const plainText = options.contentEncoding === 'PlainText';
  const invocations = response.Invocations.map((wire, index) => {
    if (wire.InvokeId === undefined) {
      throw new DecodeError({ reason: `Invocations.${index}.InvokeId is missing`, body, requestId: response.RequestId });
    }
    const record = plainText ? { ...wire, InvokeId: wire.InvokeId, CommandContent: undefined } : (wire as SwasInvocationWire & { InvokeId: string });
    const invocation = mapSwasInvocation(record, context);
    if (plainText && typeof wire.CommandContent === 'string' && wire.CommandContent !== '') {
      invocation.commandContent = wire.CommandContent;
    }
    return invocation;
  });
  const parsed: SwasDescribeInvocationsPage = { requestId: response.RequestId, invocations };
  if (response.TotalCount !== undefined) parsed.totalCount = response.TotalCount;
  if (response.PageNumber !== undefined) parsed.pageNumber = response.PageNumber;
  if (response.PageSize !== undefined) parsed.pageSize = response.PageSize;
  return parsed;
}
