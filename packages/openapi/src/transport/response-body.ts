import { ResponseTooLargeError, untilAborted } from '@invocations/core';

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
 * Reads a response body as UTF-8 text (a leading BOM dropped, as `response.text()` does), within the
 * signal and the size limit. On either, or on any failure, the body stream is cancelled, which closes
 * the connection. Bytes are counted as the body stream gives them, that is after fetch decompressed
 * them, so a small gzip body that inflates without end stops at the limit too.
 * @example const text = await readResponseText(response, { signal: attempt.signal, maxBytes: 64 * 1024 * 1024 });
 */
export async function readResponseText(response: Response, options: ReadResponseTextOptions): Promise<string> {
  const { signal, maxBytes } = options;
  const tooLarge = options.tooLarge ?? ((limit: number) => new ResponseTooLargeError({ maxBytes: limit, httpStatus: response.status }));
  const body = response.body;
  // A declared length is the length on the wire: only without a content coding is it the decoded size.
  const declared = response.headers.get('content-length');
  if (declared !== null && !response.headers.get('content-encoding') && Number(declared) > maxBytes) {
    body?.cancel().catch(() => undefined);
    throw tooLarge(maxBytes);
  }
  if (!body) return '';
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let bytes = 0;
  try {
    for (;;) {
      const { done, value } = await untilAborted(reader.read(), signal);
      if (done) break;
      bytes += value.byteLength;
      if (bytes > maxBytes) throw tooLarge(maxBytes);
      chunks.push(value);
    }
    // One decode of the whole body: a streaming TextDecoder leaves Node's fast UTF-8 path for a
    // slower one, which cost more CPU than the rest of reading a page.
    return utf8.decode(chunks.length === 1 ? chunks[0] : joinChunks(chunks, bytes));
  } catch (error) {
    // Not awaited: a stream whose source never answers may never settle its cancel.
    reader.cancel(error).catch(() => undefined);
    throw error;
  }
}
