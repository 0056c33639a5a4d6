import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import type { Invocation, InvocationSource } from '@invocations/core';
import { BACKENDS } from '../test/backends.js';
import { useSharedArchive } from '../test/shared-archive.js';
import { countsAndRows } from '../test/counts.js';
import { invocation, target } from '../test/fixtures.js';
import { databaseOf, type Archive } from './index.js';

/** A source whose listing is exactly `listed`, in that order (repeats included, as a listing that shifted gives them). */
function scriptedSource(listed: readonly Invocation[]): InvocationSource {
  return {
    product: 'ecs',
    region: 'cn-hangzhou',
    async *list() {
      for (const record of listed) {
        // A turn of the event loop per record, so writes run while the listing goes on.
        await new Promise((resolve) => setImmediate(resolve));
        yield record;
      }
    },
    async get(invokeId) {
      const found = listed.findLast((record) => record.invokeId === invokeId);
      if (!found) throw new Error(`unknown ${invokeId}`);
      return found;
    },
  };
}

const running = (invokeId: string, minutesAgo: number) =>
  invocation(invokeId, minutesAgo, { status: 'Running', invokeStatus: 'Running', targets: [target('i-bp1run', { status: 'Running' })] });

for (const backend of BACKENDS) {
  describe.skipIf(backend.skip !== undefined)(`concurrent writes on ${backend.name}`, () => {
    let archive!: Archive;
    useSharedArchive(backend, (opened) => (archive = opened));

    it('with several batches in flight, an invocation listed twice keeps its later report and nothing is lost', async () => {
      const records = Array.from({ length: 60 }, (_, index) => invocation(`t-shift${String(index).padStart(3, '0')}`, index, { commandName: `cmd-${index % 4}` }));
      // The first ten are listed Running first, then again (finished) four to seven batches later.
      const listed = [...records.slice(0, 10).map((record, index) => running(record.invokeId, index)), ...records.slice(10, 30), ...records.slice(0, 10), ...records.slice(30)];
      const result = await archive.sync([scriptedSource(listed)], { batchSize: 5, writeConcurrency: 4 });
      expect(result.failures).toEqual([]);
      expect(result.sources[0]).toMatchObject({ listed: 70, written: 70 });
      const archived = (await archive.query({ limit: 1_000 })).invocations;
      expect(archived.map((record) => record.invokeId).sort()).toEqual(records.map((record) => record.invokeId).sort());
      expect(archived.filter((record) => record.status !== 'Success')).toEqual([]);
      const counts = await countsAndRows(databaseOf(archive));
      expect(counts.totals).toEqual(counts.totalsFromRows);
      expect(counts.days).toEqual(counts.daysFromRows);
      expect((await archive.syncState())[0]?.watermark).toBe(records[0]!.createdAt);
    });

    it('a failed write stops the sync: the watermark stays, and no write runs after the call returns', async () => {
      const records = Array.from({ length: 40 }, (_, index) => invocation(`t-fail${String(index).padStart(3, '0')}`, index));
      // A target id no index entry can hold (btree entries stop at 2,704 bytes): its batch's statement fails.
      records[22] = invocation('t-fail022', 22, { targets: [target(`i-${randomBytes(15_000).toString('base64')}`)] });
      const result = await archive.sync([scriptedSource(records)], { batchSize: 5, writeConcurrency: 3 });
      expect(result.sources).toEqual([]);
      expect(result.failures).toHaveLength(1);
      expect(String((result.failures[0]?.error as Error).message)).toMatch(/index row/);
      const db = databaseOf(archive);
      const count = async () => (await sql<{ n: number }>`select count(*)::int as n from invocations`.execute(db)).rows[0]?.n;
      const right = await count();
      // The batches before the failed one committed; the failed one did not.
      expect(right).toBeGreaterThanOrEqual(20);
      expect(right).toBeLessThan(40);
      expect((await archive.query({ invokeIds: ['t-fail022'] })).invocations).toEqual([]);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(await count()).toBe(right);
      expect((await archive.syncState())[0]?.watermark).toBeUndefined();
      // The next sync resumes and archives everything but the record no index can hold.
      records[22] = invocation('t-fail022', 22);
      const again = await archive.sync([scriptedSource(records)], { batchSize: 5, writeConcurrency: 3 });
      expect(again.failures).toEqual([]);
      expect(await count()).toBe(40);
    });

    it('writers holding the same invocations in opposite orders wait for each other and never deadlock', async () => {
      const records = Array.from({ length: 300 }, (_, index) =>
        invocation(`t-lock${String(index).padStart(3, '0')}`, index, { commandName: `cmd-${index % 9}`, targets: [target('i-bp1a'), target('i-bp1b')] }),
      );
      await archive.record(records);
      for (let round = 0; round < 6; round++) {
        // Each writer changes every record, so each must lock every row the other locks.
        const one = records.map((record) => ({ ...record, status: round % 2 ? 'Failed' : 'Success' }));
        const other = records.map((record) => ({ ...record, status: 'PartialFailed', commandName: `other-${round}` })).reverse();
        const written = await Promise.all([archive.record(one), archive.record(other), archive.record(one.slice(100, 200).reverse())]);
        expect(written[0]! + written[1]!).toBeGreaterThanOrEqual(300);
      }
      const counts = await countsAndRows(databaseOf(archive));
      expect(counts.totals).toEqual(counts.totalsFromRows);
      expect(counts.days).toEqual(counts.daysFromRows);
      const targets = await sql<{ n: number }>`select count(*)::int as n from targets`.execute(databaseOf(archive));
      expect(targets.rows[0]?.n).toBe(600);
    }, 120_000);

    // PGlite has one connection: its writes never overlap.
    it.skipIf(backend.name !== 'postgres')('writes of several statements (more than 2,000 invocations) run alone and never deadlock', async () => {
      const records = Array.from({ length: 2_600 }, (_, index) =>
        invocation(`t-big${String(index).padStart(4, '0')}`, index % 500, { commandName: `cmd-${index % 7}`, targets: [target('i-bp1a')] }),
      );
      await archive.record(records);
      for (let round = 0; round < 3; round++) {
        // Cut into chunks in opposite orders, each writer's first statement locks rows the other's second one needs.
        const one = records.map((record) => ({ ...record, status: round % 2 ? 'Failed' : 'Success' }));
        const other = records.map((record) => ({ ...record, status: 'PartialFailed', commandName: `other-${round}` })).reverse();
        const small = one.slice(1_000, 1_300).map((record) => ({ ...record, status: 'Stopped' }));
        const written = await Promise.all([archive.record(one), archive.record(other), archive.record(small), archive.prune({ olderThan: '2000-01-01T00:00:00Z' })]);
        expect(written[0]! + written[1]!).toBeGreaterThanOrEqual(2_600);
      }
      const counts = await countsAndRows(databaseOf(archive));
      expect(counts.totals).toEqual(counts.totalsFromRows);
      expect(counts.days).toEqual(counts.daysFromRows);
      const targets = await sql<{ n: number }>`select count(*)::int as n from targets t join invocations i on i.id = t.invocation_id
        where i.invoke_id like 't-big%'`.execute(databaseOf(archive));
      expect(targets.rows[0]?.n).toBe(2_600);
    }, 240_000);
  });
}
