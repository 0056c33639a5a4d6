import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invocationSchema } from '@invocations/core';
import { cliDir, emptyHome, ensureBuilt, linesOf, runCli } from './helpers.js';

// The CLI's history commands, fed by the built-in emulator, on the archive named by
// INVOCATIONS_ARCHIVE_URL (the default a user would set): a fresh database of the test PostgreSQL
// when INVOCATIONS_TEST_PG_URL names one (each command opens the archive anew, and a server opens
// in milliseconds), else an embedded archive in a temp directory.
let archiveDir: string;
let env: Record<string, string>;
let dropDatabase: (() => Promise<void>) | undefined;

async function createTestDatabase(adminUrl: string): Promise<string> {
  const { default: pg } = await import('pg');
  const name = `invocations_cli_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  dropDatabase = async () => {
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    await client.query(`drop database if exists ${name} with (force)`);
    await client.end();
  };
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

beforeAll(async () => {
  if (!existsSync(join(cliDir, '..', '..', 'packages', 'archive', 'dist', 'index.js'))) {
    execFileSync('npx', ['turbo', 'run', 'build', '--filter=@invocations/archive', '--output-logs=errors-only'], { cwd: join(cliDir, '..', '..'), stdio: 'pipe' });
  }
  ensureBuilt();
  archiveDir = mkdtempSync(join(tmpdir(), 'invocations-cli-archive-'));
  const server = process.env.INVOCATIONS_TEST_PG_URL?.trim();
  env = { HOME: emptyHome(), INVOCATIONS_ARCHIVE_URL: server ? await createTestDatabase(server) : archiveDir };
}, 300_000);

afterAll(async () => {
  if (archiveDir) rmSync(archiveDir, { recursive: true, force: true });
  await dropDatabase?.();
});

describe('invocations history', () => {
  it('syncs the emulator into the archive, then lists and counts what it archived', async () => {
    const sync = await runCli(['history', 'sync', '--emulator', '-o', 'json'], env, { timeoutMs: 150_000 });
    expect(sync.code, sync.stderr).toBe(0);
    const sources = JSON.parse(sync.stdout) as { product: string; region: string; written: number }[];
    const pairs = sources.map((source) => `${source.product} ${source.region}`);
    // ECS and SWAS in every region the emulator seeded; eflo once, as the region a bare 127.0.0.1 answers as.
    expect(new Set(pairs).size).toBe(pairs.length);
    expect(pairs).toEqual(expect.arrayContaining(['ecs cn-hangzhou', 'ecs cn-shanghai', 'swas cn-hangzhou', 'swas cn-shanghai', 'eflo cn-hangzhou']));
    expect(pairs.filter((pair) => pair.startsWith('eflo '))).toEqual(['eflo cn-hangzhou']);
    const written = sources.reduce((sum, source) => sum + source.written, 0);
    expect(written).toBeGreaterThan(10);

    const list = await runCli(['history', 'list', '-o', 'json', '--limit', '1000'], env, { timeoutMs: 60_000 });
    expect(list.code, list.stderr).toBe(0);
    const archived = (JSON.parse(list.stdout) as unknown[]).map((item) => invocationSchema.parse(item));
    expect(archived).toHaveLength(written);
    const created = archived.map((item) => Date.parse(item.createdAt ?? ''));
    expect(created).toEqual([...created].sort((a, b) => b - a));

    // The demo invocation runs on three instances; one of them is only in it.
    const onTarget = await runCli(['history', 'list', '--target', 'i-bp1demofail0003', '-o', 'ndjson'], env, { timeoutMs: 60_000 });
    expect(onTarget.code, onTarget.stderr).toBe(0);
    expect(linesOf(onTarget.stdout).map((line) => (JSON.parse(line) as { invokeId: string }).invokeId)).toEqual(['t-hzdemowatch0001']);

    const stats = await runCli(['history', 'stats', '--by', 'command', '-o', 'json'], env, { timeoutMs: 60_000 });
    expect(stats.code, stats.stderr).toBe(0);
    const rows = (JSON.parse(stats.stdout) as { rows: { key: string | null; total: number; failureRate: number }[] }).rows;
    expect(rows.reduce((sum, row) => sum + row.total, 0)).toBe(written);
    expect(rows.find((row) => row.key === 'rolling-deploy')?.total).toBe(1);

    const table = await runCli(['history', 'stats', '--by', 'product'], { ...env, COLUMNS: '80' }, { timeoutMs: 60_000 });
    expect(table.code, table.stderr).toBe(0);
    expect(linesOf(table.stdout)[0]).toMatch(/^PRODUCT\s+TOTAL\s+SUCCESS\s+FAILED\s+STOPPED\s+ACTIVE\s+FAILURE RATE$/);
    expect(table.stdout).toMatch(/^ecs\s+\d+\s+\d+\s+\d+\s+\d+\s+\d+\s+\d+(\.\d+)?%$/m);
    for (const line of linesOf(table.stdout)) expect(line.length, line).toBeLessThanOrEqual(80);
  }, 300_000);

  it('prints help with examples for history and each of its commands', async () => {
    for (const command of [['history'], ['history', 'sync'], ['history', 'list'], ['history', 'stats']]) {
      const help = await runCli([...command, '--help'], env);
      expect(help.code, command.join(' ')).toBe(0);
      expect(help.stdout, command.join(' ')).toMatch(/Examples:\n\s+\$ invocations history/);
    }
  });

  it('says so when it creates an embedded archive (seconds the first time), and only then', async () => {
    const fresh = join(archiveDir, 'fresh');
    const first = await runCli(['history', 'list', '--archive', fresh], env, { timeoutMs: 150_000 });
    expect(first.code, first.stderr).toBe(0);
    expect(linesOf(first.stderr)[0]).toBe(`creating the archive in ${fresh} (the first time takes a few seconds)`);
    const again = await runCli(['history', 'list', '--archive', fresh], env, { timeoutMs: 150_000 });
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).not.toContain('creating the archive');
  }, 300_000);

  it('refuses an archive URL it cannot read with one line and exit code 2, before opening anything', async () => {
    const result = await runCli(['history', 'list', '--archive', 'mysql://127.0.0.1/x'], env);
    expect(result.code, result.stderr).toBe(2);
    expect(linesOf(result.stderr)).toEqual([expect.stringMatching(/^error: .*url.*unsupported scheme 'mysql:'/)]);
  });

  it('keeps what run and get saw of eflo (which cannot list) with --keep', async () => {
    // Each --emulator call starts an emulator of its own: the run is kept while its emulator is up.
    const run = await runCli(['--emulator', 'run', '--product', 'eflo', '--target', 'e-01', '--keep', '-o', 'json', '--', 'uptime'], env, { timeoutMs: 150_000 });
    expect(run.code, run.stderr).toBe(0);
    const ran = JSON.parse(run.stdout) as { invokeId: string };
    const started = await runCli(['--emulator', 'run', '--product', 'eflo', '--target', 'e-02', '--keep', '--no-wait', '-o', 'json', '--', 'sleep', '600'], env, { timeoutMs: 150_000 });
    expect(started.code, started.stderr).toBe(0);
    const pending = JSON.parse(started.stdout) as { invokeId: string };
    // The seeded eflo invocation the emulator's `list` points to, read with get.
    const hint = await runCli(['--emulator', 'list', '--product', 'eflo'], env, { timeoutMs: 60_000 });
    const seeded = /get (t-\S+) --product eflo/.exec(hint.stderr)?.[1];
    expect(seeded, hint.stderr).toBeDefined();
    const get = await runCli(['--emulator', 'get', seeded as string, '--product', 'eflo', '--region', 'cn-hangzhou', '--keep'], env, { timeoutMs: 150_000 });
    expect(get.code, get.stderr).toBe(0);
    expect(get.stderr).toContain(`archived ${seeded as string} in `);

    const list = await runCli(['history', 'list', '--product', 'eflo', '-o', 'json'], env, { timeoutMs: 60_000 });
    expect(list.code, list.stderr).toBe(0);
    const kept = new Map((JSON.parse(list.stdout) as unknown[]).map((item) => invocationSchema.parse(item)).map((item) => [item.invokeId, item]));
    expect(kept.get(ran.invokeId)).toMatchObject({ product: 'eflo', region: 'cn-hangzhou', status: 'Success', targets: [{ id: 'e-01', status: 'Success', exitCode: 0 }] });
    expect(kept.get(pending.invokeId)).toMatchObject({ product: 'eflo', targets: [{ id: 'e-02' }] });
    expect(['Pending', 'Running']).toContain(kept.get(pending.invokeId)?.status);
    expect(kept.get(seeded as string)?.product).toBe('eflo');
  }, 600_000);

  it('refuses --archive it cannot read before running anything: exit code 2, no invocation started', async () => {
    const result = await runCli(['--emulator', 'run', '--product', 'eflo', '--target', 'e-01', '--archive', 'mysql://127.0.0.1/x', '--no-wait', '-o', 'json', '--', 'uptime'], env, { timeoutMs: 60_000 });
    expect(result.code, result.stderr).toBe(2);
    // --no-wait prints the InvokeId as soon as RunCommand answers: nothing was started.
    expect(result.stdout).toBe('');
    expect(linesOf(result.stderr)).toEqual([expect.stringMatching(/^error: .*url.*unsupported scheme 'mysql:'/)]);
  });
});
