import { AbortedError, ApiError, NotFoundError, parseInput, type GetOptions, type Invocation, type InvocationQuery, type ListOptions, type RunnableSource, type StoppableSource } from '@invocations/core';
import { createSourceClient, linkedListing, mapConcurrently, type ContentEncodingOption, type SourceOptions } from '@invocations/openapi/kit';
import * as z from 'zod/mini';
import { parseDescribeInvocations, type EfloDescribeInvocationsPage } from './parse-describe-invocations.js';
import { createEfloRun } from './run-command.js';
import { createEfloStop } from './stop-invocation.js';
import { efloDescribeInvocationsRequestSchema, efloQuerySchema, type EfloContentEncoding, type EfloQuery } from './request.js';

/**
 * Options of {@link createEfloSource}: the OpenAPI client's options, `concurrency` (the most invoke ids
 * asked at once by `list({ invokeIds })`, default 16, halved while the service throttles and grown back
 * as it answers) and `contentEncoding`. eflo DescribeInvocations does not
 * page, so there is no `pageSize`, `paging` or `maxPages` (given anyway, they are a ConfigurationError).
 */
export interface EfloSourceOptions extends SourceOptions, ContentEncodingOption {}

const invokeIdSchema = z.string().check(z.trim()).check(z.minLength(1, 'must not be empty'));

/**
 * An `InvocationSource` over Lingjun's eflo-controller (2022-12-15) in one region: DescribeInvocations
 * for `list`/`get`, RunCommand for `run`, StopInvocation for `stop`. The region travels in the endpoint only (`eflo-controller.<region>.aliyuncs.com`, or the
 * `endpoint` option) and the parameters in a POST form body. The eflo API cannot list invocations:
 * `get(invokeId)` is the main call, `list({ invokeIds })` asks once per id (at most `concurrency` at a time,
 * in the ids' order, unknown ids skipped), and `list()` without ids is an `InvalidQueryError` saying
 * so. `targetId` narrows to one node (NodeId). Targets are nodes (`kind: 'node'`).
 * @example
 * const eflo = createEfloSource({ region: 'cn-wulanchabu' }); // credentials from the environment or ~/.aliyun
 * const invocation = await eflo.get('t-cd03crwys0lrls0', { includeOutput: true });
 * console.log(invocation.status, invocation.targets.map((node) => [node.id, node.status, node.output]));
 */
export function createEfloSource(options: EfloSourceOptions): RunnableSource & StoppableSource {
  const { client, region, window, contentEncoding } = createSourceClient('eflo', options, {
    context: 'createEfloSource options',
    paging: [],
    pagingNote: 'eflo DescribeInvocations does not page',
    contentEncoding: true,
  });

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
    let page: EfloDescribeInvocationsPage;
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
    const ids = [...new Set(checkedQuery.invokeIds ?? [])];
    yield* linkedListing(listOptions.signal, async function* (signal) {
      for await (const found of mapConcurrently(ids, window, (id) => describe(id, checkedQuery, signal))) if (found !== undefined) yield found;
    });
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

  return { product: 'eflo', region, list, get, run: createEfloRun(client), stop: createEfloStop(client) };
}
