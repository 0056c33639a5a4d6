import type { Invocation } from '@invocations/core';
import type { Limiter } from '@invocations/openapi/kit';
import { joinInstanceRecords, mergeInvocationResult, type SwasInvocationResult } from './map-invocation.js';
import { recordsOfInstance, resultOf } from './instance-records.js';
import type { SwasQuery } from './request.js';
import type { SwasContext } from './source-context.js';

/**
 * One invocation by id, which no SWAS API filters on: where it ran (DescribeInvocationResult on each
 * candidate instance), then its record from the first such instance's listing (stopping at the page
 * that holds it). `instances` gives the candidates: the query's `targetId`, or the region's instances
 * discovered once for the whole call. Undefined when no instance knows the id.
 */
export async function findInvocation(
  context: SwasContext,
  limit: Limiter,
  invokeId: string,
  query: SwasQuery,
  instances: () => Promise<string[]>,
  signal?: AbortSignal,
): Promise<Invocation | undefined> {
  const candidates = query.targetId !== undefined ? [query.targetId] : await instances();
  const results = await Promise.all(candidates.map((instanceId) => resultOf(context, limit, instanceId, invokeId, signal)));
  const ran = candidates.flatMap((instanceId, index) => {
    const result = results[index];
    return result === undefined ? [] : [{ instanceId, result: { ...result, instanceId } }];
  });
  const [first] = ran;
  if (first === undefined) return undefined;
  let record: Invocation | undefined;
  for await (const candidate of recordsOfInstance(context, limit, first.instanceId, { ...query, invokeStatus: undefined }, signal)) {
    if (candidate.invokeId === invokeId) {
      record = candidate;
      break;
    }
  }
  // The listing may have lost the record (retention) while the result is still there: keep what we know.
  const base: Invocation = record ?? { product: 'swas', region: context.region, invokeId, parameters: {}, timed: false, status: 'Pending', targets: [] };
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
