import { DecodeError, englishErrors, InvalidQueryError } from '@invocations/core';
import * as z from 'zod/mini';
import type { OpenApiResponse } from '../transport/client.js';
import { decodeReceivedBody, findRequestId } from '../transport/decode.js';
import { apiErrorInBody } from '../transport/error-body.js';
import { type JsonListPath, jsonListPath } from '../transport/json-pieces.js';
import { type ReceivedBody, receivedBodyOf } from '../transport/response-body.js';

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
  /**
   * JSON only: the keys from the top-level object to the listing's array (`['Invocations', 'Invocation']`).
   * A large body read by the client is then parsed in pieces, never as one string; same value, same errors.
   */
  listPath?: readonly string[];
}

/** What the readers take: a body's text, or the client's answer (whose bytes a large listing is parsed from). */
export type BodyInput = string | Pick<OpenApiResponse, 'text'>;

// Each adapter passes the same path array on every page: compiled once.
const compiledPaths = new WeakMap<readonly string[], JsonListPath>();

function compiledPath(keys: readonly string[] | undefined): JsonListPath | undefined {
  if (keys === undefined) return undefined;
  let path = compiledPaths.get(keys);
  if (path === undefined) {
    path = jsonListPath(...keys);
    compiledPaths.set(keys, path);
  }
  return path;
}

/** The body as the decoder takes it: the client's bytes when it still has them, else the text. */
function sourceOf(body: BodyInput): string | ReceivedBody {
  return typeof body === 'string' ? body : (receivedBodyOf(body) ?? body.text);
}

const textOf = (body: BodyInput): string => (typeof body === 'string' ? body : body.text);

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
export function readBody<Schema extends z.core.$ZodType>(schema: Schema, body: BodyInput, options: ReadBodyOptions<z.output<Schema>>): z.output<Schema> {
  const listPath = compiledPath(options.listPath);
  const decoded = decodeReceivedBody(sourceOf(body), {
    format: options.format,
    ...(options.arrayTags === undefined ? {} : { arrayTags: options.arrayTags }),
    ...(options.requestId ? { requestId: options.requestId } : {}),
    ...(listPath === undefined ? {} : { listPath }),
  });
  const fast = options.fast?.(decoded);
  if (fast !== undefined) return fast;
  const result = z.safeParse(schema, decoded, { error: englishErrors });
  if (result.success) return result.data;
  const record = (decoded !== null && typeof decoded === 'object' ? decoded : {}) as Record<string, unknown>;
  const reason =
    typeof record.Code === 'string'
      ? `an error response (${record.Code}) where a ${options.action} response was expected`
      : `not a ${options.action} response: ${result.error.issues.slice(0, 3).map(describeIssue).join('; ')}`;
  const text = textOf(body);
  throw new DecodeError({ reason, body: text, requestId: options.requestId ?? findRequestId(text) });
}

/** The `format` option of the adapters' parse functions, checked like every public input. */
export function checkFormat(format: unknown, context: string): 'json' | 'xml' {
  if (format === undefined || format === 'json' || format === 'xml') return format ?? 'json';
  throw new InvalidQueryError([{ path: 'format', message: "must be 'json' or 'xml'" }], { context });
}

/** Options of {@link readListing}: {@link readBody}'s, and where the listing is. */
export interface ReadListingOptions<Output> extends ReadBodyOptions<Output> {
  /** The top-level list (e.g. `Invocations`): a body without it may be an error body. */
  listingField: string;
  /** The product, for the error message. */
  product: string;
}

/**
 * {@link readBody} for a listing, which an error body (`Code`, `Message`, no listing) may stand in for
 * with HTTP 200: such a body is the service's `ApiError` (`apiErrorInBody`), whether it failed the schema
 * or passed as an empty listing. Only a failed or empty listing is checked, so valid pages are decoded once.
 */
export function readListing<Schema extends z.core.$ZodType>(schema: Schema, body: BodyInput, options: ReadListingOptions<z.output<Schema>>): z.output<Schema> {
  const errorBody = { format: options.format, listingField: options.listingField, product: options.product, action: options.action };
  let wire: z.output<Schema>;
  try {
    wire = readBody(schema, body, options);
  } catch (error) {
    throw apiErrorInBody(textOf(body), errorBody) ?? error;
  }
  const listing = (wire as Record<string, unknown>)[options.listingField];
  if (Array.isArray(listing) && listing.length === 0) {
    const apiError = apiErrorInBody(textOf(body), errorBody);
    if (apiError) throw apiError;
  }
  return wire;
}
