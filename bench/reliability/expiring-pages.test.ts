// A busy region at its retention limit (ECS keeps two weeks, at most 100,000 invocations a region):
// new invocations arrive at the front of the newest-first listing while as many of the oldest
// expire at the back, so TotalCount stays put while every record slides further down. A node:http
// server on 127.0.0.1 answers real DescribeInvocations bodies from such a list. The walk must end
// without a false ListingLoopError, list each invocation that existed throughout exactly once, and,
// when the list slides faster than it can be re-read, say so with an IncompleteListingError.
import { IncompleteListingError, ListingLoopError, type Invocation } from '@invocations/core';
import { createEcsSource } from '@invocations/ecs';
import { startRecordedServer, type RecordedServer } from '@invocations/openapi/kit/testing';
import { afterEach, describe, expect, it } from 'vitest';

const credentials = { accessKeyId: 'LTAI-expiring-pages', accessKeySecret: 'expiring-pages-secret' };
const REGION = 'cn-hangzhou';
const TOTAL = 1_000;
const PAGE = 50;

let server: RecordedServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

function body(ids: readonly string[], totalCount: number, pageNumber: number): string {
  const invocations = ids.map((invokeId) => ({
    InvokeId: invokeId,
    InvocationStatus: 'Success',
    InvokeStatus: 'Finished',
    Timed: false,
    Parameters: '{}',
    InvokeInstances: { InvokeInstance: [{ InstanceId: 'i-1', InvocationStatus: 'Success', Dropped: 0, Repeats: 0 }] },
  }));
  return JSON.stringify({ RequestId: `req-${pageNumber}`, TotalCount: totalCount, PageNumber: pageNumber, PageSize: PAGE, Invocations: { Invocation: invocations } });
}

/**
 * Serves a newest-first list of `total` records; after the answer to request `index` (from 0),
 * `arrivals(index)` new records arrive at the front and (unless `expire` is false) as many of the
 * oldest expire.
 */
async function serveExpiring(arrivals: (index: number) => number, { total = TOTAL, expire = true } = {}) {
  let list = Array.from({ length: total }, (_, index) => `t-old-${String(total - index).padStart(6, '0')}`);
  let created = 0;
  const expired = new Set<string>();
  server = await startRecordedServer((request, index) => {
    const pageNumber = Number(request.query.PageNumber ?? 1);
    const pageSize = Number(request.query.PageSize ?? 10);
    const answer = { body: body(list.slice((pageNumber - 1) * pageSize, pageNumber * pageSize), list.length, pageNumber) };
    const count = arrivals(index);
    if (count > 0) {
      const fresh = Array.from({ length: count }, () => `t-new-${String(++created).padStart(6, '0')}`).reverse();
      const kept = expire ? list.length - count : list.length;
      for (const id of list.slice(kept)) expired.add(id);
      list = [...fresh, ...list.slice(0, kept)];
    }
    return answer;
  });
  // The records that existed from the start and never expired: every one must be listed.
  const throughout = () => Array.from({ length: total }, (_, index) => `t-old-${String(total - index).padStart(6, '0')}`).filter((id) => !expired.has(id));
  return { server, throughout, created: () => created };
}

async function list(url: string, paging: 'sequential' | 'concurrent'): Promise<{ ids: string[]; error?: unknown }> {
  const source = createEcsSource({ region: REGION, endpoint: url, credentials, retry: false, pageSize: PAGE, paging });
  const ids: string[] = [];
  try {
    for await (const invocation of source.list({}) as AsyncIterable<Invocation>) ids.push(invocation.invokeId);
    return { ids };
  } catch (error) {
    return { ids, error };
  }
}

describe.each(['sequential', 'concurrent'] as const)('%s paging of a list whose TotalCount stays put while it slides', (paging) => {
  it.each([
    ['20 arriving (and 20 expiring) after every answer', (_index: number) => 20],
    ['60 arriving (and 60 expiring) after every third answer: pages come back full of records already listed', (index: number) => (index % 3 === 0 ? 60 : 0)],
  ])('%s: every record that existed throughout, each once, and no error', async (_case, arrivals) => {
    const expiring = await serveExpiring(arrivals);
    const { ids, error } = await list(expiring.server.url, paging);
    expect(error, String(error)).toBeUndefined();
    expect(expiring.created()).toBeGreaterThan(PAGE);
    expect(ids.length - new Set(ids).size).toBe(0);
    const listed = new Set(ids);
    const missing = expiring.throughout().filter((id) => !listed.has(id));
    expect(missing, `${missing.length} records that existed throughout were not listed`).toEqual([]);
    // Bounded: the walk re-reads what slid, not the listing over and over.
    expect(expiring.server.requests.length).toBeLessThan(4 * (TOTAL / PAGE));
  });
});

describe.each(['sequential', 'concurrent'] as const)('%s paging of a list sliding more than a page after every answer', (paging) => {
  it('with as many expiring: no error, no record twice (what it could not reach expired before it got there)', async () => {
    // Every page request expires more than a page, and reading the list takes a request a page:
    // no record outlives the walk, and an honest walk ends with what it could read.
    const expiring = await serveExpiring(() => PAGE + 10, { total: 5_000 });
    const { ids, error } = await list(expiring.server.url, paging);
    expect(ListingLoopError.isInstance(error), String(error)).toBe(false);
    expect(error, String(error)).toBeUndefined();
    expect(ids.length).toBeGreaterThan(PAGE);
    expect(ids.length - new Set(ids).size).toBe(0);
    const listed = new Set(ids);
    expect(expiring.throughout().filter((id) => !listed.has(id))).toEqual([]);
  });

  it('with none expiring, it cannot be read whole: an IncompleteListingError with what it saw, not a loop', async () => {
    const growing = await serveExpiring(() => PAGE + 10, { expire: false });
    const { ids, error } = await list(growing.server.url, paging);
    expect(ListingLoopError.isInstance(error), String(error)).toBe(false);
    expect(IncompleteListingError.isInstance(error), String(error)).toBe(true);
    expect(error).toMatchObject({ seen: ids.length });
    expect((error as Error).message).toContain('the listing kept shifting');
    // The walk's budget (its pages three times over, plus 10, plus one batch read beside a look that
    // failed), then at most one more batch (16 at once by default) and a look past page 1.
    expect(growing.server.requests.length).toBeLessThanOrEqual(3 * (TOTAL / PAGE) + 10 + 2 * 16 + 4);
  });
});
