import { type Kysely, type Migration, type MigrationProvider, Migrator, sql } from 'kysely';
import { InvocationsError } from '@invocations/core';

// Each migration is a version of the schema; published ones are never edited, only followed by new ones.
const MIGRATIONS: Record<string, Migration> = {
  '0001-initial': {
    async up(db: Kysely<unknown>) {
      await sql`create table invocations (
        id bigint generated always as identity primary key,
        product text not null,
        region text not null,
        invoke_id text not null,
        command_id text,
        command_name text,
        command_type text,
        content_hash text,
        status text not null,
        terminal boolean not null,
        created_at timestamptz,
        finished_at timestamptz,
        sort_at timestamptz not null,
        target_count integer not null,
        gone_at timestamptz,
        archived_at timestamptz not null,
        updated_at timestamptz not null,
        raw jsonb not null,
        constraint invocations_key unique (product, region, invoke_id)
      )`.execute(db);
      // Newest first, with id as the tie-breaker: the keyset of `query`.
      await sql`create index invocations_sort on invocations (sort_at desc, id desc)`.execute(db);
      await sql`create index invocations_source_sort on invocations (product, region, sort_at desc, id desc)`.execute(db);
      await sql`create index invocations_command_sort on invocations (command_name, sort_at desc, id desc)`.execute(db);
      await sql`create index invocations_status_sort on invocations (status, sort_at desc, id desc)`.execute(db);
      // What every sync re-reads: small, since most records are terminal.
      await sql`create index invocations_open on invocations (product, region) where not terminal and gone_at is null`.execute(db);
      await sql`create table targets (
        invocation_id bigint not null references invocations (id) on delete cascade,
        target_id text not null,
        position integer not null,
        kind text not null,
        status text not null,
        exit_code integer,
        error_code text,
        created_at timestamptz,
        started_at timestamptz,
        finished_at timestamptz,
        sort_at timestamptz not null,
        output text,
        output_hash text,
        output_bytes integer,
        dropped_bytes integer not null,
        raw jsonb not null,
        primary key (invocation_id, target_id)
      )`.execute(db);
      // "What ran on target X over a month", newest first: one range of this index.
      await sql`create index targets_target_sort on targets (target_id, sort_at desc, invocation_id desc)`.execute(db);
      await sql`create table sync_state (
        product text not null,
        region text not null,
        high_created_at timestamptz,
        last_started_at timestamptz,
        last_finished_at timestamptz,
        primary key (product, region)
      )`.execute(db);
    },
  },
  // Counts per UTC day, product, region, command and status, kept by statement-level triggers (one
  // aggregate per batch, not per row), so stats by command, product or day read days, not rows.
  '0002-daily-counts': {
    async up(db: Kysely<unknown>) {
      await sql`create table invocation_counts (
        day date not null,
        product text not null,
        region text not null,
        command_key text not null,
        status text not null,
        count bigint not null,
        primary key (day, product, region, command_key, status)
      )`.execute(db);
      for (const [name, table, sign] of [
        ['invocation_counts_add', 'new_rows', '+'],
        ['invocation_counts_remove', 'old_rows', '-'],
      ] as const) {
        await sql
          .raw(
            `create function ${name}() returns trigger language plpgsql as $fn$
            begin
              insert into invocation_counts as c (day, product, region, command_key, status, count)
              select (sort_at at time zone 'UTC')::date, product, region, coalesce(command_name, ''), status, ${sign}count(*)
              from ${table} group by 1, 2, 3, 4, 5
              on conflict (day, product, region, command_key, status) do update set count = c.count + excluded.count;
              return null;
            end $fn$`,
          )
          .execute(db);
      }
      // An update counts as its old rows removed and its new rows added (two triggers, in name order).
      await sql`create trigger invocation_counts_insert after insert on invocations referencing new table as new_rows
        for each statement execute function invocation_counts_add()`.execute(db);
      await sql`create trigger invocation_counts_update_1 after update on invocations referencing old table as old_rows
        for each statement execute function invocation_counts_remove()`.execute(db);
      await sql`create trigger invocation_counts_update_2 after update on invocations referencing new table as new_rows
        for each statement execute function invocation_counts_add()`.execute(db);
      await sql`create trigger invocation_counts_delete after delete on invocations referencing old table as old_rows
        for each statement execute function invocation_counts_remove()`.execute(db);
      await sql`insert into invocation_counts (day, product, region, command_key, status, count)
        select (sort_at at time zone 'UTC')::date, product, region, coalesce(command_name, ''), status, count(*)
        from invocations group by 1, 2, 3, 4, 5`.execute(db);
    },
  },
  // Two changes to the counts, measured at 1,000,000 invocations (bench/README.md):
  // - `invocation_totals`: the same counts without the day. With many commands, products and regions
  //   the daily counts are a third of the size of the invocations themselves, so stats over the whole
  //   archive read these few rows (one per product, region, command and status) instead.
  // - An update is one trigger that adds the net change (new rows minus old rows), in key order:
  //   re-syncing unchanged records writes no count at all, and concurrent batches take the count
  //   rows' locks in the same order (two triggers each taking some locks could deadlock).
  '0003-totals': {
    async up(db: Kysely<unknown>) {
      await sql`create table invocation_totals (
        product text not null,
        region text not null,
        command_key text not null,
        status text not null,
        count bigint not null,
        primary key (product, region, command_key, status)
      )`.execute(db);
      await sql`drop trigger invocation_counts_update_1 on invocations`.execute(db);
      await sql`drop trigger invocation_counts_update_2 on invocations`.execute(db);
      // $rows$ is the set of (day, product, region, command, status, delta) rows of one statement.
      const apply = (rows: string) => `
        insert into invocation_counts as c (day, product, region, command_key, status, count)
        select day, product, region, command_key, status, sum(delta) from (${rows}) d
        group by 1, 2, 3, 4, 5 having sum(delta) <> 0 order by 1, 2, 3, 4, 5
        on conflict (day, product, region, command_key, status) do update set count = c.count + excluded.count;
        insert into invocation_totals as c (product, region, command_key, status, count)
        select product, region, command_key, status, sum(delta) from (${rows}) d
        group by 1, 2, 3, 4 having sum(delta) <> 0 order by 1, 2, 3, 4
        on conflict (product, region, command_key, status) do update set count = c.count + excluded.count;`;
      const rowsOf = (table: string, sign: string) =>
        `select (sort_at at time zone 'UTC')::date as day, product, region, coalesce(command_name, '') as command_key, status, ${sign}1 as delta from ${table}`;
      for (const [name, body] of [
        ['invocation_counts_add', apply(rowsOf('new_rows', '+'))],
        ['invocation_counts_remove', apply(rowsOf('old_rows', '-'))],
        ['invocation_counts_change', apply(`${rowsOf('old_rows', '-')} union all ${rowsOf('new_rows', '+')}`)],
      ] as const) {
        await sql.raw(`create or replace function ${name}() returns trigger language plpgsql as $fn$ begin ${body} return null; end $fn$`).execute(db);
      }
      await sql`create trigger invocation_counts_update after update on invocations referencing old table as old_rows new table as new_rows
        for each statement execute function invocation_counts_change()`.execute(db);
      await sql`insert into invocation_totals (product, region, command_key, status, count)
        select product, region, command_key, status, sum(count) from invocation_counts group by 1, 2, 3, 4 having sum(count) <> 0`.execute(db);
    },
  },
  // The write path and the query by target, measured at 1,000,000 invocations (bench/README.md):
  // - The invocation's row holds its whole record, targets included (without output): `query` reads
  //   one row per invocation instead of that row plus its targets' rows (half the pages), and a
  //   target row is only its columns. Output stays in `targets.output`; `has_output` says there is
  //   some, so the query reads the targets only then.
  // - No foreign key from targets to invocations: one statement writes an invocation and its targets
  //   (the targets take the ids the invocations' insert returns), and prune deletes both in one
  //   statement. The check cost a quarter of the server's time of a targets insert.
  '0004-whole-records': {
    async up(db: Kysely<unknown>) {
      await sql`alter table targets drop constraint if exists targets_invocation_id_fkey`.execute(db);
      await sql`alter table invocations add column has_output boolean not null default false`.execute(db);
      await sql`update invocations as i set raw = i.raw || jsonb_build_object('targets', t.list), has_output = t.has_output
        from (select invocation_id, jsonb_agg(raw order by position) as list, bool_or(output is not null) as has_output
              from targets group by invocation_id) as t
        where t.invocation_id = i.id`.execute(db);
      await sql`update invocations set raw = raw || '{"targets": []}'::jsonb where not raw ? 'targets'`.execute(db);
      await sql`alter table targets drop column raw`.execute(db);
    },
  },
  // The record is compressed with lz4 where the server has it (PostgreSQL 14 and later, built with
  // lz4; PGlite is not): about the same size as pglz, written in half the time and read faster
  // (bench/README.md). Records already stored keep pglz until they are written again.
  '0005-write-path': {
    async up(db: Kysely<unknown>) {
      // EXECUTE: a server before 14 does not know the clause; one without lz4 refuses it (0A000).
      await sql`do $do$ begin
          if current_setting('server_version_num')::int >= 140000 then
            execute 'alter table invocations alter column raw set compression lz4';
          end if;
        exception when feature_not_supported then null;
        end $do$`.execute(db);
    },
  },
  // An exit code or a dropped byte count past 2^31 - 1 (Windows reports 0xC0000005 as 3221225477; the
  // model allows any safe integer) failed the whole batch's statement as out of range for integer.
  // bigint holds every safe integer. The change rewrites `targets` once.
  '0006-wide-target-numbers': {
    async up(db: Kysely<unknown>) {
      await sql`alter table targets alter column exit_code type bigint, alter column dropped_bytes type bigint`.execute(db);
    },
  },
};

/** The versions this build knows, oldest first. */
export const SCHEMA_VERSIONS = Object.keys(MIGRATIONS).sort();

const provider: MigrationProvider = { getMigrations: async () => MIGRATIONS };

/**
 * Brings the schema up to date (run on every open; Kysely records applied versions in
 * `kysely_migration` and takes a lock, so two processes opening one server at once are safe).
 */
export async function migrate(db: Kysely<unknown>, upTo?: string): Promise<void> {
  const migrator = new Migrator({ db, provider });
  // `upTo` (tests): stop at that version, to write data as an older build did and migrate it after.
  const { error, results } = upTo === undefined ? await migrator.migrateToLatest() : await migrator.migrateTo(upTo);
  if (error) {
    const failed = results?.find((result) => result.status === 'Error')?.migrationName;
    throw new InvocationsError(`archive: migration ${failed ?? '(unknown)'} failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
}
