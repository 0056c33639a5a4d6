import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { Invocation } from '@invocations/core';
import type { ArchiveDatabase } from './schema.js';
import { chunkArraysOf, type ChunkArrays } from './batch-arrays.js';
import { noNulJson, toRows, type InvocationValues } from './rows.js';

// A chunk of invocations goes as ONE statement: to a server, each column as one array parameter in
// binary format (batch-arrays.ts), the targets' columns apart with each target's place `n` of its
// invocation in the chunk; to PGlite, as one JSON parameter, the invocations' columns each with its
// record and its targets' columns nested (PGlite serializes parameters itself). Both feed the same
// statement from `e` on. A statement cannot upsert one row twice, so a batch is deduplicated
// first; chunks only bound a statement's size, and a batch (one chunk or several) is one
// transaction, which first raises work_mem (see workMemOf). Measured on PostgreSQL 15 (bench/README.md):
// - Arrays against the batch as one jsonb document: 0.24 against 0.29 ms of server CPU per
//   invocation of 10 targets. The server copies each value in instead of lexing the columns out of
//   JSON into jsonb (numbers as numeric), taking them out with jsonb_to_record and ->> and casting
//   them; times arrive as timestamptz. Only the records are still parsed, each once, into the jsonb
//   they are stored as.
// - Read as json instead of jsonb, each element of the document was parsed again per json_to_record,
//   per json_to_recordset and for raw's jsonb: about 0.46 against 0.29 ms.
// - The record stays jsonb, as the schema promises (queryable with jsonb's operators and indexes),
//   though building it is about a fifth of the server's CPU of a write: stored as json text it cost
//   0.27 against 0.35 ms per invocation of 10 targets (bench/README.md, measured and not kept).
// - PGlite's times are epoch milliseconds (to_timestamp), not ISO text for timestamptz's input parser.
// - A record that did not change is not written at all: `e` finds the rows the batch already has, and
//   the insert skips the invocations whose columns and record are the same, and the targets whose
//   columns and output are the same (the ON CONFLICT update would write a new version of the row and
//   of each of its seven indexes' entries, and lock the row even with a false WHERE). A re-sync reads
//   the stretch near the watermark again, and every re-read of an unfinished invocation that has not
//   moved comes back the same.
// Concurrent writers (a sync's batches in flight, two syncs, record()) lock rows in one order:
// invocations by key, then targets by (invocation id, target id), then the count rows by key (the
// triggers, migration 0003). A transaction of ONE write statement takes its locks in that order,
// so two of them wait for each other but never deadlock; `sync` keeps each batch to one statement.
// A write of several statements (a `record()` of more than one chunk) takes them in that order per
// statement only, so it runs alone: every write first takes the archive's advisory lock, shared by
// one-statement writes and exclusive for a longer one (see WRITE_LOCK).
/**
 * The archive's advisory lock (one bigint key in the database's advisory lock space), taken for the
 * writing transaction: shared by writes of one statement, which never deadlock with each other;
 * exclusive by a write of several statements and by prune, which lock rows in another order, so
 * they run while no other write does. Taken before any row lock, it cannot join a deadlock itself.
 */
const WRITE_LOCK = 7_384_301_596_226_181;

/** The call that takes {@link WRITE_LOCK} for the transaction: exclusive, or shared by one-statement writes. */
export function writeLock(exclusive: boolean) {
  return exclusive ? sql`pg_advisory_xact_lock(${WRITE_LOCK})` : sql`pg_advisory_xact_lock_shared(${WRITE_LOCK})`;
}

/** The most invocations one statement writes; a larger batch is several statements in one transaction. */
export const INVOCATIONS_PER_STATEMENT = 2_000;
/** About the most targets one statement writes. */
export const TARGETS_PER_STATEMENT = 20_000;

/** The batch's rows from its JSON document (PGlite): `r`, the invocations, each with its targets as a jsonb array of tuples. */
const jsonRowsOf = (document: string) => sql`select r.product, r.region, r.invoke_id, r.command_id, r.command_name, r.command_type, r.content_hash, r.status, r.terminal,
    to_timestamp(r.created_at / 1000) as created_at, to_timestamp(r.finished_at / 1000) as finished_at,
    to_timestamp(r.sort_at / 1000) as sort_at, r.target_count, r.has_output, r.raw, r.targets
  from jsonb_array_elements(${document}::jsonb) as d cross join lateral jsonb_to_record(d.value) as r(
    product text, region text, invoke_id text, command_id text, command_name text, command_type text, content_hash text,
    status text, terminal boolean, created_at float8, finished_at float8, sort_at float8, target_count integer,
    has_output boolean, raw jsonb, targets jsonb)`;

/** The targets of `ids` from the JSON document: each an array, its columns in the order of rows.ts's TargetTuple. */
const jsonTargets = sql`select ids.id, ids.new, ids.sort_at, v->>0 as target_id, (v->>1)::integer as position, v->>2 as kind, v->>3 as status,
    (v->>4)::bigint as exit_code, v->>5 as error_code, to_timestamp((v->>6)::float8 / 1000) as created_at,
    to_timestamp((v->>7)::float8 / 1000) as started_at, to_timestamp((v->>8)::float8 / 1000) as finished_at,
    v->>9 as output, v->>10 as output_hash, (v->>11)::integer as output_bytes, (v->>12)::bigint as dropped_bytes
  from ids join r on r.product = ids.product and r.region = ids.region and r.invoke_id = ids.invoke_id
  cross join lateral jsonb_array_elements(r.targets) as t(v)`;

/** The batch's rows from its array parameters (a server): `r`, the invocations, `n` each one's place in the chunk. */
const arrayRowsOf = ({ invocations: a }: ChunkArrays) => sql`select r.n::integer as n, r.product, r.region, r.invoke_id, r.command_id, r.command_name,
    r.command_type, r.content_hash, r.status, r.terminal, r.created_at, r.finished_at, r.sort_at, r.target_count, r.has_output, r.raw
  from unnest(${a.product}::text[], ${a.region}::text[], ${a.invoke_id}::text[], ${a.command_id}::text[], ${a.command_name}::text[],
    ${a.command_type}::text[], ${a.content_hash}::text[], ${a.status}::text[], ${a.terminal}::boolean[], ${a.created_at}::timestamptz[],
    ${a.finished_at}::timestamptz[], ${a.sort_at}::timestamptz[], ${a.target_count}::integer[], ${a.has_output}::boolean[], ${a.raw}::jsonb[])
    with ordinality as r(product, region, invoke_id, command_id, command_name, command_type, content_hash, status, terminal, created_at,
      finished_at, sort_at, target_count, has_output, raw, n)`;

/** The targets of `ids` from the array parameters, matched to their invocation by its place in the chunk. */
const arrayTargetsOf = ({ targets: a }: ChunkArrays) => sql`select ids.id, ids.new, ids.sort_at, x.target_id, x.position, x.kind, x.status,
    x.exit_code, x.error_code, x.created_at, x.started_at, x.finished_at, x.output, x.output_hash, x.output_bytes, x.dropped_bytes
  from ids join r on r.product = ids.product and r.region = ids.region and r.invoke_id = ids.invoke_id
  join unnest(${a.n}::integer[], ${a.target_id}::text[], ${a.position}::integer[], ${a.kind}::text[], ${a.status}::text[], ${a.exit_code}::bigint[],
    ${a.error_code}::text[], ${a.created_at}::timestamptz[], ${a.started_at}::timestamptz[], ${a.finished_at}::timestamptz[], ${a.output}::text[],
    ${a.output_hash}::text[], ${a.output_bytes}::integer[], ${a.dropped_bytes}::bigint[])
    as x(n, target_id, position, kind, status, exit_code, error_code, created_at, started_at, finished_at, output, output_hash, output_bytes, dropped_bytes)
    on x.n = r.n`;

/** The upsert of one chunk: `rows` the batch's invocations (`r`), `targets` the targets to look at, `now` the write's time (epoch ms). */
const upsertOf = (rows: RawBuilder<unknown>, targets: RawBuilder<unknown>, now: number) => sql<{ written: number }>`with r as materialized (
  ${rows}
), e as materialized (
  -- The batch's invocations already archived, and whether this report of each changes nothing.
  select i.id, i.product, i.region, i.invoke_id, i.sort_at,
    (i.command_id, i.command_name, i.command_type, i.content_hash, i.status, i.terminal, i.created_at, i.finished_at, i.target_count, i.raw)
      is not distinct from (r.command_id, r.command_name, r.command_type, r.content_hash, r.status, r.terminal, r.created_at, r.finished_at, r.target_count, r.raw)
      and i.gone_at is null and (i.has_output or not r.has_output) and (r.created_at is null or i.sort_at = r.sort_at) as same
  from r join invocations as i on i.product = r.product and i.region = r.region and i.invoke_id = r.invoke_id
), inv as (
  insert into invocations as i (product, region, invoke_id, command_id, command_name, command_type, content_hash, status, terminal,
    created_at, finished_at, sort_at, target_count, archived_at, updated_at, has_output, raw)
  select r.product, r.region, r.invoke_id, r.command_id, r.command_name, r.command_type, r.content_hash, r.status, r.terminal,
    r.created_at, r.finished_at, r.sort_at, r.target_count, to_timestamp(${now}::float8 / 1000), to_timestamp(${now}::float8 / 1000), r.has_output, r.raw
  from r left join e on e.product = r.product and e.region = r.region and e.invoke_id = r.invoke_id
  where e.same is not true
  order by r.product, r.region, r.invoke_id
  on conflict (product, region, invoke_id) do update set
    command_id = excluded.command_id, command_name = excluded.command_name, command_type = excluded.command_type,
    content_hash = excluded.content_hash, status = excluded.status, terminal = excluded.terminal,
    created_at = excluded.created_at, finished_at = excluded.finished_at,
    -- A record without createdAt keeps the time it was first seen, so its place in the order is stable.
    sort_at = case when excluded.created_at is null then i.sort_at else excluded.sort_at end,
    target_count = excluded.target_count, gone_at = null, updated_at = excluded.updated_at,
    -- Output already kept stays (coalesce below) when a newer report comes without it (listings never carry it).
    has_output = i.has_output or excluded.has_output, raw = excluded.raw
  returning i.id, i.product, i.region, i.invoke_id, i.sort_at
), ids as (
  -- The targets to look at: those of every invocation written, and of an unchanged one only when
  -- this report carries output (its record holds everything else a target row has).
  select inv.id, inv.product, inv.region, inv.invoke_id, inv.sort_at, e.id is null as new from inv left join e on e.id = inv.id
  union all
  select e.id, e.product, e.region, e.invoke_id, e.sort_at, false from e join r on r.product = e.product and r.region = e.region and r.invoke_id = e.invoke_id
  where e.same and r.has_output
), t as (
  ${targets}
), tgt as (
  insert into targets as x (invocation_id, target_id, position, kind, status, exit_code, error_code, created_at, started_at,
    finished_at, sort_at, output, output_hash, output_bytes, dropped_bytes)
  select t.id, t.target_id, t.position, t.kind, t.status, t.exit_code, t.error_code, t.created_at, t.started_at,
    t.finished_at, t.sort_at, t.output, t.output_hash, t.output_bytes, t.dropped_bytes
  from t
  -- A target row of an invocation archived before is written only when something in it changes.
  where t.new or not exists (select 1 from targets as y where y.invocation_id = t.id and y.target_id = t.target_id
    and (y.position, y.kind, y.status, y.exit_code, y.error_code, y.created_at, y.started_at, y.finished_at, y.sort_at, y.dropped_bytes,
      y.output, y.output_hash, y.output_bytes)
    is not distinct from (t.position, t.kind, t.status, t.exit_code, t.error_code, t.created_at, t.started_at, t.finished_at, t.sort_at, t.dropped_bytes,
      coalesce(t.output, y.output), coalesce(t.output_hash, y.output_hash), coalesce(t.output_bytes, y.output_bytes)))
  order by t.id, t.target_id
  on conflict (invocation_id, target_id) do update set
    position = excluded.position, kind = excluded.kind, status = excluded.status, exit_code = excluded.exit_code,
    error_code = excluded.error_code, created_at = excluded.created_at, started_at = excluded.started_at,
    finished_at = excluded.finished_at, sort_at = excluded.sort_at,
    output = coalesce(excluded.output, x.output), output_hash = coalesce(excluded.output_hash, x.output_hash),
    output_bytes = coalesce(excluded.output_bytes, x.output_bytes), dropped_bytes = excluded.dropped_bytes
)
select count(*)::int as written from inv`;

function keyOf(product: string, region: string, invokeId: string): string {
  return `${product}\u0000${region}\u0000${invokeId}`;
}

/**
 * A chunk's parameters: for PGlite its JSON text (U+0000 escapes turned into U+FFFD, which jsonb and
 * text can hold), which PGlite sends as it serializes parameters itself; for a server its columns as
 * binary arrays (see batch-arrays.ts).
 */
type ChunkParameters = { kind: 'json'; document: string; textLength: number; release(): void } | ({ kind: 'arrays' } & ChunkArrays);

function parametersOf(chunk: readonly InvocationValues[], binary: boolean): ChunkParameters {
  if (binary) return { kind: 'arrays', ...chunkArraysOf(chunk) };
  const text = noNulJson(JSON.stringify(chunk));
  return { kind: 'json', document: text, textLength: text.length, release: () => undefined };
}

/** Splits the batch into statements of at most INVOCATIONS_PER_STATEMENT invocations and about TARGETS_PER_STATEMENT targets. */
function chunksOf(all: readonly InvocationValues[]): InvocationValues[][] {
  const chunks: InvocationValues[][] = [];
  let chunk: InvocationValues[] = [];
  let targets = 0;
  for (const rows of all) {
    if (chunk.length > 0 && (chunk.length >= INVOCATIONS_PER_STATEMENT || targets + rows.targets.length > TARGETS_PER_STATEMENT)) {
      chunks.push(chunk);
      chunk = [];
      targets = 0;
    }
    chunk.push(rows);
    targets += rows.targets.length;
  }
  if (chunk.length > 0) chunks.push(chunk);
  return chunks;
}

// work_mem (kB) a write asks for: the statement keeps its chunk's rows (records and targets
// included) in memory, about 5 MB per 1,000 invocations of 10 targets. Past the default 4 MB they
// went to temp files and were read back several times: 7% of the server's CPU of a write, 30% of
// an unchanged re-sync's (bench/README.md). Sized from the JSON text's UTF-16 units (PGlite) or the
// arrays' bytes (a server): times six covers UTF-8 (three bytes a unit at most) twice over, room for
// the tuple headers and the copies the statement makes. Bounded so a huge batch spills rather than
// exhausting the server's memory.
const WORK_MEM_MIN_KB = 4_096;
const WORK_MEM_MAX_KB = 262_144;

/** work_mem for a write of these chunks, as set_config takes it. */
function workMemOf(chunks: readonly ChunkParameters[]): string {
  let largest = 0;
  for (const chunk of chunks) largest = Math.max(largest, chunk.kind === 'json' ? chunk.textLength : chunk.byteLength);
  return `${Math.min(WORK_MEM_MAX_KB, Math.max(WORK_MEM_MIN_KB, Math.ceil((largest * 6) / 1024)))}kB`;
}

// Archives this process has seen with statistics (see ensureStatistics).
const analyzed = new WeakSet<Kysely<ArchiveDatabase>>();

/**
 * Runs ANALYZE once the tables hold rows but have never been analyzed. The statement finds a batch's
 * archived invocations by (product, region, invoke_id); without statistics the planner rates the
 * index on (product, region, sort_at, id) as good as the unique key for that (both "1 row") and may
 * read a whole source for each invocation: writing 1,000 unchanged invocations into an archive of
 * 10,000 cost 0.85 s of server time instead of 0.08 s (bench/README.md). A new archive's first
 * sync writes far faster than autovacuum's first ANALYZE comes by. With statistics the key is
 * estimated at one row and the source at many, however much the table grows after.
 */
async function ensureStatistics(db: Kysely<ArchiveDatabase>): Promise<void> {
  if (analyzed.has(db)) return;
  const { rows } = await sql<{ known: boolean; filled: boolean }>`select
      exists (select 1 from pg_stats where schemaname = current_schema() and tablename = 'invocations' and attname = 'invoke_id') as known,
      exists (select 1 from invocations) as filled`.execute(db);
  // An empty table is found instantly by any index: wait for the first rows.
  if (!rows[0]?.known && rows[0]?.filled) await sql`analyze invocations, targets`.execute(db);
  if (rows[0]?.known || rows[0]?.filled) analyzed.add(db);
}

/**
 * Upserts invocations and their targets atomically: all of the batch or none of it. A record
 * already archived is replaced by the newer report, except that output already kept is not lost
 * when the newer report came without it (listings never carry output). Writing the same batch
 * twice leaves the same rows, untouched: returns how many invocations were new or changed.
 * `durable: false` commits without waiting for the WAL to reach the disk (`synchronous_commit =
 * off` for this transaction alone): only for writes whose loss to a crash of the server itself is
 * repaired by a later write, as a sync's batches are (see syncSource).
 */
export async function writeBatch(
  db: Kysely<ArchiveDatabase>,
  invocations: readonly Invocation[],
  options: { keepOutput: boolean; now?: Date; region?: string; binary?: boolean; durable?: boolean },
): Promise<number> {
  if (invocations.length === 0) return 0;
  await ensureStatistics(db);
  const now = (options.now ?? new Date()).getTime();
  // The last report of an invocation wins when a batch holds it twice.
  const byKey = new Map<string, InvocationValues>();
  for (const invocation of invocations) {
    const rows = toRows(invocation, { keepOutput: options.keepOutput, now, ...(options.region ? { region: options.region } : {}) });
    const key = keyOf(rows.product, rows.region, rows.invoke_id);
    byKey.delete(key);
    byKey.set(key, rows);
  }
  const documents = chunksOf([...byKey.values()]).map((chunk) => parametersOf(chunk, options.binary === true));
  let written = 0;
  try {
    await db.transaction().execute(async (transaction) => {
      const commit = options.durable === false ? sql`, set_config('synchronous_commit', 'off', true)` : sql``;
      await sql`select set_config('work_mem', ${workMemOf(documents)}, true)${commit}, ${writeLock(documents.length > 1)}`.execute(transaction);
      for (const document of documents) written += await upsert(transaction, document, now);
    });
  } finally {
    // Each statement has been sent by now (or never will be): `pg` copied the parameter when it did.
    for (const document of documents) document.release();
  }
  return written;
}

/** Runs one chunk's upsert; returns how many invocations it wrote (new or changed). */
async function upsert(db: Kysely<ArchiveDatabase>, chunk: ChunkParameters, now: number): Promise<number> {
  const statement = chunk.kind === 'json' ? upsertOf(jsonRowsOf(chunk.document), jsonTargets, now) : upsertOf(arrayRowsOf(chunk), arrayTargetsOf(chunk), now);
  const { rows } = await statement.execute(db);
  return Number(rows[0]?.written ?? 0);
}
