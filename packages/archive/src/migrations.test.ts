import { afterEach, describe, expect, it } from 'vitest';
import { type Kysely, sql } from 'kysely';
import { BACKENDS, type ArchiveSpace } from '../test/backends.js';
import { invocation, target } from '../test/fixtures.js';
import { connect } from './connect.js';
import { resolveArchiveLocation } from './location.js';
import { migrate } from './migrations.js';
import { databaseOf, openArchive } from './index.js';

/**
 * Writes `records` as a build at migration 0003 did: the invocation's record without its targets,
 * each target's record (without output) in its own row, output beside it.
 */
async function writeAsVersion3(db: Kysely<unknown>, records: ReturnType<typeof invocation>[]): Promise<void> {
  for (const record of records) {
    const { targets, ...rest } = record;
    const { rows } = await sql<{ id: number }>`insert into invocations (product, region, invoke_id, command_name, status, terminal,
        created_at, sort_at, target_count, archived_at, updated_at, raw)
      values (${record.product}, ${record.region ?? ''}, ${record.invokeId}, ${record.commandName ?? null}, ${record.status}, true,
        ${record.createdAt}, ${record.createdAt}, ${targets.length}, now(), now(), ${JSON.stringify(rest)})
      returning id`.execute(db);
    for (const [position, one] of targets.entries()) {
      const { output, ...targetRest } = one;
      await sql`insert into targets (invocation_id, target_id, position, kind, status, sort_at, output, dropped_bytes, raw)
        values (${rows[0]!.id}, ${one.id}, ${position}, ${one.kind}, ${one.status}, ${record.createdAt}, ${output ?? null}, 0, ${JSON.stringify(targetRest)})`.execute(db);
    }
  }
}

for (const backend of BACKENDS) {
  describe.skipIf(backend.skip !== undefined)(`migrations on ${backend.name}`, () => {
    let space: ArchiveSpace | undefined;
    afterEach(async () => {
      await space?.dispose();
      space = undefined;
    });

    it('0004 moves each target record into its invocation and keeps the outputs: the same records come back', async () => {
      space = await backend.createSpace();
      const records = [
        invocation('t-old-1', 10, { targets: [target('i-b', { output: 'done\n' }), target('i-a', { status: 'Failed', exitCode: 1 })] }),
        invocation('t-old-2', 20, { targets: [] }),
        invocation('t-old-3', 30),
      ];
      const db = await connect(resolveArchiveLocation(space.url));
      try {
        await migrate(db as Kysely<unknown>, '0003-totals');
        await writeAsVersion3(db as Kysely<unknown>, records);
      } finally {
        await db.destroy();
      }
      const archive = await openArchive({ url: space.url });
      try {
        expect((await archive.query({})).invocations).toEqual(records);
        expect((await archive.query({ targetId: 'i-b' })).invocations).toEqual([records[0]]);
        // Written again after the migration: the same rows, still one per target.
        await archive.record(records);
        expect((await archive.query({})).invocations).toEqual(records);
        // No foreign key cascades any more: prune removes the targets itself.
        expect(await archive.prune({ olderThan: '2100-01-01T00:00:00Z' })).toBe(3);
        const left = await sql<{ count: number }>`select count(*)::int as count from targets`.execute(databaseOf(archive));
        expect(left.rows[0]?.count).toBe(0);
      } finally {
        await archive.close();
      }
    }, 240_000);

    it('a new archive gets statistics with its first rows, so finding an invocation by key reads the unique key; records are lz4 where the server has it', async () => {
      space = await backend.createSpace();
      const archive = await openArchive({ url: space.url });
      try {
        const db = databaseOf(archive);
        const known = async () =>
          (await sql<{ n: number }>`select count(*)::int as n from pg_stats where tablename = 'invocations' and attname = 'invoke_id'`.execute(db)).rows[0]?.n;
        // One source, as a sync writes it: an index on (product, region, ...) matches every row of it.
        await archive.record(Array.from({ length: 300 }, (_, index) => invocation(`t-key${index}`, index)));
        expect(await known()).toBe(0);
        // The next write finds rows without statistics (autovacuum has not come by): it analyzes first.
        await archive.record([invocation('t-key300', 300)]);
        expect(await known()).toBe(1);
        const plan = await sql<Record<string, string>>`explain select id from invocations where product = 'ecs' and region = 'cn-hangzhou' and invoke_id = 't-key7'`.execute(db);
        expect(plan.rows.map((row) => Object.values(row)[0]).join('\n')).toMatch(/invocations_key/);
        const lz4 = await sql`create temp table lz4_probe (a text compression lz4)`.execute(db).then(
          () => true,
          () => false,
        );
        const { rows: compression } = await sql<{ method: string }>`select attcompression::text as method from pg_attribute
          where attrelid = 'invocations'::regclass and attname = 'raw'`.execute(db);
        expect(compression[0]?.method).toBe(lz4 ? 'l' : '');
      } finally {
        await archive.close();
      }
    }, 240_000);
  });
}
