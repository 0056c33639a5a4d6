import { pipeline, type Readable, Transform, type TransformCallback } from 'node:stream';
import { constants, createBrotliDecompress, createGunzip, createInflate, createInflateRaw, type ZlibOptions } from 'node:zlib';

// Undoing a response's content codings in Node, as Node 20's fetch (undici 6) does, so send-node.ts
// answers a server exactly as fetch did: the same codings, the same leniency, the same refusals.
// One thing differs on purpose: every step inflates only as fast as the body is read (zlib stops
// when its output buffer is full), so a small gzip or deflate bomb stops at `maxResponseBytes`
// having inflated a buffer's worth past it, never the whole bomb at once.

// undici refuses a longer list (a chain of codings is a decompression bomb of its own).
const MAX_CONTENT_CODINGS = 5;
// Statuses without a body (fetch's "null body status"): no decoder is set up for them.
const NULL_BODY_STATUSES = new Set([101, 204, 205, 304]);
// Lenient like undici (and curl, and browsers): a stream cut short ends with what it gave, no error.
const ZLIB_OPTIONS: ZlibOptions = { flush: constants.Z_SYNC_FLUSH, finishFlush: constants.Z_SYNC_FLUSH };
const BROTLI_OPTIONS = { flush: constants.BROTLI_OPERATION_FLUSH, finishFlush: constants.BROTLI_OPERATION_FLUSH };

/**
 * `deflate` as servers send it: zlib-wrapped (RFC 1950) or raw (RFC 1951), told apart by the first
 * byte as undici does (`(byte & 0x0f) === 8` is zlib's compression method). Unlike undici's, the
 * inner stream is read only as fast as this one is, so it keeps zlib's backpressure.
 */
class DeflateEither extends Transform {
  #inner: Transform | undefined;

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    if (this.#inner === undefined) {
      if (chunk.byteLength === 0) {
        callback();
        return;
      }
      const inner = (chunk[0]! & 0x0f) === 8 ? createInflate(ZLIB_OPTIONS) : createInflateRaw(ZLIB_OPTIONS);
      this.#inner = inner;
      inner.on('data', (data: Buffer) => {
        if (!this.push(data)) inner.pause();
      });
      inner.on('error', (error) => this.destroy(error));
    }
    this.#inner.write(chunk, callback);
  }

  override _read(size: number): void {
    this.#inner?.resume();
    super._read(size);
  }

  override _flush(callback: TransformCallback): void {
    const inner = this.#inner;
    if (inner === undefined) {
      callback();
      return;
    }
    inner.once('end', () => callback());
    inner.end();
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.#inner?.destroy();
    callback(error);
  }
}

/**
 * The body with its content codings undone, last applied first (`gzip, br`: brotli, then gzip).
 * An unknown coding anywhere leaves the whole body as sent, as fetch does; more than five codings
 * are an error. Errors of any step come out of the returned stream; destroying it destroys every step.
 */
export function decodedBody(body: Readable, status: number, contentEncoding: string | null): Readable {
  if (NULL_BODY_STATUSES.has(status) || !contentEncoding) return body;
  // Split as undici splits: `gzip,` has an empty second coding, which is unknown.
  const codings = contentEncoding.toLowerCase().split(',');
  if (codings.length > MAX_CONTENT_CODINGS) {
    throw new Error(`too many content-encodings in response: ${codings.length}, maximum allowed is ${MAX_CONTENT_CODINGS}`);
  }
  const steps = codings.reverse().map((coding) => coding.trim());
  if (!steps.every((coding) => coding === 'gzip' || coding === 'x-gzip' || coding === 'deflate' || coding === 'br')) return body;
  const decoders = steps.map((coding) =>
    coding === 'br' ? createBrotliDecompress(BROTLI_OPTIONS) : coding === 'deflate' ? new DeflateEither() : createGunzip(ZLIB_OPTIONS),
  );
  // The callback only keeps pipeline from throwing; the error reaches the reader through the last stream.
  pipeline([body, ...decoders], () => undefined);
  return decoders[decoders.length - 1]!;
}
