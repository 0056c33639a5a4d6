import type { Product } from './model.js';
import { isRetryableAnswer } from './retry-rule.js';
import { redactOptional, redactSecrets, safeCause } from './secrets.js';

const baseMarker = Symbol.for('@invocations/error');

/** Options every error of this library accepts. */
export interface InvocationsErrorOptions {
  /** The error that caused this one. */
  cause?: unknown;
}

/**
 * Base class of every error this library throws. Use the static `isInstance` rather than
 * `instanceof`: it works across duplicate installs of the package. The message, every text field and
 * the cause chain are redacted of registered secrets (`registerSecrets`) when the error is built.
 */
export class InvocationsError extends Error {
  private readonly [baseMarker] = true;

  constructor(message: string, options?: InvocationsErrorOptions) {
    // Redacted before super(): the stack V8 captures there repeats the message.
    super(redactSecrets(String(message)), options?.cause === undefined ? undefined : { cause: safeCause(options.cause) });
    this.name = 'InvocationsError';
  }

  /** True for any error thrown by an @invocations package. */
  static isInstance(error: unknown): error is InvocationsError {
    return hasMarker(error, baseMarker);
  }
}

function hasMarker(error: unknown, marker: symbol): boolean {
  return typeof error === 'object' && error !== null && marker in error && (error as Record<symbol, unknown>)[marker] === true;
}

/** One problem found in a query or option: the field and the rule it broke. */
export interface QueryIssue {
  /** Dotted path of the field, e.g. `pageSize` or `tags.0.key`. */
  path: string;
  /** The rule, in words. */
  message: string;
}

const invalidQueryMarker = Symbol.for('@invocations/error/invalid-query');

/** A query or option was rejected before any request was sent. The message names each field and rule. */
export class InvalidQueryError extends InvocationsError {
  private readonly [invalidQueryMarker] = true;
  /** Each field that was wrong and why. */
  readonly issues: readonly QueryIssue[];

  constructor(issues: readonly QueryIssue[], options?: InvocationsErrorOptions & { context?: string }) {
    const listed = issues.map((issue) => (issue.path ? `${issue.path}: ${issue.message}` : issue.message)).join('; ');
    super(`${options?.context ? `${options.context}: ` : ''}invalid query: ${listed}`, options);
    this.name = 'InvalidQueryError';
    this.issues = issues.map((issue) => ({ path: redactSecrets(issue.path), message: redactSecrets(issue.message) }));
  }

  /** True for an {@link InvalidQueryError}, across package copies. */
  static override isInstance(error: unknown): error is InvalidQueryError {
    return hasMarker(error, invalidQueryMarker);
  }
}

/** What an API error carries, from the error body and the response. */
export interface ApiErrorDetails {
  /** The service's error code, e.g. `InvalidParam.PageSize` or `Throttling.User`. */
  code: string;
  /** The service's message. */
  message: string;
  /** HTTP status of the response. */
  httpStatus: number;
  requestId?: string;
  hostId?: string;
  /** The troubleshooting link the service sent. */
  recommend?: string;
  /** The product that answered. */
  product?: Product | string;
  /** The action that was called. */
  action?: string;
  /** How many attempts were made before giving up. */
  attempts?: number;
  /** Seconds the service asked us to wait (`x-acs-retry-after`), when sent. */
  retryAfterSeconds?: number;
}

const apiMarker = Symbol.for('@invocations/error/api');

/** The service answered with an error body (JSON or XML). */
export class ApiError extends InvocationsError {
  private readonly [apiMarker] = true;
  readonly code: string;
  readonly httpStatus: number;
  readonly requestId: string | undefined;
  readonly hostId: string | undefined;
  readonly recommend: string | undefined;
  readonly product: string | undefined;
  readonly action: string | undefined;
  readonly attempts: number | undefined;
  readonly retryAfterSeconds: number | undefined;
  /** The service's message, without the prefix this class adds. */
  readonly serviceMessage: string;

  constructor(input: ApiErrorDetails, options?: InvocationsErrorOptions) {
    const details = {
      ...input,
      code: redactSecrets(String(input.code)),
      message: redactSecrets(String(input.message)),
      requestId: redactOptional(input.requestId),
      hostId: redactOptional(input.hostId),
      recommend: redactOptional(input.recommend),
    };
    const where = [details.product, details.action].filter(Boolean).join(' ');
    super(
      `${where ? `${where}: ` : ''}${details.code} (HTTP ${details.httpStatus}): ${details.message}${details.requestId ? ` [request id ${details.requestId}]` : ''}`,
      options,
    );
    this.name = 'ApiError';
    this.code = details.code;
    this.httpStatus = details.httpStatus;
    this.requestId = details.requestId;
    this.hostId = details.hostId;
    this.recommend = details.recommend;
    this.product = details.product;
    this.action = details.action;
    this.attempts = details.attempts;
    this.retryAfterSeconds = details.retryAfterSeconds;
    this.serviceMessage = details.message;
  }

  /** True for throttling codes (any code containing `Throttling`), HTTP 429 and 5xx: safe to retry a read ({@link isRetryableAnswer}). */
  get isRetryable(): boolean {
    return isRetryableAnswer(this);
  }

  /** True for an {@link ApiError}, across package copies. */
  static override isInstance(error: unknown): error is ApiError {
    return hasMarker(error, apiMarker);
  }
}

const decodeMarker = Symbol.for('@invocations/error/decode');

/** A response body could not be decoded or did not have the expected shape. */
export class DecodeError extends InvocationsError {
  private readonly [decodeMarker] = true;
  /** What was wrong. */
  readonly reason: string;
  /** The first characters of the body (at most 200). */
  readonly excerpt: string;
  readonly requestId: string | undefined;
  readonly httpStatus: number | undefined;

  constructor(
    details: { reason: string; body?: string; requestId?: string; httpStatus?: number },
    options?: InvocationsErrorOptions,
  ) {
    const excerpt = excerptOf(details.body ?? '');
    const reason = redactSecrets(String(details.reason));
    const requestId = redactOptional(details.requestId);
    super(`cannot decode response: ${reason}${requestId ? ` [request id ${requestId}]` : ''}${excerpt ? ` (body starts: ${JSON.stringify(excerpt)})` : ''}`, options);
    this.name = 'DecodeError';
    this.reason = reason;
    this.excerpt = excerpt;
    this.requestId = requestId;
    this.httpStatus = details.httpStatus;
  }

  /** True for a {@link DecodeError}, across package copies. */
  static override isInstance(error: unknown): error is DecodeError {
    return hasMarker(error, decodeMarker);
  }
}

const EXCERPT_LENGTH = 200;

// Redacted before it is cut, so a secret that straddles the cut is replaced whole, not left half visible.
// Only the start of a (possibly huge) body is compacted: as much as it takes to fill the excerpt and a
// margin longer than any secret form.
function excerptOf(body: string): string {
  // Stryker disable next-line ConditionalExpression,StringLiteral: equivalent, String() of a string is the same string
  const text = typeof body === 'string' ? body : String(body);
  const wanted = EXCERPT_LENGTH + 4096;
  // Stryker disable next-line MethodExpression: equivalent, Math.max only compacts more of the body (cost, not output)
  let take = Math.min(text.length, wanted);
  // Stryker disable next-line MethodExpression: equivalent, compacting the whole body costs more but gives the same start
  let compact = text.slice(0, take).replace(/\s+/g, ' ').trimStart();
  // Stryker disable next-line ConditionalExpression,EqualityOperator: equivalent, more rounds compact more of the body, same start
  while (compact.length < wanted && take < text.length) {
    // Stryker disable next-line MethodExpression: equivalent, Math.max takes the whole body at once (cost, not output)
    take = Math.min(text.length, take * 4);
    // Stryker disable next-line MethodExpression: equivalent, compacting the whole body costs more but gives the same start
    compact = text.slice(0, take).replace(/\s+/g, ' ').trimStart();
  }
  // Stryker disable next-line ConditionalExpression: equivalent, a cut body is at least 4,296 characters long, so its end is never in the 200-character excerpt
  const redacted = redactSecrets(take < text.length ? compact : compact.trimEnd());
  return redacted.length > EXCERPT_LENGTH ? `${redacted.slice(0, EXCERPT_LENGTH)}…` : redacted;
}

const notFoundMarker = Symbol.for('@invocations/error/not-found');

/** The invocation asked for does not exist (or is not visible to these credentials). */
export class NotFoundError extends InvocationsError {
  private readonly [notFoundMarker] = true;
  readonly invokeId: string;
  readonly product: Product | string | undefined;
  readonly region: string | undefined;

  constructor(details: { invokeId: string; product?: Product | string; region?: string; message?: string }, options?: InvocationsErrorOptions) {
    super(
      details.message ??
        `invocation ${details.invokeId} not found${details.product ? ` on ${details.product}` : ''}${details.region ? ` in ${details.region}` : ''}`,
      options,
    );
    this.name = 'NotFoundError';
    this.invokeId = redactSecrets(String(details.invokeId));
    this.product = details.product;
    this.region = details.region;
  }

  /** True for a {@link NotFoundError}, across package copies. */
  static override isInstance(error: unknown): error is NotFoundError {
    return hasMarker(error, notFoundMarker);
  }
}

const timeoutMarker = Symbol.for('@invocations/error/timeout');

/** An operation ran past its timeout or deadline. */
export class TimeoutError extends InvocationsError {
  private readonly [timeoutMarker] = true;
  /** The limit that was reached, in milliseconds. */
  readonly timeoutMs: number;

  constructor(details: { timeoutMs: number; message?: string }, options?: InvocationsErrorOptions) {
    super(details.message ?? `timed out after ${details.timeoutMs} ms`, options);
    this.name = 'TimeoutError';
    this.timeoutMs = details.timeoutMs;
  }

  /** True for a {@link TimeoutError}, across package copies. */
  static override isInstance(error: unknown): error is TimeoutError {
    return hasMarker(error, timeoutMarker);
  }
}

const abortedMarker = Symbol.for('@invocations/error/aborted');

/** The caller's AbortSignal fired. The signal's reason is the `cause`. */
export class AbortedError extends InvocationsError {
  private readonly [abortedMarker] = true;

  constructor(message = 'the operation was aborted', options?: InvocationsErrorOptions) {
    super(message, options);
    this.name = 'AbortedError';
  }

  /** True for an {@link AbortedError}, across package copies. */
  static override isInstance(error: unknown): error is AbortedError {
    return hasMarker(error, abortedMarker);
  }
}

const configurationMarker = Symbol.for('@invocations/error/configuration');

/** A setting is missing or unsupported (no credentials found, an unsupported profile mode, a bad endpoint). */
export class ConfigurationError extends InvocationsError {
  private readonly [configurationMarker] = true;

  constructor(message: string, options?: InvocationsErrorOptions) {
    super(message, options);
    this.name = 'ConfigurationError';
  }

  /** True for a {@link ConfigurationError}, across package copies. */
  static override isInstance(error: unknown): error is ConfigurationError {
    return hasMarker(error, configurationMarker);
  }
}

const tooLargeMarker = Symbol.for('@invocations/error/response-too-large');

/** A response body grew past the size limit (counted after decompression); reading stopped there. */
export class ResponseTooLargeError extends InvocationsError {
  private readonly [tooLargeMarker] = true;
  /** The limit that was reached, in bytes (`maxResponseBytes`). */
  readonly maxBytes: number;
  readonly requestId: string | undefined;
  readonly httpStatus: number | undefined;

  constructor(details: { maxBytes: number; requestId?: string; httpStatus?: number; message?: string }, options?: InvocationsErrorOptions) {
    const requestId = redactOptional(details.requestId);
    super(
      details.message ??
        `the response body is larger than the ${details.maxBytes} byte limit (maxResponseBytes); reading stopped${requestId ? ` [request id ${requestId}]` : ''}`,
      options,
    );
    this.name = 'ResponseTooLargeError';
    this.maxBytes = details.maxBytes;
    this.requestId = requestId;
    this.httpStatus = details.httpStatus;
  }

  /** True for a {@link ResponseTooLargeError}, across package copies. */
  static override isInstance(error: unknown): error is ResponseTooLargeError {
    return hasMarker(error, tooLargeMarker);
  }
}
