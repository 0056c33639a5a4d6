import { type Kysely, sql } from 'kysely';
import type { Invocation } from '@invocations/core';
import { encodeCursor, type ParsedArchiveQuery } from './inputs.js';
import type { ArchiveDatabase } from './schema.js';
import { fromRows } from './rows.js';

/** One page of `archive.query`: invocations newest first, and the cursor of the next page when there is one. */
export interface ArchivePage {
  invocations: Invocation[];
  /** Pass as `cursor` to read the next page; absent on the last page. */
  nextCursor?: string;
}

/**
 * Newest first by (sort_at, id), a keyset: each page starts where the last one ended, so paging
 * costs the same on page 1 and page 1,000 and rows archived meanwhile neither repeat nor vanish.
 * With a target id the walk runs on the targets index and joins the invocations it names. Each
 * row is the whole record (targets included, migration 0004); only an invocation that has output
 * kept reads its targets' rows for it (a subquery by the targets' primary key). One statement and
 * one round trip per page.
 */
export async function queryInvocations(db: Kysely<ArchiveDatabase>, query: ParsedArchiveQuery): Promise<ArchivePage> {
  const outputs = sql<[string, string][] | null>`case when i.has_output then (select json_agg(json_build_array(x.target_id, x.output))
    from targets as x where x.invocation_id = i.id and x.output is not null) end`;
  let select = db.selectFrom('invocations as i').select(['i.id', 'i.sort_at', 'i.raw', outputs.as('outputs')]);
  const key = query.targetId ? { sortAt: sql.ref('t.sort_at'), id: sql.ref('t.invocation_id') } : { sortAt: sql.ref('i.sort_at'), id: sql.ref('i.id') };
  if (query.targetId) {
    select = select.innerJoin('targets as t', 't.invocation_id', 'i.id').where('t.target_id', '=', query.targetId);
  }
  if (query.product) select = select.where('i.product', 'in', query.product);
  if (query.region) select = select.where('i.region', 'in', query.region);
  if (query.status) select = select.where('i.status', 'in', query.status);
  if (query.commandName) select = select.where('i.command_name', '=', query.commandName);
  if (query.commandNameContains) {
    const pattern = `%${query.commandNameContains.replace(/[\\%_]/g, (match) => `\\${match}`)}%`;
    select = select.where('i.command_name', 'ilike', pattern);
  }
  if (query.commandId) select = select.where('i.command_id', '=', query.commandId);
  if (query.invokeIds) select = select.where('i.invoke_id', 'in', query.invokeIds);
  if (query.since) select = select.where(sql<boolean>`${key.sortAt} >= ${query.since}`);
  if (query.until) select = select.where(sql<boolean>`${key.sortAt} < ${query.until}`);
  if (query.cursor) select = select.where(sql<boolean>`(${key.sortAt}, ${key.id}) < (${query.cursor.sortAt}, ${query.cursor.id})`);
  const rows = await select
    .orderBy(sql`${key.sortAt}`, 'desc')
    .orderBy(sql`${key.id}`, 'desc')
    .limit(query.limit + 1)
    .execute();
  const more = rows.length > query.limit;
  const page = more ? rows.slice(0, query.limit) : rows;
  const invocations = page.map((row) => fromRows(row.raw, row.outputs));
  const last = page[page.length - 1];
  return more && last ? { invocations, nextCursor: encodeCursor(last.sort_at, Number(last.id)) } : { invocations };
}
