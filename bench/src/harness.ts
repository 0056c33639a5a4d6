import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Bench } from 'tinybench';

/** One function to time. */
export interface Candidate {
  name: string;
  fn: () => unknown;
}

/** What was measured for one candidate: the median per call over the rounds. */
export interface Timing {
  name: string;
  /** Median time of one call in milliseconds (median of the per-round medians). */
  medianMs: number;
  /** Calls per second at that median. */
  opsPerSecond: number;
  /** Per-round medians, to show the spread. */
  roundsMs: number[];
  samples: number;
}

/**
 * Times candidates in interleaved rounds so that a noisy neighbour slows all of them alike;
 * ratios are only ever taken between timings of the same run.
 */
export async function timeCandidates(candidates: Candidate[], options: { timeMs?: number; rounds?: number } = {}): Promise<Timing[]> {
  const { timeMs = 800, rounds = 3 } = options;
  const perRound = new Map<string, number[]>(candidates.map((c) => [c.name, []]));
  const samples = new Map<string, number>(candidates.map((c) => [c.name, 0]));
  for (let round = 0; round < rounds; round++) {
    const bench = new Bench({ time: timeMs, warmupTime: round === 0 ? 300 : 100, throws: true });
    // Rotate the order every round so no candidate always runs first (or right after a GC-heavy one).
    const order = candidates.map((_, i) => candidates[(i + round) % candidates.length]!);
    for (const candidate of order) bench.add(candidate.name, candidate.fn);
    await bench.run();
    for (const task of bench.tasks) {
      const result = task.result;
      if (result.state !== 'completed') throw new Error(`benchmark ${task.name} did not complete: ${result.state}`);
      perRound.get(task.name)!.push(result.latency.p50);
      samples.set(task.name, samples.get(task.name)! + result.latency.samplesCount);
    }
  }
  return candidates.map((candidate) => {
    const roundsMs = perRound.get(candidate.name)!;
    const medianMs = median(roundsMs);
    return { name: candidate.name, medianMs, opsPerSecond: 1000 / medianMs, roundsMs, samples: samples.get(candidate.name)! };
  });
}

/** The least CPU time of one timed batch: each candidate's batch size is set from one untimed batch. */
const MIN_BATCH_MS = 5;

/**
 * Like {@link timeCandidates}, but by CPU time (`process.cpuUsage`, all threads, so garbage collection
 * counts): on a shared machine wall time mostly measures the neighbours (the CLI benchmark compares
 * CPU time for the same reason). Each round runs every candidate (rotated) in batches of at least `batch`
 * calls and at least MIN_BATCH_MS of CPU, for `timeMs`; a candidate's time is the median per-call CPU
 * time of its batches, then the median of
 * the rounds.
 */
export function timeCandidatesByCpu(candidates: Candidate[], options: { timeMs?: number; rounds?: number; batch?: number } = {}): Timing[] {
  const { timeMs = 800, rounds = 3, batch = 10 } = options;
  const perRound = new Map<string, number[]>(candidates.map((c) => [c.name, []]));
  const samples = new Map<string, number>(candidates.map((c) => [c.name, 0]));
  // A batch lasts at least MIN_BATCH_MS of CPU: with a batch of two 0.03 ms pages the garbage
  // collector's pauses fall in the rare batches a median discards, which favours whoever allocates most.
  const sizes = new Map<string, number>();
  for (const candidate of candidates) {
    for (let i = 0; i < 2 * batch; i++) candidate.fn();
    const before = process.cpuUsage();
    for (let i = 0; i < batch; i++) candidate.fn();
    const used = process.cpuUsage(before);
    const perCallMs = Math.max((used.user + used.system) / 1000 / batch, 0.001);
    sizes.set(candidate.name, Math.max(batch, Math.ceil(MIN_BATCH_MS / perCallMs)));
  }
  for (let round = 0; round < rounds; round++) {
    const order = candidates.map((_, i) => candidates[(i + round) % candidates.length]!);
    for (const candidate of order) {
      const size = sizes.get(candidate.name)!;
      const batches: number[] = [];
      const end = performance.now() + timeMs;
      while (performance.now() < end || batches.length < 5) {
        const before = process.cpuUsage();
        for (let i = 0; i < size; i++) candidate.fn();
        const used = process.cpuUsage(before);
        batches.push((used.user + used.system) / 1000 / size);
      }
      perRound.get(candidate.name)!.push(median(batches));
      samples.set(candidate.name, samples.get(candidate.name)! + batches.length * size);
    }
  }
  return candidates.map((candidate) => {
    const roundsMs = perRound.get(candidate.name)!;
    const medianMs = median(roundsMs);
    return { name: candidate.name, medianMs, opsPerSecond: 1000 / medianMs, roundsMs, samples: samples.get(candidate.name)! };
  });
}

/** The median of a non-empty list. */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** A claim checked against a measured ratio. */
export interface TargetCheck {
  target: string;
  value: number;
  limit: number;
  comparison: '<=' | '>=';
  pass: boolean;
}

/** Checks `value <= limit` or `value >= limit` and prints PASS or MISS with the numbers. */
export function checkTarget(target: string, value: number, comparison: '<=' | '>=', limit: number): TargetCheck {
  const pass = comparison === '<=' ? value <= limit : value >= limit;
  console.log(`  ${pass ? 'PASS' : 'MISS'}  ${target}: ${value.toFixed(2)} (target ${comparison} ${Number.isInteger(limit) ? limit : limit.toFixed(2)})`);
  return { target, value, limit, comparison, pass };
}

/** Prints a small table of rows (objects with the same keys). */
export function printTable(rows: Record<string, string | number>[]): void {
  if (rows.length === 0) return;
  const keys = Object.keys(rows[0]!);
  const cells = rows.map((row) => keys.map((key) => formatCell(row[key])));
  const widths = keys.map((key, i) => Math.max(key.length, ...cells.map((row) => row[i]!.length)));
  const line = (values: string[]) => `  ${values.map((v, i) => v.padEnd(widths[i]!)).join('  ')}`;
  console.log(line(keys));
  console.log(line(widths.map((w) => '-'.repeat(w))));
  for (const row of cells) console.log(line(row));
}

function formatCell(value: string | number | undefined): string {
  if (typeof value === 'number') {
    if (Number.isInteger(value)) return value.toLocaleString('en-US');
    return value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value.toFixed(2);
  }
  return value ?? '';
}

/** Where the results JSON files go: bench/results (gitignored). */
export const RESULTS_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'results');

/** Writes bench/results/<name>.json with the machine it ran on, and returns the path. */
export function writeResult(name: string, data: unknown): string {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const file = join(RESULTS_DIR, `${name}.json`);
  const document = {
    name,
    date: new Date().toISOString(),
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    ...((typeof data === 'object' && data !== null ? data : { data }) as object),
  };
  writeFileSync(file, `${JSON.stringify(document, null, 2)}\n`);
  console.log(`  results: ${file}`);
  return file;
}

/** Runs a garbage collection when node was started with --expose-gc. */
export function collectGarbage(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

/**
 * A full GC, then another once the finalization callbacks it queued have run: undici registers each
 * request's signal in a FinalizationRegistry, and a GC finds the request dead but the entry (signal,
 * listener) goes only in a cleanup task after it, so a heap read at once counts up to a few hundred
 * finished requests' signals (about 0.3 MB here) as live.
 */
export async function settleGarbage(): Promise<void> {
  collectGarbage();
  await new Promise((resolve) => setTimeout(resolve, 20));
  collectGarbage();
}
