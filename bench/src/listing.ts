// Benchmark 2: listing 10,000 ECS invocations from the emulator with added latency per request:
// createEcsSource().list() (concurrent pages, the default: at most 16 in flight, fewer while the
// service throttles, which the emulator here never does) against a sequential PageNumber loop and
// against the official SDK's describeInvocations loop, all on the same emulator, same run.
import { loadavg } from 'node:os';
import { createEcsSource } from '@invocations/ecs';
import { startEmulatorChild } from './emulator-child.js';
import { BENCH_REGION, officialListAll } from './emulator-data.js';
import { type TargetCheck, checkTarget, median, printTable, settleGarbage, writeResult } from './harness.js';

type Runner = () => Promise<string[]>;

/** Pages in flight of the second concurrent candidate (the documented `concurrency` option, above the default of 16). */
const WIDE_CONCURRENCY = 32;
const WIDE = `ours concurrent, concurrency ${WIDE_CONCURRENCY}`;

function assertSameIds(name: string, ids: string[], expected: Set<string>): void {
  const unique = new Set(ids);
  if (unique.size !== ids.length) throw new Error(`${name}: ${ids.length - unique.size} duplicate invocations`);
  if (unique.size !== expected.size) throw new Error(`${name}: listed ${unique.size} invocations, expected ${expected.size}`);
  for (const id of expected) if (!unique.has(id)) throw new Error(`${name}: ${id} is missing`);
}

/** Runs the listing benchmark and returns the checked targets. */
export async function runListing(options: { total?: number; latencies?: number[] } = {}): Promise<TargetCheck[]> {
  const total = options.total ?? 10_000;
  // LISTING_BENCH_LATENCIES=30 runs one latency (to profile it: see bench/README.md).
  const latencies = options.latencies ?? (process.env.LISTING_BENCH_LATENCIES ? process.env.LISTING_BENCH_LATENCIES.split(',').map(Number) : [5, 30, 100]);
  // Each candidate runs once a round, the order rotated from round to round, and the median counts: on a
  // shared machine one run can meet a busy spell, and the candidate that comes first after a change of
  // latency would otherwise always be the one to meet it.
  const rounds = Math.max(1, Number(process.env.LISTING_BENCH_ROUNDS ?? 3));
  console.log(`\n== Listing: ${total.toLocaleString('en-US')} ECS invocations from the emulator, PageSize 50, added latency per request ==`);
  // The emulator runs in its own process, as the service is remote: its CPU does not steal the client's thread.
  const emulator = await startEmulatorChild(total);
  const checks: TargetCheck[] = [];
  const rows: Record<string, string | number>[] = [];
  const measurements: Record<string, unknown>[] = [];
  try {
    const expected = new Set(emulator.ids);
    const source = (paging: 'concurrent' | 'sequential' | 'token', concurrency?: number) =>
      createEcsSource({ region: BENCH_REGION, endpoint: emulator.url, credentials: emulator.credentials, pageSize: 50, paging, ...(concurrency ? { concurrency } : {}) });
    const collect = (paging: 'concurrent' | 'sequential' | 'token', concurrency?: number): Runner => async () => {
      const ids: string[] = [];
      for await (const invocation of source(paging, concurrency).list()) ids.push(invocation.invokeId);
      return ids;
    };
    const runners: [string, Runner][] = [
      ['ours concurrent (default)', collect('concurrent')],
      // The documented `concurrency` option (1..64; default 16): 32 pages in flight.
      [WIDE, collect('concurrent', WIDE_CONCURRENCY)],
      ['ours token', collect('token')],
      ['ours sequential', collect('sequential')],
      ['official SDK loop', () => officialListAll(emulator)],
    ];
    // A warm-up listing per candidate, without added latency: otherwise the first candidate timed (ours,
    // the default) would also pay for compiling the code every candidate shares.
    await emulator.setFaults({ latencyMs: 0 });
    for (const [, run] of runners) await run();
    const pages = Math.ceil(total / 50);
    for (const latencyMs of latencies) {
      await emulator.setFaults({ latencyMs });
      const secondsByRound: Record<string, number[]> = {};
      const cpuByRound: Record<string, number[]> = {};
      for (let round = 0; round < rounds; round += 1) {
        for (let turn = 0; turn < runners.length; turn += 1) {
          const [name, run] = runners[(round + turn) % runners.length]!;
          // Each starts from a collected heap, not paying for the garbage the one before left.
          await settleGarbage();
          const cpu = process.cpuUsage();
          const started = performance.now();
          const ids = await run();
          (secondsByRound[name] ??= []).push((performance.now() - started) / 1000);
          const used = process.cpuUsage(cpu);
          // The client's CPU only (this process; the emulator runs in its own).
          (cpuByRound[name] ??= []).push((used.user + used.system) / 1000 / pages);
          assertSameIds(`${name} at ${latencyMs} ms`, ids, expected);
        }
      }
      const seconds = Object.fromEntries(Object.entries(secondsByRound).map(([name, values]) => [name, median(values)]));
      const cpuMsPerPage = Object.fromEntries(Object.entries(cpuByRound).map(([name, values]) => [name, median(values)]));
      // The fastest round of each, too: what each costs when nothing else on the machine gets in the way.
      const best = Object.fromEntries(Object.entries(secondsByRound).map(([name, values]) => [name, Math.min(...values)]));
      const speedup = seconds['official SDK loop']! / seconds['ours concurrent (default)']!;
      const wideSpeedup = seconds['official SDK loop']! / seconds[WIDE]!;
      for (const [name] of runners) {
        rows.push({
          'latency ms': latencyMs,
          candidate: name,
          seconds: seconds[name]!,
          'official / this': seconds['official SDK loop']! / seconds[name]!,
          'best round s': best[name]!,
          'official / this, best rounds': best['official SDK loop']! / best[name]!,
          'client CPU ms/page': cpuMsPerPage[name]!,
        });
      }
      measurements.push({ latencyMs, rounds, seconds, best, secondsByRound, cpuMsPerPage, speedupOverOfficial: speedup, wideSpeedupOverOfficial: wideSpeedup, loadAverage: loadavg() });
      console.log(
        `  latency ${latencyMs} ms, median of ${rounds} rounds: ours concurrent is ${speedup.toFixed(1)}x (${WIDE}: ${wideSpeedup.toFixed(1)}x) faster than the official loop` +
          ` (best rounds: ${(best['official SDK loop']! / best['ours concurrent (default)']!).toFixed(1)}x; ${(best['official SDK loop']! / best[WIDE]!).toFixed(1)}x); load average ${loadavg().map((value) => value.toFixed(1)).join(' ')}`,
      );
      if (latencyMs === 30) {
        checks.push(checkTarget('listing at 30 ms: official loop / ours concurrent (default, 16 in flight)', speedup, '>=', 8));
        checks.push(checkTarget(`listing at 30 ms: official loop / ${WIDE}`, wideSpeedup, '>=', 8));
      }
    }
    printTable(rows);
    writeResult('listing', { total, pageSize: 50, region: BENCH_REGION, measurements, checks });
  } finally {
    await emulator.close();
  }
  return checks;
}
