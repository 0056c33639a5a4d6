import { DecodeError, InvalidQueryError } from '@invocations/core';
import type { z } from 'zod';
import { decodeBody, findRequestId } from '../transport/decode.js';

/** Options of {@link readBody}. */
export interface ReadBodyOptions<Output> {
  /** The body's format. */
  format: 'json' | 'xml';
  /** XML element paths that are always lists (see `decodeBody`). */
  arrayTags?: readonly string[];
  /** The request id, when known from the response headers. */
  requestId?: string;
  /** The API action, for the error (`DescribeInvocations`). */
  action: string;
  /**
   * A faster reader with the schema's rules, tried first; `undefined` means "does not fit" and the
   * schema runs then, to name the field.
   */
  fast?: (decoded: unknown) => Output | undefined;
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const path = issue.path.length > 0 ? issue.path.map(String).join('.') : '(body)';
  return `${path}: ${issue.message}`;
}

/**
 * Decodes a response body (`decodeBody`) and checks it against a wire schema. A body of the wrong
 * shape is a `DecodeError` naming the first fields that were wrong and the rule (or, for an error
 * body that came with HTTP 200, its Code), with the request id and an excerpt.
 * @example
 * const wire = readBody(responseSchema, response.text, { format: response.format, arrayTags, action: 'DescribeInvocations' });
 */
export function readBody<Schema extends z.ZodType>(schema: Schema, text: string, options: ReadBodyOptions<z.output<Schema>>): z.output<Schema> {
  const decoded = decodeBody(text, {
    format: options.format,
    ...(options.arrayTags === undefined ? {} : { arrayTags: options.arrayTags }),
    ...(options.requestId ? { requestId: options.requestId } : {}),
  });
  const fast = options.fast?.(decoded);
  if (fast !== undefined) return fast;
  const result = schema.safeParse(decoded);
  if (result.success) return result.data;
  const record = (decoded !== null && typeof decoded === 'object' ? decoded : {}) as Record<string, unknown>;
  const reason =
    typeof record.Code === 'string'
      ? `an error response (${record.Code}) where a ${options.action} response was expected`
      : `not a ${options.action} response: ${result.error.issues.slice(0, 3).map(describeIssue).join('; ')}`;
  throw new DecodeError({ reason, body: text, requestId: options.requestId ?? findRequestId(text) });
}

/** The `format` option of the adapters' parse functions, checked like every public input. */
export function checkFormat(format: unknown, context: string): 'json' | 'xml' {
  if (format === undefined || format === 'json' || format === 'xml') return format ?? 'json';
  throw new InvalidQueryError([{ path: 'format', message: "must be 'json' or 'xml'" }], { context });
}
