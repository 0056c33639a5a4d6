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
import { createOpenApiClient, type OpenApiClientOptions } from '@invocations/openapi';
import { z } from 'zod';
import { parseDescribeInvocations, type DescribeInvocationsPage } from './parse-describe-invocations.js';
import { efloContentEncodingSchema, efloDescribeInvocationsRequestSchema, efloQuerySchema, type EfloContentEncoding, type EfloQuery } from './request.js';

/** How {@link createEfloSource} would walk pages: accepted for the common shape; eflo does not page. */
export type EfloPaging = 'concurrent' | 'token' | 'sequential';

/** Options of {@link createEfloSource}: the OpenAPI client's options plus the adapters' common reading options. */
export interface EfloSourceOptions extends Omit<OpenApiClientOptions, 'product'> {
  /** Accepted for the adapters' common shape (1 to 50); eflo DescribeInvocations does not page. */
  pageSize?: number;
  /** Invoke ids asked at once by `list({ invokeIds })` (default 8). */
  concurrency?: number;
  /** Accepted for the adapters' common shape; eflo DescribeInvocations does not page. */
  paging?: EfloPaging;
  /** How the service should encode CommandContent and Output (default `Base64`; always sent). */
  contentEncoding?: EfloContentEncoding;
}

const sourceOptionsSchema = z.object({
  region: z.string().trim().min(1, 'must not be empty'),
  pageSize: z.number().int('must be an integer').min(1, 'must be at least 1').max(50, 'must be at most 50').optional(),
  concurrency: z.number().int('must be an integer').min(1, 'must be at least 1').max(64, 'must be at most 64').optional(),
  paging: z.enum(['concurrent', 'token', 'sequential'], { error: 'must be concurrent, token or sequential' }).optional(),
  contentEncoding: efloContentEncodingSchema.optional(),
});

const invokeIdSchema = z.string().trim().min(1, 'must not be empty');

/**
 * An {@link InvocationSource} over Lingjun's eflo-controller DescribeInvocations (2022-12-15) in one
 * region. The region travels in the endpoint only (`eflo-controller.<region>.aliyuncs.com`, or the
 * `endpoint` option) and the parameters in a POST form body. The eflo API cannot list invocations:
 * `get(invokeId)` is the main call, `list({ invokeIds })` asks once per id (`concurrency` at a time,
 * in the ids' order, unknown ids skipped), and `list()` without ids is an `InvalidQueryError` saying
 * so. `targetId` narrows to one node (NodeId). Targets are nodes (`kind: 'node'`).
 * @example
 * const eflo = createEfloSource({ region: 'cn-wulanchabu' }); // credentials from the environment or ~/.aliyun
 * const invocation = await eflo.get('t-cd03crwys0lrls0', { includeOutput: true });
 * console.log(invocation.status, invocation.targets.map((node) => [node.id, node.status, node.output]));
 */
export function createEfloSource(options: EfloSourceOptions): InvocationSource {
  const checked = parseInput(sourceOptionsSchema, options, 'createEfloSource options');
  const { pageSize: _pageSize, concurrency: _concurrency, paging: _paging, contentEncoding: _encoding, ...clientOptions } = options;
  const region = checked.region;
  const concurrency = checked.concurrency ?? 8;
  const contentEncoding: EfloContentEncoding = checked.contentEncoding ?? 'Base64';
  const client = createOpenApiClient({ ...clientOptions, region, product: 'eflo' });

  // One DescribeInvocations call; an unknown id is an empty answer (or a NotFound error code): undefined.
  async function describe(invokeId: string, query: Pick<EfloQuery, 'targetId' | 'includeOutput'>, signal: AbortSignal): Promise<Invocation | undefined> {
    const body = parseInput(
      efloDescribeInvocationsRequestSchema,
      {
        invokeId,
        contentEncoding,
        ...(query.targetId === undefined ? {} : { nodeId: query.targetId }),
        ...(query.includeOutput === undefined ? {} : { includeOutput: query.includeOutput }),
      },
      'eflo DescribeInvocations',
    );
    let page: DescribeInvocationsPage;
    try {
      const response = await client.call({ action: 'DescribeInvocations', body, signal });
      page = parseDescribeInvocations(response.text, { format: response.format, contentEncoding, region });
    } catch (error) {
      if (ApiError.isInstance(error) && /NotFound/i.test(error.code)) return undefined;
      throw error;
    }
    const found = page.invocations.find((invocation) => invocation.invokeId === invokeId);
    if (found !== undefined && query.includeOutput !== true) {
      // Output is only meaningful when asked for; an empty placeholder is not data.
      for (const target of found.targets) if (target.output === '') delete target.output;
    }
    return found;
  }

  async function* list(query: InvocationQuery = {}, listOptions: ListOptions = {}): AsyncGenerator<Invocation> {
    const checkedQuery = parseInput(efloQuerySchema, query, 'eflo list query');
    const outer = listOptions.signal;
    if (outer?.aborted) throw new AbortedError('the listing was aborted', { cause: outer.reason });
    // Our own controller also cancels requests still in flight when the caller stops iterating early.
    const controller = new AbortController();
    const onAbort = () => controller.abort(outer?.reason);
    outer?.addEventListener('abort', onAbort, { once: true });
    const ids = [...new Set(checkedQuery.invokeIds ?? [])];
    const inFlight = new Map<number, Promise<Invocation | undefined>>();
    let next = 0;
    const launch = () => {
      while (next < ids.length && inFlight.size < concurrency) {
        const promise = describe(ids[next] as string, checkedQuery, controller.signal);
        promise.catch(() => undefined); // awaited in order below; an abandoned one must not be unhandled
        inFlight.set(next, promise);
        next += 1;
      }
    };
    try {
      for (let index = 0; index < ids.length; index += 1) {
        launch();
        const found = await (inFlight.get(index) as Promise<Invocation | undefined>);
        inFlight.delete(index);
        if (outer?.aborted) throw new AbortedError('the listing was aborted', { cause: outer.reason });
        if (found !== undefined) yield found;
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
    const id = parseInput(invokeIdSchema, invokeId, 'eflo get invokeId');
    const signal = getOptions.signal ?? new AbortController().signal;
    if (signal.aborted) throw new AbortedError('the call was aborted', { cause: signal.reason });
    let found: Invocation | undefined;
    try {
      found = await describe(id, getOptions.includeOutput === undefined ? {} : { includeOutput: getOptions.includeOutput }, signal);
    } catch (error) {
      if (signal.aborted && !AbortedError.isInstance(error)) throw new AbortedError('the call was aborted', { cause: signal.reason });
      throw error;
    }
    if (found === undefined) throw new NotFoundError({ invokeId: id, product: 'eflo', region });
    return found;
  }

  return { product: 'eflo', region, list, get };
}
