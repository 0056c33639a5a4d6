import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { isTerminal, listInvocations, type Invocation } from '@invocations/core';
import { createEcsSource } from '@invocations/ecs';
import { createEfloSource } from '@invocations/eflo';
import { createManualClock, startEmulator, type Emulator, type ManualClock } from '@invocations/emulator';
import { createSwasSource } from '@invocations/swas';
import { BACKENDS, type ArchiveSpace } from '../test/backends.js';
import { countsAndRows } from '../test/counts.js';
import { databaseOf, openArchive, type Archive } from './index.js';
import { syncSource } from './sync.js';
import { writeBatch } from './write.js';

const REGION = 'cn-hangzhou';
const HOUR = 3_600_000;
const packageDir = fileURLToPath(new URL('..', import.meta.url));

async function everything(archive: Archive): Promise<Invocation[]> {
  const all: Invocation[] = [];
  let cursor: string | undefined;
  do {
    const page = await archive.query({ limit: 1_000, ...(cursor ? { cursor } : {}) });
    all.push(...page.invocations);
    cursor = page.nextCursor;
  } while (cursor);
  return all;
}

/** Runs test/sync-child.ts and SIGKILLs it once it has committed `afterBatches` batches; resolves with what it printed. */
function syncAndKill(archiveUrl: string, emulator: Emulator, afterBatches: number): Promise<{ committed: number; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--conditions=@invocations/source', '--import', 'tsx', 'test/sync-child.ts', archiveUrl, emulator.url], {
      cwd: packageDir,
      env: { ...process.env, EMULATOR_ACCESS_KEY_ID: emulator.credentials.accessKeyId, EMULATOR_ACCESS_KEY_SECRET: emulator.credentials.accessKeySecret },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    let batches = 0;
    let committed = 0;
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      output += chunk;
      for (const match of chunk.matchAll(/committed (\d+)/g)) {
        batches++;
        committed = Number(match[1]);
        if (batches === afterBatches) child.kill('SIGKILL');
      }
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (signal === 'SIGKILL') resolve({ committed, output });
      else reject(new Error(`the sync child was not killed mid-sync (exit ${code}): ${output}`));
    });
  });
}

for (const backend of BACKENDS) {
  describe.skipIf(backend.skip !== undefined)(`archive.sync on ${backend.name}`, () => {
    let emulator: Emulator;
    let clock: ManualClock;
    let space: ArchiveSpace;
    let archive: Archive;
    const common = () => ({ region: REGION, endpoint: emulator.url, credentials: emulator.credentials, retry: false as const });
    const sources = () => [createEcsSource(common()), createSwasSource(common())];

    beforeAll(async () => {
      // A frozen clock: the same records with the same statuses for every sync, until a test moves it.
      clock = createManualClock(Date.parse('2025-06-01T00:00:00Z'));
      emulator = await startEmulator({ seed: 5, seedOptions: { perRegion: 40, swasInstances: 2 }, clock });
      space = await backend.createSharedSpace();
      archive = await openArchive({ url: space.url });
      // PGlite's first open runs initdb in WASM: seconds on an idle machine, minutes on a crowded one.
    }, 240_000);
    afterAll(async () => {
      await archive?.close();
      await space?.dispose();
      await emulator?.close();
    });
    beforeEach(async () => {
      await sql`truncate invocations, targets, sync_state, invocation_counts, invocation_totals restart identity cascade`.execute(databaseOf(archive));
    });

    it('archives what the sources list, then reads only what is new, and re-reads the unfinished until they end', async () => {
      // Unfinished and created an hour ago: older than the next sync's watermark, so only `get` can see it end.
      const slow = { commandContent: 'sleep 7200', timeoutSeconds: 3 * 3600, createdAt: clock.now() - HOUR };
      emulator.createInvocation({ product: 'ecs', region: REGION, invokeId: 't-slowecs0001', targetIds: ['i-bp1slow0001', 'i-bp1slow0002'], ...slow });
      emulator.createInvocation({ product: 'eflo', region: REGION, invokeId: 't-slowelfo0001', targetIds: ['e01-cn-hangzhou-slow001'], ...slow });
      // eflo cannot list: what the archive knows of it comes from record() (here, a get's answer).
      const eflo = createEfloSource(common());
      await archive.record([await eflo.get('t-slowelfo0001')]);

      const progress: string[] = [];
      const first = await archive.sync([...sources(), eflo], { batchSize: 16, onProgress: (event) => progress.push(`${event.product} ${event.phase}`) });
      expect(first.failures).toEqual([]);
      const listed: Invocation[] = [];
      for await (const invocation of listInvocations(sources(), {})) listed.push(invocation);
      expect(first.sources.map((source) => source.listed).reduce((a, b) => a + b)).toBe(listed.length);
      const archived = await everything(archive);
      const key = (invocation: Invocation) => `${invocation.product} ${invocation.invokeId} ${invocation.status}`;
      expect(archived.filter((item) => item.product !== 'eflo').map(key).sort()).toEqual(listed.map(key).sort());
      expect(progress).toContain('ecs list');
      expect(progress.at(-1)).toBe('eflo done');
      const slowBefore = archived.find((item) => item.invokeId === 't-slowecs0001');
      expect(slowBefore && isTerminal(slowBefore.status)).toBe(false);

      clock.advance(3 * HOUR);
      const second = await archive.sync([...sources(), eflo]);
      const ecs = second.sources.find((source) => source.product === 'ecs')!;
      // Only the stretch near the watermark is listed again; the old unfinished one is re-read.
      expect(ecs.listed).toBeLessThan(first.sources[0]!.listed);
      expect(ecs.refreshed).toBeGreaterThanOrEqual(1);
      expect(second.sources.find((source) => source.product === 'eflo')?.refreshed).toBe(1);
      const after = await archive.query({ invokeIds: ['t-slowecs0001', 't-slowelfo0001'] });
      expect(after.invocations.map((item) => [item.invokeId, isTerminal(item.status)])).toEqual([
        ['t-slowecs0001', true],
        ['t-slowelfo0001', true],
      ]);
      expect((await archive.syncState()).map((state) => `${state.product} ${state.region}`)).toEqual(['ecs cn-hangzhou', 'eflo cn-hangzhou', 'swas cn-hangzhou']);
      clock.set(Date.parse('2025-06-01T00:00:00Z'));
    });

    it("on a server a sync's batches commit without waiting for the WAL flush; its watermark and record() wait", async () => {
      // Each statement's text as Kysely builds it (the batch's arrays included).
      const statements: string[] = [];
      const db = databaseOf(archive).withPlugin({
        transformQuery: ({ node }) => {
          statements.push(JSON.stringify(node, (_key, value: unknown) => (typeof value === 'object' && value !== null && 'byteLength' in value ? '[bytes]' : value)));
          return node;
        },
        transformResult: async ({ result }) => result,
      });
      const server = backend.name === 'postgres';
      const result = await syncSource(db, createEcsSource(common()), { keepOutput: true, binary: server, batchSize: 16, durable: !server });
      expect(result.written).toBeGreaterThan(16);
      const batches = statements.filter((text) => text.includes('work_mem'));
      expect(batches.length).toBeGreaterThan(1);
      // Embedded, the database dies with the process a kill takes down: there every batch waits.
      for (const batch of batches) {
        if (server) expect(batch).toContain("set_config('synchronous_commit', 'off', true)");
        else expect(batch).not.toContain('synchronous_commit');
      }
      // The watermark goes in a statement of its own, outside any batch's transaction: its commit waits.
      const watermark = statements.filter((text) => text.includes('high_created_at') && text.includes('UpdateQueryNode'));
      expect(watermark).toHaveLength(1);
      expect(watermark[0]).not.toContain('synchronous_commit');

      statements.length = 0;
      const [one] = await everything(archive);
      await writeBatch(db, [one!], { keepOutput: true, binary: server });
      const recorded = statements.filter((text) => text.includes('work_mem'));
      expect(recorded).toHaveLength(1);
      expect(recorded[0]).not.toContain('synchronous_commit');
    });

    it('re-syncing records that did not change writes no row', async () => {
      const first = await archive.sync(sources());
      const written = first.sources.reduce((sum, source) => sum + source.written, 0);
      expect(written).toBeGreaterThan(10);
      const db = databaseOf(archive);
      const versions = async () =>
        (await sql<{ row: string }>`select 'i ' || invoke_id || ' ' || xmin::text as row from invocations
          union all select 't ' || invocation_id || ' ' || target_id || ' ' || xmin::text from targets order by 1`.execute(db)).rows.map((row) => row.row);
      const before = await versions();
      // Forget the watermarks: the next sync lists everything again (the clock is frozen, so nothing moved).
      await sql`update sync_state set high_created_at = null`.execute(db);
      const again = await archive.sync(sources());
      expect(again.sources.reduce((sum, source) => sum + source.listed, 0)).toBe(written);
      expect(again.sources.map((source) => source.written)).toEqual(again.sources.map(() => 0));
      expect(await versions()).toEqual(before);
    });

    it('a sync SIGKILLed mid-batch and run again ends with exactly the records of an uninterrupted sync', async () => {
      const crashed = await backend.createSpace();
      try {
        const { committed } = await syncAndKill(crashed.url, emulator, 2);
        expect(committed).toBeGreaterThan(0);
        const resumed = await openArchive({ url: crashed.url });
        try {
          const partial = (await everything(resumed)).length;
          expect(partial).toBeGreaterThanOrEqual(committed);
          const result = await resumed.sync(sources(), { batchSize: 10 });
          expect(result.failures).toEqual([]);
          await archive.sync(sources(), { batchSize: 10 });
          const clean = await everything(archive);
          expect(clean.length).toBeGreaterThan(partial);
          expect(await everything(resumed)).toEqual(clean);
          // The counts were written in the batches' transactions: the killed batch left none behind.
          const counts = await countsAndRows(databaseOf(resumed));
          expect(counts.totals).toEqual(counts.totalsFromRows);
          expect(counts.days).toEqual(counts.daysFromRows);
          expect(counts.totals).toEqual((await countsAndRows(databaseOf(archive))).totals);
          const watermarks = (states: Awaited<ReturnType<Archive['syncState']>>) => states.map((state) => [state.product, state.region, state.watermark]);
          expect(watermarks(await resumed.syncState())).toEqual(watermarks(await archive.syncState()));
        } finally {
          await resumed.close();
        }
      } finally {
        await crashed.dispose();
      }
    }, 300_000);
  });
}
