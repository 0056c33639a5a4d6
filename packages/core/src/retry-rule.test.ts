import { describe, expect, it } from 'vitest';
import { ApiError, isRetryableAnswer, isThrottlingAnswer } from '@invocations/core';

describe('isRetryableAnswer', () => {
  it.each([
    [{ code: 'Throttling.User', httpStatus: 400 }, true, true],
    [{ httpStatus: 429 }, true, true],
    [{ code: 'ServiceUnavailable', httpStatus: 503 }, true, false],
    [{ httpStatus: 502 }, true, false],
    [{ code: 'InternalError', httpStatus: 500 }, true, false],
    [{ httpStatus: 499 }, false, false],
    [{ code: 'Forbidden.Throttling.Api', httpStatus: 403 }, true, true],
    [{ code: 'InvalidParam.PageSize', httpStatus: 400 }, false, false],
    [{ httpStatus: 404 }, false, false],
  ])('%j: a read %s, a non-idempotent call (and throttling) %s', (answer, read, write) => {
    expect(isRetryableAnswer(answer)).toBe(read);
    expect(isRetryableAnswer(answer, false)).toBe(write);
    // A call that must not run twice is retried exactly when it was throttled.
    expect(isThrottlingAnswer(answer)).toBe(write);
  });

  it('is the rule ApiError.isRetryable reads', () => {
    expect(new ApiError({ code: 'Throttling', message: 'x', httpStatus: 400 }).isRetryable).toBe(isRetryableAnswer({ code: 'Throttling', httpStatus: 400 }));
    expect(new ApiError({ code: 'Bad', message: 'x', httpStatus: 503 }).isRetryable).toBe(true);
  });
});
