import { untilAborted } from '@invocations/core';
import type { Send, SentBody, SentResponse } from './send.js';

// Sending with a fetch: what browsers, workers and edge runtimes use, and what Node uses when the
// client was given a `fetch` (tests and users wrap it). No `node:` import here: the package's `#send`
// import makes this module the default outside Node.

/** A fetch `Response` as attempt.ts reads it: the body stream read through one reader, cancelled without waiting. */
export function fetchResponse(response: Response): SentResponse {
  const stream = response.body;
  if (!stream) return { status: response.status, headers: response.headers, body: null };
  let reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
  const body: SentBody = {
    read: () => (reader ??= stream.getReader()).read() as ReturnType<SentBody['read']>,
    // Not awaited: a stream whose source never answers may never settle its cancel.
    cancel: (reason) => void (reader ? reader.cancel(reason) : stream.cancel(reason)).catch(() => undefined),
  };
  return { status: response.status, headers: response.headers, body };
}

/** Sends through the given fetch (read when each request is sent, so a replaced global is followed). */
export function sendWithFetch(getFetch: () => typeof fetch): Send {
  return async (built, signal) => {
    // The signal goes in the init: Node 20's fetch loses a Request's own signal after a garbage collection.
    // Called unbound: a browser's fetch called as a method of another object throws "Illegal invocation".
    const fetchUnbound = getFetch();
    const sent = fetchUnbound(built.url, { method: built.method, headers: built.headers, body: built.body, redirect: 'manual', signal });
    // Whatever fetch does with the signal, the attempt ends when it fires; a response that comes later is dropped.
    sent.then((late) => (signal.aborted ? late.body?.cancel().catch(() => undefined) : undefined)).catch(() => undefined);
    return fetchResponse(await untilAborted(sent, signal));
  };
}

/** The default outside Node: the global fetch. */
export const defaultSend: Send = sendWithFetch(() => globalThis.fetch);
