import { describe, expect, it } from 'vitest';
import {
  AbortedError,
  ApiError,
  ConfigurationError,
  DecodeError,
  InvalidQueryError,
  InvocationsError,
  NotFoundError,
  parseInput,
  ResponseTooLargeError,
  TimeoutError,
  invocationQuerySchema,
} from '@invocations/core';

const samples = {
  InvocationsError: new InvocationsError('base'),
  InvalidQueryError: new InvalidQueryError([{ path: 'pageSize', message: 'must be at most 50' }]),
  ApiError: new ApiError({ code: 'InvalidParam.PageSize', message: 'The specified parameter is invalid.', httpStatus: 403 }),
  DecodeError: new DecodeError({ reason: 'not JSON', body: '<html>' }),
  NotFoundError: new NotFoundError({ invokeId: 't-1' }),
  TimeoutError: new TimeoutError({ timeoutMs: 10 }),
  AbortedError: new AbortedError(),
  ConfigurationError: new ConfigurationError('no credentials'),
  ResponseTooLargeError: new ResponseTooLargeError({ maxBytes: 1000 }),
};
const classes = {
  InvocationsError,
  InvalidQueryError,
  ApiError,
  DecodeError,
  NotFoundError,
  TimeoutError,
  AbortedError,
  ConfigurationError,
  ResponseTooLargeError,
};
const markers: Record<keyof typeof classes, string> = {
  InvocationsError: '@invocations/error',
  InvalidQueryError: '@invocations/error/invalid-query',
  ApiError: '@invocations/error/api',
  DecodeError: '@invocations/error/decode',
  NotFoundError: '@invocations/error/not-found',
  TimeoutError: '@invocations/error/timeout',
  AbortedError: '@invocations/error/aborted',
  ConfigurationError: '@invocations/error/configuration',
  ResponseTooLargeError: '@invocations/error/response-too-large',
};
const names = Object.keys(classes) as (keyof typeof classes)[];

describe('error classes', () => {
  it.each(names)('%s.isInstance is true for its own errors only (the base: for all)', (name) => {
    for (const other of names) {
      const expected = name === 'InvocationsError' || name === other;
      expect(classes[name].isInstance(samples[other])).toBe(expected);
    }
  });

  it.each(names)('%s is an Error with its own name', (name) => {
    expect(samples[name]).toBeInstanceOf(Error);
    expect(samples[name].name).toBe(name);
  });

  it.each(names)('%s.isInstance recognises a copy from another install (an object carrying the Symbol.for marker)', (name) => {
    // What an error thrown by a second copy of the package looks like to this copy: not an
    // instance of this class, but carrying the same registry-wide symbols.
    const copy = Object.assign(new Error('from another copy'), {
      [Symbol.for('@invocations/error')]: true,
      [Symbol.for(markers[name])]: true,
    });
    expect(copy instanceof classes[name]).toBe(false);
    expect(classes[name].isInstance(copy)).toBe(true);
    expect(InvocationsError.isInstance(copy)).toBe(true);
  });

  it('isInstance is false for look-alikes and non-objects', () => {
    for (const value of [new Error('x'), { name: 'ApiError', code: 'X' }, { [Symbol('@invocations/error/api')]: true }, null, undefined, 'ApiError', 42]) {
      for (const name of names) expect(classes[name].isInstance(value)).toBe(false);
    }
    expect(ApiError.isInstance({ [Symbol.for('@invocations/error/api')]: 'yes' })).toBe(false);
  });

  it('keeps the cause', () => {
    const cause = new Error('socket hang up');
    expect(new TimeoutError({ timeoutMs: 5 }, { cause }).cause).toBe(cause);
    expect(new AbortedError('stopped', { cause }).cause).toBe(cause);
    expect(new InvocationsError('x').cause).toBeUndefined();
  });

  it('ApiError says where, what and which request, and which errors are worth retrying', () => {
    const error = new ApiError({
      code: 'Throttling.User',
      message: 'Request was denied due to user flow control.',
      httpStatus: 400,
      requestId: 'E8A6A0A5-1E0B-4C3A-9C17-2B0E3A7C1D11',
      product: 'ecs',
      action: 'DescribeInvocations',
    });
    expect(error.message).toBe(
      'ecs DescribeInvocations: Throttling.User (HTTP 400): Request was denied due to user flow control. [request id E8A6A0A5-1E0B-4C3A-9C17-2B0E3A7C1D11]',
    );
    expect(error.serviceMessage).toBe('Request was denied due to user flow control.');
    expect(error.isRetryable).toBe(true);
    expect(new ApiError({ code: 'InternalError', message: 'x', httpStatus: 500 }).isRetryable).toBe(true);
    expect(new ApiError({ code: 'InvalidParam.PageSize', message: 'x', httpStatus: 403 }).isRetryable).toBe(false);
  });

  it('InvalidQueryError names each field and rule', () => {
    expect(() => parseInput(invocationQuerySchema, { pageSize: 0, invokeIds: [] }, 'ecs list')).toThrow(
      'ecs list: invalid query: invokeIds: must hold at least one id; pageSize: must be at least 1',
    );
    const error = new InvalidQueryError([{ path: '', message: 'unrecognized key' }]);
    expect(error.message).toBe('invalid query: unrecognized key');
    expect(error.issues).toEqual([{ path: '', message: 'unrecognized key' }]);
  });

  it('DecodeError keeps a short excerpt of the body', () => {
    const error = new DecodeError({ reason: 'unexpected end of JSON input', body: `{"RequestId": "1",\n ${'x'.repeat(500)}`, requestId: 'r-1' });
    expect(error.excerpt.length).toBeLessThanOrEqual(201);
    expect(error.excerpt.endsWith('…')).toBe(true);
    expect(error.message).toContain('cannot decode response: unexpected end of JSON input [request id r-1]');
  });

  it('NotFoundError names the invocation, product and region', () => {
    expect(new NotFoundError({ invokeId: 't-9', product: 'eflo', region: 'cn-wulanchabu' }).message).toBe(
      'invocation t-9 not found on eflo in cn-wulanchabu',
    );
  });
});
