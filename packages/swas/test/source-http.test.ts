import { readFileSync } from 'node:fs';
import { AbortedError, InvalidQueryError, NotFoundError } from '@invocations/core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createSwasSource } from '../src/index.js';
import { collect } from '@invocations/core/testing';
import { startRecordedServer, type RecordedRequest } from '@invocations/openapi/kit/testing';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const credentials = { accessKeyId: 'AKIDtest', accessKeySecret: 'not-a-real-secret' };
const WEB1 = '3a658ca270df4df39f22e289b338****';
const WEB2 = 'ace0706b2ac4454d984295a94213****';
const WEB3 = '2ad1ae67295445f598017499dc****';

// A region of three instances (ListInstances pages 1 and 2). WEB1 holds the records of
// swas-parameters-map (two invocations), WEB2 the seed 001 record; WEB3 holds nothing.
// DescribeInvocationResult knows (WEB1, t-hz02p9545t7b), (WEB1, t-hz02p9545t7a) and (WEB2, t-hz02p9545t6****).
function answer(request: RecordedRequest) {
  const xml = request.query.Format === 'XML';
  const ext = xml ? 'xml' : 'json';
  const q = request.query;
  switch (request.action) {
    case 'ListInstances':
      return { body: fixture(q.PageNumber === '2' ? 'swas-list-instances-page-2.json' : 'swas-list-instances-page-1.json') };
    case 'DescribeInvocations':
      if (q.InstanceId === WEB1) return { body: fixture(`swas-parameters-map.${ext}`) };
      // Seed 001's example says TotalCount 10 beside its one record: a listing short of its own
      // TotalCount is an IncompleteListingError (see the hostile paging suite), so WEB2 answers the
      // record with the count that fits it.
      if (q.InstanceId === WEB2) return { body: fixture(`swas-seed-001.${ext}`).replace(/("TotalCount" : |<TotalCount>)10/, '$11') };
      return { body: fixture(`swas-empty.${ext}`) };
    case 'DescribeInvocationResult':
      if (q.InstanceId === WEB1 && q.InvokeId === 't-hz02p9545t7b') return { body: fixture(`swas-describe-invocation-result-error.${ext}`) };
      if (q.InstanceId === WEB1 && q.InvokeId === 't-hz02p9545t7a') return { body: fixture(`swas-describe-invocation-result-running.${ext}`) };
      if (q.InstanceId === WEB2 && q.InvokeId === 't-hz02p9545t6****') {
        return { body: fixture('swas-describe-invocation-result.json').replace('t-bj02prjje65****', 't-hz02p9545t6****') };
      }
      return {
        status: 404,
        body: JSON.stringify({ RequestId: 'r-404', Code: 'InvalidInvokeId.NotFound', Message: 'The specified InvokeId does not exist.', HostId: '127.0.0.1' }),
      };
    default:
      return { status: 400, body: JSON.stringify({ RequestId: 'r-400', Code: 'InvalidAction', Message: request.action }) };
  }
}

let server: Awaited<ReturnType<typeof startRecordedServer>>;
beforeAll(async () => {
  server = await startRecordedServer(answer);
});
afterAll(() => server.close());
beforeEach(() => {
  server.requests.length = 0;
});

const source = (extra: Partial<Parameters<typeof createSwasSource>[0]> = {}) =>
  createSwasSource({ region: 'cn-hangzhou', endpoint: server.url, credentials, retry: false, ...extra });

describe('createSwasSource over HTTP (recorded bodies)', () => {
  it('list({ targetId }) asks only that instance, with RegionId, InstanceId, InvokeStatus and paging in the query', async () => {
    const invocations = await collect(source().list({ targetId: WEB1, invokeStatus: 'failed', pageSize: 10 }));
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]?.action).toBe('DescribeInvocations');
    expect(server.requests[0]?.headers['x-acs-version']).toBe('2020-06-01');
    expect(server.requests[0]?.query).toEqual({ RegionId: 'cn-hangzhou', InstanceId: WEB1, InvokeStatus: 'Failed', PageNumber: '1', PageSize: '10' });
    expect(invocations.map((invocation) => [invocation.invokeId, invocation.status, invocation.targets.map((target) => target.id)])).toEqual([
      ['t-hz02p9545t7a', 'Running', [WEB1]],
      ['t-hz02p9545t7b', 'Failed', [WEB1]],
    ]);
  });

  it('list() without an instance discovers the region with ListInstances (paged) and asks every instance', async () => {
    const invocations = await collect(source({ pageSize: 10 }).list());
    const listPages = server.requests.filter((request) => request.action === 'ListInstances').map((request) => request.query.PageNumber);
    // The recorded pages say PageSize 2 and TotalCount 3: the walk follows the service's page size.
    expect(listPages.sort()).toEqual(['1', '2']);
    const asked = server.requests.filter((request) => request.action === 'DescribeInvocations').map((request) => request.query.InstanceId);
    expect(asked.sort()).toEqual([WEB1, WEB2, WEB3].sort());
    expect(invocations.map((invocation) => invocation.invokeId).sort()).toEqual(['t-hz02p9545t6****', 't-hz02p9545t7a', 't-hz02p9545t7b']);
  });

  it('includeOutput merges each DescribeInvocationResult: exit code, decoded output, error, user, times', async () => {
    const invocations = await collect(source().list({ targetId: WEB1, includeOutput: true }));
    const failed = invocations.find((invocation) => invocation.invokeId === 't-hz02p9545t7b');
    expect(failed).toMatchObject({ username: 'admin', status: 'Failed' });
    expect(failed?.targets).toEqual([
      {
        id: WEB1,
        kind: 'instance',
        status: 'Failed',
        legacyStatus: 'Failed',
        exitCode: 2,
        output: "ls: cannot access '/nope': No such file or directory\n",
        droppedBytes: 0,
        repeats: 0,
        errorCode: 'ExitCodeNonzero',
        rawErrorCode: 'ExitCodeNonzero',
        errorInfo: 'the command execution exit code is not zero',
        startedAt: '2022-07-12T07:00:01Z',
        finishedAt: '2022-07-12T07:00:02Z',
      },
    ]);
    const results = server.requests.filter((request) => request.action === 'DescribeInvocationResult');
    expect(results.map((request) => request.query)).toContainEqual({ RegionId: 'cn-hangzhou', InstanceId: WEB1, InvokeId: 't-hz02p9545t7b' });
  });

  it('get() finds where the invocation ran with DescribeInvocationResult, then its record', async () => {
    const invocation = await source().get('t-hz02p9545t6****', { includeOutput: true });
    expect(invocation).toMatchObject({
      product: 'swas',
      region: 'cn-hangzhou',
      invokeId: 't-hz02p9545t6****',
      commandName: 'testname',
      commandContent: 'ls',
      username: 'root',
      status: 'Success',
    });
    expect(invocation.targets).toHaveLength(1);
    expect(invocation.targets[0]).toMatchObject({ id: WEB2, output: 'admin\n', exitCode: 0, finishedAt: '2022-07-11T06:37:17Z' });
    // One result call per instance of the region, one listing of the instance that knows it.
    const results = server.requests.filter((request) => request.action === 'DescribeInvocationResult').map((request) => request.query.InstanceId);
    expect(results.sort()).toEqual([WEB1, WEB2, WEB3].sort());
    expect(server.requests.filter((request) => request.action === 'DescribeInvocations').map((request) => request.query.InstanceId)).toEqual([WEB2]);
  });

  it('get() without includeOutput leaves the output out', async () => {
    const invocation = await source().get('t-hz02p9545t6****');
    expect(invocation.targets[0]?.output).toBeUndefined();
    expect(invocation.targets[0]?.exitCode).toBe(0);
  });

  it('get() of an id no instance knows is a NotFoundError', async () => {
    await expect(source().get('t-nowhere')).rejects.toBeInstanceOf(NotFoundError);
  });

  it('list({ invokeIds }) yields the known ids in order and skips the others', async () => {
    const invocations = await collect(source().list({ invokeIds: ['t-hz02p9545t7b', 't-nowhere', 't-hz02p9545t6****'] }));
    expect(invocations.map((invocation) => [invocation.invokeId, invocation.targets.map((target) => target.id)])).toEqual([
      ['t-hz02p9545t7b', [WEB1]],
      ['t-hz02p9545t6****', [WEB2]],
    ]);
  });

  it('list({ invokeIds }) discovers the region once for all the ids (one ListInstances walk, not one per id)', async () => {
    await collect(source().list({ invokeIds: ['t-hz02p9545t7b', 't-nowhere', 't-hz02p9545t6****', 't-hz02p9545t7a'] }));
    const listPages = server.requests.filter((request) => request.action === 'ListInstances').map((request) => request.query.PageNumber);
    // The region's two ListInstances pages, once.
    expect(listPages.sort()).toEqual(['1', '2']);
    // Each id is still asked of each of the three instances.
    expect(server.requests.filter((request) => request.action === 'DescribeInvocationResult')).toHaveLength(12);
  });

  it('reads XML to the same invocations as JSON', async () => {
    const json = await collect(source().list({ targetId: WEB1 }));
    const xml = await collect(source({ format: 'xml' }).list({ targetId: WEB1 }));
    // XML carries no types: the Parameters map's 3 is "3" there.
    expect(xml.map((invocation) => ({ ...invocation, parameters: {} }))).toEqual(json.map((invocation) => ({ ...invocation, parameters: {} })));
  });

  it('rejects what SWAS cannot serve before any request, naming the field', async () => {
    await expect(collect(source().list({ commandId: 'c-1' }))).rejects.toThrow(/commandId: SWAS DescribeInvocations cannot filter/);
    await expect(collect(source().list({ invokeStatus: 'Stopped', targetId: WEB1 }))).rejects.toBeInstanceOf(InvalidQueryError);
    await expect(collect(source().list({ invokeStatus: 'Stopped' }))).rejects.toThrow(/invokeStatus: must be one of Running, Finished, Failed/);
    expect(() => source({ paging: 'token' as 'sequential' })).toThrow(/paging: must be concurrent or sequential \(SWAS pages with PageNumber\/PageSize only, no NextToken\)/);
    expect(() => source({ contentEncoding: 'PlainText' } as object)).toThrow(/contentEncoding: is not an option of this source: SWAS has no ContentEncoding parameter/);
    expect(server.requests).toHaveLength(0);
  });

  it('an aborted signal stops the listing with an AbortedError', async () => {
    const controller = new AbortController();
    controller.abort(new Error('stop'));
    await expect(collect(source().list({ targetId: WEB1 }, { signal: controller.signal }))).rejects.toBeInstanceOf(AbortedError);
  });
});
