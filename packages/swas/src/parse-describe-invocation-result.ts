import { DecodeError } from '@invocations/core';
import { checkFormat, readBody } from '@invocations/openapi/kit';
import { mapSwasInvocationResult, type SwasInvocationResult } from './map-invocation.js';
import { swasDescribeInvocationResultResponseSchema } from './wire-schema.js';

/** What {@link parseDescribeInvocationResult} returns. */
export interface ParsedDescribeInvocationResult {
  requestId: string;
  /** The mapped result; `undefined` when the body holds no `InvocationResult`. */
  result?: SwasInvocationResult;
}

/**
 * Maps a SWAS DescribeInvocationResult body (JSON or XML) onto one canonical target: exit code,
 * decoded output (`YWRtaW4K` is "admin\n"), canonical error code, `StartTime`, `FinishedTime`, and
 * `InvokeUser` as `username`. Pass `instanceId` when the body may not name the instance.
 *
 * @example
 * const { result } = parseDescribeInvocationResult(body);
 * result?.target.output; // 'admin\n'
 */
export function parseDescribeInvocationResult(
  body: string,
  options: { format?: 'json' | 'xml'; instanceId?: string } = {},
): ParsedDescribeInvocationResult {
  const format = checkFormat(options.format, 'parseDescribeInvocationResult');
  const response = readBody(swasDescribeInvocationResultResponseSchema, body, { format, arrayTags: [], action: 'DescribeInvocationResult' });
  if (response.RequestId === undefined) throw new DecodeError({ reason: 'RequestId is missing', body });
  const parsed: ParsedDescribeInvocationResult = { requestId: response.RequestId };
  if (response.InvocationResult !== undefined) parsed.result = mapSwasInvocationResult(response.InvocationResult, options.instanceId);
  return parsed;
}
