import type { Invocation } from '@invocations/core';
import { useInfiniteQuery, useQuery } from '@tanstack/preact-query';
import { getJson, type HistoryResponse, type MetaResponse, type StatsResponse } from './api.js';
import { apiQuery, Filters } from './filters.js';
import { InvocationTable } from './invocation-table.js';
import { ErrorAlert, TableHead } from './parts.js';

const STATS_COLUMNS = ['Command', 'Invocations', 'Finished', 'Failed', 'Failure rate'] as const;

function percent(rate: number): string {
  return `${(rate * 100).toFixed(1)}%`;
}

/**
 * The archive: invocations older than the services keep, newest first (a page at a time), and the
 * failure rate of each command over the same window.
 */
export function HistoryView({ search, meta }: { search: URLSearchParams; meta: MetaResponse | undefined }) {
  const filterKey = search.toString();
  const query = apiQuery(search, Date.now());
  const statsQuery = new URLSearchParams({ groupBy: 'command' });
  for (const key of ['product', 'region', 'since']) {
    const value = query.get(key);
    if (value) statsQuery.set(key, value);
  }
  const stats = useQuery({
    queryKey: ['stats', filterKey],
    queryFn: ({ signal }) => getJson<StatsResponse>(`/api/stats?${statsQuery.toString()}`, signal),
    enabled: meta?.archive === true,
  });
  const pages = useInfiniteQuery({
    queryKey: ['history', filterKey],
    queryFn: ({ signal, pageParam }) => {
      const page = new URLSearchParams(query);
      if (pageParam) page.set('cursor', pageParam);
      return getJson<HistoryResponse>(`/api/history?${page.toString()}`, signal);
    },
    initialPageParam: '',
    getNextPageParam: (last) => last.nextCursor,
    enabled: meta?.archive === true,
  });
  const invocations: Invocation[] = pages.data?.pages.flatMap((page) => page.invocations) ?? [];

  if (meta && !meta.archive) {
    return (
      <>
        <h1 tabIndex={-1}>History</h1>
        <p>No archive was given: start the console with --archive to see history.</p>
      </>
    );
  }
  return (
    <>
      <h1 tabIndex={-1}>History</h1>
      <Filters search={search} meta={meta} path="/history" />
      <section aria-labelledby="rates-heading">
        <h2 id="rates-heading">Failure rate per command</h2>
        <ErrorAlert error={stats.error} prefix="Could not read the statistics" />
        {stats.data ? (
          stats.data.rows.length === 0 ? (
            <p>The archive holds nothing for these filters.</p>
          ) : (
            <table class="stats">
              <caption class="visually-hidden">Invocations and failures per command</caption>
              <TableHead columns={STATS_COLUMNS} />
              <tbody>
                {stats.data.rows.map((row) => (
                  <tr key={row.key ?? ''}>
                    <th scope="row">{row.key ?? '(no name)'}</th>
                    <td data-label="Invocations">{row.total}</td>
                    <td data-label="Finished">{row.terminal}</td>
                    <td data-label="Failed">{row.failed}</td>
                    <td data-label="Failure rate">
                      <meter min={0} max={1} value={row.failureRate} aria-label={`Failure rate of ${row.key ?? 'unnamed commands'}`} /> {percent(row.failureRate)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )
        ) : null}
      </section>
      <section aria-labelledby="archived-heading">
        <h2 id="archived-heading">Archived invocations</h2>
        <ErrorAlert error={pages.error} prefix="Could not read the archive" />
        {invocations.length === 0 && pages.isSuccess ? <p>No archived invocations match these filters.</p> : null}
        {invocations.length > 0 ? (
          <InvocationTable caption="Archived invocations, newest first" invocations={invocations} />
        ) : null}
        {pages.hasNextPage ? (
          <button type="button" onClick={() => void pages.fetchNextPage()} disabled={pages.isFetchingNextPage}>
            {pages.isFetchingNextPage ? 'Reading...' : 'Older invocations'}
          </button>
        ) : null}
      </section>
    </>
  );
}
