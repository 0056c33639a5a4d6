import { readFileSync } from 'node:fs';
import { ApiError, ListingLoopError, NotFoundError, type Invocation } from '@invocations/core';
import { collect } from '@invocations/core/testing';
import { startRecordedServer, type RecordedAnswer, type RecordedRequest, type RecordedServer } from '@invocations/openapi/kit/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { createEcsSource, parseDescribeInvocations, type EcsSourceOptions } from '../src/index.js';

// core's recorded server (node:http on 127.0.0.1) serves the bodies and keeps every request it got,
// so the tests can assert what went out on the wire (parameters, signature headers).

type Answer = RecordedAnswer;

let server: RecordedServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function serve(answer: (seen: RecordedRequest, index: number) => Answer | Promise<Answer>): Promise<{ endpoint: string; seen: RecordedRequest[] }> {
  server = await startRecordedServer(answer);
  return { endpoint: server.url, seen: server.requests };
}

const credentials = { accessKeyId: 'LTAI-test-id', accessKeySecret: 'test-secret-never-logged' };
const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const source = (endpoint: string, options: Partial<EcsSourceOptions> = {}) =>
  createEcsSource({ region: 'cn-hangzhou', endpoint, credentials, retry: false, ...options });

// A newest-first list of `count` invocations served page by page like ECS; `grow` adds new ones at the front.
function listing(count: number) {
  let items = Array.from({ length: count }, (_, index) => `t-old-${String(index).padStart(4, '0')}`);
  let created = 0;
  const page = (params: URLSearchParams): Answer => {
    const pageSize = Number(params.get('PageSize') ?? 10);
    const pageNumber = Number(params.get('PageNumber') ?? 1);
    const slice = items.slice((pageNumber - 1) * pageSize, pageNumber * pageSize);
    const body = {
      RequestId: `req-${pageNumber}`,
      TotalCount: items.length,
      PageNumber: pageNumber,
      PageSize: pageSize,
      Invocations: {
        Invocation: slice.map((invokeId) => ({
          InvokeId: invokeId,
          InvocationStatus: 'Success',
          InvokeStatus: 'Finished',
          Timed: false,
          Parameters: '{}',
          InvokeInstances: { InvokeInstance: [{ InstanceId: 'i-1', InvocationStatus: 'Success', Dropped: 0, Repeats: 0 }] },
        })),
      },
    };
    return { body: JSON.stringify(body) };
  };
  return {
    page,
    grow(by: number) {
      items = [...Array.from({ length: by }, () => `t-new-${created++}`), ...items];
    },
    old: () => items.filter((id) => id.startsWith('t-old-')),
  };
}

describe('requests on the wire (node:http, recorded bodies)', () => {
  it('get sends a signed DescribeInvocations with exactly the asked parameters and maps the seed body', async () => {
    const { endpoint, seen } = await serve(() => ({ body: fixture('ecs-seed-003.json') }));
    const invocation = await source(endpoint).get('t-hz0jdfwd9f****', { includeOutput: true });
    expect(invocation.invokeId).toBe('t-hz0jdfwd9f****');
    expect(invocation.targets[0]?.output).toBe('OutPutTestmsg');
    expect(seen).toHaveLength(1);
    const [request] = seen;
    expect(request?.method).toBe('POST');
    expect(request?.headers['x-acs-action']).toBe('DescribeInvocations');
    expect(request?.headers['x-acs-version']).toBe('2014-05-26');
    expect(String(request?.headers.authorization)).toMatch(/^ACS3-HMAC-SHA256 Credential=LTAI-test-id,SignedHeaders=.*,Signature=[0-9a-f]{64}$/);
    expect(Object.fromEntries(request?.params ?? [])).toEqual({
      RegionId: 'cn-hangzhou',
      InvokeId: 't-hz0jdfwd9f****',
      ContentEncoding: 'Base64',
      IncludeOutput: 'true',
      PageNumber: '1',
      PageSize: '1',
    });
    expect(JSON.stringify(request?.headers)).not.toContain(credentials.accessKeySecret);
  });

  it('V1 signing puts Signature and the common parameters in the query; XML is asked with Format', async () => {
    const { endpoint, seen } = await serve(() => ({ body: fixture('ecs-seed-003.xml'), contentType: 'text/xml' }));
    const items = await collect(source(endpoint, { signatureVersion: 'v1', format: 'xml' }).list({ targetId: 'i-bp1i7gg30r52z2em****' }));
    expect(items.map((item) => item.invokeId)).toEqual(['t-hz0jdfwd9f****']);
    const params = seen[0]?.params as URLSearchParams;
    expect(params.get('Action')).toBe('DescribeInvocations');
    expect(params.get('Version')).toBe('2014-05-26');
    expect(params.get('Format')).toBe('XML');
    expect(params.get('SignatureMethod')).toBe('HMAC-SHA1');
    expect(params.get('Signature')).toMatch(/^[A-Za-z0-9+/]+=*$/);
    expect(params.get('InstanceId')).toBe('i-bp1i7gg30r52z2em****');
    expect(params.get('PageSize')).toBe('50');
  });

  it('concurrent paging asks every page once, in flight together, and yields in page order (page 1 again after each batch)', async () => {
    const data = listing(95);
    let inFlight = 0;
    let peak = 0;
    // A barrier rather than a fixed delay: each request is held until four are in flight (or
    // 500 ms pass, for the last short batch), so a loaded machine cannot make this flaky.
    let release: () => void = () => {};
    let barrier = new Promise<void>((resolve) => (release = resolve));
    const { endpoint, seen } = await serve(async (request) => {
      inFlight += 1;
      peak = Math.max(peak, inFlight);
      if (inFlight >= 4) {
        release();
        barrier = new Promise<void>((resolve) => (release = resolve));
      } else {
        const held = barrier;
        await Promise.race([held, new Promise((resolve) => setTimeout(resolve, 500))]);
      }
      inFlight -= 1;
      return data.page(request.params);
    });
    const items = await collect(source(endpoint, { pageSize: 10, concurrency: 4 }).list());
    expect(items.map((item) => item.invokeId)).toEqual(data.old());
    // Page 1 again after each batch read together, sent with the next one (2..5; then page 1 with
    // 6..8, page 1 with 9..10, and page 1 on its own after the last): the same newest record shows
    // nothing slid while they were read.
    expect(seen.map((request) => request.params.get('PageNumber')).sort((a, b) => Number(a) - Number(b))).toEqual(
      ['1', '1', '1', ...Array.from({ length: 10 }, (_, index) => String(index + 1))],
    );
    expect(peak).toBe(4);
  });

  it('a page shift between concurrent pages is detected and the shifted records are re-read', async () => {
    const data = listing(40);
    // Page 3 is answered before and page 2 after three new invocations: without the guard, the three
    // records crossing from page 2 into page 3 are in neither answer, and the tail spills onto page 5.
    const { endpoint, seen } = await serve(async (request) => {
      const pageNumber = request.params.get('PageNumber');
      if (pageNumber === '2') {
        await new Promise((resolve) => setTimeout(resolve, 60));
        data.grow(3);
      }
      return data.page(request.params);
    });
    const items = await collect(source(endpoint, { pageSize: 10, concurrency: 4 }).list());
    const got = items.map((item) => item.invokeId);
    expect(new Set(got).size).toBe(got.length);
    for (const id of data.old()) expect(got).toContain(id);
    // The first pass yields in page order; re-read records come after it.
    expect(seen.length).toBeGreaterThan(4);
  });

  it('token paging follows NextToken one page after the other', async () => {
    const pages = [
      { RequestId: 'a', NextToken: 'tok-2', Invocations: { Invocation: [{ InvokeId: 't-1', InvocationStatus: 'Running', InvokeInstances: '' }] } },
      { RequestId: 'b', NextToken: '', Invocations: { Invocation: [{ InvokeId: 't-2', InvocationStatus: 'Success', InvokeInstances: '' }] } },
    ];
    const { endpoint, seen } = await serve((_request, index) => ({ body: JSON.stringify(pages[index]) }));
    const items = await collect(source(endpoint, { paging: 'token', pageSize: 1 }).list());
    expect(items.map((item) => item.invokeId)).toEqual(['t-1', 't-2']);
    expect(seen.map((request) => [request.params.get('MaxResults'), request.params.get('NextToken'), request.params.get('PageNumber')])).toEqual([
      ['1', null, null],
      ['1', 'tok-2', null],
    ]);
  });

  it('a NextToken that repeats stops the listing with an error instead of looping', async () => {
    const page = (index: number) =>
      JSON.stringify({ RequestId: `r${index}`, NextToken: 'same', Invocations: { Invocation: [{ InvokeId: `t-${index}`, InvokeStatus: 'Finished', InvocationStatus: 'Success' }] } });
    const { endpoint, seen } = await serve((_request, index) => ({ body: page(index) }));
    const error = await collect(source(endpoint, { paging: 'token' }).list()).catch((caught: unknown) => caught);
    expect(ListingLoopError.isInstance(error)).toBe(true);
    expect(String(error)).toMatch(/NextToken "same" twice/);
    expect(seen).toHaveLength(2);
  });

  it('an ECS error body becomes an ApiError with its code and request id', async () => {
    const { endpoint } = await serve(() => ({ status: 403, body: fixture('ecs-error-body.json') }));
    const error = await collect(source(endpoint).list()).catch((caught: unknown) => caught);
    expect(ApiError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ code: 'InvalidParam.PageSize', httpStatus: 403, requestId: 'ERR-0000-1111' });
  });

  it('an error body with HTTP 200 is the ApiError it carries, not an empty listing', async () => {
    const { endpoint } = await serve(() => ({ body: fixture('ecs-error-body.json') }));
    const error = await collect(source(endpoint).list()).catch((caught: unknown) => caught);
    expect(ApiError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ code: 'InvalidParam.PageSize', requestId: 'ERR-0000-1111' });
  });

  it('get: an empty answer or a NotFound code is a NotFoundError', async () => {
    const empty = await serve(() => ({ body: fixture('ecs-empty-list.json') }));
    await expect(source(empty.endpoint).get('t-nope')).rejects.toSatisfy((error: unknown) => NotFoundError.isInstance(error));
    await server?.close();
    const missing = await serve(() => ({
      status: 404,
      body: JSON.stringify({ RequestId: 'r', Code: 'InvalidInvokeId.NotFound', Message: 'The specified InvokeId does not exist.' }),
    }));
    const error = await source(missing.endpoint).get('t-nope').catch((caught: unknown) => caught);
    expect(NotFoundError.isInstance(error)).toBe(true);
    expect(ApiError.isInstance((error as Error).cause)).toBe(true);
  });

  it('list by ids asks once per distinct id and yields only what was found, in the ids order', async () => {
    const { endpoint, seen } = await serve((request) => {
      const id = request.params.get('InvokeId');
      if (id === 't-missing') return { body: fixture('ecs-empty-list.json') };
      return {
        body: JSON.stringify({ RequestId: 'r', TotalCount: 1, Invocations: { Invocation: [{ InvokeId: id, InvocationStatus: 'Success', InvokeInstances: '' }] } }),
      };
    });
    const items = await collect(source(endpoint).list({ invokeIds: ['t-b', 't-missing', 't-a', 't-b'] }));
    expect(items.map((item) => item.invokeId)).toEqual(['t-b', 't-a']);
    expect(seen.map((request) => request.params.get('InvokeId')).sort()).toEqual(['t-a', 't-b', 't-missing']);
  });

  it('a page past 64 KiB (parsed from the bytes in pieces) lists exactly what parseDescribeInvocations reads from its text', async () => {
    const chinese = Buffer.from('中文输出 ✓\n').toString('base64');
    const body = JSON.stringify({
      RequestId: 'req-big',
      TotalCount: 50,
      PageNumber: 1,
      PageSize: 50,
      Invocations: {
        Invocation: Array.from({ length: 50 }, (_, index) => ({
          InvokeId: `t-big-${String(index).padStart(2, '0')}`,
          CommandContent: chinese,
          InvocationStatus: 'Success',
          Parameters: '{"note":"],{\\"InvokeId\\":1}"}',
          InvokeInstances: {
            InvokeInstance: Array.from({ length: 10 }, (_, target) => ({
              InstanceId: `i-${index}-${target}`,
              InvocationStatus: 'Success',
              Output: target % 2 === 0 ? '' : chinese,
              ErrorInfo: target === 3 ? '失败 ] } , {"InvokeId"' : '',
              Dropped: 0,
              Repeats: 0,
            })),
          },
        })),
      },
    });
    expect(Buffer.byteLength(body)).toBeGreaterThan(64 * 1024);
    const { endpoint } = await serve(() => ({ body }));
    const fromText = parseDescribeInvocations(body, { format: 'json', region: 'cn-hangzhou' }).invocations;
    // With output asked for, every output is kept, the empty ones too.
    expect(await collect(source(endpoint).list({ includeOutput: true, targetId: 'i-0-0' }))).toStrictEqual(fromText);
    // Without, an empty output is a placeholder and left out (never set, so the record is as if it was not sent).
    const withoutEmpty = structuredClone(fromText);
    for (const invocation of withoutEmpty) for (const target of invocation.targets) if (target.output === '') delete target.output;
    const listed = await collect(source(endpoint).list({ targetId: 'i-0-0' }));
    expect(listed).toStrictEqual(withoutEmpty);
    expect(listed[0]?.targets.map((target) => 'output' in target)).toEqual([false, true, false, true, false, true, false, true, false, true]);
    expect(listed[0]?.commandContent).toBe('中文输出 ✓\n');
  });
});
