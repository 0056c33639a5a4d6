import { describe, expect, it } from 'vitest';
import {
  AbortedError,
  ApiError,
  ConfigurationError,
  DecodeError,
  InvalidQueryError,
  InvocationsError,
  NotFoundError,
  ResponseTooLargeError,
  TimeoutError,
} from '@invocations/core';

// Written from mutation testing (issue 19): behaviour of the error classes that errors.test.ts
// leaves open (a kept file of its own, so work on errors.test.ts and on this one do not collide).
describe('ApiError.isRetryable', () => {
  it.each([
    ['Throttling.User', 400, true],
    ['Throttling', 400, true],
    ['Request.Throttling.Api', 403, true],
    ['TooManyRequests', 429, true],
    ['ServiceUnavailable', 503, true],
    ['InternalError', 500, true],
    ['UnknownError', 599, true],
    ['InvalidParam.PageSize', 400, false],
    ['Forbidden.RAM', 403, false],
    ['InvalidInvokeId.NotFound', 404, false],
    ['Conflict', 428, false],
    ['Conflict', 430, false],
    ['throttling.user', 400, false], // the services spell it with a capital T; no other spelling is documented
    ['RedirectLoop', 499, false],
  ])('%s with HTTP %i: %s', (code, httpStatus, retryable) => {
    expect(new ApiError({ code, message: 'x', httpStatus }).isRetryable).toBe(retryable);
  });
});

describe('ApiError', () => {
  it('says nothing of where or which request when it does not know', () => {
    const error = new ApiError({ code: 'InternalError', message: 'The request processing has failed.', httpStatus: 500 });
    expect(error.message).toBe('InternalError (HTTP 500): The request processing has failed.');
    expect(error.requestId).toBeUndefined();
    expect(error.product).toBeUndefined();
    expect(error.action).toBeUndefined();
  });

  it('names only the product or only the action when one is missing', () => {
    expect(new ApiError({ code: 'X', message: 'm', httpStatus: 400, product: 'swas' }).message).toBe('swas: X (HTTP 400): m');
    expect(new ApiError({ code: 'X', message: 'm', httpStatus: 400, action: 'DescribeInvocations' }).message).toBe('DescribeInvocations: X (HTTP 400): m');
  });

  it('keeps every detail it was given', () => {
    const cause = new Error('first attempt');
    const error = new ApiError(
      {
        code: 'Throttling.User',
        message: 'flow control',
        httpStatus: 400,
        requestId: 'r-1',
        hostId: 'ecs.aliyuncs.com',
        recommend: 'https://api.aliyun.com/troubleshoot?q=Throttling.User',
        product: 'ecs',
        action: 'DescribeInvocations',
        attempts: 3,
        retryAfterSeconds: 2,
      },
      { cause },
    );
    expect({
      name: error.name,
      code: error.code,
      httpStatus: error.httpStatus,
      requestId: error.requestId,
      hostId: error.hostId,
      recommend: error.recommend,
      product: error.product,
      action: error.action,
      attempts: error.attempts,
      retryAfterSeconds: error.retryAfterSeconds,
      serviceMessage: error.serviceMessage,
      cause: error.cause,
    }).toStrictEqual({
      name: 'ApiError',
      code: 'Throttling.User',
      httpStatus: 400,
      requestId: 'r-1',
      hostId: 'ecs.aliyuncs.com',
      recommend: 'https://api.aliyun.com/troubleshoot?q=Throttling.User',
      product: 'ecs',
      action: 'DescribeInvocations',
      attempts: 3,
      retryAfterSeconds: 2,
      serviceMessage: 'flow control',
      cause,
    });
  });
});

describe('DecodeError excerpt', () => {
  it('collapses every run of whitespace to one space and trims the ends', () => {
    const error = new DecodeError({ reason: 'not JSON', body: '\n  <html>\r\n\t<body>  Bad   Gateway </body>\n</html>  \n' });
    expect(error.excerpt).toBe('<html> <body> Bad Gateway </body> </html>');
    expect(error.message).toBe('cannot decode response: not JSON (body starts: "<html> <body> Bad Gateway </body> </html>")');
  });

  it('keeps a body of exactly 200 characters whole, and cuts a longer one at 200 with an ellipsis', () => {
    const exact = 'a'.repeat(200);
    expect(new DecodeError({ reason: 'r', body: exact }).excerpt).toBe(exact);
    const longer = `${'b'.repeat(200)}c`;
    expect(new DecodeError({ reason: 'r', body: longer }).excerpt).toBe(`${'b'.repeat(200)}…`);
    // the cut counts the collapsed text, not the body as sent
    expect(new DecodeError({ reason: 'r', body: `${' '.repeat(50)}${'d'.repeat(200)}` }).excerpt).toBe('d'.repeat(200));
  });

  it('leaves the excerpt out of the message when the body is empty or blank', () => {
    for (const body of [undefined, '', ' \n\t ']) {
      const error = new DecodeError({ reason: 'empty body', httpStatus: 502, ...(body === undefined ? {} : { body }) });
      expect(error.excerpt).toBe('');
      expect(error.message).toBe('cannot decode response: empty body');
      expect(error.httpStatus).toBe(502);
      expect(error.requestId).toBeUndefined();
      expect(error.reason).toBe('empty body');
    }
  });
});

describe('DecodeError excerpt of a large or unusual body', () => {
  it('collapses whitespace found past the first window (a body that starts with a long blank run)', () => {
    // The first 4,296 characters are blank, so the excerpt is built from a longer slice.
    const error = new DecodeError({ reason: 'r', body: `${' '.repeat(5000)}a \n\t b${' '.repeat(10)}c` });
    expect(error.excerpt).toBe('a b c');
  });

  it('turns a body that is not a string (a JavaScript caller passing a Buffer or a number) into text', () => {
    const body = 12345 as unknown as string;
    expect(new DecodeError({ reason: 'r', body }).excerpt).toBe('12345');
    const buffer = Buffer.from('  not   json  ') as unknown as string;
    expect(new DecodeError({ reason: 'r', body: buffer }).excerpt).toBe('not json');
  });
});

describe('ResponseTooLargeError', () => {
  it('names the limit, and the request id when there is one, or keeps the message given', () => {
    const error = new ResponseTooLargeError({ maxBytes: 1000, httpStatus: 200 });
    expect(error.message).toBe('the response body is larger than the 1000 byte limit (maxResponseBytes); reading stopped');
    expect([error.name, error.maxBytes, error.httpStatus, error.requestId]).toStrictEqual(['ResponseTooLargeError', 1000, 200, undefined]);
    const withId = new ResponseTooLargeError({ maxBytes: 5, requestId: 'R-1' });
    expect(withId.message).toBe('the response body is larger than the 5 byte limit (maxResponseBytes); reading stopped [request id R-1]');
    expect(withId.requestId).toBe('R-1');
    expect(new ResponseTooLargeError({ maxBytes: 5, message: 'too big' }).message).toBe('too big');
  });
});

describe('the other error classes', () => {
  it('NotFoundError: the default message with what it knows, or the message given', () => {
    expect(new NotFoundError({ invokeId: 't-1' }).message).toBe('invocation t-1 not found');
    expect(new NotFoundError({ invokeId: 't-1', product: 'ecs' }).message).toBe('invocation t-1 not found on ecs');
    expect(new NotFoundError({ invokeId: 't-1', region: 'cn-hangzhou' }).message).toBe('invocation t-1 not found in cn-hangzhou');
    const given = new NotFoundError({ invokeId: 't-1', product: 'ecs', region: 'cn-hangzhou', message: 'gone' });
    expect(given.message).toBe('gone');
    expect([given.invokeId, given.product, given.region]).toStrictEqual(['t-1', 'ecs', 'cn-hangzhou']);
  });

  it('TimeoutError: the default message, or the message given, and the limit', () => {
    expect(new TimeoutError({ timeoutMs: 250 }).message).toBe('timed out after 250 ms');
    const given = new TimeoutError({ timeoutMs: 250, message: 'page 3 took too long' });
    expect(given.message).toBe('page 3 took too long');
    expect(given.timeoutMs).toBe(250);
  });

  it('AbortedError and ConfigurationError keep their messages; InvalidQueryError its context', () => {
    expect(new AbortedError().message).toBe('the operation was aborted');
    expect(new AbortedError('stopped by the user').message).toBe('stopped by the user');
    expect(new ConfigurationError('no credentials found').message).toBe('no credentials found');
    expect(new InvalidQueryError([{ path: 'a.b', message: 'm1' }, { path: 'c', message: 'm2' }], { context: 'ecs list' }).message).toBe(
      'ecs list: invalid query: a.b: m1; c: m2',
    );
  });

  it('passes no cause option on when there is none (no own "cause" property)', () => {
    expect(Object.hasOwn(new InvocationsError('x'), 'cause')).toBe(false);
    expect(Object.hasOwn(new InvocationsError('x', {}), 'cause')).toBe(false);
    expect(Object.hasOwn(new InvocationsError('x', { cause: null }), 'cause')).toBe(true);
    expect(new InvocationsError('x', { cause: 0 }).cause).toBe(0);
  });
});

describe('each error, made inside the test', () => {
  // errors.test.ts builds its samples at load time, which Stryker counts as static coverage; these
  // are built inside a test, so a per-test run also sees each name and each marker.
  const makers = {
    InvocationsError: () => new InvocationsError('x'),
    InvalidQueryError: () => new InvalidQueryError([]),
    ApiError: () => new ApiError({ code: 'X', message: 'm', httpStatus: 400 }),
    DecodeError: () => new DecodeError({ reason: 'r' }),
    NotFoundError: () => new NotFoundError({ invokeId: 't-1' }),
    TimeoutError: () => new TimeoutError({ timeoutMs: 1 }),
    AbortedError: () => new AbortedError(),
    ConfigurationError: () => new ConfigurationError('c'),
    ResponseTooLargeError: () => new ResponseTooLargeError({ maxBytes: 1 }),
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
  it.each(Object.keys(makers) as (keyof typeof makers)[])('%s has its name and is recognised by its own isInstance and the base one', (name) => {
    const error = makers[name]();
    expect(error.name).toBe(name);
    expect(classes[name].isInstance(error)).toBe(true);
    expect(InvocationsError.isInstance(error)).toBe(true);
    for (const other of Object.keys(classes) as (keyof typeof classes)[]) {
      if (other !== name && other !== 'InvocationsError') expect(classes[other].isInstance(error)).toBe(false);
    }
  });
});
