import {
  AbortedError,
  ApiError,
  NotFoundError,
  parseInput,
  type GetOptions,
  type Invocation,
  type InvocationQuery,
  type InvocationSource,
  type ListOptions,
} from '@invocations/core';
import type { OpenApiClientOptions } from '@invocations/openapi';
import { createLimiter, createSourceClient, linkAbort, sourceOptionsSchema, walkPages, type Limiter } from '@invocations/openapi/kit';
import * as z from 'zod';
import { joinInstanceRecords, mergeInvocationResult, type SwasInvocationResult } from './map-invocation.js';
import { parseDescribeInvocationResult } from './parse-describe-invocation-result.js';
import { parseDescribeInvocations } from './parse-describe-invocations.js';
import { parseListInstances, type SwasInstance } from './parse-list-instances.js';
import {
  SWAS_MAX_INSTANCE_PAGE_SIZE,
  SWAS_MAX_PAGE_SIZE,
  swasDescribeInvocationResultRequestSchema,
  swasDescribeInvocationsRequestSchema,
  swasListInstancesRequestSchema,
  swasQuerySchema,
  type SwasQuery,
} from './request.js';

/** How {@link createSwasSource} walks through pages (`token` is rejected: SWAS has no NextToken). */
export type SwasPaging = 'concurrent' | 'token' | 'sequential';

/**
 * Options of {@link createSwasSource}: the openapi client's options (region, credentials, endpoint,
 * format, retries, hooks, ...) plus how to read.
 */
export interface SwasSourceOptions extends Omit<OpenApiClientOptions, 'product'> {
  /** Records per DescribeInvocations request, 1 to 50 (default 50). A query's `pageSize` wins. */
  pageSize?: number;
  /** Requests in flight at once for one `list()` or `get()` (pages, instances, results; default 8). */
  concurrency?: number;
  /**
   * `concurrent` (default): pages 2..n at once after page 1 gave the total; `sequential`: one page
   * after the other. `token` is rejected: SWAS has no NextToken.
   */
  paging?: SwasPaging;
  /**
   * Accepted for the adapters' common shape. SWAS has no ContentEncoding parameter: CommandContent
   * and Output always arrive in Base64 and are decoded, so the canonical text is the same either way.
   */
  contentEncoding?: 'Base64' | 'PlainText';
  /**
   * Most requests one page walk makes (each instance's DescribeInvocations, and ListInstances),
   * re-reads included (1 to 1,000,000). Reaching it is a `PageLimitError`, never a silent stop.
   * Default: derived from the 100,000 records a region keeps and the page size asked for
   * (`2 × ceil(100,000 / pageSize) + 10`), so a server that shrinks PageSize cannot stretch it.
   */
  maxPages?: number;
}

// The adapters' shared options, with SWAS's own rules: the region's hint, and no token paging.
const swasSourceOptionsSchema = sourceOptionsSchema.extend({
  region: z.string().trim().min(1, 'is required (e.g. cn-hangzhou)'),
  paging: z
    .enum(['concurrent', 'token', 'sequential'])
    .refine((value) => value !== 'token', "'token' is not available: SWAS pages with PageNumber/PageSize only (no NextToken)")
    .optional(),
});

const invokeIdSchema = z.string().trim().min(1, 'must be a non-empty invoke id');

// The paging facts a parsed page carries, for walkPages.
function pageFacts(page: { totalCount?: number; pageSize?: number }): { totalCount?: number; pageSize?: number } {
  return { ...(page.totalCount === undefined ? {} : { totalCount: page.totalCount }), ...(page.pageSize === undefined ? {} : { pageSize: page.pageSize }) };
}

// DescribeInvocationResult answers 404 InvalidInvokeId.NotFound for an instance the invocation did
// not run on; any "not found" code means the same to us.
function isNotFound(error: unknown): boolean {
  return ApiError.isInstance(error) && (error.httpStatus === 404 || /notfound|not\.?exist/i.test(error.code));
}

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
 *
 * @example
 * const swas = createSwasSource({ region: 'cn-hangzhou', endpoint: 'swas.cn-hangzhou.aliyuncs.com' });
 * for await (const invocation of swas.list({ invokeStatus: 'Failed', includeOutput: true })) {
 *   console.log(invocation.invokeId, invocation.targets[0]?.output);
 * }
 */
export function createSwasSource(options: SwasSourceOptions): InvocationSource {
  const { client, region, pageSize: defaultPageSize, concurrency, paging, maxPages } = createSourceClient('swas', options, {
    context: 'createSwasSource',
    schema: swasSourceOptionsSchema,
  });
  // The limiter bounds every request of one list() or get(); the page walk bounds its own window too.
  const pagesAtOnce = paging === 'sequential' ? 1 : concurrency;
  const pageLimit = maxPages === undefined ? {} : { maxPages };

  async function call(limit: Limiter, action: string, query: Record<string, string>, signal?: AbortSignal) {
    return limit(() => client.call({ action, query, ...(signal ? { signal } : {}) }));
  }

  function instancesOfRegion(limit: Limiter, signal?: AbortSignal): AsyncGenerator<SwasInstance> {
    return walkPages({
      fetchPage: async (pageNumber, pageSize) => {
        const params = swasListInstancesRequestSchema.parse({ regionId: region, pageNumber, pageSize });
        const response = await call(limit, 'ListInstances', params, signal);
        const page = parseListInstances(response.text, { format: response.format });
        return { items: page.instances, ...pageFacts(page) };
      },
      idOf: (instance) => instance.instanceId,
      pageSize: SWAS_MAX_INSTANCE_PAGE_SIZE,
      concurrency: pagesAtOnce,
      label: 'swas ListInstances',
      ...pageLimit,
      ...(signal ? { signal } : {}),
    });
  }

  async function collectInstanceIds(limit: Limiter, signal?: AbortSignal): Promise<string[]> {
    const ids: string[] = [];
    for await (const instance of instancesOfRegion(limit, signal)) ids.push(instance.instanceId);
    return ids;
  }

  function recordsOfInstance(limit: Limiter, instanceId: string, query: SwasQuery, signal?: AbortSignal): AsyncGenerator<Invocation> {
    return walkPages({
      fetchPage: async (pageNumber, pageSize) => {
        const params = swasDescribeInvocationsRequestSchema.parse({ regionId: region, instanceId, query, pageNumber, pageSize });
        const response = await call(limit, 'DescribeInvocations', params, signal);
        const page = parseDescribeInvocations(response.text, { format: response.format, instanceId, region });
        return { items: page.invocations, ...pageFacts(page) };
      },
      idOf: (invocation) => invocation.invokeId,
      pageSize: query.pageSize ?? defaultPageSize ?? SWAS_MAX_PAGE_SIZE,
      concurrency: pagesAtOnce,
      label: 'swas DescribeInvocations',
      ...pageLimit,
      ...(signal ? { signal } : {}),
    });
  }

  async function resultOf(limit: Limiter, instanceId: string, invokeId: string, signal?: AbortSignal): Promise<SwasInvocationResult | undefined> {
    const params = swasDescribeInvocationResultRequestSchema.parse({ regionId: region, instanceId, invokeId });
    try {
      const response = await call(limit, 'DescribeInvocationResult', params, signal);
      return parseDescribeInvocationResult(response.text, { format: response.format, instanceId }).result;
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }

  // Adds each target's DescribeInvocationResult, concurrently (the limiter bounds the requests).
  async function withOutputs(limit: Limiter, invocation: Invocation, signal?: AbortSignal): Promise<Invocation> {
    const results = await Promise.all(invocation.targets.map((target) => resultOf(limit, target.id, invocation.invokeId, signal)));
    let merged = invocation;
    for (const result of results) if (result !== undefined) merged = mergeInvocationResult(merged, result);
    return merged;
  }

  // One invocation by id: where it ran (DescribeInvocationResult per instance), then its record.
  async function find(limit: Limiter, invokeId: string, query: SwasQuery, signal?: AbortSignal): Promise<Invocation | undefined> {
    const candidates = query.targetId !== undefined ? [query.targetId] : await collectInstanceIds(limit, signal);
    const results = await Promise.all(candidates.map((instanceId) => resultOf(limit, instanceId, invokeId, signal)));
    const ran = candidates.flatMap((instanceId, index) => {
      const result = results[index];
      return result === undefined ? [] : [{ instanceId, result: { ...result, instanceId } }];
    });
    const [first] = ran;
    if (first === undefined) return undefined;
    let record: Invocation | undefined;
    for await (const candidate of recordsOfInstance(limit, first.instanceId, { ...query, invokeStatus: undefined }, signal)) {
      if (candidate.invokeId === invokeId) {
        record = candidate;
        break;
      }
    }
    // The listing may have lost the record (retention) while the result is still there: keep what we know.
    const base: Invocation = record ?? { product: 'swas', region, invokeId, parameters: {}, timed: false, status: 'Pending', targets: [] };
    const records = ran.map(({ instanceId, result }) => {
      const perInstance: Invocation = {
        ...base,
        targets: [{ id: instanceId, kind: 'instance', status: result.reportedStatus ?? 'Pending', droppedBytes: 0, repeats: 0 }],
      };
      const detail: SwasInvocationResult = query.includeOutput === true ? result : { ...result, target: withoutOutput(result.target) };
      return mergeInvocationResult(perInstance, detail);
    });
    return joinInstanceRecords(records);
  }

  function withoutOutput<T extends { output?: string }>(target: T): T {
    const { output: _output, ...rest } = target;
    void _output;
    return rest as T;
  }

  async function* list(query: InvocationQuery = {}, listOptions: ListOptions = {}): AsyncGenerator<Invocation, void, undefined> {
    const checkedQuery = parseInput(swasQuerySchema, query, 'swas list');
    // The request's own rules (PageSize 1..50, the instance), checked before any request.
    parseInput(
      swasDescribeInvocationsRequestSchema,
      { regionId: region, instanceId: checkedQuery.targetId ?? 'any', query: checkedQuery, pageSize: checkedQuery.pageSize ?? defaultPageSize ?? SWAS_MAX_PAGE_SIZE },
      'swas list',
    );
    const link = linkAbort(listOptions.signal);
    const limit = createLimiter(concurrency);
    try {
      if (checkedQuery.invokeIds !== undefined) {
        const found = [...new Set(checkedQuery.invokeIds)].map((invokeId) => find(limit, invokeId, checkedQuery, link.signal));
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
        for await (const invocation of recordsOfInstance(limit, checkedQuery.targetId, checkedQuery, link.signal)) {
          yield checkedQuery.includeOutput === true ? await withOutputs(limit, invocation, link.signal) : invocation;
        }
        return;
      }
      const instanceIds = await collectInstanceIds(limit, link.signal);
      const perInstance = await Promise.all(
        instanceIds.map(async (instanceId) => {
          const records: Invocation[] = [];
          for await (const invocation of recordsOfInstance(limit, instanceId, checkedQuery, link.signal)) records.push(invocation);
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
      const detailed = joined.map((invocation) => withOutputs(limit, invocation, link.signal));
      for (const promise of detailed) promise.catch(() => undefined);
      for (const promise of detailed) yield await promise;
    } catch (error) {
      throw link.wrap(error);
    } finally {
      // Leaving early (break, error, abort) cancels whatever is still in flight.
      link.close();
    }
  }

  async function get(invokeId: string, getOptions: GetOptions = {}): Promise<Invocation> {
    const id = parseInput(invokeIdSchema, invokeId, 'swas get');
    const signal = getOptions.signal;
    if (signal?.aborted) throw new AbortedError('the call was aborted', { cause: signal.reason });
    const limit = createLimiter(concurrency);
    let found: Invocation | undefined;
    try {
      found = await find(limit, id, { includeOutput: getOptions.includeOutput === true } as SwasQuery, signal);
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

  return { product: 'swas', region, list, get };
}

