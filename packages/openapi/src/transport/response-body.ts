import { ResponseTooLargeError, untilAborted } from '@invocations/core';
import type { BodyChunks } from './json-pieces.js';
import type { SentResponse } from './send.js';
import { fetchResponse } from './send-fetch.js';

// The client reads every body itself instead of `response.text()`: each read waits on the attempt's
// own signal (its timer, the deadline and the caller's signal), and the bytes are counted as they
// arrive. `response.text()` alone is bounded by nothing: on Node 20 a fetch can lose its signal after a
// garbage collection, and an endless or trickling body then runs (and grows) for as long as the
// server likes.

/** Default of `maxResponseBytes`: 64 MiB, far above any real page (a page of 50 invocations is well under 1 MiB). */
export const DEFAULT_MAX_RESPONSE_BYTES = 64 * 1024 * 1024;

/** Options of {@link readResponseText}. */
export interface ReadResponseTextOptions {
  /** Stops the read at once when it fires; the read then rejects with the signal's reason. */
  signal: AbortSignal;
  /** Largest body accepted, in bytes after decompression. */
  maxBytes: number;
  /** Words the error when the body is too large (default: a `ResponseTooLargeError` naming the limit). */
  tooLarge?: (maxBytes: number) => Error;
}

const utf8 = new TextDecoder('utf-8');

function joinChunks(chunks: readonly Uint8Array[], length: number): Uint8Array {
  const joined = new Uint8Array(length);
  let offset = 0;
  for (const chunk of chunks) {
    joined.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return joined;
}

/**
 * A whole response body as read: its bytes in the chunks they arrived in, and their text, decoded
 * on first use. A large JSON listing is parsed from the bytes (json-pieces.ts) and never needs the
 * text as one string, which past 128 KiB costs more than parsing it.
 */
export class ReceivedBody implements BodyChunks {
  #chunks: readonly Uint8Array[];
  #text: string | undefined;
  readonly byteLength: number;

  constructor(chunks: readonly Uint8Array[], byteLength: number) {
    this.#chunks = chunks;
    this.byteLength = byteLength;
  }

  /** The bytes (none once the text was decoded: the text is kept instead). */
  get chunks(): readonly Uint8Array[] {
    return this.#chunks;
  }

  /** Whether the bytes are still there to parse. */
  get hasBytes(): boolean {
    return this.#text === undefined;
  }

  /** The body as UTF-8 text, a leading BOM dropped (as `response.text()` does); decoded once. */
  text(): string {
    if (this.#text === undefined) {
      const chunks = this.#chunks;
      // One decode of the whole body: a streaming TextDecoder leaves Node's fast UTF-8 path for a
      // slower one, which cost more CPU than the rest of reading a page.
      this.#text = chunks.length === 0 ? '' : utf8.decode(chunks.length === 1 ? chunks[0] : joinChunks(chunks, this.byteLength));
      this.#chunks = [];
    }
    return this.#text;
  }

  /** The first byte that is not ASCII whitespace (`trim()`'s), or -1; the last such byte with `fromEnd`. */
  edgeByte(fromEnd: boolean): number {
    const chunks = this.#chunks;
    for (let step = 0; step < chunks.length; step += 1) {
      const chunk = chunks[fromEnd ? chunks.length - 1 - step : step]!;
      for (let offset = 0; offset < chunk.byteLength; offset += 1) {
        const byte = chunk[fromEnd ? chunk.byteLength - 1 - offset : offset]!;
        if (!(byte === 0x20 || (byte >= 0x09 && byte <= 0x0d))) return byte;
      }
    }
    return -1;
  }
}

/**
 * Reads a whole response body, within the signal and the size limit, as {@link readResponseText}
 * does, and keeps its bytes: the text is decoded only when asked for.
 */
export async function readResponseBody(response: SentResponse, options: ReadResponseTextOptions): Promise<ReceivedBody> {
  const { signal, maxBytes } = options;
  const tooLarge = options.tooLarge ?? ((limit: number) => new ResponseTooLargeError({ maxBytes: limit, httpStatus: response.status }));
  const body = response.body;
  // A declared length is the length on the wire: only without a content coding is it the decoded size.
  const declared = response.headers.get('content-length');
  if (declared !== null && !response.headers.get('content-encoding') && Number(declared) > maxBytes) {
    body?.cancel();
    throw tooLarge(maxBytes);
  }
  if (!body) return new ReceivedBody([], 0);
  const chunks: Uint8Array[] = [];
  let bytes = 0;
  try {
    for (;;) {
      const { done, value } = await untilAborted(body.read(), signal);
      if (done) break;
      bytes += value.byteLength;
      if (bytes > maxBytes) throw tooLarge(maxBytes);
      chunks.push(value);
    }
    return new ReceivedBody(chunks, bytes);
  } catch (error) {
    body.cancel(error);
    throw error;
  }
}

/**
 * Reads a response body as UTF-8 text (a leading BOM dropped, as `response.text()` does), within the
 * signal and the size limit. On either, or on any failure, the body stream is cancelled, which closes
 * the connection. Bytes are counted as the body stream gives them, that is after fetch decompressed
 * them, so a small gzip body that inflates without end stops at the limit too.
 * @example const text = await readResponseText(response, { signal: attempt.signal, maxBytes: 64 * 1024 * 1024 });
 */
export async function readResponseText(response: Response, options: ReadResponseTextOptions): Promise<string> {
  return (await readResponseBody(fetchResponse(response), options)).text();
}

// Where a client's answer keeps its body (not enumerable, so the answer still reads as plain data).
// A registered symbol: the kit may come from another copy of this module in a bundle.
const RECEIVED = Symbol.for('@invocations/openapi.received-body');

/** The response of a call: `text` decodes the body on first read, the bytes stay for {@link receivedBodyOf}. */
export function answerOf<Answer extends { text: string }>(body: ReceivedBody, fields: Omit<Answer, 'text'>): Answer {
  const answer = {
    get text(): string {
      return body.text();
    },
    ...fields,
  };
  Object.defineProperty(answer, RECEIVED, { value: body, enumerable: false });
  return answer as unknown as Answer;
}

/** The body a client's answer was read from, while its bytes are still there; `undefined` for anything else (a string, a hand-made answer). */
export function receivedBodyOf(answer: unknown): ReceivedBody | undefined {
  if (answer === null || typeof answer !== 'object') return undefined;
  const body = (answer as { [RECEIVED]?: ReceivedBody })[RECEIVED];
  return body !== undefined && body.hasBytes ? body : undefined;
}
