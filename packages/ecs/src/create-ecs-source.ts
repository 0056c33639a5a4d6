import {
  AbortedError,
  ApiError,
  NotFoundError,
  parseInput,
  type GetOptions,
  type Invocation,
  type InvocationQuery,
  type ListOptions,
  type RunnableSource,
  type StoppableSource,
} from '@invocations/core';
import {
  createSourceClient,
  linkedListing,
  mapConcurrently,
  walkPages,
  walkTokens,
  type Concurrency,
  type ContentEncodingOption,
  type DescribeInvocationsPage,
  type PagingOptions,
  type SourceOptions,
  type SourcePaging,
} from '@invocations/openapi/kit';
import * as z from 'zod/mini';
import { parseDescribePage } from './parse-describe-invocations.js';
import { createEcsRun } from './run-command.js';
import { createEcsStop } from './stop-invocation.js';
import { ecsDescribeInvocationsRequestSchema, ecsQuerySchema, type EcsContentEncoding, type EcsQuery } from './request.js';

/** How {@link createEcsSource} walks through pages. */
export type EcsPaging = SourcePaging;

/**
 * Options of {@link createEcsSource}: the OpenAPI client's options, `concurrency` (the most pages in
 * flight with `paging: 'concurrent'`, and invoke ids asked at once; default 16, halved while the
 * service throttles and grown back as it answers), the paging options and
 * `contentEncoding`. `paging`: `concurrent` (default): page 1 gives TotalCount, the other pages are
 * fetched `concurrency` at a time and yielded in page order, with a guard against page shifts.
 * `sequential`: the same with one page at a time. `token`: MaxResults/NextToken, strictly one after
 * the other. `maxPages` defaults to `2 × ceil(100,000 / pageSize) + 10` (4,010 at 50 a page).
 */
export interface EcsSourceOptions extends SourceOptions, PagingOptions<EcsPaging>, ContentEncodingOption {}

const invokeIdSchema = z.string().check(z.trim()).check(z.minLength(1, 'must not be empty'));

type Position = { pageNumber: number; pageSize: number } | { maxResults: number; nextToken?: string };

/**
 * An `InvocationSource` over ECS Cloud Assistant (2014-05-26) in one region: DescribeInvocations for
 * `list`/`get`, RunCommand for `run`, StopInvocation for `stop`.
 * Queries are checked before any request (an `InvalidQueryError` names the field and the rule).
 * @example
 * const ecs = createEcsSource({ region: 'cn-hangzhou' }); // credentials from the environment or ~/.aliyun
 * for await (const invocation of ecs.list({ invokeStatus: 'Failed' })) console.log(invocation.invokeId);
 * const one = await ecs.get('t-hz0jdfwd9f****', { includeOutput: true });
 */
export function createEcsSource(options: EcsSourceOptions): RunnableSource & StoppableSource {
  const { client, region, ...settings } = createSourceClient('ecs', options, {
    context: 'createEcsSource options',
    paging: ['concurrent', 'token', 'sequential'],
    contentEncoding: true,
  });
  const pageSizeDefault = settings.pageSize ?? 50;
  // The source's adaptive window (at most `concurrency`): every listing of this source reads it.
  const { window, paging } = settings;
  const pageLimit = settings.maxPages === undefined ? {} : { maxPages: settings.maxPages };
  const contentEncoding: EcsContentEncoding = settings.contentEncoding;

  async function describe(query: EcsQuery, invokeId: string | undefined, position: Position, signal: AbortSignal): Promise<DescribeInvocationsPage> {
    const params = parseInput(
      ecsDescribeInvocationsRequestSchema,
      { regionId: region, query, contentEncoding, ...(invokeId === undefined ? {} : { invokeId }), ...position },
      'ECS DescribeInvocations',
    );
    const response = await client.call({ action: 'DescribeInvocations', query: params, signal });
    // Output is only meaningful when asked for; an empty placeholder is not data (left out while mapping:
    // deleting it afterwards turned every target into a slow dictionary object).
    return parseDescribePage(response, { format: response.format, contentEncoding, region, dropEmptyOutput: query.includeOutput !== true });
  }

  // Walks PageNumber pages `width` at a time, yielding records in the service's order, then re-reads
  // any stretch that new invocations pushed past the pages read (openapi's walkPages and the README).
  function byPageNumber(query: EcsQuery, pageSize: number, width: Concurrency, signal: AbortSignal): AsyncGenerator<Invocation> {
    return walkPages({
      fetchPage: async (pageNumber, size) => {
        const page = await describe(query, undefined, { pageNumber, pageSize: size }, signal);
        return {
          items: page.invocations,
          ...(page.totalCount === undefined ? {} : { totalCount: page.totalCount }),
          ...(page.pageSize === undefined ? {} : { pageSize: page.pageSize }),
        };
      },
      idOf: (invocation) => invocation.invokeId,
      pageSize,
      concurrency: width,
      signal,
      label: 'ecs DescribeInvocations',
      shiftHint: "Retry, or use paging: 'token'.",
      ...pageLimit,
    });
  }

  // MaxResults/NextToken, strictly one after the other; openapi's walkTokens refuses a token that leads nowhere.
  function byToken(query: EcsQuery, pageSize: number, signal: AbortSignal): AsyncGenerator<Invocation> {
    return walkTokens({
      fetchPage: async (nextToken) => {
        const page = await describe(query, undefined, { maxResults: pageSize, ...(nextToken === undefined ? {} : { nextToken }) }, signal);
        return { items: page.invocations, ...(page.nextToken === undefined ? {} : { nextToken: page.nextToken }) };
      },
      idOf: (invocation) => invocation.invokeId,
      pageSize,
      signal,
      label: 'ecs DescribeInvocations',
      ...pageLimit,
    });
  }

  // One request per id (ECS takes one InvokeId), as many at a time as the window allows, yielded in the ids' order.
  async function* byInvokeIds(query: EcsQuery, invokeIds: readonly string[], signal: AbortSignal): AsyncGenerator<Invocation> {
    const ids = [...new Set(invokeIds)];
    const pages = mapConcurrently(ids, window, (id) => describe(query, id, { pageNumber: 1, pageSize: 1 }, signal));
    let index = 0;
    for await (const page of pages) {
      const id = ids[index++];
      // One record per id, even if the service repeats it.
      const found = page.invocations.find((invocation) => invocation.invokeId === id);
      if (found !== undefined) yield found;
    }
  }

  async function* list(query: InvocationQuery = {}, listOptions: ListOptions = {}): AsyncGenerator<Invocation> {
    const checkedQuery = parseInput(ecsQuerySchema, query, 'ECS list query');
    const pageSize = checkedQuery.pageSize ?? pageSizeDefault;
    // Each walk yields a record once (in bounded memory); invoke ids are asked once each.
    yield* linkedListing(listOptions.signal, (signal) =>
      checkedQuery.invokeIds !== undefined
        ? byInvokeIds(checkedQuery, checkedQuery.invokeIds, signal)
        : paging === 'token'
          ? byToken(checkedQuery, pageSize, signal)
          : byPageNumber(checkedQuery, pageSize, paging === 'sequential' ? 1 : window, signal),
    );
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

  return { product: 'ecs', region, list, get, run: createEcsRun(client, region), stop: createEcsStop(client, region) };
}
