/** A service's answer as far as the retry rule reads it: its error code (when the body had one) and HTTP status. */
export interface ServiceAnswer {
  code?: string | undefined;
  httpStatus: number;
}

/**
 * The one retry rule for a service's error answer, used by `ApiError.isRetryable` and by the transport.
 * Throttling (a code containing `Throttling`, or HTTP 429) turned the request away before it ran, so
 * any call may be sent again; a 5xx may have run it, so only an idempotent call (a read) is.
 */
export function isRetryableAnswer(answer: ServiceAnswer, idempotent = true): boolean {
  const throttled = (answer.code?.includes('Throttling') ?? false) || answer.httpStatus === 429;
  return throttled || (idempotent && answer.httpStatus >= 500);
}
