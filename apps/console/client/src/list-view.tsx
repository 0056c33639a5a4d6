import type { Invocation } from '@invocations/core';
import { useQuery } from '@tanstack/preact-query';
import { getJson, type ListResponse, type MetaResponse } from './api.js';
import { apiQuery, Filters } from './filters.js';
import { isActive, statusClass } from './format.js';
import { InvocationTable } from './invocation-table.js';
import { ErrorAlert } from './parts.js';
import { onLinkClick } from './router.js';
import { StatusChart } from './status-chart.js';

/** How long to wait between two reads when nothing in the list can change any more. */
const IDLE_REFRESH_MS = 15_000;

/** A note with this page's own URLs as links (the CLI's eflo note names an invocation to open). */
function Linked({ text }: { text: string }) {
  return (
    <>
      {text.split(/(https?:\/\/\S+)/).map((part, index) => {
        if (index % 2 === 0) return part;
        const url = new URL(part);
        return url.origin === location.origin ? (
          <a key={part} href={url.pathname + url.search} onClick={onLinkClick}>
            {url.pathname}
          </a>
        ) : (
          part
        );
      })}
    </>
  );
}

/** `3 ok / 1 failed / 2 running` for the targets of one invocation. */
function targetCounts(invocation: Invocation): string {
  const counts = { ok: 0, failed: 0, active: 0, stopped: 0 };
  for (const target of invocation.targets) {
    const group = statusClass(target.status);
    counts[group === 'success' ? 'ok' : group]++;
  }
  const parts = [`${counts.ok} ok`];
  if (counts.failed) parts.push(`${counts.failed} failed`);
  if (counts.active) parts.push(`${counts.active} active`);
  if (counts.stopped) parts.push(`${counts.stopped} stopped`);
  return parts.join(' / ');
}

/**
 * Every product and region, newest first, with filters, a chart of statuses over time and live
 * updates: while an invocation in the list is active the list is read again every `refreshMs`.
 */
export function ListView({ search, meta }: { search: URLSearchParams; meta: MetaResponse | undefined }) {
  const filterKey = search.toString();
  const list = useQuery({
    queryKey: ['invocations', filterKey],
    queryFn: ({ signal }) => getJson<ListResponse>(`/api/invocations?${apiQuery(search, Date.now()).toString()}`, signal),
    refetchInterval: (query) => (query.state.data?.invocations.some((invocation) => isActive(invocation.status)) ? (meta?.refreshMs ?? 2_000) : IDLE_REFRESH_MS),
    placeholderData: (previous) => previous,
  });
  const data = list.data;
  const active = data?.invocations.filter((invocation) => isActive(invocation.status)).length ?? 0;

  return (
    <>
      <h1 tabIndex={-1}>Invocations</h1>
      {meta?.notes.map((note) => (
        <p class="note" key={note}>
          <Linked text={note} />
        </p>
      ))}
      <Filters search={search} meta={meta} path="/" />
      <ErrorAlert error={list.error} prefix="Could not read invocations" />
      {data?.failures.map((failure) => (
        <p class="error" role="alert" key={`${failure.product}-${failure.region}`}>
          {failure.product.toUpperCase()} {failure.region}: {failure.message}
        </p>
      ))}
      {data ? (
        <>
          <section aria-labelledby="chart-heading">
            <h2 id="chart-heading">Statuses over time</h2>
            <StatusChart invocations={data.invocations} />
          </section>
          <section aria-labelledby="list-heading">
            <h2 id="list-heading">
              {data.invocations.length} invocation{data.invocations.length === 1 ? '' : 's'}
              {data.limited ? ' (the newest; narrow the filters for older ones)' : ''}
            </h2>
            <p class="muted status-line">
              Updated {new Date(data.fetchedAt).toLocaleTimeString()}
              {active > 0 ? `, ${active} active: refreshing every ${Math.round((meta?.refreshMs ?? 2_000) / 1000)} s` : ''}
              {list.isFetching ? ' (reading...)' : ''}
            </p>
            {data.invocations.length === 0 ? (
              <p>No invocations match these filters.</p>
            ) : (
              <InvocationTable caption="Invocations, newest first" invocations={data.invocations} targetCounts={targetCounts} />
            )}
          </section>
        </>
      ) : list.isPending ? (
        <p aria-busy="true">Reading invocations...</p>
      ) : null}
    </>
  );
}
