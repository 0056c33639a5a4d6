import { DecodeError, InvalidQueryError } from '@invocations/core';
import { decodeBody, findRequestId } from '@invocations/openapi';
import type { z } from 'zod';

/** How a body is read: the format, the always-array XML tags, the request id when known. */
export interface ReadBodyOptions {
  format: 'json' | 'xml';
  arrayTags: readonly string[];
  requestId?: string;
}

/**
 * Decodes a body (openapi's `decodeBody`) and checks it against a wire schema. A body of the wrong
 * shape is a `DecodeError` naming the field and the rule, with the request id and an excerpt.
 */
export function readBody<Schema extends z.ZodType>(schema: Schema, text: string, options: ReadBodyOptions): z.output<Schema> {
  const decoded = decodeBody(text, { format: options.format, arrayTags: options.arrayTags, ...(options.requestId ? { requestId: options.requestId } : {}) });
  const result = schema.safeParse(decoded);
  if (result.success) return result.data;
  const issues = result.error.issues.map((issue) => `${issue.path.map(String).join('.') || '(root)'}: ${issue.message}`).join('; ');
  throw new DecodeError({ reason: `unexpected response shape: ${issues}`, body: text, requestId: options.requestId ?? findRequestId(text) });
}

/** The `format` option of the parse functions, checked like every public input. */
export function checkFormat(format: unknown, context: string): 'json' | 'xml' {
  if (format === undefined || format === 'json' || format === 'xml') return format ?? 'json';
  throw new InvalidQueryError([{ path: 'format', message: "must be 'json' or 'xml'" }], { context });
}
