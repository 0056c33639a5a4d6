import { walkPages, type Limiter } from '@invocations/openapi/kit';
import { parseListInstances, type SwasInstance } from './parse-list-instances.js';
import { SWAS_MAX_INSTANCE_PAGE_SIZE, swasListInstancesRequestSchema } from './request.js';
import { callSwas, pageFacts, type SwasContext } from './source-context.js';

/** The region's instances, from ListInstances page by page. */
export function instancesOfRegion(context: SwasContext, limit: Limiter, signal?: AbortSignal): AsyncGenerator<SwasInstance> {
  return walkPages({
    fetchPage: async (pageNumber, pageSize) => {
      const params = swasListInstancesRequestSchema.parse({ regionId: context.region, pageNumber, pageSize });
      const response = await callSwas(context, limit, 'ListInstances', params, signal);
      const page = parseListInstances(response.text, { format: response.format });
      return { items: page.instances, ...pageFacts(page) };
    },
    idOf: (instance) => instance.instanceId,
    pageSize: SWAS_MAX_INSTANCE_PAGE_SIZE,
    concurrency: context.pagesAtOnce,
    label: 'swas ListInstances',
    ...context.pageLimit,
    ...(signal ? { signal } : {}),
  });
}

/**
 * The region's instance ids, discovered once for one `list()` or `get()`: every invoke id asked in
 * that call shares the one ListInstances walk (the first caller starts it, the others wait for it).
 */
export function discoverInstancesOnce(context: SwasContext, limit: Limiter, signal?: AbortSignal): () => Promise<string[]> {
  let discovered: Promise<string[]> | undefined;
  return () => {
    discovered ??= (async () => {
      const ids: string[] = [];
      for await (const instance of instancesOfRegion(context, limit, signal)) ids.push(instance.instanceId);
      return ids;
    })();
    return discovered;
  };
}
