// Benchmark 3: memory.
// (a) Listing 100,000 invocations without keeping them keeps the client's heap flat. The pages come
//     from a stand-in server in another process that renders them on demand, so only the client's
//     heap is measured and filling an emulator with 100,000 records is not part of the measure.
// (b) The emulator (own process) serves 2,000 requests of 50-invocation pages without an error and
//     without its heap growing (issue 4's measure).
import { getHeapSpaceStatistics } from 'node:v8';
import { createEcsSource } from '@invocations/ecs';
import { startEmulatorChild } from './emulator-child.js';
import { BENCH_REGION } from './emulator-data.js';
import { type TargetCheck, checkTarget, collectGarbage, printTable, settleGarbage, writeResult } from './harness.js';

const MB = 1024 * 1024;

function countingSource(url: string, credentials: { accessKeyId: string; accessKeySecret: string }) {
  const counts = { requests: 0, errors: 0 };
  const source = createEcsSource({
    region: BENCH_REGION,
    endpoint: url,
    credentials,
    pageSize: 50,
    hooks: {
      onResponse(event) {
        counts.requests += 1;
        if (event.status !== 200) counts.errors += 1;
      },
    },
  });
  return { source, counts };
}

/** V8's heap in use, and the part of it that is compiled code (which grows as V8 optimises hot functions). */
function heapNow(): { used: number; code: number } {
  const code = getHeapSpaceStatistics()
    .filter((space) => space.space_name.startsWith('code'))
    .reduce((sum, space) => sum + space.space_used_size, 0);
  return { used: process.memoryUsage().heapUsed, code };
}

/** The live heap, once the garbage and what its finalizers release are gone. */
async function liveHeap(): Promise<{ used: number; code: number }> {
  await settleGarbage();
  return heapNow();
}

async function listWithoutKeeping(url: string, credentials: { accessKeyId: string; accessKeySecret: string }, total: number, base: { used: number; code: number }) {
  const baseline = base.used;
  // The source lives only in this function, so after it returns whatever it held can be collected.
  const { source, counts } = countingSource(url, credentials);
  let peak = baseline;
  const live: { listed: number; growthMb: number; codeGrowthMb: number }[] = [];
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().heapUsed);
  }, 5);
  let listed = 0;
  const started = performance.now();
  for await (const invocation of source.list()) {
    if (!invocation.invokeId) throw new Error('an invocation without an id');
    listed += 1;
    if (listed % 1000 === 0) peak = Math.max(peak, process.memoryUsage().heapUsed);
    if (listed % 10_000 === 0) {
      // Live heap (after a full GC) at each checkpoint: flat means no trend with the count.
      const now = await liveHeap();
      live.push({ listed, growthMb: (now.used - baseline) / MB, codeGrowthMb: (now.code - base.code) / MB });
    }
  }
  clearInterval(sampler);
  return { listed, live, peak, seconds: (performance.now() - started) / 1000, requests: counts.requests, errors: counts.errors };
}

async function warmUp(url: string, credentials: { accessKeyId: string; accessKeySecret: string }): Promise<void> {
  const { source } = countingSource(url, credentials);
  let listed = 0;
  for await (const _ of source.list()) if (++listed >= 2_000) break;
}

async function clientHeap(total: number) {
  const child = await startEmulatorChild(total, 'stand-in');
  try {
    // A short warm-up listing first (as for the emulator below), so what is built once per process
    // (JIT code, the HTTP client's pools, lazily compiled schemas) is not counted as the listing's growth.
    await warmUp(child.url, child.credentials);
    const base = await liveHeap();
    const baseline = base.used;
    const run = await listWithoutKeeping(child.url, child.credentials, total, base);
    const end = await liveHeap();
    const after = end.used;
    if (run.listed !== total) throw new Error(`listed ${run.listed} invocations, expected ${total}`);

    // For scale: what keeping 10,000 of them costs.
    const { source } = countingSource(child.url, child.credentials);
    const retained: unknown[] = [];
    collectGarbage();
    const beforeRetained = process.memoryUsage().heapUsed;
    for await (const invocation of source.list()) {
      retained.push(invocation);
      if (retained.length === 10_000) break;
    }
    collectGarbage();
    const retaining10kMb = (process.memoryUsage().heapUsed - beforeRetained) / MB;
    retained.length = 0;
    const first = run.live[0]?.growthMb ?? 0;
    const last = run.live[run.live.length - 1]?.growthMb ?? 0;
    return {
      listed: run.listed,
      requests: run.requests,
      errors: run.errors,
      seconds: run.seconds,
      baselineMb: baseline / MB,
      peakGrowthMb: (run.peak - baseline) / MB,
      peakLiveGrowthMb: Math.max(0, ...run.live.map((s) => s.growthMb)),
      // The same without compiled code: what the listing itself holds (pages in flight, the walk's recent ids).
      peakLiveDataGrowthMb: Math.max(0, ...run.live.map((s) => s.growthMb - s.codeGrowthMb)),
      liveSlopeMbPer10k: run.live.length > 1 ? (last - first) / (run.live.length - 1) : 0,
      afterGcGrowthMb: (after - baseline) / MB,
      afterGcCodeGrowthMb: (end.code - base.code) / MB,
      retaining10kMb,
      live: run.live,
    };
  } finally {
    await child.close();
  }
}

async function emulatorHeap(records: number, requestsWanted: number) {
  const child = await startEmulatorChild(records);
  try {
    const { source, counts } = countingSource(child.url, child.credentials);
    // One warm-up listing so lazily built state (JIT, caches) is not counted as growth.
    for await (const _ of source.list()) void _;
    const before = await child.memory(true);
    const requestsBefore = counts.requests;
    const started = performance.now();
    let listings = 0;
    while (counts.requests - requestsBefore < requestsWanted) {
      let listed = 0;
      for await (const _ of source.list()) listed += 1;
      if (listed !== records) throw new Error(`emulator listing ${listings + 1}: ${listed} invocations, expected ${records}`);
      listings += 1;
    }
    const seconds = (performance.now() - started) / 1000;
    const after = await child.memory();
    return {
      records,
      listings,
      requests: counts.requests - requestsBefore,
      clientErrors: counts.errors,
      served: after.stats.requests - before.stats.requests,
      servedErrors: after.stats.errors - before.stats.errors,
      remembersNonces: after.stats.nonces,
      seconds,
      heapAfterGcBeforeMb: before.heapUsedAfterGc / MB,
      heapAfterGcAfterMb: after.heapUsedAfterGc / MB,
      heapGrowthAfterGcMb: (after.heapUsedAfterGc - before.heapUsedAfterGc) / MB,
      peakGrowthMb: (after.peakHeapUsed - before.heapUsedAfterGc) / MB,
      rssMb: after.rss / MB,
    };
  } finally {
    await child.close();
  }
}

/** Runs the memory benchmark and returns the checked targets. */
export async function runMemory(options: { total?: number; emulatorRecords?: number; emulatorRequests?: number } = {}): Promise<TargetCheck[]> {
  const total = options.total ?? 100_000;
  const emulatorRecords = options.emulatorRecords ?? 5_000;
  const emulatorRequests = options.emulatorRequests ?? Number(process.env.BENCH_EMULATOR_REQUESTS ?? 2_000);
  console.log(`\n== Memory: listing ${total.toLocaleString('en-US')} ECS invocations without keeping them; the emulator serving ${emulatorRequests.toLocaleString('en-US')} pages ==`);
  if (typeof (globalThis as { gc?: unknown }).gc !== 'function') console.log('  (run with --expose-gc for exact baselines: `pnpm bench` does)');
  const client = await clientHeap(total);
  console.log(`  client: listed ${client.listed.toLocaleString('en-US')} in ${client.seconds.toFixed(1)} s over ${client.requests} requests`);
  const server = await emulatorHeap(emulatorRecords, emulatorRequests);
  console.log(`  emulator: ${server.requests} requests (${server.listings} listings of ${emulatorRecords}) in ${server.seconds.toFixed(1)} s, ${server.clientErrors + server.servedErrors} errors`);
  printTable([
    { measure: `client peak heapUsed growth while listing ${total.toLocaleString('en-US')} (garbage included)`, MB: client.peakGrowthMb },
    { measure: 'client peak live heap growth (full GC every 10,000)', MB: client.peakLiveGrowthMb },
    { measure: '  the same without compiled code', MB: client.peakLiveDataGrowthMb },
    { measure: 'client live heap trend per 10,000 listed', MB: client.liveSlopeMbPer10k },
    { measure: 'client heap growth after GC, listing done', MB: client.afterGcGrowthMb },
    { measure: '  of which compiled code', MB: client.afterGcCodeGrowthMb },
    { measure: `for scale: keeping 10,000 invocations`, MB: client.retaining10kMb },
    { measure: `emulator heap growth after GC over ${server.requests} requests`, MB: server.heapGrowthAfterGcMb },
    { measure: 'emulator peak heap growth while serving', MB: server.peakGrowthMb },
  ]);
  const checks = [
    // Flat: the live heap while listing 100,000 stays below what keeping 10,000 would cost, and
    // nothing stays once the listing is done.
    checkTarget('client peak live heap growth (MB), at most the cost of keeping 10,000', client.peakLiveGrowthMb, '<=', client.retaining10kMb),
    // What the walk remembers so each record is yielded once (issue 11): at most 2 MB over 100,000.
    checkTarget(`client peak live heap growth while listing ${total.toLocaleString('en-US')} (MB)`, client.peakLiveGrowthMb, '<=', 2),
    checkTarget('client heap growth after the listing (MB)', client.afterGcGrowthMb, '<=', 2),
    checkTarget('emulator requests that failed', server.clientErrors + server.servedErrors, '<=', 0),
    checkTarget(`emulator heap growth after GC over ${server.requests} requests (MB)`, server.heapGrowthAfterGcMb, '<=', 2),
  ];
  writeResult('memory', { total, pageSize: 50, client, server, checks });
  return checks;
}
