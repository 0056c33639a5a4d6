/** A service's answer as far as the retry rule reads it: its error code (when the body had one) and HTTP status. */
export interface ServiceAnswer {
  code?: string | undefined;
  httpStatus: number;
}

/**
 * The one throttling rule: a code containing `Throttling` (`Throttling`, `Throttling.User`,
 * `Throttling.Api`, ...; the official SDKs' `ThrottlingError` is the same test) or HTTP 429, whatever
 * else the answer says. Retries and the listings' adaptive window both go by it.
 */
export function isThrottlingAnswer(answer: ServiceAnswer): boolean {
  return (answer.code?.includes('Throttling') ?? false) || answer.httpStatus === 429;
}

/**
 * The one retry rule for a service's error answer, used by `ApiError.isRetryable` and by the transport.
 * Throttling ({@link isThrottlingAnswer}) turned the request away before it ran, so any call may be
 * sent again; a 5xx may have run it, so only an idempotent call (a read) is.
 */
export function isRetryableAnswer(answer: ServiceAnswer, idempotent = true): boolean {
  return isThrottlingAnswer(answer) || (idempotent && answer.httpStatus >= 500);
}
