import { ApiError, DecodeError, InvocationsError } from '@invocations/core';
import { afterEach, describe, expect, it } from 'vitest';
import { createAdaptiveWindow } from './adaptive-window.js';
import { createSourceClient } from './source-options.js';
import { startRecordedServer, type RecordedServer } from './testing/recorded-server.js';
import { hooksFeeding, isThrottlingError } from './throttle-feedback.js';

describe('isThrottlingError', () => {
  it.each([
    [new ApiError({ code: 'Throttling.User', message: 'Request was denied due to user flow control.', httpStatus: 400 }), true],
    [new ApiError({ code: 'Throttling', message: 'x', httpStatus: 503 }), true],
    [new ApiError({ code: 'Throttling.Api', message: 'x', httpStatus: 400 }), true],
    [new ApiError({ code: 'SomethingElse', message: 'x', httpStatus: 429 }), true],
    [new DecodeError({ reason: 'HTTP 429 with a body that is not an error body (no Code)', httpStatus: 429 }), true],
    // core's rule: a 5xx is retried, but it is not throttling.
    [new ApiError({ code: 'ServiceUnavailable', message: 'x', httpStatus: 503 }), false],
    [new ApiError({ code: 'InvalidParam.PageSize', message: 'x', httpStatus: 400 }), false],
    [new DecodeError({ reason: 'the body is empty', httpStatus: 200 }), false],
    [new InvocationsError('ecs DescribeInvocations: network error: Throttling (HTTP 429)'), false],
    [new Error('Throttling'), false],
  ])('%s: %s', (error, expected) => {
    expect(isThrottlingError(error)).toBe(expected);
  });
});

describe('hooksFeeding', () => {
  const window = () => createAdaptiveWindow({ max: 8, isThrottled: isThrottlingError });

  it('hands hooks the client would refuse on as they are', () => {
    expect(hooksFeeding('nope', window())).toBe('nope');
    const bad = { onRetry: 42 };
    expect(hooksFeeding(bad, window())).toBe(bad);
  });

  it('keeps the caller\'s hooks and calls its onRetry after telling the window', () => {
    const seen: string[] = [];
    const target = window();
    const onRequest = () => undefined;
    const fed = hooksFeeding({ onRequest, onRetry: (event: { reason: string }) => seen.push(`${event.reason} at ${target.size}`) }, target) as Record<string, (event: unknown) => void>;
    expect(fed.onRequest).toBe(onRequest);
    fed.onRetry?.({ product: 'ecs', action: 'DescribeInvocations', attempt: 1, delayMs: 0, reason: 'Throttling.User (HTTP 400)', throttled: true });
    fed.onRetry?.({ product: 'ecs', action: 'DescribeInvocations', attempt: 1, delayMs: 0, reason: 'InternalError (HTTP 500)', throttled: false });
    expect(seen).toEqual(['Throttling.User (HTTP 400) at 4', 'InternalError (HTTP 500) at 4']);
  });
});

describe('a source client over HTTP', () => {
  let server: RecordedServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });
  const credentials = { accessKeyId: 'id', accessKeySecret: 'secret' };
  const paged = { context: 'test', paging: ['concurrent', 'sequential'], contentEncoding: false } as const;
  const throttledBody = JSON.stringify({ RequestId: 'R-1', Code: 'Throttling.User', Message: 'Request was denied due to user flow control.' });

  it('halves its window at a throttled attempt the transport retries, and grows it back as calls are answered', async () => {
    // The first request is throttled: the call is answered at its second attempt, and so are the later ones at once.
    server = await startRecordedServer((_request, index) => (index === 0 ? { status: 400, body: throttledBody } : { body: '{"RequestId":"R-2"}' }));
    const retries: string[] = [];
    const source = createSourceClient(
      'ecs',
      { region: 'cn-hangzhou', endpoint: server.url, credentials, concurrency: 4, retry: { baseDelayMs: 1 }, hooks: { onRetry: (event) => retries.push(`${event.reason} throttled: ${event.throttled}`) } },
      paged,
    );
    expect(source.window.size).toBe(4);
    const answer = await source.client.call({ action: 'DescribeInvocations' });
    expect(answer.attempts).toBe(2);
    // The caller's hook still runs; the window heard of the throttle through it, as no call failed.
    expect(retries).toEqual(['Throttling.User (HTTP 400) throttled: true']);
    expect(source.window.size).toBe(2);
    const sizes: number[] = [];
    for (let index = 0; index < 6; index += 1) {
      await source.client.call({ action: 'DescribeInvocations' });
      sizes.push(source.window.size);
    }
    // A round at 2 always grows the window (the delay signal cannot count 2 queued out of 2); past 3 the
    // growth also reads the calls' timing (adaptive-window.test.ts drives that with a fake clock), which a
    // loaded machine can hold at 3. It never shrinks here, and never passes `concurrency`.
    expect(sizes.slice(0, 2)).toEqual([2, 3]);
    expect(sizes).toEqual([...sizes].sort((a, b) => a - b));
    expect(Math.max(...sizes)).toBeLessThanOrEqual(4);
  });

  it('halves its window when a call ends throttled, and hands on the ApiError', async () => {
    server = await startRecordedServer(() => ({ status: 400, body: throttledBody }));
    const source = createSourceClient('ecs', { region: 'cn-hangzhou', endpoint: server.url, credentials, retry: false }, paged);
    expect(source.concurrency).toBe(16);
    expect(source.window.max).toBe(16);
    const failure = await source.client.call({ action: 'DescribeInvocations' }).catch((error: unknown) => error);
    expect(ApiError.isInstance(failure) && failure.code).toBe('Throttling.User');
    expect(source.window.size).toBe(8);
    expect(server.requests).toHaveLength(1);
  });
});
