import { type Kysely, sql } from 'kysely';
import type { Invocation } from '@invocations/core';
import type { ArchiveDatabase } from './schema.js';
import { noNulJson, toRows, type TargetValues } from './rows.js';

// Rows go as one array per column, zipped by ROWS FROM (unnest(...), ...): 16 parameters however
// many rows (a VALUES list costs a parameter per cell to send and plan, and stops at 65,535). The raw
// records go as one JSON array (json_array_elements): one native JSON.stringify per statement instead
// of one per record plus the escaping of each into an array literal, and json, not jsonb (the column's
// assignment cast converts it): PostgreSQL 15 reads a jsonb[] literal of 10,000 targets 5 to 10 times
// slower than json converted element by element. Chunks only bound a statement's memory.
const TARGET_ROWS_PER_INSERT = 10_000;
const INVOCATION_ROWS_PER_INSERT = 2_000;

/** The rows' raw records as one JSON array, in row order. */
function rawDocument(rows: readonly { raw: object }[]): string {
  return noNulJson(JSON.stringify(rows.map((row) => row.raw)));
}

function keyOf(product: string, region: string, invokeId: string): string {
  return `${product}\u0000${region}\u0000${invokeId}`;
}

/**
 * Upserts invocations and their targets in one transaction: all of the batch or none of it. A
 * record already archived is replaced by the newer report, except that output already kept is not
 * lost when the newer report came without it (listings never carry output). Writing the same
 * batch twice leaves the same rows.
 */
export async function writeBatch(
  db: Kysely<ArchiveDatabase>,
  invocations: readonly Invocation[],
  options: { keepOutput: boolean; now?: Date; region?: string },
): Promise<number> {
  if (invocations.length === 0) return 0;
  const now = options.now ?? new Date();
  // The last report of an invocation wins when a batch holds it twice.
  const byKey = new Map<string, ReturnType<typeof toRows>>();
  for (const invocation of invocations) {
    const rows = toRows(invocation, { keepOutput: options.keepOutput, now, ...(options.region ? { region: options.region } : {}) });
    const key = keyOf(rows.invocation.product, rows.invocation.region, rows.invocation.invoke_id);
    byKey.delete(key);
    byKey.set(key, rows);
  }
  const all = [...byKey.values()];
  await db.transaction().execute(async (trx) => {
    const ids = new Map<string, { id: number; sort_at: Date }>();
    for (let start = 0; start < all.length; start += INVOCATION_ROWS_PER_INSERT) {
      const chunk = all.slice(start, start + INVOCATION_ROWS_PER_INSERT).map((rows) => rows.invocation);
      const column = <T>(pick: (row: (typeof chunk)[number]) => T) => chunk.map(pick);
      const time = (value: Date | null) => (value ? value.toISOString() : null);
      const returned = await trx
        .insertInto('invocations')
        .columns([
          'product', 'region', 'invoke_id', 'command_id', 'command_name', 'command_type', 'content_hash', 'status', 'terminal',
          'created_at', 'finished_at', 'sort_at', 'target_count', 'archived_at', 'updated_at', 'raw',
        ])
        .expression(
          sql`select * from rows from (
            unnest(${column((row) => row.product)}::text[]), unnest(${column((row) => row.region)}::text[]),
            unnest(${column((row) => row.invoke_id)}::text[]), unnest(${column((row) => row.command_id)}::text[]),
            unnest(${column((row) => row.command_name)}::text[]), unnest(${column((row) => row.command_type)}::text[]),
            unnest(${column((row) => row.content_hash)}::text[]), unnest(${column((row) => row.status)}::text[]),
            unnest(${column((row) => row.terminal)}::boolean[]), unnest(${column((row) => time(row.created_at))}::timestamptz[]),
            unnest(${column((row) => time(row.finished_at))}::timestamptz[]), unnest(${column((row) => time(row.sort_at))}::timestamptz[]),
            unnest(${column((row) => row.target_count)}::integer[]), unnest(${column((row) => time(row.archived_at))}::timestamptz[]),
            unnest(${column((row) => time(row.updated_at))}::timestamptz[]), json_array_elements(${rawDocument(chunk)}::json))`,
        )
        .onConflict((conflict) =>
          conflict.columns(['product', 'region', 'invoke_id']).doUpdateSet((eb) => ({
            command_id: eb.ref('excluded.command_id'),
            command_name: eb.ref('excluded.command_name'),
            command_type: eb.ref('excluded.command_type'),
            content_hash: eb.ref('excluded.content_hash'),
            status: eb.ref('excluded.status'),
            terminal: eb.ref('excluded.terminal'),
            created_at: eb.ref('excluded.created_at'),
            finished_at: eb.ref('excluded.finished_at'),
            // A record without createdAt keeps the time it was first seen, so its place in the order is stable.
            sort_at: sql<Date>`case when excluded.created_at is null then invocations.sort_at else excluded.sort_at end`,
            target_count: eb.ref('excluded.target_count'),
            gone_at: sql<Date | null>`null`,
            updated_at: eb.ref('excluded.updated_at'),
            raw: eb.ref('excluded.raw'),
          })),
        )
        .returning(['id', 'product', 'region', 'invoke_id', 'sort_at'])
        .execute();
      for (const row of returned) ids.set(keyOf(row.product, row.region, row.invoke_id), { id: Number(row.id), sort_at: row.sort_at });
    }
    const targetRows: (TargetValues & { invocation_id: number; sort_at: Date })[] = [];
    for (const rows of all) {
      const owner = ids.get(keyOf(rows.invocation.product, rows.invocation.region, rows.invocation.invoke_id));
      if (!owner) throw new Error(`archive: no row id came back for ${rows.invocation.invoke_id}`);
      for (const target of rows.targets) targetRows.push({ ...target, invocation_id: owner.id, sort_at: owner.sort_at });
    }
    for (let start = 0; start < targetRows.length; start += TARGET_ROWS_PER_INSERT) {
      const chunk = targetRows.slice(start, start + TARGET_ROWS_PER_INSERT);
      const column = <T>(pick: (row: (typeof chunk)[number]) => T) => chunk.map(pick);
      const time = (value: Date | null) => (value ? value.toISOString() : null);
      await trx
        .insertInto('targets')
        .columns([
          'invocation_id', 'target_id', 'position', 'kind', 'status', 'exit_code', 'error_code', 'created_at', 'started_at',
          'finished_at', 'sort_at', 'output', 'output_hash', 'output_bytes', 'dropped_bytes', 'raw',
        ])
        .expression(
          sql`select * from rows from (
            unnest(${column((row) => row.invocation_id)}::bigint[]), unnest(${column((row) => row.target_id)}::text[]),
            unnest(${column((row) => row.position)}::integer[]), unnest(${column((row) => row.kind)}::text[]),
            unnest(${column((row) => row.status)}::text[]), unnest(${column((row) => row.exit_code)}::integer[]),
            unnest(${column((row) => row.error_code)}::text[]), unnest(${column((row) => time(row.created_at))}::timestamptz[]),
            unnest(${column((row) => time(row.started_at))}::timestamptz[]), unnest(${column((row) => time(row.finished_at))}::timestamptz[]),
            unnest(${column((row) => time(row.sort_at))}::timestamptz[]), unnest(${column((row) => row.output)}::text[]),
            unnest(${column((row) => row.output_hash)}::text[]), unnest(${column((row) => row.output_bytes)}::integer[]),
            unnest(${column((row) => row.dropped_bytes)}::integer[]), json_array_elements(${rawDocument(chunk)}::json))`,
        )
        .onConflict((conflict) =>
          conflict.columns(['invocation_id', 'target_id']).doUpdateSet((eb) => ({
            position: eb.ref('excluded.position'),
            kind: eb.ref('excluded.kind'),
            status: eb.ref('excluded.status'),
            exit_code: eb.ref('excluded.exit_code'),
            error_code: eb.ref('excluded.error_code'),
            created_at: eb.ref('excluded.created_at'),
            started_at: eb.ref('excluded.started_at'),
            finished_at: eb.ref('excluded.finished_at'),
            sort_at: eb.ref('excluded.sort_at'),
            output: sql<string | null>`coalesce(excluded.output, targets.output)`,
            output_hash: sql<string | null>`coalesce(excluded.output_hash, targets.output_hash)`,
            output_bytes: sql<number | null>`coalesce(excluded.output_bytes, targets.output_bytes)`,
            dropped_bytes: eb.ref('excluded.dropped_bytes'),
            raw: eb.ref('excluded.raw'),
          })),
        )
        .execute();
    }
  });
  return all.length;
}
