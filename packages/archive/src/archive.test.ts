import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { InvalidQueryError, type Invocation } from '@invocations/core';
import { BACKENDS } from '../test/backends.js';
import { useSharedArchive } from '../test/shared-archive.js';
import { countsAndRows } from '../test/counts.js';
import { invocation, target } from '../test/fixtures.js';
import { databaseOf, openArchive, type Archive } from './index.js';

/** Every page of a query, in order. */
async function everything(archive: Archive, query: Parameters<Archive['query']>[0] = {}): Promise<Invocation[]> {
  const all: Invocation[] = [];
  let cursor: string | undefined;
  do {
    const page = await archive.query({ ...query, ...(cursor ? { cursor } : {}) });
    all.push(...page.invocations);
    cursor = page.nextCursor;
  } while (cursor);
  return all;
}

async function issuesOf(promise: Promise<unknown>): Promise<string[]> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(InvalidQueryError.isInstance(error)).toBe(true);
  return (error as InvalidQueryError).issues.map((issue) => `${issue.path}: ${issue.message}`);
}

for (const backend of BACKENDS) {
  if (backend.skip) console.warn(`archive suite (${backend.name}) skipped: ${backend.skip}`);
  describe.skipIf(backend.skip !== undefined)(`archive on ${backend.name}`, () => {
    let archive!: Archive;
    useSharedArchive(backend, (opened) => (archive = opened));

    it.skipIf(backend.name !== 'postgres')('outlives the server ending its idle connections (a restart, pg_terminate_backend)', async () => {
      const db = databaseOf(archive);
      // Queries side by side: the pool opens several connections, all idle after.
      await Promise.all(Array.from({ length: 4 }, () => sql`select pg_sleep(0.05)`.execute(db)));
      // Every other connection to this database: the archive's idle pool.
      const ended = await sql<{ ended: boolean }>`select pg_terminate_backend(pid) as ended from pg_stat_activity
        where datname = current_database() and pid <> pg_backend_pid()`.execute(db);
      expect(ended.rows.length).toBeGreaterThan(0);
      // Node throws an 'error' event nobody listens to: without a listener this process would crash here.
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect((await archive.query({ limit: 1 })).invocations).toBeDefined();
    });

    it('gives back exactly the canonical invocations it recorded, newest first', async () => {
      const older = invocation('t-older', 60, {
        region: 'cn-shanghai',
        parameters: { name: '值', n: 1 },
        extra: { resourceGroupId: 'rg-1' },
        targets: [
          target('i-bp1bbbb', { output: '部署完成 "quoted" \\back {a,b} NULL\n', exitCode: 0, startedAt: '2025-03-01T11:00:01Z' }),
          target('i-bp1aaaa', { status: 'Failed', exitCode: 1, errorCode: 'CommandFailed', rawErrorCode: 'ExitCodeNonzero', errorInfo: 'exit 1: "x" {y} \\z', droppedBytes: 12 }),
        ],
      });
      const newer = invocation('t-newer', 1, { status: 'Running', invokeStatus: 'Running', targets: [target('i-bp1aaaa', { status: 'Running', exitCode: undefined })] });
      delete newer.targets[0]!.exitCode;
      expect(await archive.record([older, newer])).toBe(2);
      const { invocations, nextCursor } = await archive.query({});
      expect(nextCursor).toBeUndefined();
      expect(invocations).toEqual([newer, older]);
    });

    it('takes a stop time as a target\'s end only once the target has ended (a started run goes on after StopInvocation)', async () => {
      const stopping = invocation('t-stop-sent', 6, {
        status: 'Stopping',
        targets: [
          target('i-bp1run', { status: 'Running', exitCode: undefined, stoppedAt: '2025-03-01T12:00:05Z' }),
          target('i-bp1can', { status: 'Cancelled', exitCode: undefined, stoppedAt: '2025-03-01T12:00:05Z' }),
        ],
      });
      for (const each of stopping.targets) delete each.exitCode;
      expect(await archive.record([stopping])).toBe(1);
      const { rows } = await sql<{ target_id: string; finished: string | null }>`select target_id, to_char(finished_at at time zone 'UTC', 'HH24:MI:SS') as finished
        from targets where target_id in ('i-bp1run', 'i-bp1can') order by target_id`.execute(databaseOf(archive));
      expect(rows).toEqual([
        { target_id: 'i-bp1can', finished: '12:00:05' },
        { target_id: 'i-bp1run', finished: null },
      ]);
      expect((await archive.query({ targetId: 'i-bp1run' })).invocations).toEqual([stopping]);
    });

    it('keeps exit codes and dropped byte counts past 2^31 (a Windows 0xC0000005 failed the whole batch as out of range)', async () => {
      const windows = invocation('t-wide', 4, {
        status: 'Failed',
        targets: [
          target('i-bp1win', { status: 'Failed', exitCode: 3_221_225_477, droppedBytes: 2 ** 40 }),
          target('i-bp1neg', { status: 'Failed', exitCode: -1_073_741_819 }),
        ],
      });
      const plain = invocation('t-wide-plain', 5);
      expect(await archive.record([windows, plain])).toBe(2);
      const found = await archive.query({ targetId: 'i-bp1win' });
      expect(found.invocations).toEqual([windows]);
      const { rows } = await sql<{ exit_code: string; dropped_bytes: string }>`select exit_code::text, dropped_bytes::text from targets where target_id = 'i-bp1win'`.execute(databaseOf(archive));
      expect(rows).toEqual([{ exit_code: '3221225477', dropped_bytes: String(2 ** 40) }]);
    });

    it('stores U+0000 (which PostgreSQL text and jsonb refuse) as U+FFFD, and leaves the text \\u0000 alone', async () => {
      const record = invocation('t-nul', 3, {
        commandName: 'a\u0000b',
        targets: [target('i-bp1nul', { output: 'x\u0000y', errorInfo: 'nul \u0000 and the text \\u0000 and \\\u0000', exitCode: 1, status: 'Failed' })],
      });
      await archive.record([record]);
      const [found] = (await archive.query({})).invocations;
      expect(found?.commandName).toBe('a\uFFFDb');
      expect(found?.targets[0]?.output).toBe('x\uFFFDy');
      expect(found?.targets[0]?.errorInfo).toBe('nul \uFFFD and the text \\u0000 and \\\uFFFD');
      // The hash is of the output as the service sent it.
      const row = await databaseOf(archive).selectFrom('targets').select('output_hash').executeTakeFirstOrThrow();
      expect(row.output_hash).toBe(createHash('sha256').update('x\u0000y').digest('hex'));
    });

    it('stores lone surrogates (which PostgreSQL jsonb refuses) as U+FFFD, and keeps valid pairs and the text \\ud800', async () => {
      const record = invocation('t-surrogate', 3, {
        commandName: 'lone \ud800 high, lone \udfff low, pair \ud83d\ude00',
        targets: [target('i-bp1sur', { output: 'x\udc00y', errorInfo: 'the text \\ud800', exitCode: 1, status: 'Failed' })],
      });
      expect(await archive.record([record])).toBe(1);
      const [found] = (await archive.query({})).invocations;
      expect(found?.commandName).toBe('lone \uFFFD high, lone \uFFFD low, pair \ud83d\ude00');
      expect(found?.targets[0]?.output).toBe('x\uFFFDy');
      expect(found?.targets[0]?.errorInfo).toBe('the text \\ud800');
    });

    it('writes the same records twice to the same rows, and keeps output a later report came without', async () => {
      const withOutput = invocation('t-out', 5, { targets: [target('i-bp1aaaa', { output: 'ok\n' })] });
      await archive.record([withOutput]);
      await archive.record([withOutput]);
      const { output: _dropped, ...listed } = withOutput.targets[0]!;
      await archive.record([{ ...withOutput, targets: [listed] }]);
      const counts = await sql<{ invocations: number; targets: number }>`select (select count(*)::int from invocations) as invocations, (select count(*)::int from targets) as targets`.execute(databaseOf(archive));
      expect(counts.rows[0]).toEqual({ invocations: 1, targets: 1 });
      expect((await archive.query({})).invocations).toEqual([withOutput]);
    });

    it('writes no row for a report that changed nothing, and only the rows that changed otherwise', async () => {
      const db = databaseOf(archive);
      // xmin is the transaction that wrote a row's current version: unchanged, the row was not written again.
      const versions = async () => {
        const { rows } = await sql<{ key: string; xmin: string }>`select 'i ' || invoke_id as key, xmin::text as xmin from invocations
          union all select 't ' || i.invoke_id || ' ' || t.target_id, t.xmin::text from targets t join invocations i on i.id = t.invocation_id
          order by 1`.execute(db);
        return new Map(rows.map((row) => [row.key, row.xmin]));
      };
      const running = invocation('t-run', 2, {
        status: 'Running',
        invokeStatus: 'Running',
        targets: [target('i-bp1aaaa', { status: 'Running', exitCode: undefined }), target('i-bp1bbbb', { status: 'Running', exitCode: undefined })],
      });
      const withOutput = invocation('t-out', 3, { targets: [target('i-bp1aaaa', { output: 'ok\n' })] });
      const records = [running, invocation('t-done', 4), withOutput];
      expect(await archive.record(records)).toBe(3);
      const first = await versions();
      expect(first.size).toBe(7);

      // The same reports again, and a listing's (without output): nothing written, counts untouched.
      const counts = await countsAndRows(db);
      expect(await archive.record(records)).toBe(0);
      const { output: _output, ...listed } = withOutput.targets[0]!;
      expect(await archive.record([{ ...withOutput, targets: [listed] }])).toBe(0);
      expect(await versions()).toEqual(first);
      expect(await countsAndRows(db)).toEqual(counts);

      // One target of the running one ends: its invocation row and that target's row are written, nothing else.
      const moved = { ...running, targets: [target('i-bp1aaaa', { status: 'Success', exitCode: 0, finishedAt: '2025-03-01T12:00:09Z' }), running.targets[1]!] };
      expect(await archive.record([moved, ...records.slice(1)])).toBe(1);
      const second = await versions();
      const changed = [...second].filter(([key, xmin]) => first.get(key) !== xmin).map(([key]) => key);
      expect(changed).toEqual(['i t-run', 't t-run i-bp1aaaa']);

      // New output for an unchanged record: only that target's row is written.
      const newOutput = { ...withOutput, targets: [target('i-bp1aaaa', { output: 'ok again\n' })] };
      expect(await archive.record([newOutput])).toBe(0);
      const third = await versions();
      expect([...third].filter(([key, xmin]) => second.get(key) !== xmin).map(([key]) => key)).toEqual(['t t-out i-bp1aaaa']);
      expect((await archive.query({ invokeIds: ['t-out'] })).invocations).toEqual([newOutput]);
      const exact = await countsAndRows(db);
      expect(exact.totals).toEqual(exact.totalsFromRows);
    });

    it('pages newest first with a keyset cursor: no record twice, none missed, ties broken by id', async () => {
      // Five records share each creation time: the cursor must split ties without losing any.
      const records = Array.from({ length: 23 }, (_, index) => invocation(`t-page${String(index).padStart(2, '0')}`, Math.floor(index / 5)));
      await archive.record(records);
      const pages: number[] = [];
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await archive.query({ limit: 4, ...(cursor ? { cursor } : {}) });
        pages.push(page.invocations.length);
        seen.push(...page.invocations.map((item) => item.invokeId));
        cursor = page.nextCursor;
      } while (cursor);
      expect(pages).toEqual([4, 4, 4, 4, 4, 3]);
      expect(new Set(seen).size).toBe(23);
      const created = seen.map((id) => Date.parse(records.find((record) => record.invokeId === id)!.createdAt!));
      expect(created).toEqual([...created].sort((a, b) => b - a));
    });

    it('filters by product, region, status (any case), target, command and time, and pages a target walk', async () => {
      await archive.record([
        invocation('t-a', 10, { targets: [target('i-x'), target('i-y')] }),
        invocation('t-b', 20, { status: 'Failed', commandName: 'restart-nginx', targets: [target('i-x', { status: 'Failed', exitCode: 1 })] }),
        invocation('t-c', 30, { product: 'swas', region: 'cn-shanghai', commandName: 'restart-nginx', targets: [target('i-z')] }),
        invocation('t-d', 60 * 24 * 40, { targets: [target('i-x')] }),
      ]);
      const ids = async (query: Parameters<Archive['query']>[0]) => (await everything(archive, query)).map((item) => item.invokeId);
      expect(await ids({ product: 'SWAS' })).toEqual(['t-c']);
      expect(await ids({ region: ['cn-hangzhou'] })).toEqual(['t-a', 't-b', 't-d']);
      expect(await ids({ status: 'failed' })).toEqual(['t-b']);
      expect(await ids({ targetId: 'i-x' })).toEqual(['t-a', 't-b', 't-d']);
      expect(await ids({ targetId: 'i-x', limit: 1 })).toEqual(['t-a', 't-b', 't-d']);
      expect(await ids({ targetId: 'i-x', since: '2025-02-01T00:00:00Z' })).toEqual(['t-a', 't-b']);
      expect(await ids({ targetId: 'i-x', until: new Date('2025-03-01T11:45:00Z') })).toEqual(['t-b', 't-d']);
      expect(await ids({ commandName: 'restart-nginx' })).toEqual(['t-b', 't-c']);
      expect(await ids({ commandNameContains: 'NGINX' })).toEqual(['t-b', 't-c']);
      expect(await ids({ commandNameContains: '%' })).toEqual([]);
      expect(await ids({ invokeIds: ['t-d', 't-a'] })).toEqual(['t-a', 't-d']);
    });

    it('counts per status and the failure rate by command, target, product and day', async () => {
      await archive.record([
        invocation('t-1', 10, { targets: [target('i-x'), target('i-y', { status: 'Failed', exitCode: 1 })], status: 'PartialFailed' }),
        invocation('t-2', 20, { targets: [target('i-x')] }),
        invocation('t-3', 30, { status: 'Running', targets: [target('i-x', { status: 'Running' })] }),
        invocation('t-4', 60 * 24, { commandName: 'uptime', product: 'swas', status: 'Failed', targets: [target('i-y', { status: 'Timeout' })] }),
      ]);
      const byCommand = await archive.stats({ groupBy: 'command' });
      expect(byCommand.rows).toEqual([
        { key: 'check-disk', total: 3, statuses: { PartialFailed: 1, Success: 1, Running: 1 }, terminal: 2, failed: 1, failureRate: 0.5 },
        { key: 'uptime', total: 1, statuses: { Failed: 1 }, terminal: 1, failed: 1, failureRate: 1 },
      ]);
      const byTarget = await archive.stats({ groupBy: 'target' });
      expect(byTarget.rows).toEqual([
        { key: 'i-x', total: 3, statuses: { Success: 2, Running: 1 }, terminal: 2, failed: 0, failureRate: 0 },
        { key: 'i-y', total: 2, statuses: { Failed: 1, Timeout: 1 }, terminal: 2, failed: 2, failureRate: 1 },
      ]);
      expect((await archive.stats({ groupBy: 'target', product: 'swas' })).rows.map((row) => [row.key, row.total])).toEqual([['i-y', 1]]);
      expect((await archive.stats({ groupBy: 'product' })).rows.map((row) => [row.key, row.total])).toEqual([['ecs', 3], ['swas', 1]]);
      expect((await archive.stats({ groupBy: 'day' })).rows.map((row) => [row.key, row.total])).toEqual([['2025-02-28', 1], ['2025-03-01', 3]]);
      expect((await archive.stats({ groupBy: 'day', since: '2025-03-01T00:00:00Z' })).rows.map((row) => [row.key, row.total])).toEqual([['2025-03-01', 3]]);
      // Whole days come from the daily counts, the partial days at the edges from the rows: exact either way.
      const window = async (since: string, until: string) =>
        (await archive.stats({ groupBy: 'day', since, until })).rows.map((row) => [row.key, row.total]);
      expect(await window('2025-03-01T11:35:00Z', '2025-03-01T12:00:00Z')).toEqual([['2025-03-01', 2]]);
      expect(await window('2025-02-27T06:00:00Z', '2025-03-01T11:45:00Z')).toEqual([['2025-02-28', 1], ['2025-03-01', 2]]);
      // A newer report moves the invocation from one status to the other; prune takes it out.
      await archive.record([invocation('t-2', 20, { status: 'Failed', targets: [target('i-x', { status: 'Failed', exitCode: 1 })] })]);
      expect((await archive.stats({ groupBy: 'command' })).rows[0]).toMatchObject({ key: 'check-disk', total: 3, statuses: { PartialFailed: 1, Failed: 1, Running: 1 }, failed: 2 });
      await archive.prune({ olderThan: '2025-03-01T00:00:00Z' });
      expect((await archive.stats({ groupBy: 'product' })).rows.map((row) => [row.key, row.total])).toEqual([['ecs', 3]]);
    });

    it('keeps the daily counts and the totals equal to the rows through re-writes, status changes, duplicates and prune', async () => {
      const db = databaseOf(archive);
      const expectExact = async () => {
        const counts = await countsAndRows(db);
        expect(counts.days).toEqual(counts.daysFromRows);
        expect(counts.totals).toEqual(counts.totalsFromRows);
        // The whole archive is read from the totals, a window from the days and the rows: the same answer.
        const all = await archive.stats({ groupBy: 'command' });
        const window = await archive.stats({ groupBy: 'command', since: '2000-01-01T00:00:00Z', until: '2100-01-01T00:00:00Z' });
        expect(all.rows).toEqual(window.rows);
        return counts;
      };
      const records = Array.from({ length: 40 }, (_, index) =>
        invocation(`t-count${index}`, index * 170, {
          ...(index % 3 === 0 ? { product: 'swas' as const, region: 'cn-shanghai' } : {}),
          ...(index % 4 === 0 ? { commandName: 'restart-nginx' } : index % 7 === 0 ? { commandName: undefined } : {}),
          ...(index % 5 === 0 ? { status: 'Running', invokeStatus: 'Running' } : {}),
        }),
      );
      for (const record of records) if (record.commandName === undefined) delete record.commandName;
      await archive.record(records);
      const first = await expectExact();
      expect(first.totals.length).toBeGreaterThan(4);
      // The same records again, and a batch holding one record twice: nothing counted twice.
      await archive.record(records);
      await archive.record([records[1]!, records[1]!]);
      expect(await expectExact()).toEqual(first);
      // The running ones end (some fail), one more arrives.
      const ended = records.filter((record) => record.status === 'Running').map((record, index) => ({ ...record, status: index % 2 ? 'Success' : 'Failed', invokeStatus: 'Finished' }));
      await archive.record([...ended, invocation('t-count-new', 1, { commandName: 'uptime' })]);
      const after = await expectExact();
      expect(after.totals.some((line) => line.includes('Running'))).toBe(false);
      expect(after.totals).toContain('ecs cn-hangzhou uptime Success: 1');
      await archive.prune({ olderThan: '2025-02-27T00:00:00Z' });
      await expectExact();
      await archive.prune({ olderThan: '2100-01-01T00:00:00Z' });
      expect((await expectExact()).totals).toEqual([]);
    });

    it('prunes invocations older than a time, with their targets', async () => {
      await archive.record([invocation('t-new', 10), invocation('t-old', 60 * 24 * 100, { targets: [target('i-1'), target('i-2')] })]);
      expect(await archive.prune({ olderThan: '2025-01-01T00:00:00Z' })).toBe(1);
      expect((await everything(archive)).map((item) => item.invokeId)).toEqual(['t-new']);
      const left = await sql<{ count: number }>`select count(*)::int as count from targets`.execute(databaseOf(archive));
      expect(left.rows[0]?.count).toBe(1);
    });

    it('rejects bad input before touching the database, naming the field and the rule', async () => {
      expect(await issuesOf(archive.query({ limit: 0 }))).toEqual(['limit: must be at least 1']);
      expect(await issuesOf(archive.query({ cursor: 'nonsense' }))).toEqual(['cursor: is not a cursor returned by query']);
      expect(await issuesOf(archive.query({ product: 'ec2' }))).toEqual(['product.0: must be one of ecs, swas, eflo']);
      expect(await issuesOf(archive.query({ since: 'yesterday' }))).toEqual(['since: must be a Date, an ISO-8601 time (2025-01-31T08:00:00Z) or epoch milliseconds']);
      expect(await issuesOf(archive.query({ since: '2025-02-01T00:00:00Z', until: '2025-01-01T00:00:00Z' }))).toEqual(['until: must be after since']);
      expect(await issuesOf(archive.query({ colour: 'red' } as never))).toEqual([': Unrecognized key: "colour"']);
      expect((await issuesOf(archive.stats({ groupBy: 'week' as never })))[0]).toMatch(/^groupBy: must be one of command, target, product, day/);
      expect(await issuesOf(archive.prune({} as never))).toEqual(['olderThan: must be a Date, an ISO-8601 time (2025-01-31T08:00:00Z) or epoch milliseconds']);
      expect((await issuesOf(archive.record([{ invokeId: 't-x' } as never])))[0]).toMatch(/^0\.product: /);
      expect(await issuesOf(archive.sync([{} as never]))).toEqual(['0: must be an InvocationSource (product, region, list, get)']);
    });

    it('keeps only the hash and size of output with keepOutput: false', async () => {
      const place = await backend.createSharedSpace();
      try {
        let other = await openArchive({ url: place.url, keepOutput: false });
        await other.record([invocation('t-secret', 1, { targets: [target('i-1', { output: 'password=hunter2\n' })] })]);
        // A server database is reopened too (the crash test reopens PGlite's directory).
        if (place.url !== 'memory://') {
          await other.close();
          other = await openArchive({ url: place.url, keepOutput: false });
        }
        try {
          const [found] = (await other.query({})).invocations;
          expect(found?.targets[0]).not.toHaveProperty('output');
          const row = await databaseOf(other).selectFrom('targets').select(['output', 'output_hash', 'output_bytes']).executeTakeFirstOrThrow();
          expect(row).toEqual({ output: null, output_hash: createHash('sha256').update('password=hunter2\n').digest('hex'), output_bytes: 17 });
          expect(JSON.stringify(await sql`select raw from invocations`.execute(databaseOf(other)))).not.toContain('hunter2');
        } finally {
          await other.close();
        }
      } finally {
        await place.dispose();
      }
    }, 240_000);
  });
}
