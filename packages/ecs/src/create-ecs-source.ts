import {
  AbortedError,
  ApiError,
  InvocationsError,
  NotFoundError,
  parseInput,
  type GetOptions,
  type Invocation,
  type InvocationQuery,
  type InvocationSource,
  type ListOptions,
} from '@invocations/core';
import { createOpenApiClient, type OpenApiClientOptions } from '@invocations/openapi';
import { z } from 'zod';
import { parseDescribeInvocations, type DescribeInvocationsPage } from './parse-describe-invocations.js';
import { ecsContentEncodingSchema, ecsDescribeInvocationsRequestSchema, ecsQuerySchema, type EcsContentEncoding, type EcsQuery } from './request.js';
import { createCoverage } from './coverage.js';

/** How {@link createEcsSource} walks through pages. */
export type EcsPaging = 'concurrent' | 'token' | 'sequential';

/** Options of {@link createEcsSource}: the OpenAPI client's options plus paging and encoding. */
export interface EcsSourceOptions extends Omit<OpenApiClientOptions, 'product'> {
  /** Records per request, 1 to 50 (default 50); a query's own `pageSize` wins. */
  pageSize?: number;
  /** Pages in flight at once with `paging: 'concurrent'`, and invoke ids asked at once (default 8). */
  concurrency?: number;
  /**
   * `concurrent` (default): page 1 gives TotalCount, the other pages are fetched `concurrency` at a
   * time and yielded in page order, with a guard against page shifts. `sequential`: the same with one
   * page at a time. `token`: MaxResults/NextToken, strictly one after the other.
   */
  paging?: EcsPaging;
  /** How the service should encode CommandContent and Output (default `Base64`; always sent). */
  contentEncoding?: EcsContentEncoding;
}

const sourceOptionsSchema = z.object({
  region: z.string().trim().min(1, 'must not be empty'),
  pageSize: z.number().int('must be an integer').min(1, 'must be at least 1').max(50, 'must be at most 50').optional(),
  concurrency: z.number().int('must be an integer').min(1, 'must be at least 1').max(64, 'must be at most 64').optional(),
  paging: z.enum(['concurrent', 'token', 'sequential'], { error: 'must be concurrent, token or sequential' }).optional(),
  contentEncoding: ecsContentEncodingSchema.optional(),
});

const invokeIdSchema = z.string().trim().min(1, 'must not be empty');

type Position = { pageNumber: number; pageSize: number } | { maxResults: number; nextToken?: string };

/**
 * An {@link InvocationSource} over ECS Cloud Assistant's DescribeInvocations (2014-05-26) in one region.
 * Queries are checked before any request (an `InvalidQueryError` names the field and the rule).
 * @example
 * const ecs = createEcsSource({ region: 'cn-hangzhou' }); // credentials from the environment or ~/.aliyun
 * for await (const invocation of ecs.list({ invokeStatus: 'Failed' })) console.log(invocation.invokeId);
 * const one = await ecs.get('t-hz0jdfwd9f****', { includeOutput: true });
 */
export function createEcsSource(options: EcsSourceOptions): InvocationSource {
  const checked = parseInput(sourceOptionsSchema, options, 'createEcsSource options');
  const { pageSize: _pageSize, concurrency: _concurrency, paging: _paging, contentEncoding: _encoding, ...clientOptions } = options;
  const region = checked.region;
  const pageSizeDefault = checked.pageSize ?? 50;
  const concurrency = checked.concurrency ?? 8;
  const paging: EcsPaging = checked.paging ?? 'concurrent';
  const contentEncoding: EcsContentEncoding = checked.contentEncoding ?? 'Base64';
  const client = createOpenApiClient({ ...clientOptions, region, product: 'ecs' });

  async function describe(query: EcsQuery, invokeId: string | undefined, position: Position, signal: AbortSignal): Promise<DescribeInvocationsPage> {
    const params = parseInput(
      ecsDescribeInvocationsRequestSchema,
      { regionId: region, query, contentEncoding, ...(invokeId === undefined ? {} : { invokeId }), ...position },
      'ECS DescribeInvocations',
    );
    const response = await client.call({ action: 'DescribeInvocations', query: params, signal });
    const page = parseDescribeInvocations(response.text, { format: response.format, contentEncoding, region });
    if (query.includeOutput !== true) {
      // Output is only meaningful when asked for; an empty placeholder is not data.
      for (const invocation of page.invocations) for (const target of invocation.targets) if (target.output === '') delete target.output;
    }
    return page;
  }

  // Walks PageNumber pages `width` at a time, yielding pages in order, then re-reads any stretch that
  // new invocations pushed past the pages read (see coverage.ts and the README).
  async function* byPageNumber(query: EcsQuery, pageSize: number, width: number, signal: AbortSignal): AsyncGenerator<Invocation[]> {
    const first = await describe(query, undefined, { pageNumber: 1, pageSize }, signal);
    yield first.invocations;
    if (first.totalCount === undefined) {
      // No total: read on until a short page.
      let last = first;
      for (let pageNumber = 2; last.invocations.length === pageSize; pageNumber += 1) {
        last = await describe(query, undefined, { pageNumber, pageSize }, signal);
        yield last.invocations;
      }
      return;
    }
    const coverage = createCoverage(first.totalCount, pageSize);
    coverage.add(1, first.totalCount, first.invocations.length);
    const lastPage = Math.ceil(first.totalCount / pageSize);
    const inFlight = new Map<number, Promise<DescribeInvocationsPage>>();
    let next = 2;
    const launch = () => {
      // Pages read but not yet yielded count against the width too, so memory stays bounded.
      while (next <= lastPage && inFlight.size < width) {
        const promise = describe(query, undefined, { pageNumber: next, pageSize }, signal);
        promise.catch(() => undefined); // awaited in order below; an abandoned one must not be unhandled
        inFlight.set(next, promise);
        next += 1;
      }
    };
    for (let pageNumber = 2; pageNumber <= lastPage; pageNumber += 1) {
      launch();
      const page = await (inFlight.get(pageNumber) as Promise<DescribeInvocationsPage>);
      inFlight.delete(pageNumber);
      launch();
      coverage.add(pageNumber, page.totalCount, page.invocations.length);
      yield page.invocations;
    }
    for (let pageNumber = coverage.nextPageToRead(); pageNumber !== undefined; pageNumber = coverage.nextPageToRead()) {
      const page = await describe(query, undefined, { pageNumber, pageSize }, signal);
      coverage.add(pageNumber, page.totalCount, page.invocations.length);
      yield page.invocations;
    }
  }

  async function* byToken(query: EcsQuery, pageSize: number, signal: AbortSignal): AsyncGenerator<Invocation[]> {
    let nextToken: string | undefined;
    const tokens = new Set<string>();
    do {
      const page = await describe(query, undefined, { maxResults: pageSize, ...(nextToken === undefined ? {} : { nextToken }) }, signal);
      yield page.invocations;
      nextToken = page.nextToken;
      if (nextToken !== undefined) {
        if (tokens.has(nextToken)) throw new InvocationsError(`ecs DescribeInvocations: the service returned NextToken ${JSON.stringify(nextToken)} twice; stopping to avoid a loop`);
        tokens.add(nextToken);
      }
    } while (nextToken !== undefined);
  }

  // One request per id (ECS takes one InvokeId), `concurrency` at a time, yielded in the ids' order.
  async function* byInvokeIds(query: EcsQuery, invokeIds: readonly string[], signal: AbortSignal): AsyncGenerator<Invocation[]> {
    const ids = [...new Set(invokeIds)];
    const inFlight = new Map<number, Promise<DescribeInvocationsPage>>();
    let next = 0;
    const launch = () => {
      while (next < ids.length && inFlight.size < concurrency) {
        const promise = describe(query, ids[next], { pageNumber: 1, pageSize: 1 }, signal);
        promise.catch(() => undefined);
        inFlight.set(next, promise);
        next += 1;
      }
    };
    for (let index = 0; index < ids.length; index += 1) {
      launch();
      const page = await (inFlight.get(index) as Promise<DescribeInvocationsPage>);
      inFlight.delete(index);
      yield page.invocations.filter((invocation) => invocation.invokeId === ids[index]);
    }
  }

  async function* list(query: InvocationQuery = {}, listOptions: ListOptions = {}): AsyncGenerator<Invocation> {
    const checkedQuery = parseInput(ecsQuerySchema, query, 'ECS list query');
    const outer = listOptions.signal;
    if (outer?.aborted) throw new AbortedError('the listing was aborted', { cause: outer.reason });
    // Our own controller also cancels requests still in flight when the caller stops iterating early.
    const controller = new AbortController();
    const onAbort = () => controller.abort(outer?.reason);
    outer?.addEventListener('abort', onAbort, { once: true });
    const pageSize = checkedQuery.pageSize ?? pageSizeDefault;
    const seen = new Set<string>();
    try {
      const pages =
        checkedQuery.invokeIds !== undefined
          ? byInvokeIds(checkedQuery, checkedQuery.invokeIds, controller.signal)
          : paging === 'token'
            ? byToken(checkedQuery, pageSize, controller.signal)
            : byPageNumber(checkedQuery, pageSize, paging === 'sequential' ? 1 : concurrency, controller.signal);
      for await (const invocations of pages) {
        for (const invocation of invocations) {
          if (seen.has(invocation.invokeId)) continue;
          seen.add(invocation.invokeId);
          if (outer?.aborted) throw new AbortedError('the listing was aborted', { cause: outer.reason });
          yield invocation;
        }
      }
    } catch (error) {
      if (outer?.aborted && !AbortedError.isInstance(error)) throw new AbortedError('the listing was aborted', { cause: outer.reason });
      throw error;
    } finally {
      outer?.removeEventListener('abort', onAbort);
      controller.abort();
    }
  }

  async function get(invokeId: string, getOptions: GetOptions = {}): Promise<Invocation> {
    const id = parseInput(invokeIdSchema, invokeId, 'ECS get invokeId');
    const query = parseInput(ecsQuerySchema, { invokeIds: [id], ...(getOptions.includeOutput === undefined ? {} : { includeOutput: getOptions.includeOutput }) }, 'ECS get options');
    const signal = getOptions.signal ?? new AbortController().signal;
    if (signal.aborted) throw new AbortedError('the call was aborted', { cause: signal.reason });
    let page: DescribeInvocationsPage;
    try {
      page = await describe(query, id, { pageNumber: 1, pageSize: 1 }, signal);
    } catch (error) {
      if (ApiError.isInstance(error) && /NotFound/i.test(error.code)) {
        throw new NotFoundError({ invokeId: id, product: 'ecs', region }, { cause: error });
      }
      throw error;
    }
    const found = page.invocations.find((invocation) => invocation.invokeId === id);
    if (found === undefined) throw new NotFoundError({ invokeId: id, product: 'ecs', region });
    return found;
  }

  return { product: 'ecs', region, list, get };
}
