/**
 * How one attempt goes on the wire. attempt.ts sends through a {@link Send} and reads what comes back
 * through a {@link SentResponse}, the little of a fetch `Response` it uses. Two implementations:
 * `send-fetch.ts` (any fetch: browsers, workers, edge runtimes, and a `fetch` option given to the
 * client) and `send-node.ts` (node:http/node:https, Node's default when no `fetch` is given: fetch cost
 * about 300 us more client CPU per request, measured, a tenth of a listing's). The package's `#send`
 * import picks the default per runtime, so a browser bundle never imports node:http.
 */
import type { BuiltRequest } from './request-builder.js';

/** Response headers, looked up by name in any case; several fields of one name come joined with `, ` (as fetch's `Headers.get`). */
export interface SentHeaders {
  get(name: string): string | null;
}

/** A response body read chunk by chunk, bytes after the content codings were undone. */
export interface SentBody {
  /** The next chunk, or `done` at the end; rejects when the connection fails or the body is cut short. */
  read(): Promise<{ done: true; value?: undefined } | { done: false; value: Uint8Array }>;
  /** Stops reading: the connection is closed (never reused) and nothing more is buffered. Never throws. */
  cancel(reason?: unknown): void;
}

/** What the server answered: status and headers, and the body still to read (`null`: none). */
export interface SentResponse {
  status: number;
  headers: SentHeaders;
  body: SentBody | null;
}

/**
 * Sends one built request, following no redirect, and resolves once the headers came. When `signal`
 * fires the request ends at once in any phase, the body's read included; a response that comes later
 * is dropped.
 */
export type Send = (built: BuiltRequest, signal: AbortSignal) => Promise<SentResponse>;
