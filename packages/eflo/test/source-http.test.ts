import { readFileSync } from 'node:fs';
import { ApiError, InvalidQueryError, NotFoundError } from '@invocations/core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createEfloSource, parseDescribeInvocations } from '../src/index.js';
import { startRecordedServer } from '@invocations/openapi/kit/testing';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const credentials = { accessKeyId: 'AKIDtest', accessKeySecret: 'not-a-real-secret' };

// Recorded bodies by InvokeId; anything else gets the empty answer eflo gives for an unknown id.
const bodies: Record<string, string> = {
  't-ind3k9ytvvduoe8': 'eflo-seed-000',
  't-b64x0009': 'eflo-base64-output',
  't-timed0001': 'eflo-timed-string',
};

let server: Awaited<ReturnType<typeof startRecordedServer>>;
beforeAll(async () => {
  server = await startRecordedServer((request) => {
    const xml = request.query.Format === 'XML';
    if (request.body.InvokeId === 't-boom') {
      return { status: 400, body: JSON.stringify({ RequestId: 'r-err', Code: 'InvalidParameter', Message: 'bad NodeId', HostId: '127.0.0.1' }) };
    }
    const name = bodies[request.body.InvokeId ?? ''] ?? 'eflo-not-found';
    return { body: fixture(`${name}.${xml ? 'xml' : 'json'}`) };
  });
});
afterAll(() => server.close());
beforeEach(() => {
  server.requests.length = 0;
});

const source = (format: 'json' | 'xml' = 'json') =>
  createEfloSource({ region: 'cn-wulanchabu', endpoint: server.url, credentials, format, retry: false });

describe('createEfloSource over HTTP (recorded bodies)', () => {
  it('get() sends InvokeId, IncludeOutput and ContentEncoding in a POST form body, no RegionId', async () => {
    const invocation = await source().get('t-ind3k9ytvvduoe8', { includeOutput: true });
    expect(server.requests).toHaveLength(1);
    const [request] = server.requests;
    expect(request?.method).toBe('POST');
    expect(request?.action).toBe('DescribeInvocations');
    expect(request?.headers['x-acs-version']).toBe('2022-12-15');
    expect(request?.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(request?.body).toEqual({ InvokeId: 't-ind3k9ytvvduoe8', IncludeOutput: 'true', ContentEncoding: 'Base64' });
    expect(request?.query).toEqual({});
    const expected = parseDescribeInvocations(fixture('eflo-seed-000.json'), { region: 'cn-wulanchabu' }).invocations[0];
    expect(invocation).toEqual(expected);
    expect(invocation.targets[0]).toMatchObject({ kind: 'node', id: 'e01-cn-lbj36wkp70b', errorCode: 'TargetNotExists', stoppedAt: '2019-12-20T06:15:55Z' });
  });

  it('reads XML to the same invocation', async () => {
    const [json, xml] = await Promise.all([source().get('t-b64x0009'), source('xml').get('t-b64x0009')]);
    expect(xml).toEqual(json);
    expect(json.targets[0]?.output).toBe('héllo 世界\n');
    expect(server.requests.map((request) => request.query.Format)).toContain('XML');
  });

  it('get() of an unknown id is a NotFoundError', async () => {
    await expect(source().get('t-missing')).rejects.toBeInstanceOf(NotFoundError);
    await expect(source().get('t-missing')).rejects.toThrow(/t-missing not found on eflo in cn-wulanchabu/);
  });

  it('list() without ids says the eflo API cannot list, before any request', async () => {
    const iterator = source().list()[Symbol.asyncIterator]();
    await expect(iterator.next()).rejects.toBeInstanceOf(InvalidQueryError);
    await expect(source().list({ invokeStatus: 'Running' })[Symbol.asyncIterator]().next()).rejects.toThrow(/invokeIds: is required: the eflo API cannot list invocations/);
    expect(server.requests).toHaveLength(0);
  });

  it('list({ invokeIds }) asks once per id, keeps the ids order and skips unknown ids', async () => {
    const seen: string[] = [];
    for await (const invocation of source().list({ invokeIds: ['t-timed0001', 't-missing', 't-ind3k9ytvvduoe8', 't-timed0001'], targetId: 'e01-cn-timed-a' })) {
      seen.push(invocation.invokeId);
    }
    expect(seen).toEqual(['t-timed0001', 't-ind3k9ytvvduoe8']);
    expect(server.requests.map((request) => request.body.InvokeId).sort()).toEqual(['t-ind3k9ytvvduoe8', 't-missing', 't-timed0001']);
    expect(server.requests.every((request) => request.body.NodeId === 'e01-cn-timed-a')).toBe(true);
  });

  it('sends PlainText when asked and reads the body as such', async () => {
    const plain = createEfloSource({ region: 'cn-wulanchabu', endpoint: server.url, credentials, retry: false, contentEncoding: 'plaintext' as 'PlainText' });
    const invocation = await plain.get('t-b64x0009');
    expect(server.requests[0]?.body.ContentEncoding).toBe('PlainText');
    // The recorded body is Base64, but we asked for plain text: it is kept as sent.
    expect(invocation.commandContent).toBe(Buffer.from('echo "héllo 世界"').toString('base64'));
  });

  it('passes an API error through as ApiError with the code and request id', async () => {
    const error = await source().get('t-boom').catch((caught: unknown) => caught);
    expect(ApiError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ code: 'InvalidParameter', httpStatus: 400, requestId: 'r-err' });
    expect(String(error)).not.toContain('not-a-real-secret');
  });

  it('rejects bad options before any request', () => {
    expect(() => createEfloSource({ region: '', endpoint: server.url, credentials })).toThrow(/region: is required/);
    expect(() => createEfloSource({ region: 'cn-wulanchabu', concurrency: 0, credentials })).toThrow(/concurrency: must be at least 1/);
  });
});
