import { type Kysely, sql } from 'kysely';
import { isFailedTargetStatus, isTerminal, isTerminalTargetStatus, normalizeInvocationStatus } from '@invocations/core';
import type { StatsGroup } from './inputs.js';
import type { ArchiveDatabase } from './schema.js';

/** One group of `archive.stats`. */
export interface StatsRow {
  /** The command name, target id, product or UTC day (YYYY-MM-DD); null for invocations without a command name. */
  key: string | null;
  /** Invocations in the group (targets, when grouped by target). */
  total: number;
  /** How many of them ended (or stand) in each status, as reported. */
  statuses: Record<string, number>;
  /** How many are terminal. */
  terminal: number;
  /** How many failed: Failed or PartialFailed invocations; targets of the failed class when grouped by target. */
  failed: number;
  /** failed / terminal, 0 when nothing is terminal yet. */
  failureRate: number;
}

/** What `archive.stats` returns. */
export interface ArchiveStats {
  groupBy: StatsGroup;
  rows: StatsRow[];
}

const FAILED_INVOCATION: ReadonlySet<string> = new Set(['Failed', 'PartialFailed']);

/**
 * Counts per status in each group, folded into one row per key here. By target it counts target
 * rows (each target's own status) in one GROUP BY over the window; by command, product or day it
 * reads the daily counts (see {@link invocationCounts}).
 */
export async function computeStats(
  db: Kysely<ArchiveDatabase>,
  input: { groupBy: StatsGroup; product?: string[]; region?: string[]; since?: Date; until?: Date; limit: number },
): Promise<ArchiveStats> {
  let rows: { key: string | null; status: string; count: number }[];
  if (input.groupBy === 'target') {
    let query = db
      .selectFrom('targets as t')
      .select([
        't.target_id as key',
        't.status',
        sql<number>`count(*)::int`.as('count'),
      ])
      .groupBy(['t.target_id', 't.status']);
    if (input.since) query = query.where('t.sort_at', '>=', input.since);
    if (input.until) query = query.where('t.sort_at', '<', input.until);
    const { product, region } = input;
    if (product || region) {
      query = query.where('t.invocation_id', 'in', (eb) => {
        let owners = eb.selectFrom('invocations as i').select('i.id');
        if (product) owners = owners.where('i.product', 'in', product);
        if (region) owners = owners.where('i.region', 'in', region);
        return owners;
      });
    }
    rows = await query.execute();
  } else {
    rows = await invocationCounts(db, { ...input, groupBy: input.groupBy });
  }
  const byTarget = input.groupBy === 'target';
  const isDone = byTarget ? isTerminalTargetStatus : isTerminal;
  const isFailed = byTarget ? isFailedTargetStatus : (status: string) => FAILED_INVOCATION.has(normalizeInvocationStatus(status));
  const groups = new Map<string | null, StatsRow>();
  for (const row of rows) {
    let group = groups.get(row.key);
    if (!group) groups.set(row.key, (group = { key: row.key, total: 0, statuses: {}, terminal: 0, failed: 0, failureRate: 0 }));
    const count = Number(row.count);
    group.total += count;
    group.statuses[row.status] = (group.statuses[row.status] ?? 0) + count;
    if (isDone(row.status)) group.terminal += count;
    if (isFailed(row.status)) group.failed += count;
  }
  const result = [...groups.values()];
  for (const group of result) group.failureRate = group.terminal === 0 ? 0 : group.failed / group.terminal;
  if (input.groupBy === 'day') result.sort((a, b) => String(a.key).localeCompare(String(b.key)));
  else result.sort((a, b) => b.total - a.total || String(a.key ?? '').localeCompare(String(b.key ?? '')));
  return { groupBy: input.groupBy, rows: result.slice(0, input.limit) };
}

const DAY_MS = 86_400_000;

/**
 * Invocation counts by command, product or day. Without a window, by command or product: from
 * `invocation_totals`. Otherwise whole UTC days from `invocation_counts` (both kept by triggers), and
 * the partial days at the edges of the window from the invocations themselves, so the answer is
 * exact for any since/until.
 */
async function invocationCounts(
  db: Kysely<ArchiveDatabase>,
  input: { groupBy: 'command' | 'product' | 'day'; product?: string[]; region?: string[]; since?: Date; until?: Date },
): Promise<{ key: string | null; status: string; count: number }[]> {
  const { product, region, since, until } = input;
  const firstDay = since ? Math.ceil(since.getTime() / DAY_MS) * DAY_MS : undefined;
  const endDay = until ? Math.floor(until.getTime() / DAY_MS) * DAY_MS : undefined;
  const daysEmpty = firstDay !== undefined && endDay !== undefined && firstDay >= endDay;
  const rows: { key: string | null; status: string; count: number }[] = [];
  // The whole archive (no window): the totals, a few rows per command however many days they span.
  if (!since && !until && input.groupBy !== 'day') {
    let query = db
      .selectFrom('invocation_totals as c')
      .select([
        (input.groupBy === 'command' ? sql<string | null>`nullif(c.command_key, '')` : sql<string | null>`c.product`).as('key'),
        'c.status',
        sql<number>`sum(c.count)::bigint`.as('count'),
      ])
      .groupBy([sql`1`, 'c.status'])
      .having(sql<number>`sum(c.count)`, '<>', 0);
    if (product) query = query.where('c.product', 'in', product);
    if (region) query = query.where('c.region', 'in', region);
    return query.execute();
  }
  if (!daysEmpty) {
    const key =
      input.groupBy === 'command'
        ? sql<string | null>`nullif(c.command_key, '')`
        : input.groupBy === 'product'
          ? sql<string | null>`c.product`
          : sql<string | null>`to_char(c.day, 'YYYY-MM-DD')`;
    let query = db
      .selectFrom('invocation_counts as c')
      .select([key.as('key'), 'c.status', sql<number>`sum(c.count)::bigint`.as('count')])
      .groupBy([sql`1`, 'c.status'])
      .having(sql<number>`sum(c.count)`, '<>', 0);
    if (firstDay !== undefined) query = query.where(sql<boolean>`c.day >= ${new Date(firstDay).toISOString().slice(0, 10)}::date`);
    if (endDay !== undefined) query = query.where(sql<boolean>`c.day < ${new Date(endDay).toISOString().slice(0, 10)}::date`);
    if (product) query = query.where('c.product', 'in', product);
    if (region) query = query.where('c.region', 'in', region);
    rows.push(...(await query.execute()));
  }
  // The partial days: [since, first whole day) and [end of the whole days, until), or the whole window when it has no whole day.
  const edges: [Date, Date | undefined][] = [];
  if (daysEmpty) edges.push([since as Date, until]);
  else {
    if (since && firstDay !== undefined && since.getTime() < firstDay) edges.push([since, new Date(firstDay)]);
    if (until && endDay !== undefined && endDay < until.getTime()) edges.push([new Date(endDay), until]);
  }
  const rawKey =
    input.groupBy === 'command'
      ? sql<string | null>`i.command_name`
      : input.groupBy === 'product'
        ? sql<string | null>`i.product`
        : sql<string | null>`to_char(i.sort_at at time zone 'UTC', 'YYYY-MM-DD')`;
  for (const [from, to] of edges) {
    let query = db
      .selectFrom('invocations as i')
      .select([rawKey.as('key'), 'i.status', sql<number>`count(*)::int`.as('count')])
      .groupBy([sql`1`, 'i.status'])
      .where('i.sort_at', '>=', from);
    if (to) query = query.where('i.sort_at', '<', to);
    if (product) query = query.where('i.product', 'in', product);
    if (region) query = query.where('i.region', 'in', region);
    rows.push(...(await query.execute()));
  }
  return rows;
}
