import { AbortedError, NotFoundError, parseInput, type GetOptions, type Invocation, type InvocationQuery, type ListOptions, type RunnableSource } from '@invocations/core';
import { createLimiter, createSourceClient, linkedListing, type PagingOptions, type SourceOptions } from '@invocations/openapi/kit';
import * as z from 'zod/mini';
import { discoverInstancesOnce } from './discover-instances.js';
import { findInvocation } from './find-invocation.js';
import { recordsOfInstance, withOutputs } from './instance-records.js';
import { joinInstanceRecords } from './map-invocation.js';
import { createSwasRun } from './run-command.js';
import { SWAS_MAX_PAGE_SIZE, swasDescribeInvocationsRequestSchema, swasQuerySchema, type SwasQuery } from './request.js';
import type { SwasContext } from './source-context.js';

/** How {@link createSwasSource} walks through pages: SWAS has no NextToken, so there is no `token` walk. */
export type SwasPaging = 'concurrent' | 'sequential';

/**
 * Options of {@link createSwasSource}: the openapi client's options (region, credentials, endpoint,
 * format, retries, hooks, ...), `concurrency` (the most requests in flight at once for one `list()` or
 * `get()`: pages, instances, results; default 16, halved while the service throttles and grown back as
 * it answers) and the paging options. `paging`: `concurrent` (default):
 * pages 2..n at once after page 1 gave the total; `sequential`: one page after the other. `maxPages`
 * bounds each instance's DescribeInvocations walk and the ListInstances walk. SWAS has no
 * ContentEncoding parameter (CommandContent and Output always arrive in Base64 and are decoded), so
 * there is no `contentEncoding` option.
 */
export interface SwasSourceOptions extends SourceOptions, PagingOptions<SwasPaging> {}

const invokeIdSchema = z.string().check(z.trim()).check(z.minLength(1, 'must be a non-empty invoke id'));

/**
 * A source of SWAS (Simple Application Server) invocations in one region.
 *
 * SWAS's DescribeInvocations asks one instance at a time and returns no per-instance detail, so:
 * - `list({ targetId })` reads that instance's records page by page (the instance is each
 *   invocation's one target);
 * - `list()` without a `targetId` discovers the region's instances with ListInstances (paged) and
 *   reads each of them, concurrently and bounded; an invocation run on several instances comes out
 *   once, with one target per instance (so this listing is collected before it is yielded);
 * - `list({ invokeIds })` and `get(invokeId)` have no InvokeId filter to use: they ask
 *   DescribeInvocationResult of each instance of the region (one call per instance; `targetId`
 *   narrows it to one) to find where the invocation ran, then read the command's record from the
 *   first such instance's listing (stopping at the page that holds it). `get` rejects with a
 *   `NotFoundError` when no instance knows the id.
 * - `includeOutput` asks DescribeInvocationResult for each record and merges the exit code, decoded
 *   output, canonical error code, start and finish times into the target and `InvokeUser` into
 *   `username`.
 * Query fields SWAS cannot filter on are an `InvalidQueryError` before any request.
 * - `run` sends one RunCommand per target (SWAS takes one instance per call); there is no `stop`,
 *   since SWAS has no StopInvocation.
 *
 * @example
 * const swas = createSwasSource({ region: 'cn-hangzhou', endpoint: 'swas.cn-hangzhou.aliyuncs.com' });
 * for await (const invocation of swas.list({ invokeStatus: 'Failed', includeOutput: true })) {
 *   console.log(invocation.invokeId, invocation.targets[0]?.output);
 * }
 */
export function createSwasSource(options: SwasSourceOptions): RunnableSource {
  const { client, region, pageSize: defaultPageSize, window, paging, maxPages } = createSourceClient('swas', options, {
    context: 'createSwasSource',
    paging: ['concurrent', 'sequential'],
    pagingNote: 'SWAS pages with PageNumber/PageSize only, no NextToken',
    contentEncoding: false,
    contentEncodingNote: 'SWAS has no ContentEncoding parameter; CommandContent and Output always arrive in Base64 and are decoded',
  });
  // The limiter bounds every request of one list() or get(); the page walk bounds its own pages too.
  // Both read the source's adaptive window (at most `concurrency`), which every call feeds.
  const context: SwasContext = {
    client,
    region,
    ...(defaultPageSize === undefined ? {} : { defaultPageSize }),
    pagesAtOnce: paging === 'sequential' ? 1 : window,
    pageLimit: maxPages === undefined ? {} : { maxPages },
  };

  async function* list(query: InvocationQuery = {}, listOptions: ListOptions = {}): AsyncGenerator<Invocation, void, undefined> {
    const checkedQuery = parseInput(swasQuerySchema, query, 'swas list');
    // The request's own rules (PageSize 1..50, the instance), checked before any request.
    parseInput(
      swasDescribeInvocationsRequestSchema,
      { regionId: region, instanceId: checkedQuery.targetId ?? 'any', query: checkedQuery, pageSize: checkedQuery.pageSize ?? defaultPageSize ?? SWAS_MAX_PAGE_SIZE },
      'swas list',
    );
    yield* linkedListing(listOptions.signal, (signal) => walk(checkedQuery, signal));
  }

  async function* walk(checkedQuery: SwasQuery, signal: AbortSignal): AsyncGenerator<Invocation, void, undefined> {
    const limit = createLimiter(window);
    if (checkedQuery.invokeIds !== undefined) {
      // One ListInstances walk for all the ids, not one per id.
      const instances = discoverInstancesOnce(context, limit, signal);
      const found = [...new Set(checkedQuery.invokeIds)].map((invokeId) => findInvocation(context, limit, invokeId, checkedQuery, instances, signal));
      for (const promise of found) promise.catch(() => undefined);
      for (const promise of found) {
        const invocation = await promise;
        if (invocation === undefined) continue;
        if (checkedQuery.invokeStatus !== undefined && invocation.invokeStatus !== checkedQuery.invokeStatus) continue;
        yield invocation;
      }
      return;
    }
    if (checkedQuery.targetId !== undefined) {
      for await (const invocation of recordsOfInstance(context, limit, checkedQuery.targetId, checkedQuery, signal)) {
        yield checkedQuery.includeOutput === true ? await withOutputs(context, limit, invocation, signal) : invocation;
      }
      return;
    }
    const instanceIds = await discoverInstancesOnce(context, limit, signal)();
    const perInstance = await Promise.all(
      instanceIds.map(async (instanceId) => {
        const records: Invocation[] = [];
        for await (const invocation of recordsOfInstance(context, limit, instanceId, checkedQuery, signal)) records.push(invocation);
        return records;
      }),
    );
    const byId = new Map<string, Invocation[]>();
    for (const records of perInstance) {
      for (const record of records) {
        const group = byId.get(record.invokeId);
        if (group) group.push(record);
        else byId.set(record.invokeId, [record]);
      }
    }
    const joined = [...byId.values()].map((group) => joinInstanceRecords(group));
    if (checkedQuery.includeOutput !== true) {
      yield* joined;
      return;
    }
    const detailed = joined.map((invocation) => withOutputs(context, limit, invocation, signal));
    for (const promise of detailed) promise.catch(() => undefined);
    for (const promise of detailed) yield await promise;
  }

  async function get(invokeId: string, getOptions: GetOptions = {}): Promise<Invocation> {
    const id = parseInput(invokeIdSchema, invokeId, 'swas get');
    const signal = getOptions.signal;
    if (signal?.aborted) throw new AbortedError('the call was aborted', { cause: signal.reason });
    const limit = createLimiter(window);
    let found: Invocation | undefined;
    try {
      found = await findInvocation(context, limit, id, { includeOutput: getOptions.includeOutput === true } as SwasQuery, discoverInstancesOnce(context, limit, signal), signal);
    } catch (error) {
      if (signal?.aborted && !AbortedError.isInstance(error)) throw new AbortedError('the call was aborted', { cause: signal.reason });
      throw error;
    }
    if (found === undefined) {
      throw new NotFoundError({
        invokeId: id,
        product: 'swas',
        region,
        message: `invocation ${id} not found on swas in ${region}: no instance of the region knows it (DescribeInvocationResult)`,
      });
    }
    return found;
  }

  // No `stop`: SWAS has no StopInvocation.
  return { product: 'swas', region, list, get, run: createSwasRun(client, region, window) };
}

