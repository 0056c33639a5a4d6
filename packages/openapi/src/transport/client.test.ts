import { getEventListeners } from 'node:events';
import { stringify as nodeQueryStringify } from 'node:querystring';
import { AbortedError, ApiError, ConfigurationError, DecodeError, InvalidQueryError, InvocationsError, ResponseTooLargeError, TimeoutError } from '@invocations/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { json, type Reply, startTestServer, type TestServer, xml } from '../../test/test-server.js';
import { createOpenApiClient, type OpenApiClientOptions, type OpenApiHooks } from './client.js';
import { signV1 } from './signing.js';
import { createSourceClient } from '../kit/source-options.js';

const ID = 'test-id';
const SECRET = 'test-secret-value';
let server: TestServer;

// A fresh server per test: a request that an earlier test aborted can still arrive late, and
// must not land in the next test's record.
beforeEach(async () => {
  server = await startTestServer({ [ID]: SECRET, 'sts-id': 'sts-secret-value' });
  server.handle(() => json(200, { RequestId: 'OK-1' }, { 'x-acs-request-id': 'HDR-OK-1' }));
});
afterEach(async () => {
  await server.close();
});

function client(options: Partial<OpenApiClientOptions> = {}) {
  return createOpenApiClient({
    product: 'ecs',
    region: 'cn-hangzhou',
    endpoint: server.url,
    credentials: { accessKeyId: ID, accessKeySecret: SECRET },
    retry: { maxAttempts: 3, baseDelayMs: 2, maxDelayMs: 20 },
    ...options,
  });
}

async function failure<T extends Error>(promise: Promise<unknown>): Promise<T> {
  try {
    await promise;
  } catch (error) {
    return error as T;
  }
  throw new Error('expected the call to fail');
}

// Values the wire and signing encodings treat differently (Node querystring leaves !'()* alone, etc.).
const tricky = { Bang: "a!b'c(d)e*f", Space: 'two words', Chinese: '中文 命令', Empty: '', Plus: 'a+b', Amp: 'x&y=z', Tilde: '~-._', Slash: '/:?#[]@' };

describe('V3 signing on the wire', () => {
  it('sends a POST with the x-acs headers, signed as the server recomputes it', async () => {
    const response = await client().call({ action: 'DescribeInvocations', query: { RegionId: 'cn-hangzhou', PageSize: 10, IncludeOutput: true } });
    expect(response).toEqual({ text: '{"RequestId":"OK-1"}', format: 'json', status: 200, requestId: 'HDR-OK-1', attempts: 1 });
    const [request] = server.requests;
    expect(request?.signature).toBe('v3');
    expect(request?.method).toBe('POST');
    expect(request?.query).toEqual({ RegionId: 'cn-hangzhou', PageSize: '10', IncludeOutput: 'true' });
    expect(request?.headers['x-acs-action']).toBe('DescribeInvocations');
    expect(request?.headers['x-acs-version']).toBe('2014-05-26');
    expect(request?.headers['x-acs-date']).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(request?.headers['x-acs-signature-nonce']).toMatch(/^[0-9a-f-]{36}$/);
    expect(request?.headers.host).toBe(new URL(server.url).host);
    expect(request?.headers.accept).toBe('application/json');
    expect(request?.headers['x-acs-security-token']).toBeUndefined();
    expect(request?.headers.authorization).toMatch(/^ACS3-HMAC-SHA256 Credential=test-id,SignedHeaders=host;x-acs-action;/);
  });

  it('signs a form body by its hash and keeps awkward characters exact, in query and body', async () => {
    const bodyTricky = Object.fromEntries(Object.entries(tricky).map(([name, value]) => [`Body${name}`, value]));
    await client({ product: 'eflo' }).call({ action: 'DescribeInvocations', query: tricky, body: { ...bodyTricky, InvokeId: 't-1', IncludeOutput: true } });
    const [request] = server.requests;
    expect(request?.signature).toBe('v3');
    expect(request?.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(request?.headers['x-acs-version']).toBe('2022-12-15');
    expect(request?.query).toEqual(tricky);
    expect(request?.form).toEqual({ ...bodyTricky, InvokeId: 't-1', IncludeOutput: 'true' });
    expect(request?.rawQuery).not.toContain('+');
  });

  it('puts body parameters in the query for GET', async () => {
    await client().call({ action: 'DescribeInvocations', method: 'GET', query: { RegionId: 'cn-hangzhou' }, body: { InvokeId: 't-1' } });
    const [request] = server.requests;
    expect(request?.signature).toBe('v3');
    expect(request?.method).toBe('GET');
    expect(request?.body).toBe('');
    expect(request?.query).toEqual({ RegionId: 'cn-hangzhou', InvokeId: 't-1' });
  });

  it('sends the STS token as x-acs-security-token with x-acs-accesskey-id, both signed', async () => {
    await client({ credentials: { accessKeyId: 'sts-id', accessKeySecret: 'sts-secret-value', securityToken: 'sts-token-value' } }).call({
      action: 'DescribeInvocations',
    });
    const [request] = server.requests;
    expect(request?.signature).toBe('v3');
    expect(request?.headers['x-acs-security-token']).toBe('sts-token-value');
    expect(request?.headers['x-acs-accesskey-id']).toBe('sts-id');
    expect(request?.headers.authorization).toContain('x-acs-accesskey-id;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-security-token;');
  });

  it('asks for XML with a signed Format=XML query parameter', async () => {
    server.handle(() => xml(200, '<DescribeInvocationsResponse><RequestId>X-1</RequestId></DescribeInvocationsResponse>'));
    const response = await client({ format: 'xml' }).call({ action: 'DescribeInvocations', query: { RegionId: 'cn-hangzhou' } });
    expect(response.format).toBe('xml');
    expect(response.requestId).toBe('X-1');
    expect(server.requests[0]?.signature).toBe('v3');
    expect(server.requests[0]?.query.Format).toBe('XML');
  });

  it('detects a wrong secret through the server (the verifier is not a rubber stamp)', async () => {
    const error = await failure<ApiError>(client({ credentials: { accessKeyId: ID, accessKeySecret: 'wrong' } }).call({ action: 'DescribeInvocations' }));
    expect(ApiError.isInstance(error)).toBe(true);
    expect(error.code).toBe('SignatureDoesNotMatch');
    expect(server.requests[0]?.signature).toMatch(/^bad: v3 mismatch/);
  });
});

describe('V1 signing on the wire', () => {
  it('sends the common parameters and Signature in the query, signed over query and form body', async () => {
    await client({ signatureVersion: 'v1', product: 'eflo' }).call({ action: 'DescribeInvocations', query: tricky, body: { InvokeId: 't-1', Note: tricky.Bang } });
    const [request] = server.requests;
    expect(request?.signature).toBe('v1');
    expect(request?.query).toMatchObject({
      ...tricky,
      Action: 'DescribeInvocations',
      Version: '2022-12-15',
      Format: 'JSON',
      AccessKeyId: ID,
      SignatureMethod: 'HMAC-SHA1',
      SignatureVersion: '1.0',
    });
    expect(request?.query.Timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(request?.form).toEqual({ InvokeId: 't-1', Note: tricky.Bang });
    expect(request?.headers.authorization).toBeUndefined();
  });

  it('sends GET with everything in the query, SecurityToken signed, Format=XML when asked', async () => {
    server.handle(() => xml(200, '<R><RequestId>X</RequestId></R>'));
    await client({
      signatureVersion: 'v1',
      format: 'xml',
      credentials: { accessKeyId: 'sts-id', accessKeySecret: 'sts-secret-value', securityToken: 'sts-token-value' },
    }).call({ action: 'DescribeInvocations', method: 'GET', body: { InvokeId: 't-1' } });
    const [request] = server.requests;
    expect(request?.signature).toBe('v1');
    expect(request?.method).toBe('GET');
    expect(request?.query).toMatchObject({ SecurityToken: 'sts-token-value', Format: 'XML', InvokeId: 't-1', AccessKeyId: 'sts-id' });
  });

  it("the server's decode-then-re-encode also verifies an official-SDK-style wire (Node querystring quirks)", async () => {
    const parameters: Record<string, string> = {
      ...tricky,
      Action: 'DescribeInvocations',
      Version: '2014-05-26',
      Format: 'json',
      AccessKeyId: ID,
      SignatureMethod: 'HMAC-SHA1',
      SignatureVersion: '1.0',
      SignatureNonce: 'nonce-1',
      Timestamp: '2025-01-01T00:00:00Z',
    };
    const signature = await signV1({ method: 'POST', parameters, accessKeySecret: SECRET });
    const wire = nodeQueryStringify({ ...parameters, Signature: signature });
    expect(wire).toContain("a!b'c(d)e*f");
    const response = await fetch(`${server.url}/?${wire}`, { method: 'POST' });
    expect(response.status).toBe(200);
    expect(server.requests[0]?.signature).toBe('v1');
  });
});

describe('retries', () => {
  const throttled = json(400, { RequestId: 'T-1', Code: 'Throttling.User', Message: 'Request was denied due to user flow control.' });
  const unavailable = json(503, { RequestId: 'U-1', Code: 'ServiceUnavailable', Message: 'The request has failed due to a temporary failure of the server.' });

  it('retries a throttled answer and then succeeds, telling the hooks', async () => {
    server.script(throttled, json(200, { RequestId: 'OK-2' }));
    const events: Array<[string, unknown]> = [];
    const hooks: OpenApiHooks = {
      onRequest: (event) => events.push(['request', event]),
      onResponse: (event) => events.push(['response', event]),
      onRetry: (event) => events.push(['retry', event]),
    };
    const response = await client({ hooks }).call({ action: 'DescribeInvocations' });
    expect(response.attempts).toBe(2);
    expect(response.requestId).toBe('OK-2');
    expect(server.requests).toHaveLength(2);
    expect(events.map(([kind]) => kind)).toEqual(['request', 'response', 'retry', 'request', 'response']);
    expect(events[2]?.[1]).toMatchObject({ product: 'ecs', action: 'DescribeInvocations', attempt: 1, reason: 'Throttling.User (HTTP 400)', throttled: true, requestId: 'T-1' });
    expect(events[1]?.[1]).toMatchObject({ attempt: 1, status: 400, requestId: 'T-1' });
    expect(events[3]?.[1]).toMatchObject({ attempt: 2, method: 'POST' });
    // Every attempt is signed afresh (new nonce and date).
    expect(server.requests.map((request) => request.signature)).toEqual(['v3', 'v3']);
    expect(server.requests[0]?.headers['x-acs-signature-nonce']).not.toBe(server.requests[1]?.headers['x-acs-signature-nonce']);
  });

  it('retries 503 and 429 and then succeeds; onRetry calls only the 429 throttled', async () => {
    server.script(unavailable, json(429, { RequestId: 'R', Code: 'TooManyRequests', Message: 'slow down' }), json(200, { RequestId: 'OK-3' }));
    const retries: Array<[string, boolean]> = [];
    const response = await client({ hooks: { onRetry: (event) => retries.push([event.reason, event.throttled]) } }).call({ action: 'DescribeInvocations' });
    expect(response.attempts).toBe(3);
    expect(retries).toEqual([
      ['ServiceUnavailable (HTTP 503)', false],
      ['TooManyRequests (HTTP 429)', true],
    ]);
  });

  it('gives up after maxAttempts with the last API error and the attempt count', async () => {
    server.script(unavailable);
    const error = await failure<ApiError>(client().call({ action: 'DescribeInvocations' }));
    expect(ApiError.isInstance(error)).toBe(true);
    expect(error.code).toBe('ServiceUnavailable');
    expect(error.httpStatus).toBe(503);
    expect(error.attempts).toBe(3);
    expect(server.requests).toHaveLength(3);
  });

  it('sends one attempt with retry: false', async () => {
    server.script(unavailable);
    await failure(client({ retry: false }).call({ action: 'DescribeInvocations' }));
    expect(server.requests).toHaveLength(1);
  });

  it('honours x-acs-retry-after, capped by maxDelayMs', async () => {
    server.script(json(400, { RequestId: 'T', Code: 'Throttling', Message: 'wait' }, { 'x-acs-retry-after': '0.06' }), json(200, { RequestId: 'OK' }));
    const delays: number[] = [];
    const started = Date.now();
    await client({ retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 1000 }, hooks: { onRetry: (event) => delays.push(event.delayMs) } }).call({
      action: 'DescribeInvocations',
    });
    expect(delays).toEqual([60]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(55);

    server.script(json(400, { RequestId: 'T', Code: 'Throttling', Message: 'wait' }, { 'x-acs-retry-after': '30' }), json(200, { RequestId: 'OK' }));
    delays.length = 0;
    await client({ retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 15 }, hooks: { onRetry: (event) => delays.push(event.delayMs) } }).call({
      action: 'DescribeInvocations',
    });
    expect(delays).toEqual([15]);
  });

  it('keeps backoff delays within the full-jitter ceiling', async () => {
    server.script(unavailable);
    const delays: number[] = [];
    await failure(client({ retry: { maxAttempts: 4, baseDelayMs: 4, maxDelayMs: 10 }, hooks: { onRetry: (event) => delays.push(event.delayMs) } }).call({ action: 'X' }));
    expect(delays).toHaveLength(3);
    delays.forEach((delay, index) => {
      expect(delay).toBeGreaterThanOrEqual(0);
      expect(delay).toBeLessThanOrEqual(Math.min(10, 4 * 2 ** index));
    });
  });

  it('does not retry a 5xx for a non-idempotent call, but does retry its throttling', async () => {
    server.script(unavailable);
    const error = await failure<ApiError>(client().call({ action: 'RunCommand', idempotent: false }));
    expect(error.code).toBe('ServiceUnavailable');
    expect(server.requests).toHaveLength(1);

    server.requests.length = 0;
    server.script(throttled, json(200, { RequestId: 'OK' }));
    await expect(client().call({ action: 'RunCommand', idempotent: false })).resolves.toMatchObject({ attempts: 2 });
  });

  it('does not retry a plain 4xx such as InvalidParam.PageSize', async () => {
    server.script(json(403, { RequestId: 'P-1', Code: 'InvalidParam.PageSize', Message: 'The specified parameter is invalid.' }));
    const error = await failure<ApiError>(client().call({ action: 'DescribeInvocations', query: { PageSize: 500 } }));
    expect(error.code).toBe('InvalidParam.PageSize');
    expect(error.httpStatus).toBe(403);
    expect(error.attempts).toBe(1);
    expect(server.requests).toHaveLength(1);
  });

  it('retries a dropped connection, and reports a refused one as a network error after the attempts', async () => {
    server.script({ hangUp: true }, json(200, { RequestId: 'OK' }));
    await expect(client().call({ action: 'DescribeInvocations' })).resolves.toMatchObject({ attempts: 2 });

    const closed = await startTestServer({});
    const url = closed.url;
    await closed.close();
    const error = await failure<InvocationsError>(client({ endpoint: url }).call({ action: 'DescribeInvocations' }));
    expect(InvocationsError.isInstance(error)).toBe(true);
    expect(error.message).toMatch(/^ecs DescribeInvocations: network error: /);
    expect((error.cause as { code?: string }).code).toBe('ECONNREFUSED');
  });
});

describe('timeouts, deadline and abort', () => {
  it('retries an attempt that timed out', async () => {
    server.script({ ...json(200, { RequestId: 'SLOW' }), delayMs: 3000 }, json(200, { RequestId: 'FAST' }));
    const response = await client({ timeoutMs: 400 }).call({ action: 'DescribeInvocations' });
    expect(response).toMatchObject({ attempts: 2, requestId: 'FAST' });
  });

  it('gives up with a TimeoutError when every attempt times out', async () => {
    // Attempts are counted on the client side: under load an attempt can time out before its
    // request reaches the server, so the server's count would make this test flaky.
    server.script({ ...json(200, { RequestId: 'SLOW' }), delayMs: 2000 });
    let attempts = 0;
    const error = await failure<TimeoutError>(
      client({ timeoutMs: 100, hooks: { onRequest: () => attempts++ } }).call({ action: 'DescribeInvocations' }),
    );
    expect(TimeoutError.isInstance(error)).toBe(true);
    expect(error.timeoutMs).toBe(100);
    expect(error.message).toMatch(/gave up after 3 attempts/);
    expect(attempts).toBe(3);
  });

  it('does not retry a timed-out non-idempotent call', async () => {
    server.script({ ...json(200, { RequestId: 'SLOW' }), delayMs: 2000 });
    let attempts = 0;
    const error = await failure<TimeoutError>(
      client({ timeoutMs: 100, hooks: { onRequest: () => attempts++ } }).call({ action: 'RunCommand', idempotent: false }),
    );
    expect(TimeoutError.isInstance(error)).toBe(true);
    expect(attempts).toBe(1);
  });

  it('stops at the overall deadline', async () => {
    server.script({ ...json(200, { RequestId: 'SLOW' }), delayMs: 1000 });
    const started = Date.now();
    const error = await failure<TimeoutError>(client({ timeoutMs: 5000, deadlineMs: 80 }).call({ action: 'DescribeInvocations' }));
    expect(TimeoutError.isInstance(error)).toBe(true);
    expect(error.timeoutMs).toBe(80);
    expect(error.message).toMatch(/80 ms deadline/);
    expect(Date.now() - started).toBeLessThan(600);
  });

  it('aborts at once during a request, with the signal reason as cause', async () => {
    server.script({ ...json(200, { RequestId: 'SLOW' }), delayMs: 2000 });
    const controller = new AbortController();
    const reason = new Error('user pressed ctrl-c');
    setTimeout(() => controller.abort(reason), 30);
    const started = Date.now();
    const error = await failure<AbortedError>(client().call({ action: 'DescribeInvocations', signal: controller.signal }));
    expect(AbortedError.isInstance(error)).toBe(true);
    expect(error.cause).toBe(reason);
    expect(Date.now() - started).toBeLessThan(500);
  });

  it('aborts at once during a backoff sleep', async () => {
    server.script(json(503, { RequestId: 'U', Code: 'ServiceUnavailable', Message: 'x' }, { 'x-acs-retry-after': '10' }));
    const controller = new AbortController();
    const started = Date.now();
    let attempts = 0;
    const hooks = { onRequest: () => attempts++, onRetry: () => setTimeout(() => controller.abort(), 20) };
    const pending = client({ retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 10_000 }, hooks }).call({
      action: 'DescribeInvocations',
      signal: controller.signal,
    });
    const error = await failure<AbortedError>(pending);
    expect(AbortedError.isInstance(error)).toBe(true);
    expect(Date.now() - started).toBeLessThan(1000);
    // Counted on the client: a request aborted by an earlier test may still reach the shared server late.
    expect(attempts).toBe(1);
  });

  it("puts one abort listener on the caller's signal however many calls are in flight (16 here), and none is left after", async () => {
    server.handle(() => ({ ...json(200, { RequestId: 'SLOW' }), delayMs: 300 }));
    const controller = new AbortController();
    const calls = Array.from({ length: 16 }, () => client().call({ action: 'DescribeInvocations', signal: controller.signal }));
    await new Promise((resolve) => setTimeout(resolve, 150));
    // Every call is in its attempt now (waiting for the server): they share the one listener.
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(1);
    await Promise.all(calls);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });

  it('sends nothing when the signal is already aborted', async () => {
    const error = await failure(client().call({ action: 'DescribeInvocations', signal: AbortSignal.abort('early') }));
    expect(AbortedError.isInstance(error)).toBe(true);
    expect((error as Error).cause).toBe('early');
    expect(server.requests).toHaveLength(0);
  });
});

describe('error bodies', () => {
  it('maps a JSON error body, with the troubleshooting link', async () => {
    const body = {
      RequestId: 'DC7CBB70-1',
      HostId: 'ecs.cn-hangzhou.aliyuncs.com',
      Code: 'InvalidParam.PageNumber',
      Message: 'The specified parameter is invalid.',
      Recommend: 'https://api.aliyun.com/troubleshoot?q=InvalidParam.PageNumber&product=Ecs',
    };
    server.script(json(403, body));
    const error = await failure<ApiError>(client().call({ action: 'DescribeInvocations' }));
    expect(error).toMatchObject({
      code: 'InvalidParam.PageNumber',
      serviceMessage: 'The specified parameter is invalid.',
      requestId: 'DC7CBB70-1',
      hostId: 'ecs.cn-hangzhou.aliyuncs.com',
      recommend: body.Recommend,
      httpStatus: 403,
      product: 'ecs',
      action: 'DescribeInvocations',
      attempts: 1,
    });
    expect(error.message).toBe('ecs DescribeInvocations: InvalidParam.PageNumber (HTTP 403): The specified parameter is invalid. [request id DC7CBB70-1]');
  });

  it('maps an XML <Error> body, and takes the request id from the header when the body has none', async () => {
    server.script(
      xml(400, '<?xml version="1.0" encoding="UTF-8"?>\n<Error>\n  <HostId>ecs.aliyuncs.com</HostId>\n  <Code>RegionId.ApiNotSupported</Code>\n  <Message>The api is not supported in this region.</Message>\n</Error>', {
        'x-acs-request-id': 'HDR-9',
      }),
    );
    const error = await failure<ApiError>(client({ format: 'xml' }).call({ action: 'DescribeInvocations' }));
    expect(error).toMatchObject({ code: 'RegionId.ApiNotSupported', requestId: 'HDR-9', hostId: 'ecs.aliyuncs.com', httpStatus: 400 });
    expect(error.serviceMessage).toBe('The api is not supported in this region.');
  });
});

describe('undecodable bodies', () => {
  const html = '<!DOCTYPE html>\n<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center></body></html>';
  const cases: Array<[string, Reply, RegExp, number]> = [
    ['an HTML page from a proxy (retried, then a DecodeError)', { status: 502, body: html, headers: { 'content-type': 'text/html' } }, /HTTP 502 with an undecodable body: .*HTML page/, 3],
    ['a cut-off JSON error body', json(400, '{"RequestId":"C-1","Code":"InvalidPa'), /HTTP 400 with an undecodable body: invalid JSON/, 1],
    ['a cut-off XML error body', xml(400, '<Error><RequestId>C-2</RequestId><Code>Inv'), /HTTP 400 with an undecodable body: invalid XML/, 1],
    ['an empty 500', { status: 500, body: '' }, /HTTP 500 with an undecodable body: the body is empty/, 3],
    ['a JSON 404 without a Code', json(404, { message: 'no route' }), /HTTP 404 with a body that is not an error body/, 1],
    ['a cut-off 200 body (retried)', json(200, '{"RequestId":"C-3","Invocations":{"Invocation":[{"Invo'), /cut off or not JSON/, 3],
    ['an empty 200', json(200, ''), /the body is empty/, 3],
  ];

  for (const [name, reply, reason, attempts] of cases) {
    it(`turns ${name} into a DecodeError with an excerpt`, async () => {
      server.script(reply);
      const error = await failure<DecodeError>(client().call({ action: 'DescribeInvocations' }));
      expect(DecodeError.isInstance(error)).toBe(true);
      expect(error.reason).toMatch(reason);
      expect(error.httpStatus).toBe(reply.status);
      expect(error.excerpt).toBe((reply.body ?? '').replace(/\s+/g, ' ').trim().slice(0, 200));
      expect(server.requests).toHaveLength(attempts);
    });
  }

  it('keeps the request id of a cut-off body', async () => {
    server.script(json(400, '{"RequestId":"C-1","Code":"InvalidPa'));
    expect((await failure<DecodeError>(client().call({ action: 'X' }))).requestId).toBe('C-1');
  });
});

describe('options and requests are checked before any request', () => {
  it('rejects bad client options with a ConfigurationError naming them', () => {
    expect(() => client({ timeoutMs: -1 })).toThrow(/openapi client options: timeoutMs/);
    expect(() => client({ retry: { maxAttempts: 0 } })).toThrow(/retry\.maxAttempts/);
    expect(() => client({ product: 'rds' as never })).toThrow(ConfigurationError);
    expect(() => client({ region: 'Hangzhou' })).toThrow(/region/);
    expect(() => client({ endpoint: 'ftp://x' })).toThrow(/endpoint/);
    expect(() => client({ credentials: { accessKeyId: 'x', accessKeySecret: '' } })).toThrow(/accessKeySecret must be a non-empty string/);
    expect(() => client({ maxResponseBytes: 0 })).toThrow(/maxResponseBytes: must be positive/);
    expect(() => client({ maxResponseBytes: 1.5 })).toThrow(/maxResponseBytes: must be a whole number of bytes/);
  });

  it('rejects a bad request with an InvalidQueryError, a reserved parameter with a ConfigurationError', async () => {
    await expect(client().call({ action: 'Describe Invocations' })).rejects.toThrow(InvalidQueryError);
    await expect(client().call({ action: 'X', query: { PageSize: Number.NaN } })).rejects.toThrow(/query\.PageSize/);
    await expect(client().call({ action: 'X', query: { Signature: 'x' } })).rejects.toThrow(/query\.Signature: is set by the client/);
    await expect(client().call({ action: 'X', query: { A: '1' }, body: { A: '2' } })).rejects.toThrow(/body\.A: also given in query/);
    // The rule, not zod's bare "Invalid key in record".
    await expect(client().call({ action: 'X', query: { '': '1' } })).rejects.toThrow(/query: parameter names must not be empty/);
    await expect(client().call({ action: 'X', body: { '': '1' } })).rejects.toThrow(/body: parameter names must not be empty/);
    expect(server.requests).toHaveLength(0);
  });

  it('reports missing credentials as a ConfigurationError at call time', async () => {
    const error = await failure(client({ credentials: undefined, env: {}, configPath: '/nonexistent/openapi-test/config.json' }).call({ action: 'X' }));
    expect(ConfigurationError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(/no Alibaba Cloud credentials found/);
  });

  it('resolves credentials from the injected environment and from a provider', async () => {
    await client({ credentials: undefined, env: { ALIBABA_CLOUD_ACCESS_KEY_ID: ID, ALIBABA_CLOUD_ACCESS_KEY_SECRET: SECRET } }).call({ action: 'X' });
    let calls = 0;
    const provided = client({
      credentials: async () => {
        calls += 1;
        return { accessKeyId: ID, accessKeySecret: SECRET };
      },
    });
    await provided.call({ action: 'X' });
    await provided.call({ action: 'X' });
    expect(calls).toBe(2);
    expect(server.requests.map((request) => request.signature)).toEqual(['v3', 'v3', 'v3']);
  });

  it('exposes product, region and endpoint', () => {
    const ecs = createOpenApiClient({ product: 'ecs', region: 'cn-shanghai', credentials: { accessKeyId: 'a', accessKeySecret: 'b' } });
    expect([ecs.product, ecs.region, ecs.endpoint]).toEqual(['ecs', 'cn-shanghai', 'https://ecs.cn-shanghai.aliyuncs.com']);
    expect(client({ endpoint: '127.0.0.1:9443' }).endpoint).toBe('https://127.0.0.1:9443');
  });
});

describe('maxResponseBytes', () => {
  it('stops a body past the limit with a ResponseTooLargeError, not retried; the adapters pass the option through', async () => {
    server.handle(() => json(200, { RequestId: 'BIG', Pad: 'x'.repeat(5_000) }));
    const direct = await failure<ResponseTooLargeError>(client({ maxResponseBytes: 1_000 }).call({ action: 'DescribeInvocations' }));
    expect(ResponseTooLargeError.isInstance(direct)).toBe(true);
    expect(direct.maxBytes).toBe(1_000);
    expect(server.requests).toHaveLength(1);
    const { client: sourceClient } = createSourceClient(
      'ecs',
      { region: 'cn-hangzhou', endpoint: server.url, credentials: { accessKeyId: ID, accessKeySecret: SECRET }, maxResponseBytes: 1_000 },
      { context: 'test', paging: ['concurrent'], contentEncoding: true },
    );
    expect(ResponseTooLargeError.isInstance(await failure(sourceClient.call({ action: 'DescribeInvocations' })))).toBe(true);
    expect((await client({ maxResponseBytes: 10_000 }).call({ action: 'DescribeInvocations' })).text).toContain('BIG');
  });
});
