import { AbortedError, ApiError, DecodeError, InvocationsError, isRetryableAnswer, isThrottlingAnswer, type Product, ResponseTooLargeError, TimeoutError, linkSignal, untilAborted } from '@invocations/core';
import type { OpenApiHooks, OpenApiResponse } from './client.js';
import { decodeBody, findRequestId, loadXmlDecoder } from './decode.js';
import type { Redactor } from './redact.js';
import type { BuiltRequest } from './request-builder.js';
import { answerOf, type ReceivedBody, readResponseBody } from './response-body.js';
import type { Send, SentHeaders, SentResponse } from './send.js';

/** Calls a hook with a payload whose text has been redacted; a throwing hook changes nothing. */
export type EmitHook = <K extends keyof OpenApiHooks>(name: K, event: Parameters<NonNullable<OpenApiHooks[K]>>[0]) => void;

/** What one attempt of one call knows. */
export interface AttemptContext {
  /** Names the API in messages and hooks (a service client puts its own name here). */
  product: Product;
  action: string;
  format: 'json' | 'xml';
  /** false: a failure after which the request may have run (5xx, timeout, broken connection) is final. */
  idempotent: boolean;
  maxResponseBytes: number;
  /** How the request goes on the wire: the client's `fetch` when it was given one, else the runtime's default (`#send`). */
  send: Send;
  redact: Redactor;
  emit: EmitHook;
  /** The caller's signal: it ends the attempt with an `AbortedError`. */
  signal?: AbortSignal;
}

/** An attempt that did not give a usable answer: the error to throw, and whether another attempt may follow. */
export interface AttemptFailure {
  error: Error;
  retryable: boolean;
  /** For the onRetry hook. */
  reason: string;
  /** The service's answer was throttling (core's `isThrottlingAnswer`), for the onRetry hook. */
  throttled?: boolean;
  requestId?: string;
  /** The wait the server asked for (`x-acs-retry-after`, else `Retry-After`), in seconds. */
  retryAfterSeconds?: number;
  /** The attempt's own timer ran out. */
  timedOut?: boolean;
}

/** What one attempt ends with. */
export type AttemptOutcome = { ok: true; response: OpenApiResponse } | ({ ok: false } & AttemptFailure);

/** Why an attempt's own signal fired. */
type AttemptStop = 'timeout' | 'caller';

/**
 * One attempt's signal: it fires when the attempt's time is up (its own timer: `AbortSignal.timeout`
 * and `AbortSignal.any` are only weakly held on some runtimes) or when the caller's signal does.
 */
function attemptSignal(timeoutMs: number, outer: AbortSignal | undefined): { signal: AbortSignal; stopped(): AttemptStop | undefined; done(): void } {
  const link = linkSignal(outer);
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = !link.signal.aborted;
    link.abort(new Error(`no answer within ${timeoutMs} ms`));
  }, timeoutMs);
  return {
    signal: link.signal,
    stopped: () => (timedOut ? 'timeout' : link.signal.aborted ? 'caller' : undefined),
    done: () => {
      clearTimeout(timer);
      link.unlink();
    },
  };
}

// Plain decimal seconds only: Number() would also take "0x10", "1e3" and " " (as 0).
const SECONDS = /^\d+(\.\d+)?$/;

/**
 * The wait a response asks for, in SECONDS (`x-acs-retry-after`, as the official SDKs read it, else
 * `Retry-After`). Anything but a plain non-negative decimal (an HTTP date, garbage, a negative or
 * hexadecimal value) is ignored, so the backoff applies; the caller bounds the value by `maxDelayMs`.
 */
export function retryAfterSeconds(headers: SentHeaders): number | undefined {
  for (const name of ['x-acs-retry-after', 'retry-after']) {
    const raw = headers.get(name)?.trim();
    if (raw === undefined || !SECONDS.test(raw)) continue;
    // Hundreds of digits overflow to Infinity: still "wait as long as you allow", which maxDelayMs bounds.
    const seconds = Number(raw);
    return Number.isFinite(seconds) ? seconds : Number.MAX_SAFE_INTEGER;
  }
  return undefined;
}

function stringField(record: Record<string, unknown>, ...names: string[]): string | undefined {
  for (const name of names) {
    const value = record[name];
    if (typeof value === 'string' && value.trim() !== '') return value.trim();
  }
  return undefined;
}

// Error codes of network failures where the request cannot have reached the server: safe to retry any call.
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'UND_ERR_CONNECT_TIMEOUT']);

function networkCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current && typeof current === 'object'; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

function networkMessage(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current; depth += 1) {
    if (current instanceof Error || (typeof current === 'object' && current !== null && 'message' in current)) {
      const message = String((current as { message: unknown }).message);
      if (message && !parts.includes(message)) parts.push(message);
      current = (current as { cause?: unknown }).cause;
    } else {
      parts.push(String(current));
      break;
    }
  }
  return parts.join(': ') || 'unknown network error';
}

const final = (error: Error): AttemptOutcome => ({ ok: false, error, retryable: false, reason: error.message });

/**
 * Sends one signed request and reads its whole body within `timeoutMs`, then classifies the answer:
 * a complete 2xx body, or a failure (an API error body, an undecodable body, a timeout, a network
 * error) that says whether another attempt may follow. Every text from the server is redacted.
 */
export async function sendAttempt(context: AttemptContext, built: BuiltRequest, attempt: number, timeoutMs: number): Promise<AttemptOutcome> {
  const { product, action, idempotent, redact, emit } = context;
  const attemptStop = attemptSignal(timeoutMs, context.signal);
  const signal = attemptStop.signal;
  emit('onRequest', { product, action, attempt, method: built.method, url: built.displayUrl });
  const started = Date.now();
  let response: SentResponse;
  let body: ReceivedBody;
  try {
    response = await context.send(built, signal);
    body = await readResponseBody(response, {
      signal,
      maxBytes: context.maxResponseBytes,
      tooLarge: (limit) =>
        new ResponseTooLargeError({
          maxBytes: limit,
          httpStatus: response.status,
          message: `${product} ${action}: the response body is larger than the ${limit} byte limit (maxResponseBytes); reading stopped`,
        }),
    });
  } catch (error) {
    const stop = attemptStop.stopped();
    if (stop === 'caller' || context.signal?.aborted) return final(new AbortedError(`${product} ${action}: aborted`, { cause: context.signal?.reason }));
    if (stop === 'timeout') {
      const failure = new TimeoutError({ timeoutMs, message: `${product} ${action}: attempt ${attempt} got no answer within ${timeoutMs} ms` });
      return { ok: false, error: failure, retryable: idempotent, reason: `timeout after ${timeoutMs} ms`, timedOut: true };
    }
    if (ResponseTooLargeError.isInstance(error)) return final(error);
    const code = networkCode(error);
    const message = redact(networkMessage(error));
    // A fresh cause: the original may quote the URL, which carries the token under V1.
    const failure = new InvocationsError(`${product} ${action}: network error: ${message}`, {
      cause: Object.assign(new Error(message), code ? { code } : {}),
    });
    return { ok: false, error: failure, retryable: idempotent || (code !== undefined && NOT_SENT_CODES.has(code)), reason: `network error: ${message}` };
  } finally {
    attemptStop.done();
  }
  // Every XML body (asked for, or an error body that came as XML) is decoded synchronously later, here or
  // in the adapter. Outside Node the parser is a lazy chunk: it is loaded here, where the call can wait.
  if (context.format === 'xml' || trimmedStartsWith(body, LESS_THAN)) {
    try {
      await (context.signal ? untilAborted(loadXmlDecoder(), context.signal) : loadXmlDecoder());
    } catch (error) {
      if (context.signal?.aborted) return final(new AbortedError(`${product} ${action}: aborted`, { cause: context.signal.reason }));
      return final(new InvocationsError(`${product} ${action}: could not load the XML decoder (a chunk of the bundle): ${redact(error instanceof Error ? error.message : String(error))}`));
    }
  }
  return classify(context, response, body, attempt, started);
}

const LESS_THAN = 0x3c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const GREATER_THAN = 0x3e;

// The first (or last) character of the trimmed body, when an ASCII byte tells it: `trim()` removes
// ASCII whitespace and some non-ASCII characters, so a non-ASCII edge is left to the text (-1).
// Read from the bytes, a large page is never decoded to one string here.
function asciiEdge(body: ReceivedBody, fromEnd: boolean): number {
  if (!body.hasBytes) return -1;
  const edge = body.edgeByte(fromEnd);
  return edge >= 0 && edge < 0x80 ? edge : -1;
}

function trimmedStartsWith(body: ReceivedBody, byte: number): boolean {
  const edge = asciiEdge(body, false);
  return edge !== -1 ? edge === byte : body.text().trimStart().startsWith(String.fromCharCode(byte));
}

// Whether a 2xx body looks whole: `{...}` (JSON) or `<...>` (XML) once trimmed.
function looksComplete(body: ReceivedBody, format: 'json' | 'xml'): boolean {
  const [first, last] = format === 'json' ? [OPEN_BRACE, CLOSE_BRACE] : [LESS_THAN, GREATER_THAN];
  const start = asciiEdge(body, false);
  const end = asciiEdge(body, true);
  if (start !== -1 && end !== -1) return start === first && end === last;
  const trimmed = body.text().trim();
  return trimmed.startsWith(String.fromCharCode(first)) && trimmed.endsWith(String.fromCharCode(last));
}

function classify(context: AttemptContext, response: SentResponse, body: ReceivedBody, attempt: number, started: number): AttemptOutcome {
  const { product, action, format, idempotent, redact, emit } = context;
  const status = response.status;
  const headerRequestId = response.headers.get('x-acs-request-id')?.trim() || undefined;
  const foundRequestId = headerRequestId ?? findRequestId(body.text());
  // The server's text: a request id may carry anything, a secret included.
  const requestId = foundRequestId === undefined ? undefined : redact(foundRequestId);
  emit('onResponse', { product, action, attempt, status, ...(requestId ? { requestId } : {}), durationMs: Date.now() - started });

  if (status >= 200 && status < 300) {
    if (looksComplete(body, format)) {
      return { ok: true, response: answerOf<OpenApiResponse>(body, { format, status, ...(requestId ? { requestId } : {}), attempts: attempt }) };
    }
    const text = body.text();
    const trimmed = text.trim();
    const failure = new DecodeError({
      reason: trimmed === '' ? 'the body is empty' : `the body is cut off or not ${format === 'json' ? 'JSON' : 'XML'}`,
      body: redact(text),
      requestId,
      httpStatus: status,
    });
    return { ok: false, error: failure, retryable: idempotent, reason: failure.reason, requestId };
  }

  const retryAfter = retryAfterSeconds(response.headers);
  const text = body.text();
  let decoded: unknown;
  let decodeFailure: DecodeError | undefined;
  try {
    // Error bodies come as JSON even when XML was asked for (and the other way round): go by the body.
    decoded = decodeBody(text, { format: text.trimStart().startsWith('<') ? 'xml' : 'json', requestId, httpStatus: status });
  } catch (error) {
    decodeFailure = error as DecodeError;
  }
  const fields = decoded && typeof decoded === 'object' ? (decoded as Record<string, unknown>) : undefined;
  const code = fields ? stringField(fields, 'Code', 'code') : undefined;
  if (!fields || !code) {
    const failure = new DecodeError({
      reason: `HTTP ${status} ${decodeFailure ? `with an undecodable body: ${decodeFailure.reason}` : 'with a body that is not an error body (no Code)'}`,
      body: redact(text),
      requestId,
      httpStatus: status,
    });
    return { ok: false, error: failure, retryable: isRetryableAnswer({ httpStatus: status }, idempotent), reason: `HTTP ${status}`, throttled: isThrottlingAnswer({ httpStatus: status }), requestId, retryAfterSeconds: retryAfter };
  }
  const failure = new ApiError({
    code: redact(code),
    message: redact(stringField(fields, 'Message', 'message') ?? ''),
    httpStatus: status,
    requestId: redactOptional(redact, stringField(fields, 'RequestId', 'requestId')) ?? requestId,
    hostId: redactOptional(redact, stringField(fields, 'HostId', 'hostId')),
    recommend: redactOptional(redact, stringField(fields, 'Recommend', 'recommend')),
    product,
    action,
    attempts: attempt,
    retryAfterSeconds: retryAfter,
  });
  return {
    ok: false,
    error: failure,
    retryable: isRetryableAnswer({ code, httpStatus: status }, idempotent),
    reason: `${failure.code} (HTTP ${status})`,
    throttled: isThrottlingAnswer({ code, httpStatus: status }),
    requestId: failure.requestId,
    retryAfterSeconds: retryAfter,
  };
}

function redactOptional(redact: Redactor, value: string | undefined): string | undefined {
  return value === undefined ? undefined : redact(value);
}
