import { createdTimeOf, listInvocations, normalizeInvocationStatus, redactSecrets, type Invocation, type InvocationQuery, type InvocationSource } from '@invocations/core';
import type { SourceFailureInfo } from './api-types.js';
import type { ListFilters } from './query-params.js';

/** Whether a source can list without invocation ids (eflo's API cannot: its invocations open by id). */
export function canList(source: InvocationSource): boolean {
  return source.product !== 'eflo';
}

/** The sources a filter names (all listing sources without product or region filters). */
export function sourcesFor(sources: readonly InvocationSource[], filters: Pick<ListFilters, 'product' | 'region'>): InvocationSource[] {
  return sources.filter(
    (source) => canList(source) && (!filters.product || filters.product.includes(source.product)) && (!filters.region || filters.region.includes(source.region)),
  );
}

/** Whether an invocation passes the filters the services cannot apply (status, command text, target). */
export function matchesFilters(invocation: Invocation, filters: ListFilters): boolean {
  if (filters.status && !filters.status.includes(normalizeInvocationStatus(invocation.status) as never)) return false;
  if (filters.command) {
    const needle = filters.command.toLowerCase();
    if (invocation.commandId !== filters.command && !(invocation.commandName ?? '').toLowerCase().includes(needle)) return false;
  }
  if (filters.target && !invocation.targets.some((target) => target.id === filters.target)) return false;
  return true;
}

/** What {@link listNewest} found. */
export interface NewestPage {
  invocations: Invocation[];
  failures: SourceFailureInfo[];
  limited: boolean;
}

/**
 * The `limit` newest invocations across the sources that match the filters: core's newest-first
 * merge, stopped at the first record older than `since` (every later one is older) and at `limit`.
 * The target goes to the services as their own filter; the rest is checked here. A failing source
 * is reported beside the others' rows.
 */
export async function listNewest(sources: readonly InvocationSource[], filters: ListFilters, signal?: AbortSignal): Promise<NewestPage> {
  const query: InvocationQuery = filters.target ? { targetId: filters.target } : {};
  const stream = listInvocations(sourcesFor(sources, filters), query, { order: 'newest-first', concurrency: 8, ...(signal ? { signal } : {}) });
  const invocations: Invocation[] = [];
  let limited = false;
  for await (const invocation of stream) {
    const created = createdTimeOf(invocation);
    if (filters.since !== undefined && (created === undefined || created < filters.since)) break;
    if (filters.until !== undefined && created !== undefined && created >= filters.until) continue;
    if (!matchesFilters(invocation, filters)) continue;
    if (invocations.length >= filters.limit) {
      limited = true;
      break;
    }
    invocations.push(invocation);
  }
  const failures = stream.failures.map(({ source, error }) => ({
    product: source.product,
    region: source.region,
    // core's errors are already redacted; anything else (a TypeError from fetch) is redacted here.
    message: redactSecrets(error instanceof Error ? error.message : String(error)),
  }));
  return { invocations, failures, limited };
}
