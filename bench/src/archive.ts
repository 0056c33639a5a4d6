// `pnpm bench archive`: the archive's sync throughput (emulator -> embedded PGlite, emulator -> a
// PostgreSQL server, against listing alone in the same run) and its queries at scale (query by
// target over a month, stats by command) over ARCHIVE_BENCH_ROWS invocations (default 1,000,000,
// 10 targets each) in PostgreSQL, with their EXPLAIN plans.
// The server: INVOCATIONS_BENCH_PG_URL or INVOCATIONS_TEST_PG_URL, else one started here with
// scripts/test-postgres.sh (Debian's postgresql package) and stopped at the end.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { listInvocations, type Invocation } from '@invocations/core';
import { createEcsSource } from '@invocations/ecs';
import { openArchive, type Archive } from '@invocations/archive';
import { startEmulatorChild } from './emulator-child.js';
import { BENCH_REGION } from './emulator-data.js';
import { checkTarget, median, printTable, writeResult, type TargetCheck } from './harness.js';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const SYNC_COUNT = Number(process.env.ARCHIVE_BENCH_SYNC ?? 20_000);
const ROWS = Number(process.env.ARCHIVE_BENCH_ROWS ?? 100_000);
// Syncs into the server per sink: the median counts (see measureSync).
const SYNC_ROUNDS = Math.max(1, Number(process.env.ARCHIVE_BENCH_SYNC_ROUNDS ?? 3));
// Rounds of the query measurements (each 100 queries by target, 20 stats), to show the spread on a busy machine.
const ROUNDS = Number(process.env.ARCHIVE_BENCH_ROUNDS ?? 3);
// A database to load once and keep (loaded again only when it does not hold ROWS invocations), for 1M runs.
const KEEP_URL = process.env.ARCHIVE_BENCH_DB_URL?.trim();
const PARTS = new Set((process.env.ARCHIVE_BENCH_PARTS ?? 'sync,queries').split(',').map((part) => part.trim()));
const TARGETS = 10;
const TARGET_POOL = 20_000;
const COMMANDS = 200;
const DAYS = 180;
const LOAD_CHUNK = 100_000;
const DAY_MS = 86_400_000;
// The newest loaded invocation: fixed, so each run builds the same data.
const END = Date.parse('2025-07-01T00:00:00Z');

async function serverUrl(): Promise<{ url: string; stop(): void }> {
  const given = process.env.INVOCATIONS_BENCH_PG_URL?.trim() || process.env.INVOCATIONS_TEST_PG_URL?.trim();
  if (given) return { url: given, stop: () => undefined };
  const script = join(repoRoot, 'scripts', 'test-postgres.sh');
  const started = spawnSync('bash', [script], { encoding: 'utf8' });
  if (started.status !== 0) throw new Error(`could not start PostgreSQL (set INVOCATIONS_BENCH_PG_URL, or install Debian's postgresql): ${started.stderr}`);
  const dir = /test PostgreSQL in (\S+)/.exec(started.stderr)?.[1] ?? '';
  return { url: started.stdout.trim(), stop: () => spawnSync('bash', [script, 'stop', dir]) };
}

async function freshDatabase(adminUrl: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `invocations_bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      await client.query(`drop database if exists ${name} with (force)`);
      await client.end();
    },
  };
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** CPU seconds (user + system) a process has used so far, from /proc (0 when it is gone or not Linux). */
function processCpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}

/** Server CPU seconds of one measured run: all processes, and per `backend_type` (client backend, autovacuum worker, checkpointer, ...). */
interface ServerCpu {
  total: number;
  byType: Record<string, number>;
}

/**
 * CPU time of the PostgreSQL server's processes (the background processes and the backends of the
 * bench's own databases; it runs on this machine): the server's cost of a sync, which the
 * neighbours' load does not change. pg_stat_activity is sampled every 100 ms, so an autovacuum
 * worker that comes and goes during the run is counted too. A database kept for the queries
 * (ARCHIVE_BENCH_DB_URL) and the sampling connection itself are left out.
 */
async function serverCpu(adminUrl: string): Promise<() => Promise<ServerCpu>> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  const seen = new Map<number, { type: string; start: number; last: number }>();
  const sample = async (first: boolean) => {
    const { rows } = await client.query<{ pid: number; type: string }>(
      `select pid, coalesce(backend_type, '') as type from pg_stat_activity
       where pid <> pg_backend_pid() and (datname is null or datname like 'invocations_bench_%')`,
    );
    for (const row of rows) {
      const cpu = processCpuSeconds(row.pid);
      const known = seen.get(row.pid);
      // A process first seen during the run started during it: all of its CPU counts.
      if (known) known.last = cpu;
      else seen.set(row.pid, { type: row.type, start: first ? cpu : 0, last: cpu });
    }
  };
  await sample(true);
  let sampling = Promise.resolve();
  const timer = setInterval(() => {
    sampling = sampling.then(() => sample(false)).catch(() => undefined);
  }, 100);
  return async () => {
    clearInterval(timer);
    await sampling;
    await sample(false);
    await client.end();
    const byType: Record<string, number> = {};
    let total = 0;
    for (const entry of seen.values()) {
      const used = entry.last - entry.start;
      byType[entry.type] = (byType[entry.type] ?? 0) + used;
      total += used;
    }
    return { total, byType };
  };
}

/**
 * Sync throughput: listing alone (the baseline), the archive's writes alone (record() of what was
 * listed, then the same again, as a re-sync of unchanged records), and whole syncs into PGlite and
 * into the server. Each row also shows the CPU seconds the client, the emulator and the server spent:
 * on a shared machine the wall time mostly measures the neighbours, the CPU time does not.
 */
async function measureSync(adminUrl: string): Promise<{ rows: Record<string, string | number>[]; checks: TargetCheck[]; perSecond: Record<string, number> }> {
  console.log(`\narchive sync: ${SYNC_COUNT.toLocaleString('en-US')} ECS invocations x ${TARGETS} targets from an emulator in its own process (ARCHIVE_BENCH_SYNC)`);
  const emulator = await startEmulatorChild(SYNC_COUNT, 'emulator', TARGETS);
  const source = () => createEcsSource({ region: BENCH_REGION, endpoint: emulator.url, credentials: emulator.credentials, pageSize: 50, concurrency: 8 });
  const rows: Record<string, string | number>[] = [];
  const perSecond: Record<string, number> = {};
  /** Times `run`, with the CPU seconds of this process, the emulator and (for a server sink) the server. */
  const measure = async (name: string, server: boolean, run: () => Promise<number>) => {
    const start = performance.now();
    const client = process.cpuUsage();
    const emulatorCpu = processCpuSeconds(emulator.pid);
    const serverSeconds = server ? await serverCpu(adminUrl) : undefined;
    const count = await run();
    const seconds = (performance.now() - start) / 1000;
    const used = process.cpuUsage(client);
    const emulatorSeconds = processCpuSeconds(emulator.pid) - emulatorCpu;
    const serverUsed = serverSeconds ? await serverSeconds() : undefined;
    perSecond[name] = count / seconds;
    const backends = serverUsed?.byType['client backend'] ?? 0;
    rows.push({
      what: name,
      invocations: count,
      seconds,
      'invocations/s': perSecond[name]!,
      'client CPU s': (used.user + used.system) / 1e6,
      'emulator CPU s': emulatorSeconds,
      'server CPU s': serverUsed ? serverUsed.total : '',
      // The backends that ran the statements; the rest is autovacuum, checkpointer, WAL writer.
      'server backends s': serverUsed ? backends : '',
      'server ms/inv': serverUsed ? (serverUsed.total * 1000) / count : '',
      'load avg': Number(loadavg()[0]!.toFixed(1)),
    });
    const types = serverUsed
      ? ` (server: ${Object.entries(serverUsed.byType)
          .filter(([, cpu]) => cpu > 0)
          .map(([type, cpu]) => `${type || 'other'} ${cpu.toFixed(2)} s`)
          .join(', ')})`
      : '';
    console.log(`  ${name}: ${count.toLocaleString('en-US')} in ${seconds.toFixed(1)} s${types}`);
  };
  try {
    const kept: Invocation[] = [];
    await measure('listing alone (baseline)', false, async () => {
      for await (const invocation of listInvocations([source()])) kept.push(invocation);
      return kept.length;
    });
    const listed = kept.length;
    // The archive's side alone: no source in the way.
    {
      const database = await freshDatabase(adminUrl);
      const archive = await openArchive({ url: database.url });
      try {
        for (const pass of ['record() into PostgreSQL, 1,000 a batch (no source)', 'the same again (unchanged: a re-sync)']) {
          await measure(pass, true, async () => {
            for (let from = 0; from < kept.length; from += 1_000) await archive.record(kept.slice(from, from + 1_000));
            return listed;
          });
        }
      } finally {
        await archive.close();
        await database.drop();
      }
    }
    const server = async () => {
      const database = await freshDatabase(adminUrl);
      return { archive: await openArchive({ url: database.url }), dispose: database.drop };
    };
    // The server with one write in flight (as before writeConcurrency) and with the default, two.
    const sinks: { name: string; server: boolean; writeConcurrency?: number; open(): Promise<{ archive: Archive; dispose(): Promise<void> }> }[] = [
      { name: 'sync into PGlite (memory)', server: false, open: async () => ({ archive: await openArchive({ url: 'memory://' }), dispose: async () => undefined }) },
      { name: 'sync into PostgreSQL, 1 write in flight', server: true, writeConcurrency: 1, open: server },
      { name: 'sync into PostgreSQL', server: true, open: server },
    ];
    // One sync swings by 10 to 20% from one to the next on this machine (the server's CPU most), so
    // the server's sinks run SYNC_ROUNDS times, interleaved, each into a fresh database, and the
    // median counts; PGlite, far from any target, runs once.
    const runs: Record<string, number[]> = {};
    for (let round = 0; round < SYNC_ROUNDS; round += 1) {
      for (const sink of sinks) {
        if (!sink.server && round > 0) continue;
        const name = sink.server && SYNC_ROUNDS > 1 ? `${sink.name} (round ${round + 1})` : sink.name;
        const { archive, dispose } = await sink.open();
        try {
          await measure(name, sink.server, async () => {
            const result = await archive.sync([source()], { batchSize: 1_000, ...(sink.writeConcurrency ? { writeConcurrency: sink.writeConcurrency } : {}) });
            const written = result.sources[0]?.written ?? 0;
            if (written !== listed) throw new Error(`${sink.name}: synced ${written}, listed ${listed}`);
            return written;
          });
        } finally {
          await archive.close();
          await dispose();
        }
        (runs[sink.name] ??= []).push(perSecond[name]!);
      }
    }
    for (const [name, rates] of Object.entries(runs)) {
      perSecond[name] = median(rates);
      if (rates.length > 1) console.log(`  ${name}: median ${Math.round(perSecond[name]!)}/s of ${rates.map((rate) => Math.round(rate)).join(', ')}`);
    }
  } finally {
    await emulator.close();
  }
  printTable(rows);
  const checks = [checkTarget('archive sync into PostgreSQL, invocations (10 targets each) per second', perSecond['sync into PostgreSQL']!, '>=', 5_000)];
  return { rows, checks, perSecond };
}

/** The indexes of a table other than its primary key and unique constraints (dropped during a bulk load, then rebuilt). */
async function secondaryIndexes(client: pg.Client, table: string): Promise<{ name: string; definition: string }[]> {
  const result = await client.query<{ name: string; definition: string }>(
    `select i.indexname as name, i.indexdef as definition from pg_indexes i
     where i.schemaname = 'public' and i.tablename = $1
       and not exists (select 1 from pg_constraint c where c.conname = i.indexname)`,
    [table],
  );
  return result.rows;
}

/**
 * Loads ROWS invocations and their targets server-side, LOAD_CHUNK invocations per statement (the
 * daily-counts trigger aggregates once per statement), with the secondary indexes dropped during
 * the load and rebuilt after it (as a bulk import would). The data: products ecs 70%, swas 20%,
 * eflo 10%; four regions; COMMANDS command names with a skewed share (a few run most); statuses
 * 85% Success, 8% Failed, 4% PartialFailed, 3% Running; createdAt spread evenly over DAYS days;
 * ten distinct targets per invocation from a pool of TARGET_POOL.
 */
/**
 * The ten targets of invocation `id` (an SQL expression) with status `status`: ten distinct ids out
 * of TARGET_POOL (base + p * pool/10); a PartialFailed invocation's first target failed.
 */
function targetsOf(id: string, status: string): string {
  return `select p, 'i-bench' || lpad(((((${id})::bigint * 7919) % ${TARGET_POOL / TARGETS}) + p * ${TARGET_POOL / TARGETS})::text, 6, '0') as target_id,
      case when ${status} = 'PartialFailed' then (case when p = 0 then 'Failed' else 'Success' end) else ${status} end as status
    from generate_series(0, ${TARGETS - 1}) p`;
}

async function load(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const start = performance.now();
  try {
    await client.query('set synchronous_commit = off');
    await client.query(`set maintenance_work_mem = '256MB'`);
    const dropped = [...(await secondaryIndexes(client, 'invocations')), ...(await secondaryIndexes(client, 'targets'))];
    for (const index of dropped) await client.query(`drop index ${index.name}`);
    const step = (DAYS * DAY_MS) / ROWS;
    for (let from = 1; from <= ROWS; from += LOAD_CHUNK) {
      const to = Math.min(ROWS, from + LOAD_CHUNK - 1);
      await client.query('begin');
      // Ids are given (g), so each invocation's record can name its targets (migration 0004: the
      // record holds them) in the same statement; the identity is moved past them after the load.
      // A target's record has the fields a listing gives (about 330 bytes of JSON, as the emulator's).
      await client.query(
        `insert into invocations (id, product, region, invoke_id, command_id, command_name, command_type, content_hash, status, terminal,
           created_at, finished_at, sort_at, target_count, archived_at, updated_at, raw)
         overriding system value
         select s.g, s.product, s.region, s.invoke_id, null, s.command, 'RunShellScript', md5(s.command), s.status, s.status <> 'Running',
           s.ts, case when s.status <> 'Running' then s.ts + interval '5 seconds' end, s.ts, ${TARGETS}, now(), now(),
           jsonb_build_object('product', s.product, 'region', s.region, 'invokeId', s.invoke_id, 'commandName', s.command,
             'commandType', 'RunShellScript', 'parameters', '{}'::jsonb, 'timed', false,
             'createdAt', to_char(s.ts at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'), 'status', s.status,
             'targets', (
               select jsonb_agg(jsonb_build_object('id', t.target_id, 'kind', 'instance', 'status', t.status, 'droppedBytes', 0, 'repeats', 0,
                   'legacyStatus', case when t.status = 'Running' then 'Running' when t.status = 'Success' then 'Finished' else 'Failed' end,
                   'createdAt', s.created, 'startedAt', s.created, 'updatedAt', s.created, 'timed', false)
                 || case when t.status = 'Running' then '{}'::jsonb
                    else jsonb_build_object('exitCode', case when t.status = 'Success' then 0 else 1 end, 'finishedAt', s.finished, 'stoppedAt', s.finished) end
                 order by t.p)
               from (${targetsOf('s.g', 's.status')}) t))
         from (
           select g, product, region, invoke_id, command, status, ts,
             to_char(ts at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as created,
             to_char((ts + interval '5 seconds') at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as finished
           from (
             select g,
               case when g % 10 < 7 then 'ecs' when g % 10 < 9 then 'swas' else 'eflo' end as product,
               (array['cn-hangzhou', 'cn-shanghai', 'cn-beijing', 'ap-southeast-1'])[1 + (g * 13) % 4] as region,
               't-bench' || lpad(g::text, 8, '0') as invoke_id,
               -- (h/N)^3 of a hash h: command 0 takes about a fifth of the runs, the last ones a few each.
               'command-' || floor(${COMMANDS} * power(((g::bigint * 2654435761) % 1000003) / 1000003.0, 3))::int as command,
               case when g % 100 < 85 then 'Success' when g % 100 < 93 then 'Failed' when g % 100 < 97 then 'PartialFailed' else 'Running' end as status,
               to_timestamp((${END} - (${ROWS} - g)::float8 * ${step}) / 1000.0) as ts
             from generate_series(${from}, ${to}) g
           ) base
         ) s`,
      );
      await client.query(
        `insert into targets (invocation_id, target_id, position, kind, status, exit_code, finished_at, sort_at, dropped_bytes)
         select i.id, t.target_id, t.p, 'instance', t.status, case when t.status = 'Success' then 0 when t.status = 'Failed' then 1 end,
           i.finished_at, i.sort_at, 0
         from invocations i
         cross join lateral (${targetsOf('i.id', 'i.status')}) t
         where i.id between ${from} and ${to}
         -- An invocation's targets side by side, as a sync writes them (without the order the planner may loop over p outside).
         order by i.id, t.p`,
      );
      await client.query('commit');
      process.stdout.write(`\r  loaded ${to.toLocaleString('en-US')} invocations (${Math.round((performance.now() - start) / 1000)} s)`);
    }
    process.stdout.write('\n');
    await client.query(`select setval(pg_get_serial_sequence('invocations', 'id'), ${ROWS})`);
    for (const index of dropped) {
      await client.query(index.definition);
      console.log(`  rebuilt ${index.name} (${Math.round((performance.now() - start) / 1000)} s)`);
    }
    await client.query('vacuum analyze invocations');
    await client.query('vacuum analyze targets');
    await client.query('vacuum analyze invocation_counts');
  } finally {
    await client.end();
  }
  return (performance.now() - start) / 1000;
}

async function explain(url: string, statement: string, parameters: unknown[]): Promise<string> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const result = await client.query(`explain (analyze, buffers, costs off) ${statement}`, parameters);
    return result.rows.map((row: Record<string, string>) => row['QUERY PLAN']).join('\n');
  } finally {
    await client.end();
  }
}

/** The database the queries run on: ARCHIVE_BENCH_DB_URL (kept, loaded when it does not hold ROWS invocations) or a fresh one. */
async function queryDatabase(adminUrl: string): Promise<{ url: string; loadSeconds?: number; drop(): Promise<void> }> {
  if (!KEEP_URL) {
    const database = await freshDatabase(adminUrl);
    const archive = await openArchive({ url: database.url });
    await archive.close();
    return { ...database, loadSeconds: await load(database.url) };
  }
  const archive = await openArchive({ url: KEEP_URL });
  await archive.close();
  const client = new pg.Client({ connectionString: KEEP_URL });
  await client.connect();
  try {
    const held = Number((await client.query<{ n: string }>('select count(*) as n from invocations')).rows[0]?.n);
    if (held === ROWS) {
      console.log(`  reusing ${ROWS.toLocaleString('en-US')} invocations in ARCHIVE_BENCH_DB_URL`);
      return { url: KEEP_URL, drop: async () => undefined };
    }
    await client.query('truncate invocations, targets, invocation_counts, invocation_totals restart identity');
  } finally {
    await client.end();
  }
  return { url: KEEP_URL, loadSeconds: await load(KEEP_URL), drop: async () => undefined };
}

/**
 * The statements `run` sends through `pg` (the archive's driver is this same module): the EXPLAINs
 * below are of exactly what the archive's query builder emits, with its parameters.
 */
async function statementsOf(run: () => Promise<unknown>): Promise<{ text: string; values: unknown[] }[]> {
  const prototype = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
  const original = prototype.query;
  const seen: { text: string; values: unknown[] }[] = [];
  prototype.query = function (this: unknown, ...args: unknown[]) {
    // A plain statement is (text, values); one the archive prepares by name is ({ name, text, values }).
    const [first, second] = args as [unknown, unknown];
    if (typeof first === 'string') seen.push({ text: first, values: Array.isArray(second) ? second : [] });
    else if (first && typeof (first as { text?: unknown }).text === 'string') {
      const config = first as { text: string; values?: unknown[] };
      seen.push({ text: config.text, values: config.values ?? [] });
    }
    return original.apply(this, args);
  };
  try {
    await run();
  } finally {
    prototype.query = original;
  }
  return seen;
}

async function explainAll(url: string, run: () => Promise<unknown>): Promise<string> {
  const plans: string[] = [];
  for (const statement of await statementsOf(run)) {
    plans.push(`${statement.text.replace(/\s+/g, ' ')}\n${await explain(url, statement.text, statement.values)}`);
  }
  return plans.join('\n\n');
}

/**
 * The server's time per statement (planning and execution, sending the rows included), from
 * pg_stat_statements: reset before each measured call, read after it. Undefined when the server
 * does not load the extension (scripts/test-postgres.sh does).
 */
async function statementTimer(url: string): Promise<{ reset(): Promise<void>; read(pattern: string): Promise<number>; close(): Promise<void> } | undefined> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('create extension if not exists pg_stat_statements');
    await client.query('select pg_stat_statements_reset()');
    // Planning counts too; set for the database, so the archive's own connections (opened after this) have it.
    await client.query(`alter database "${decodeURIComponent(new URL(url).pathname.slice(1))}" set pg_stat_statements.track_planning = on`);
  } catch (error) {
    await client.end();
    console.log(`  server time per query not measured (needs shared_preload_libraries=pg_stat_statements): ${error instanceof Error ? error.message : String(error)}`);
    return undefined;
  }
  return {
    reset: async () => void (await client.query('select pg_stat_statements_reset()')),
    read: async (pattern) => {
      const { rows } = await client.query<{ ms: number }>(
        `select coalesce(sum(total_plan_time + total_exec_time), 0)::float8 as ms from pg_stat_statements
         where dbid = (select oid from pg_database where datname = current_database()) and query like $1`,
        [pattern],
      );
      return Number(rows[0]?.ms ?? 0);
    },
    close: () => client.end(),
  };
}

async function measureQueries(adminUrl: string): Promise<{ checks: TargetCheck[]; data: Record<string, unknown> }> {
  console.log(`\narchive queries: ${ROWS.toLocaleString('en-US')} invocations x ${TARGETS} targets in PostgreSQL (ARCHIVE_BENCH_ROWS)`);
  const database = await queryDatabase(adminUrl);
  const timer = await statementTimer(database.url);
  const archive = await openArchive({ url: database.url });
  try {
    if (database.loadSeconds !== undefined) {
      console.log(`  load: ${database.loadSeconds.toFixed(0)} s (${Math.round((ROWS * (TARGETS + 1)) / database.loadSeconds).toLocaleString('en-US')} rows/s)`);
    }
    const monthStart = new Date(END - 60 * DAY_MS);
    const monthEnd = new Date(END - 30 * DAY_MS);
    // 100 queries by target a round (300 in three rounds): the p95 is then the 15th slowest, not the 3rd.
    const perRun = 100;
    const byTarget: number[] = [];
    const statsTimes: number[] = [];
    const statsMonth: number[] = [];
    // The server's share of each measured call (pg_stat_statements), beside its end-to-end time.
    const byTargetServer: number[] = [];
    const statsServer: number[] = [];
    const rounds: Record<string, string | number>[] = [];
    let returned = 0;
    let groups = 0;
    // One query of each kind first, unmeasured: it opens the connection and loads the catalogs (not data: its target is never measured).
    await archive.query({ targetId: 'i-bench-warm-up', since: monthStart, until: monthEnd, limit: 100 });
    await archive.stats({ groupBy: 'command' });
    for (let round = 0; round < ROUNDS; round++) {
      const roundByTarget: number[] = [];
      const roundStats: number[] = [];
      for (let run = 0; run < perRun; run++) {
        // A different target in every query of every round: no answer is served from a warm page of the one before.
        const targetId = `i-bench${String((round * perRun + run) * 331 % TARGET_POOL).padStart(6, '0')}`;
        await timer?.reset();
        const start = performance.now();
        const page = await archive.query({ targetId, since: monthStart, until: monthEnd, limit: 100 });
        roundByTarget.push(performance.now() - start);
        if (timer) byTargetServer.push(await timer.read('%"targets" as "t"%'));
        returned += page.invocations.length;
      }
      for (let run = 0; run < 20; run++) {
        await timer?.reset();
        let start = performance.now();
        groups = (await archive.stats({ groupBy: 'command' })).rows.length;
        roundStats.push(performance.now() - start);
        if (timer) statsServer.push(await timer.read('%"invocation_totals"%'));
        start = performance.now();
        await archive.stats({ groupBy: 'command', since: monthStart, until: monthEnd });
        statsMonth.push(performance.now() - start);
      }
      byTarget.push(...roundByTarget);
      statsTimes.push(...roundStats);
      rounds.push({
        round: round + 1,
        'load avg': Number(loadavg()[0]!.toFixed(1)),
        'by target p50': percentile(roundByTarget, 50),
        'by target p95': percentile(roundByTarget, 95),
        'by target server p95': byTargetServer.length > 0 ? percentile(byTargetServer.slice(-perRun), 95) : '',
        'stats p50': percentile(roundStats, 50),
        'stats p95': percentile(roundStats, 95),
      });
    }
    const server = (values: number[], p: number) => (values.length > 0 ? percentile(values, p) : '');
    // What is not the server's: the client's decoding and hydration, the transfer, and waiting to be scheduled.
    const rest = (ends: number[], servers: number[]) => ends.map((end, index) => end - (servers[index] ?? 0));
    const rows = [
      {
        query: `query by target over a month (limit 100, ${(returned / byTarget.length).toFixed(0)} rows each)`,
        runs: byTarget.length,
        'p50 ms': percentile(byTarget, 50),
        'p95 ms': percentile(byTarget, 95),
        'server p50 ms': server(byTargetServer, 50),
        'server p95 ms': server(byTargetServer, 95),
        'rest p95 ms': byTargetServer.length > 0 ? percentile(rest(byTarget, byTargetServer), 95) : '',
      },
      {
        query: `stats --by command, all ${ROWS.toLocaleString('en-US')} (${groups} groups)`,
        runs: statsTimes.length,
        'p50 ms': percentile(statsTimes, 50),
        'p95 ms': percentile(statsTimes, 95),
        'server p50 ms': server(statsServer, 50),
        'server p95 ms': server(statsServer, 95),
        'rest p95 ms': statsServer.length > 0 ? percentile(rest(statsTimes, statsServer), 95) : '',
      },
      { query: 'stats --by command over a month', runs: statsMonth.length, 'p50 ms': percentile(statsMonth, 50), 'p95 ms': percentile(statsMonth, 95), 'server p50 ms': '', 'server p95 ms': '', 'rest p95 ms': '' },
    ];
    printTable(rounds);
    printTable(rows);
    const plans = {
      queryByTarget: await explainAll(database.url, () => archive.query({ targetId: 'i-bench000331', since: monthStart, until: monthEnd, limit: 100 })),
      statsByCommand: await explainAll(database.url, () => archive.stats({ groupBy: 'command' })),
      statsByCommandMonth: await explainAll(database.url, () => archive.stats({ groupBy: 'command', since: monthStart, until: monthEnd })),
    };
    console.log(`\n  EXPLAIN query by target over a month:\n${plans.queryByTarget.replace(/^/gm, '    ')}`);
    console.log(`\n  EXPLAIN stats by command:\n${plans.statsByCommand.replace(/^/gm, '    ')}`);
    console.log(`\n  EXPLAIN stats by command over a month:\n${plans.statsByCommandMonth.replace(/^/gm, '    ')}`);
    const checks = [
      checkTarget(`query by target over a month, p95 ms at ${ROWS.toLocaleString('en-US')} invocations`, percentile(byTarget, 95), '<=', 100),
      checkTarget(`stats --by command, p95 ms at ${ROWS.toLocaleString('en-US')} invocations`, percentile(statsTimes, 95), '<=', 100),
    ];
    return { checks, data: { rows, rounds, loadSeconds: database.loadSeconds, plans } };
  } finally {
    await timer?.close();
    await archive.close();
    await database.drop();
  }
}

/** Runs the archive benchmarks and returns their target checks. */
export async function runArchive(): Promise<TargetCheck[]> {
  const server = await serverUrl();
  try {
    const sync = PARTS.has('sync') ? await measureSync(server.url) : undefined;
    const queries = PARTS.has('queries') ? await measureQueries(server.url) : undefined;
    writeResult('archive', { sync: sync?.rows, queries: queries?.data, rows: ROWS, syncCount: SYNC_COUNT, loadAverage: loadavg() });
    return [...(sync?.checks ?? []), ...(queries?.checks ?? [])];
  } finally {
    server.stop();
  }
}
