// The counts the triggers keep, against the same counts taken from the rows: they must always agree.
import { type Kysely, sql } from 'kysely';
import type { ArchiveDatabase } from '../src/index.js';

type Count = { key: string; count: number };

async function read(db: Kysely<ArchiveDatabase>, statement: ReturnType<typeof sql<Count>>): Promise<string[]> {
  const { rows } = await statement.execute(db);
  return rows.map((row) => `${row.key}: ${Number(row.count)}`).sort();
}

/** `invocation_counts` and `invocation_totals` (non-zero rows) and the GROUP BYs over `invocations` they stand for. */
export async function countsAndRows(db: Kysely<ArchiveDatabase>) {
  return {
    days: await read(db, sql<Count>`select concat_ws(' ', day, product, region, command_key, status) as key, count from invocation_counts where count <> 0`),
    daysFromRows: await read(
      db,
      sql<Count>`select concat_ws(' ', (sort_at at time zone 'UTC')::date, product, region, coalesce(command_name, ''), status) as key, count(*) as count
        from invocations group by 1`,
    ),
    totals: await read(db, sql<Count>`select concat_ws(' ', product, region, command_key, status) as key, count from invocation_totals where count <> 0`),
    totalsFromRows: await read(
      db,
      sql<Count>`select concat_ws(' ', product, region, coalesce(command_name, ''), status) as key, count(*) as count from invocations group by 1`,
    ),
  };
}
