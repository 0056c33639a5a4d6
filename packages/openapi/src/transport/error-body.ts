import { ApiError, DecodeError } from '@invocations/core';
import { decodeBody, findRequestId, isXmlDecoderLoaded } from './decode.js';

/** Options of {@link apiErrorInBody}. */
export interface ApiErrorInBodyOptions {
  /** The body's format (error bodies may come as JSON for an XML request and the other way round: both are tried). */
  format: 'json' | 'xml';
  /** The top-level field that holds the listing (e.g. `Invocations`): a body with it is not an error body. */
  listingField: string;
  /** The product and action, for the error message. */
  product?: string;
  action?: string;
  /** The HTTP status the body came with, when known (default 200: it reached the parser as a success). */
  httpStatus?: number;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/**
 * The `ApiError` an error-shaped body stands for (`Code` and `Message` at the top, no listing), or
 * undefined. For the adapters' parsers: a service (or a proxy) that answers HTTP 200 with an error
 * body must not read as an empty listing. Called only off the hot path (a body that failed the
 * listing schema, or a listing with no record), so a valid page is never decoded twice.
 * @example
 * const error = apiErrorInBody(body, { format: 'json', listingField: 'Invocations', action: 'DescribeInvocations' });
 * if (error) throw error;
 */
export function apiErrorInBody(body: string, options: ApiErrorInBodyOptions): ApiError | undefined {
  const trimmed = body.trimStart();
  const format = trimmed.startsWith('<') ? 'xml' : trimmed.startsWith('{') ? 'json' : options.format;
  // A JSON caller's body that merely looks like XML, before the XML decoder was ever needed: not an
  // error body we can read, and no reason to fail on the decoder. An XML caller's gets decodeBody's error.
  if (format === 'xml' && options.format !== 'xml' && !isXmlDecoderLoaded()) return undefined;
  let decoded: unknown;
  try {
    decoded = decodeBody(body, { format });
  } catch (error) {
    // An XML decoder that was never loaded says so (ConfigurationError); a body that does not decode is no error body.
    if (DecodeError.isInstance(error)) return undefined;
    throw error;
  }
  if (decoded === null || typeof decoded !== 'object' || Array.isArray(decoded)) return undefined;
  const fields = decoded as Record<string, unknown>;
  const code = text(fields.Code) ?? text(fields.code);
  const hasMessage = 'Message' in fields || 'message' in fields;
  if (code === undefined || !hasMessage || options.listingField in fields) return undefined;
  const requestId = text(fields.RequestId) ?? text(fields.requestId) ?? findRequestId(body);
  const hostId = text(fields.HostId) ?? text(fields.hostId);
  const recommend = text(fields.Recommend) ?? text(fields.recommend);
  return new ApiError({
    code,
    message: text(fields.Message) ?? text(fields.message) ?? '',
    httpStatus: options.httpStatus ?? 200,
    ...(requestId === undefined ? {} : { requestId }),
    ...(hostId === undefined ? {} : { hostId }),
    ...(recommend === undefined ? {} : { recommend }),
    ...(options.product === undefined ? {} : { product: options.product }),
    ...(options.action === undefined ? {} : { action: options.action }),
  });
}
