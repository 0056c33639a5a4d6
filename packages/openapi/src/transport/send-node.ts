import { type ClientRequest, type IncomingMessage, request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { Readable } from 'node:stream';
import { decodedBody } from './content-coding-node.js';
import type { BuiltRequest } from './request-builder.js';
import type { Send, SentBody, SentHeaders, SentResponse } from './send.js';

// Sending in Node when the client was given no `fetch`: node:http/node:https with their default
// global agents (which keep connections alive in Node 20). Measured on Node 20: a request through
// the global fetch (undici) cost about 300 us more client CPU than through node:http, a tenth of a
// listing's CPU. Everything a server can tell is kept as fetch had it (send.test.ts runs the same
// cases through both): the request's headers, no redirect followed, the content codings undone as
// undici does (content-coding-node.ts), a short or broken body an error; and the attempt's signal
// ends the request at once in every phase, the socket destroyed, never handed back to the pool.

// What fetch adds to every request (Node 20, undici 6); the built request's own headers win.
// (`sec-fetch-mode: cors` is left out: it means nothing outside a browser, and no server here reads it.)
const FETCH_HEADERS = { accept: '*/*', 'accept-language': '*', 'accept-encoding': 'gzip, deflate' } as const;

/** Header lookup over the raw list, so a repeated field comes joined with `, ` as fetch's `Headers.get` gives it (Node's `headers` keeps only the first of some). */
function rawHeaders(raw: readonly string[]): SentHeaders {
  return {
    get(name) {
      const wanted = name.toLowerCase();
      let value: string | null = null;
      for (let index = 0; index < raw.length; index += 2) {
        if (raw[index]!.length === wanted.length && raw[index]!.toLowerCase() === wanted) {
          value = value === null ? raw[index + 1]! : `${value}, ${raw[index + 1]!}`;
        }
      }
      return value;
    },
  };
}

/**
 * Reads `stream` chunk by chunk (paused mode: nothing is read ahead past its buffer, so the socket
 * and any inflating stop while nobody reads). `release` runs once, when the body ended or failed.
 */
function bodyReader(stream: Readable, destroy: () => void, release: () => void): SentBody & { fail(error: unknown): void } {
  let ended = false;
  let failed = false;
  let failure: unknown;
  let wake: (() => void) | undefined;
  const notify = (): void => {
    const waiting = wake;
    wake = undefined;
    waiting?.();
  };
  const fail = (error: unknown): void => {
    if (ended || failed) return;
    failed = true;
    failure = error;
    destroy();
    release();
    notify();
  };
  stream.on('readable', notify);
  stream.on('end', () => {
    if (failed) return;
    ended = true;
    release();
    notify();
  });
  // A cut connection, a reset, a body shorter than its content-length, a broken coding: all end here.
  stream.on('error', (error) => fail(new Error('reading the response body failed', { cause: error })));
  // Every stream closes, most after their end: the error is built only for one that did not end (an Error's stack costs).
  stream.on('close', () => {
    if (!ended && !failed) fail(new Error('reading the response body failed: the stream closed before its end'));
  });
  return {
    fail,
    async read() {
      for (;;) {
        if (failed) throw failure;
        const chunk = stream.read() as Buffer | null;
        // A plain Uint8Array view (no copy): the body's readers expect Uint8Array semantics (`slice` copies).
        if (chunk !== null) return { done: false, value: new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength) };
        if (ended) return { done: true };
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
      }
    },
    cancel(reason) {
      fail(reason ?? new Error('the response body was cancelled'));
    },
  };
}

// A kept-alive connection the server closed while idle fails the next request on it at once, before
// any answer (Node's agent and the server may both time out idle sockets at 5 s, so a call after a
// 5 s pause can meet one). The request never reached a handler then, so it is sent once more on a
// fresh connection, whatever the call, as Go's net/http does; without this a RunCommand (not
// retried once it may have run) would fail for a connection nobody used.
const IDLE_CLOSED_CODES = new Set(['ECONNRESET', 'EPIPE']);

/** The default in Node: node:http or node:https, whichever the URL names. */
export const defaultSend: Send = (built, signal) => sendOnce(built, signal, true);

function sendOnce(built: BuiltRequest, signal: AbortSignal, mayResend: boolean): Promise<SentResponse> {
  return new Promise<SentResponse>((resolve, reject) => {
    if (signal.aborted) {
      reject(signal.reason);
      return;
    }
    const url = new URL(built.url);
    // Object.assign, not two spreads: with a name in both (`accept`), V8 took about 4 us for the spreads (measured), 0.2 for this.
    const headers: Record<string, string> = Object.assign({}, FETCH_HEADERS, built.headers);
    // A length, never a chunked upload (fetch sends `content-length: 0` for a POST without a body too).
    if (built.body !== undefined) headers['content-length'] = String(Buffer.byteLength(built.body));
    else if (built.method === 'POST') headers['content-length'] = '0';
    const request: ClientRequest = (url.protocol === 'https:' ? httpsRequest : httpRequest)(url, { method: built.method, headers });
    let response: IncomingMessage | undefined;
    let reader: ReturnType<typeof bodyReader> | undefined;
    let released = false;
    const release = (): void => {
      if (released) return;
      released = true;
      signal.removeEventListener('abort', onAbort);
    };
    // Destroying the request destroys its socket, so a body left unread never goes back to the pool.
    const destroyAll = (): void => {
      request.destroy();
      response?.destroy();
    };
    function onAbort(): void {
      if (reader) reader.fail(signal.reason);
      else {
        release();
        destroyAll();
        reject(signal.reason);
      }
    }
    signal.addEventListener('abort', onAbort, { once: true });
    // Before the headers: the send fails (keeping the error's `code`, ECONNREFUSED and the like, which
    // attempt.ts classifies). After them: a socket error ends the body.
    request.on('error', (error: NodeJS.ErrnoException) => {
      if (reader) reader.fail(new Error('reading the response body failed', { cause: error }));
      else {
        release();
        if (mayResend && response === undefined && request.reusedSocket && IDLE_CLOSED_CODES.has(error.code ?? '') && !signal.aborted) {
          resolve(sendOnce(built, signal, false));
        } else reject(error);
      }
    });
    request.on('response', (message: IncomingMessage) => {
      response = message;
      // Already rejected: a response that comes after the abort is dropped with its connection.
      if (signal.aborted) {
        destroyAll();
        return;
      }
      const status = message.statusCode ?? 0;
      const responseHeaders = rawHeaders(message.rawHeaders);
      let decoded: Readable;
      try {
        decoded = decodedBody(message, status, responseHeaders.get('content-encoding'));
      } catch (error) {
        release();
        destroyAll();
        reject(error);
        return;
      }
      const destroyBody = (): void => {
        destroyAll();
        decoded.destroy();
      };
      reader = bodyReader(decoded, destroyBody, release);
      resolve({ status, headers: responseHeaders, body: reader });
    });
    request.end(built.body);
  });
}
