// Benchmark 4: the `invocations` command at fleet scale (issue 20). `invocations list` of 1,000,
// 10,000, 20,000 and 100,000 ECS invocations from the emulator (own process) in table, json and ndjson,
// each run in its own process as a user runs it: wall time, CPU time and peak RSS (getrusage,
// through a preload), stdout read and thrown away. The time targets compare CPU time: on a shared
// machine wall time mostly measures the neighbours. Then the target table of `get` and the live view of
// `watch` for one invocation with 1,000 targets (eflo runs on hundreds of nodes).
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Invocation, InvocationTarget } from '@invocations/core';
import { createColors } from '../../apps/cli/src/render/colors.js';
import { renderTargetTable } from '../../apps/cli/src/render/invocation.js';
import { renderWatchView } from '../../apps/cli/src/render/watch-view.js';
import { startEmulatorChild } from './emulator-child.js';
import { BENCH_REGION } from './emulator-data.js';
import { type TargetCheck, checkTarget, printTable, timeCandidates, writeResult } from './harness.js';

const BIN = fileURLToPath(new URL('../../apps/cli/dist/bin.js', import.meta.url));
const PRELOAD = fileURLToPath(new URL('./cli-peak-rss.cjs', import.meta.url));
const FORMATS = ['table', 'json', 'ndjson'] as const;
type Format = (typeof FORMATS)[number];

interface Run {
  seconds: number;
  /** CPU time of the CLI process (user + system): what the time targets compare, since wall time on a shared machine mostly measures the neighbours. */
  cpuSeconds: number;
  peakRssMb: number;
  lines: number;
}

/** Runs `invocations list` against the emulator in a child process; counts stdout lines without keeping them. */
function runList(url: string, credentials: { accessKeyId: string; accessKeySecret: string }, format: Format): Promise<Run> {
  const dir = mkdtempSync(join(tmpdir(), 'invocations-bench-cli-'));
  const rssFile = join(dir, 'rss');
  const started = performance.now();
  return new Promise<Run>((resolve, reject) => {
    const child = spawn(process.execPath, ['--require', PRELOAD, BIN, 'list', '--endpoint', url, '--region', BENCH_REGION, '--product', 'ecs', '-o', format], {
      env: {
        PATH: process.env.PATH ?? '',
        HOME: dir,
        ALIBABA_CLOUD_ACCESS_KEY_ID: credentials.accessKeyId,
        ALIBABA_CLOUD_ACCESS_KEY_SECRET: credentials.accessKeySecret,
        // The table as a 120-column terminal would get it (widths fitted, long names cut).
        COLUMNS: '120',
        INVOCATIONS_BENCH_RSS_FILE: rssFile,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let lines = 0;
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      for (let index = chunk.indexOf(10); index !== -1; index = chunk.indexOf(10, index + 1)) lines++;
    });
    child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
    child.on('error', reject);
    child.on('close', (code) => {
      const seconds = (performance.now() - started) / 1000;
      try {
        if (code !== 0) throw new Error(`invocations list -o ${format} exited ${code}: ${stderr.slice(0, 500)}`);
        const usage = JSON.parse(readFileSync(rssFile, 'utf8')) as { maxRSS: number; cpu: number };
        resolve({ seconds, cpuSeconds: usage.cpu / 1e6, peakRssMb: usage.maxRSS / 1024, lines });
      } catch (error) {
        reject(error);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });
}

function expectedLines(format: Format, count: number): number {
  // table: header + rows; json: '[' + one object of 30-odd lines per record + ']'; ndjson: one per record.
  return format === 'table' ? count + 1 : format === 'ndjson' ? count : -1;
}

function bigInvocation(targets: number): Invocation {
  const list: InvocationTarget[] = Array.from({ length: targets }, (_, index) => ({
    id: `e01-cn-bench${String(index).padStart(6, '0')}`,
    kind: 'node',
    status: index % 97 === 0 ? 'Failed' : index % 5 === 0 ? 'Running' : 'Success',
    ...(index % 97 === 0 ? { exitCode: 1, errorCode: 'ExitCodeNonzero', errorInfo: 'the command exited with a non-zero code on this node' } : index % 5 === 0 ? {} : { exitCode: 0 }),
    droppedBytes: 0,
    repeats: 1,
  }));
  return {
    product: 'eflo',
    region: 'cn-hangzhou',
    invokeId: 't-bench0000000001',
    commandName: 'nccl-allreduce-check',
    parameters: {},
    timed: false,
    createdAt: new Date().toISOString(),
    status: 'Running',
    targets: list,
  };
}

/** Runs the CLI benchmark and returns the checked targets. */
export async function runCli(options: { counts?: number[]; rounds?: number } = {}): Promise<TargetCheck[]> {
  const counts = options.counts ?? [1_000, 10_000, 20_000, 100_000];
  const rounds = options.rounds ?? 2;
  console.log(`\n== CLI: invocations list of ${counts.map((count) => count.toLocaleString('en-US')).join(' / ')} ECS invocations (emulator in its own process), each run in its own process ==`);
  const checks: TargetCheck[] = [];
  const rows: Record<string, string | number>[] = [];
  const measured: Record<string, Record<Format, Run>> = {};
  for (const count of counts) {
    const emulator = await startEmulatorChild(count);
    try {
      const best = {} as Record<Format, Run>;
      // Rounds interleave the formats so a noisy neighbour slows them alike; the fastest of each is kept.
      for (let round = 0; round < rounds; round++) {
        for (const format of FORMATS) {
          const run = await runList(emulator.url, emulator.credentials, format);
          const expected = expectedLines(format, count);
          if (expected >= 0 && run.lines !== expected) throw new Error(`-o ${format}: ${run.lines} lines for ${count} invocations, expected ${expected}`);
          const previous = best[format];
          // The fastest run (by CPU time) of each, with the highest peak RSS seen.
          best[format] = previous && previous.cpuSeconds <= run.cpuSeconds ? { ...previous, peakRssMb: Math.max(previous.peakRssMb, run.peakRssMb) } : { ...run, peakRssMb: Math.max(previous?.peakRssMb ?? 0, run.peakRssMb) };
        }
      }
      measured[count] = best;
      for (const format of FORMATS) {
        const run = best[format];
        rows.push({ records: count, output: format, 'wall s': run.seconds, 'CPU s': run.cpuSeconds, 'CPU vs ndjson': run.cpuSeconds / best.ndjson.cpuSeconds, 'peak RSS MB': run.peakRssMb });
      }
    } finally {
      await emulator.close();
    }
  }
  printTable(rows);

  const smallest = measured[counts[0] as number] as Record<Format, Run>;
  for (const count of counts.slice(1)) {
    const run = measured[count] as Record<Format, Run>;
    checks.push(checkTarget(`table / ndjson CPU time at ${count.toLocaleString('en-US')}`, run.table.cpuSeconds / run.ndjson.cpuSeconds, '<=', 1.5));
    for (const format of ['ndjson', 'json'] as const) {
      const label = `-o ${format} peak RSS growth from ${(counts[0] as number).toLocaleString('en-US')} to ${count.toLocaleString('en-US')} records, MB`;
      const growth = run[format].peakRssMb - smallest[format].peakRssMb;
      // The target is up to 20,000 records; beyond, the growth is shown (V8 lets its heap of
      // short-lived garbage grow with a long run; the live heap after a GC stays flat).
      if (count <= 20_000) checks.push(checkTarget(label, growth, '<=', 30));
      else console.log(`  info  ${label}: ${growth.toFixed(2)}`);
    }
  }
  if (counts.length >= 2) {
    // Linear: 10x the records may take at most 10x the time (the start-up makes it less).
    const [low, high] = [counts.at(-2) as number, counts.at(-1) as number];
    const growth = (measured[high] as Record<Format, Run>).table.cpuSeconds / (measured[low] as Record<Format, Run>).table.cpuSeconds;
    checks.push(checkTarget(`table CPU time ${low.toLocaleString('en-US')} -> ${high.toLocaleString('en-US')} records, per 1x records`, growth / (high / low), '<=', 1.1));
  }

  console.log('\n== CLI: one invocation with 1,000 targets: `get` table and `watch` redraw (120 columns) ==');
  const big = bigInvocation(1_000);
  const colors = createColors(true);
  const timings = await timeCandidates(
    [
      { name: 'get: target table', fn: () => renderTargetTable(big.targets, { width: 120, colors }) },
      { name: 'watch: redraw, every target', fn: () => renderWatchView(big, { width: 120, colors, elapsedMs: 12_000 }) },
      { name: 'watch: redraw, 50-row terminal', fn: () => renderWatchView(big, { width: 120, height: 50, colors, elapsedMs: 12_000 }) },
    ],
    { timeMs: 400, rounds: 3 },
  );
  printTable(timings.map((timing) => ({ render: timing.name, 'median ms': timing.medianMs })));
  for (const timing of timings) checks.push(checkTarget(`${timing.name}, 1,000 targets, ms`, timing.medianMs, '<=', 100));

  writeResult('cli', {
    counts,
    list: Object.fromEntries(Object.entries(measured).map(([count, runs]) => [count, runs])),
    render: timings,
    checks,
  });
  return checks;
}
