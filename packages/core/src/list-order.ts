import type { Invocation } from './model.js';
import type { InvocationQuery } from './query.js';
import type { InvocationSource } from './source.js';

/**
 * The order a source's `list()` yields in: `newest-first` (by creation time, newest first) can be
 * merged as it streams; `unordered` is read whole and sorted before it is merged.
 */
export type ListOrder = 'newest-first' | 'unordered';

/**
 * The order each product's listing comes in, as far as the services and our adapters show it:
 *
 * - ECS: DescribeInvocations answers newest first (by CreationTime), also with InstanceId; the
 *   adapter yields in service order. With `invokeIds` it asks once per id, so the ids' order wins.
 * - SWAS: DescribeInvocations documents no order, and without `targetId` the adapter joins the
 *   instances' records into one record per invocation in the order it first met them: unordered.
 * - eflo: answers only by InvokeId (one request per id), so the order is the ids' order: unordered.
 *
 * Any other source is read as unordered, which is always correct (and costs memory).
 */
export function defaultListOrder(source: InvocationSource, query?: InvocationQuery): ListOrder {
  if (query?.invokeIds !== undefined) return 'unordered';
  return source.product === 'ecs' ? 'newest-first' : 'unordered';
}

/**
 * An invocation's creation time in epoch milliseconds, or undefined when it has none or it cannot
 * be read. A time without a zone (SWAS examples) is read as `Date.parse` reads it.
 */
export function createdTimeOf(invocation: Invocation): number | undefined {
  // Stryker disable next-line ConditionalExpression: Date.parse(undefined) is NaN, which is read as no time below as well
  if (invocation.createdAt === undefined) return undefined;
  const at = Date.parse(invocation.createdAt);
  return Number.isFinite(at) ? at : undefined;
}
