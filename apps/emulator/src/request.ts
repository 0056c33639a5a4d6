import type { IncomingMessage } from 'node:http';
import { EmulatorApiError } from './errors.js';

/** A request as the emulator sees it after reading the body. */
export interface ParsedRequest {
  method: string;
  pathname: string;
  /** Header names lowercased; repeated headers joined with `, ` as Node does. */
  headers: Record<string, string>;
  /** Decoded URL query parameters. */
  query: Record<string, string>;
  /** Decoded form-body parameters (empty unless the body is `application/x-www-form-urlencoded`). */
  body: Record<string, string>;
  /** Query and form body merged (protocol.md §1.4); the body wins on a clash. */
  params: Record<string, string>;
  rawBody: Buffer;
  host: string;
}

/** Bodies above this are refused: these APIs take a few KB at most. */
const MAX_BODY_BYTES = 4 * 1024 * 1024;

function toRecord(search: URLSearchParams): Record<string, string> {
  const record: Record<string, string> = {};
  for (const [name, value] of search) {
    if (!(name in record)) record[name] = value;
  }
  return record;
}

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > MAX_BODY_BYTES) throw new EmulatorApiError(413, 'RequestEntityTooLarge', 'The request body is too large.');
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}

/** Reads and decodes a request: URL query, form body, headers. */
export async function parseRequest(request: IncomingMessage): Promise<ParsedRequest> {
  const rawBody = await readBody(request);
  let url: URL;
  try {
    url = new URL(request.url ?? '/', 'http://emulator.invalid');
  } catch {
    // e.g. `http://[bad`: the client's mistake, not the server's (guess: no document names a code).
    throw new EmulatorApiError(400, 'InvalidParameter', 'The request target is not a valid URL.');
  }
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value === undefined) continue;
    headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  const query = toRecord(url.searchParams);
  const contentType = headers['content-type'] ?? '';
  const body =
    rawBody.length > 0 && contentType.toLowerCase().startsWith('application/x-www-form-urlencoded')
      ? toRecord(new URLSearchParams(rawBody.toString('utf8')))
      : {};
  return {
    method: (request.method ?? 'GET').toUpperCase(),
    pathname: url.pathname,
    headers,
    query,
    body,
    params: { ...query, ...body },
    rawBody,
    host: headers.host ?? '',
  };
}
