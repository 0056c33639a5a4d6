import type { MetaResponse } from './api.js';
import { OptionList } from './parts.js';
import { navigate } from './router.js';

/** The overall statuses the filter offers (core's INVOCATION_STATUSES). */
export const STATUSES = ['Pending', 'Scheduled', 'Running', 'Stopping', 'Stopped', 'Success', 'Failed', 'PartialFailed'] as const;

/** The time windows the filter offers, in milliseconds back from now. */
const WINDOWS: readonly { value: string; label: string; ms: number }[] = [
  { value: '1h', label: 'Last hour', ms: 3_600_000 },
  { value: '24h', label: 'Last 24 hours', ms: 86_400_000 },
  { value: '7d', label: 'Last 7 days', ms: 7 * 86_400_000 },
  { value: '30d', label: 'Last 30 days', ms: 30 * 86_400_000 },
];

/** The filter names kept in the page's query string. */
const KEYS = ['product', 'region', 'status', 'command', 'target', 'window'] as const;

/**
 * The API query for the page's filters: the same names, with the time window turned into `since`
 * (an ISO time) when the request is made.
 */
export function apiQuery(search: URLSearchParams, now: number): URLSearchParams {
  const query = new URLSearchParams();
  for (const key of KEYS) {
    const value = search.get(key)?.trim();
    if (!value || key === 'window') continue;
    query.set(key, value);
  }
  const window = WINDOWS.find((candidate) => candidate.value === search.get('window'));
  if (window) query.set('since', new Date(now - window.ms).toISOString());
  return query;
}

/** The filter form. Choices apply at once; the text fields apply on Enter or with the Filter button. */
export function Filters({ search, meta, path }: { search: URLSearchParams; meta: MetaResponse | undefined; path: string }) {
  const listing = (meta?.sources ?? []).filter((source) => source.lists);
  const products = [...new Set(listing.map((source) => source.product))];
  const regions = [...new Set(listing.map((source) => source.region))].sort();
  const apply = (form: HTMLFormElement): void => {
    const next = new URLSearchParams();
    const data = new FormData(form);
    for (const key of KEYS) {
      const value = String(data.get(key) ?? '').trim();
      if (value) next.set(key, value);
    }
    const query = next.toString();
    navigate(`${path}${query ? `?${query}` : ''}`, { replace: true });
  };
  const select = (name: string, label: string, options: readonly { value: string; label: string }[], all: string) => (
    <div class="field">
      <label for={`filter-${name}`}>{label}</label>
      <select id={`filter-${name}`} name={name} value={search.get(name) ?? ''} onChange={(event) => apply((event.currentTarget as HTMLSelectElement).form as HTMLFormElement)}>
        <option value="">{all}</option>
        <OptionList options={options} />
      </select>
    </div>
  );
  return (
    <form
      class="filters"
      role="search"
      aria-label="Filter invocations"
      onSubmit={(event) => {
        event.preventDefault();
        apply(event.currentTarget as HTMLFormElement);
      }}
    >
      {select('product', 'Product', products.map((value) => ({ value, label: value.toUpperCase() })), 'All products')}
      {select('region', 'Region', regions.map((value) => ({ value, label: value })), 'All regions')}
      {select('status', 'Status', STATUSES.map((value) => ({ value, label: value })), 'Any status')}
      {select('window', 'Created', WINDOWS, 'Any time')}
      <div class="field">
        <label for="filter-command">Command</label>
        <input id="filter-command" name="command" type="search" placeholder="name or id" defaultValue={search.get('command') ?? ''} />
      </div>
      <div class="field">
        <label for="filter-target">Target</label>
        <input id="filter-target" name="target" type="search" placeholder="instance or node id" defaultValue={search.get('target') ?? ''} />
      </div>
      <div class="field actions">
        <button type="submit">Filter</button>
        {KEYS.some((key) => search.get(key)) ? (
          <button
            type="button"
            class="secondary"
            onClick={(event) => {
              // The text fields are uncontrolled (typing must not refetch): they are emptied here.
              for (const input of ((event.currentTarget as HTMLButtonElement).form as HTMLFormElement).querySelectorAll('input')) input.value = '';
              navigate(path, { replace: true });
            }}
          >
            Clear
          </button>
        ) : null}
      </div>
    </form>
  );
}
