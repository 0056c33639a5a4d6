import { ApiError, type Invocation } from '@invocations/core';
import { walkPages, type Limiter } from '@invocations/openapi/kit';
import { mergeInvocationResult, type SwasInvocationResult } from './map-invocation.js';
import { parseDescribeInvocationResult } from './parse-describe-invocation-result.js';
import { parseDescribeInvocations } from './parse-describe-invocations.js';
import { SWAS_MAX_PAGE_SIZE, swasDescribeInvocationResultRequestSchema, swasDescribeInvocationsRequestSchema, type SwasQuery } from './request.js';
import { callSwas, pageFacts, type SwasContext } from './source-context.js';

/** One instance's records (DescribeInvocations asks one instance at a time), page by page. */
export function recordsOfInstance(context: SwasContext, limit: Limiter, instanceId: string, query: SwasQuery, signal?: AbortSignal): AsyncGenerator<Invocation> {
  const { region } = context;
  return walkPages({
    fetchPage: async (pageNumber, pageSize) => {
      const params = swasDescribeInvocationsRequestSchema.parse({ regionId: region, instanceId, query, pageNumber, pageSize });
      const response = await callSwas(context, limit, 'DescribeInvocations', params, signal);
      const page = parseDescribeInvocations(response.text, { format: response.format, instanceId, region });
      return { items: page.invocations, ...pageFacts(page) };
    },
    idOf: (invocation) => invocation.invokeId,
    pageSize: query.pageSize ?? context.defaultPageSize ?? SWAS_MAX_PAGE_SIZE,
    concurrency: context.pagesAtOnce,
    label: 'swas DescribeInvocations',
    ...context.pageLimit,
    ...(signal ? { signal } : {}),
  });
}

// DescribeInvocationResult answers 404 InvalidInvokeId.NotFound for an instance the invocation did
// not run on; any "not found" code means the same to us.
function isNotFound(error: unknown): boolean {
  return ApiError.isInstance(error) && (error.httpStatus === 404 || /notfound|not\.?exist/i.test(error.code));
}

/** What one instance reports of one invocation (DescribeInvocationResult); undefined when it did not run there. */
export async function resultOf(context: SwasContext, limit: Limiter, instanceId: string, invokeId: string, signal?: AbortSignal): Promise<SwasInvocationResult | undefined> {
  const params = swasDescribeInvocationResultRequestSchema.parse({ regionId: context.region, instanceId, invokeId });
  try {
    const response = await callSwas(context, limit, 'DescribeInvocationResult', params, signal);
    return parseDescribeInvocationResult(response.text, { format: response.format, instanceId }).result;
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
}

/** Adds each target's DescribeInvocationResult, concurrently (the limiter bounds the requests). */
export async function withOutputs(context: SwasContext, limit: Limiter, invocation: Invocation, signal?: AbortSignal): Promise<Invocation> {
  const results = await Promise.all(invocation.targets.map((target) => resultOf(context, limit, target.id, invocation.invokeId, signal)));
  let merged = invocation;
  for (const result of results) if (result !== undefined) merged = mergeInvocationResult(merged, result);
  return merged;
}
