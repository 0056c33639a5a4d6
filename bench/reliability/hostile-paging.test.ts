// A server that lies about its pages (a node:http server on 127.0.0.1 answering real JSON and XML
// bodies): the listing must neither loop nor lose records silently. It ends, with every record the
// server claimed to have, or with a typed error saying what went wrong. Every request a walk makes
// is counted; a budget aborts a walk that would otherwise run on, so a regression fails fast
// instead of hanging.
import {
  AbortedError,
  ApiError,
  IncompleteListingError,
  ConfigurationError,
  ListingLoopError,
  PageLimitError,
  type Invocation,
  type InvocationSource,
} from '@invocations/core';
import { startRecordedServer, type RecordedAnswer, type RecordedRequest, type RecordedServer } from '@invocations/openapi/kit/testing';
import { createEcsSource, parseDescribeInvocations as parseEcs } from '@invocations/ecs';
import { parseDescribeInvocations as parseEflo } from '@invocations/eflo';
import { createSwasSource, parseDescribeInvocations as parseSwas } from '@invocations/swas';
import { afterEach, describe, expect, it } from 'vitest';

const credentials = { accessKeyId: 'LTAI-hostile-paging', accessKeySecret: 'hostile-paging-secret' };
const REGION = 'cn-hangzhou';
// Far more requests than any honest answer to these listings needs; past it the walk is looping.
const BUDGET = 400;

let server: RecordedServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function serve(answer: (request: RecordedRequest, index: number) => RecordedAnswer): Promise<RecordedServer> {
  server = await startRecordedServer(answer);
  return server;
}

function ecsInvocation(invokeId: string) {
  return {
    InvokeId: invokeId,
    InvocationStatus: 'Success',
    InvokeStatus: 'Finished',
    Timed: false,
    Parameters: '{}',
    InvokeInstances: { InvokeInstance: [{ InstanceId: 'i-1', InvocationStatus: 'Success', Dropped: 0, Repeats: 0 }] },
  };
}

/** An ECS DescribeInvocations body; `totalCount: undefined` leaves TotalCount out. */
function ecsPage(ids: readonly string[], fields: { totalCount?: number | undefined; pageNumber?: number; pageSize?: number; nextToken?: string } = {}): RecordedAnswer {
  const body: Record<string, unknown> = { RequestId: `req-${fields.pageNumber ?? 0}`, Invocations: { Invocation: ids.map(ecsInvocation) } };
  if ('totalCount' in fields && fields.totalCount !== undefined) body.TotalCount = fields.totalCount;
  if (fields.pageNumber !== undefined) body.PageNumber = fields.pageNumber;
  if (fields.pageSize !== undefined) body.PageSize = fields.pageSize;
  if (fields.nextToken !== undefined) body.NextToken = fields.nextToken;
  return { body: JSON.stringify(body) };
}

const ids = (prefix: string, from: number, count: number) => Array.from({ length: count }, (_, index) => `${prefix}-${String(from + index).padStart(7, '0')}`);
const pageOf = (request: RecordedRequest) => ({ pageNumber: Number(request.query.PageNumber ?? 1), pageSize: Number(request.query.PageSize ?? 10) });

function ecs(url: string, extra: Partial<Parameters<typeof createEcsSource>[0]> = {}): InvocationSource {
  return createEcsSource({ region: REGION, endpoint: url, credentials, retry: false, pageSize: 50, ...extra });
}

/** Lists until done, an error, or the server has answered `budget` requests (then aborts). */
async function listWithin(source: InvocationSource, seenBy: RecordedServer, query = {}, budget = BUDGET): Promise<{ listed: string[]; error?: unknown }> {
  const controller = new AbortController();
  // Checked on a timer too: a looping walk may yield nothing (every record a repeat).
  const watch = setInterval(() => {
    if (seenBy.requests.length > budget) controller.abort(new Error('request budget spent: the walk was looping'));
  }, 5);
  const listed: string[] = [];
  try {
    for await (const invocation of source.list(query, { signal: controller.signal }) as AsyncIterable<Invocation>) listed.push(invocation.invokeId);
    return { listed };
  } catch (error) {
    return { listed, error };
  } finally {
    clearInterval(watch);
  }
}

function expectNotBudgetAbort(error: unknown): void {
  expect(AbortedError.isInstance(error), `the walk ran past ${BUDGET} requests: ${String(error)}`).toBe(false);
}

describe('a hostile server cannot make a listing loop', () => {
  it('TotalCount absent and every page full of the same records: a ListingLoopError after page 2', async () => {
    const same = ids('t-same', 0, 50);
    const hostile = await serve((request) => ecsPage(same, { pageNumber: pageOf(request).pageNumber, pageSize: 50 }));
    for (const paging of ['concurrent', 'sequential'] as const) {
      hostile.requests.length = 0;
      const { listed, error } = await listWithin(ecs(hostile.url, { paging }), hostile);
      expectNotBudgetAbort(error);
      expect(ListingLoopError.isInstance(error), String(error)).toBe(true);
      expect(listed).toEqual(same);
      expect(hostile.requests).toHaveLength(2);
    }
  });

  it('NextToken new on every answer, with empty pages or with the same records: a ListingLoopError', async () => {
    const same = ids('t-same', 0, 50);
    for (const records of [[], same]) {
      const hostile = await serve((_request, index) => ecsPage(records, { nextToken: `token-${index}` }));
      const { listed, error } = await listWithin(ecs(hostile.url, { paging: 'token' }), hostile);
      expectNotBudgetAbort(error);
      expect(ListingLoopError.isInstance(error), String(error)).toBe(true);
      expect(listed).toEqual(records);
      expect(hostile.requests.length).toBeLessThanOrEqual(2);
      await hostile.close();
      server = undefined;
    }
  });

  it('TotalCount 2^53-1 or 2147483647: a PageLimitError after page 1, not millions of pages or a RangeError', async () => {
    for (const totalCount of [Number.MAX_SAFE_INTEGER, 2_147_483_647]) {
      const hostile = await serve((request) => {
        const { pageNumber, pageSize } = pageOf(request);
        return ecsPage(ids('t-many', (pageNumber - 1) * pageSize, pageSize), { totalCount, pageNumber, pageSize });
      });
      const { listed, error } = await listWithin(ecs(hostile.url), hostile);
      expectNotBudgetAbort(error);
      expect(PageLimitError.isInstance(error), String(error)).toBe(true);
      expect(String(error)).toContain(`TotalCount ${totalCount}`);
      expect(listed).toHaveLength(50);
      expect(hostile.requests).toHaveLength(1);
      await hostile.close();
      server = undefined;
    }
  });

  it('SWAS ListInstances answering PageSize 1 with TotalCount 1,000,000: a PageLimitError, not a million requests', async () => {
    const hostile = await serve((request) => {
      if (request.action === 'ListInstances') {
        const { pageNumber } = pageOf(request);
        const instance = { InstanceId: `ins-${pageNumber}`, InstanceName: 'web', RegionId: REGION, Status: 'Running' };
        return { body: JSON.stringify({ RequestId: `li-${pageNumber}`, TotalCount: 1_000_000, PageNumber: pageNumber, PageSize: 1, Instances: [instance] }) };
      }
      return { body: JSON.stringify({ RequestId: 'di', TotalCount: 0, PageNumber: 1, PageSize: 50, Invocations: [] }) };
    });
    const source = createSwasSource({ region: REGION, endpoint: hostile.url, credentials, retry: false });
    const { error } = await listWithin(source, hostile);
    expectNotBudgetAbort(error);
    expect(PageLimitError.isInstance(error), String(error)).toBe(true);
    expect(String(error)).toMatch(/swas ListInstances.*TotalCount 1000000/);
    expect(hostile.requests.filter((request) => request.action === 'ListInstances')).toHaveLength(1);
  });

  it('maxPages is an option, checked before any request, and reaching it is a PageLimitError', async () => {
    const records = ids('t-rec', 0, 300);
    const honest = await serve((request) => {
      const { pageNumber, pageSize } = pageOf(request);
      return ecsPage(records.slice((pageNumber - 1) * pageSize, pageNumber * pageSize), { totalCount: records.length, pageNumber, pageSize });
    });
    expect(() => ecs(honest.url, { maxPages: 0 })).toThrow(ConfigurationError);
    expect(() => ecs(honest.url, { maxPages: 1.5 })).toThrow(/maxPages: must be an integer/);
    const limited = await listWithin(ecs(honest.url, { maxPages: 3 }), honest);
    expect(PageLimitError.isInstance(limited.error), String(limited.error)).toBe(true);
    expect((limited.error as PageLimitError).maxPages).toBe(3);
    honest.requests.length = 0;
    // Six pages, and page 1 once more: the same newest record there shows the pages read at once did not slide.
    const enough = await listWithin(ecs(honest.url, { maxPages: 7 }), honest);
    expect(enough.error).toBeUndefined();
    expect(enough.listed).toEqual(records);
  });
});

describe('a hostile server cannot make a listing lose records silently', () => {
  it('TotalCount 0 or negative with a full page 1 and more pages behind it: reads on to the short page', async () => {
    const records = ids('t-rec', 0, 120);
    for (const totalCount of [0, -1]) {
      const hostile = await serve((request) => {
        const { pageNumber, pageSize } = pageOf(request);
        return ecsPage(records.slice((pageNumber - 1) * pageSize, pageNumber * pageSize), { totalCount, pageNumber, pageSize });
      });
      const { listed, error } = await listWithin(ecs(hostile.url), hostile);
      expect(error).toBeUndefined();
      expect(listed).toEqual(records);
      expect(hostile.requests.map((request) => request.query.PageNumber)).toEqual(['1', '2', '3']);
      await hostile.close();
      server = undefined;
    }
  });

  it('TotalCount 150 with a 10-record page 2: an IncompleteListingError saying 150 expected, 60 seen', async () => {
    const records = ids('t-rec', 0, 150);
    const hostile = await serve((request) => {
      const { pageNumber, pageSize } = pageOf(request);
      const slice = records.slice((pageNumber - 1) * pageSize, pageNumber * pageSize);
      return ecsPage(pageNumber === 2 ? slice.slice(0, 10) : pageNumber === 3 ? [] : slice, { totalCount: 150, pageNumber, pageSize });
    });
    const { listed, error } = await listWithin(ecs(hostile.url), hostile);
    expectNotBudgetAbort(error);
    expect(IncompleteListingError.isInstance(error), String(error)).toBe(true);
    expect(error).toMatchObject({ expected: 150, seen: 60 });
    expect(listed).toHaveLength(60);
    expect(hostile.requests.length).toBeLessThanOrEqual(6);
  });

  it('an empty page 2 of TotalCount 120: an IncompleteListingError, not 70 records and success', async () => {
    const records = ids('t-rec', 0, 120);
    const hostile = await serve((request) => {
      const { pageNumber, pageSize } = pageOf(request);
      return ecsPage(pageNumber === 2 ? [] : records.slice((pageNumber - 1) * pageSize, pageNumber * pageSize), { totalCount: 120, pageNumber, pageSize });
    });
    for (const paging of ['concurrent', 'sequential'] as const) {
      hostile.requests.length = 0;
      const { listed, error } = await listWithin(ecs(hostile.url, { paging }), hostile);
      expectNotBudgetAbort(error);
      expect(IncompleteListingError.isInstance(error), String(error)).toBe(true);
      expect(error).toMatchObject({ expected: 120, seen: listed.length });
      expect(listed.length).toBeLessThan(120);
    }
  });

  it('a listing that keeps its claims is read whole, and records expiring at the back are no false alarm', async () => {
    // Retention: after every answer the five oldest records expire (TotalCount falls with them).
    let records = ids('t-rec', 0, 400);
    const expired = new Set<string>();
    const retention = await serve((request) => {
      const { pageNumber, pageSize } = pageOf(request);
      const answer = ecsPage(records.slice((pageNumber - 1) * pageSize, pageNumber * pageSize), { totalCount: records.length, pageNumber, pageSize });
      for (const id of records.slice(-5)) expired.add(id);
      records = records.slice(0, -5);
      return answer;
    });
    for (const paging of ['concurrent', 'sequential'] as const) {
      const { listed, error } = await listWithin(ecs(retention.url, { paging }), retention);
      expect(error).toBeUndefined();
      expect(new Set(listed).size).toBe(listed.length);
      const kept = ids('t-rec', 0, 400).filter((id) => !expired.has(id));
      expect(kept.filter((id) => !listed.includes(id))).toEqual([]);
    }
  });
});

describe('an error-shaped body is the API error it carries', () => {
  const json = JSON.stringify({ RequestId: 'E-7F3A-0001', HostId: 'ecs.aliyuncs.com', Code: 'Throttling.User', Message: 'Request was denied due to user flow control.' });
  const xml =
    '<?xml version="1.0" encoding="UTF-8"?><Error><RequestId>E-7F3A-0001</RequestId><HostId>ecs.aliyuncs.com</HostId><Code>Throttling.User</Code><Message>Request was denied due to user flow control.</Message></Error>';
  const parsers = {
    ecs: (body: string, format: 'json' | 'xml') => parseEcs(body, { format }),
    swas: (body: string, format: 'json' | 'xml') => parseSwas(body, { format, instanceId: 'ins-1' }),
    eflo: (body: string, format: 'json' | 'xml') => parseEflo(body, { format }),
  };

  it.each(Object.keys(parsers).flatMap((product) => (['json', 'xml'] as const).map((format) => [product as keyof typeof parsers, format] as const)))(
    '%s parseDescribeInvocations, %s: an ApiError with the code and request id, not an empty page',
    (product, format) => {
      let error: unknown;
      try {
        parsers[product](format === 'json' ? json : xml, format);
      } catch (caught) {
        error = caught;
      }
      expect(ApiError.isInstance(error), String(error)).toBe(true);
      expect(error).toMatchObject({ code: 'Throttling.User', requestId: 'E-7F3A-0001', serviceMessage: 'Request was denied due to user flow control.' });
    },
  );

  it('a SWAS instance answering an error body with HTTP 200 fails the listing instead of listing nothing', async () => {
    const hostile = await serve((request) =>
      request.action === 'DescribeInvocations' ? { body: json } : { status: 400, body: JSON.stringify({ RequestId: 'x', Code: 'InvalidAction', Message: request.action }) },
    );
    const source = createSwasSource({ region: REGION, endpoint: hostile.url, credentials, retry: false });
    const { listed, error } = await listWithin(source, hostile, { targetId: 'ins-1' });
    expect(listed).toEqual([]);
    expect(ApiError.isInstance(error), String(error)).toBe(true);
    expect(error).toMatchObject({ code: 'Throttling.User', requestId: 'E-7F3A-0001' });
  });

  it('SWAS ListInstances answering an error body with HTTP 200 is an ApiError, not a region without instances', async () => {
    const hostile = await serve((request) =>
      request.action === 'ListInstances' ? { body: json } : { body: JSON.stringify({ RequestId: 'di', TotalCount: 0, Invocations: [] }) },
    );
    const source = createSwasSource({ region: REGION, endpoint: hostile.url, credentials, retry: false });
    const { error } = await listWithin(source, hostile);
    expect(ApiError.isInstance(error), String(error)).toBe(true);
    expect(error).toMatchObject({ code: 'Throttling.User', action: 'ListInstances' });
  });
});
