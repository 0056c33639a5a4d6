// Benchmark 3: memory. Listing 100,000 invocations without keeping them must keep the client's heap
// flat; the emulator (its own process here) must serve those 2,000 pages of 50 without an error and
// without its heap growing.
import { createEcsSource } from '@invocations/ecs';
import { startEmulatorChild } from './emulator-child.js';
import { BENCH_REGION } from './emulator-data.js';
import { type TargetCheck, checkTarget, collectGarbage, printTable, writeResult } from './harness.js';

const MB = 1024 * 1024;

/** Runs the memory benchmark and returns the checked targets. */
export async function runMemory(options: { total?: number } = {}): Promise<TargetCheck[]> {
  const total = options.total ?? 100_000;
  console.log(`\n== Memory: listing ${total.toLocaleString('en-US')} ECS invocations without keeping them (emulator in its own process) ==`);
  if (typeof (globalThis as { gc?: unknown }).gc !== 'function') console.log('  (run with --expose-gc for exact baselines: `pnpm bench` does)');
  const child = await startEmulatorChild(total);
  const checks: TargetCheck[] = [];
  try {
    const ready = child;
    const server0 = await child.memory(true);
    let errors = 0;
    let requests = 0;
    const source = createEcsSource({
      region: BENCH_REGION,
      endpoint: ready.url,
      credentials: ready.credentials,
      pageSize: 50,
      hooks: {
        onResponse(event) {
          requests += 1;
          if (event.status !== 200) errors += 1;
        },
      },
    });

    collectGarbage();
    const baseline = process.memoryUsage().heapUsed;
    let peak = baseline;
    const samples: { listed: number; heapUsed: number }[] = [];
    const sampler = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().heapUsed);
    }, 5);
    let listed = 0;
    const seen = new Set<string>();
    const started = performance.now();
    for await (const invocation of source.list()) {
      // Only the ids are kept (to prove completeness); ~100,000 short strings, counted below.
      seen.add(invocation.invokeId);
      listed += 1;
      if (listed % 1000 === 0) {
        const heapUsed = process.memoryUsage().heapUsed;
        peak = Math.max(peak, heapUsed);
        if (listed % 10_000 === 0) samples.push({ listed, heapUsed });
      }
    }
    const seconds = (performance.now() - started) / 1000;
    clearInterval(sampler);
    // What the kept ids alone cost, measured rather than guessed, so it can be taken out.
    collectGarbage();
    const withIds = process.memoryUsage().heapUsed;
    seen.clear();
    collectGarbage();
    const after = process.memoryUsage().heapUsed;
    const idsBytes = Math.max(0, withIds - after);
    if (listed !== total) throw new Error(`listed ${listed} invocations, expected ${total}`);

    // For scale: the heap 10,000 retained invocations take.
    const retained: unknown[] = [];
    collectGarbage();
    const beforeRetained = process.memoryUsage().heapUsed;
    for await (const invocation of source.list()) {
      retained.push(invocation);
      if (retained.length === 10_000) break;
    }
    collectGarbage();
    const retainedPer10k = process.memoryUsage().heapUsed - beforeRetained;
    retained.length = 0;

    const server1 = await child.memory();
    const client = {
      baselineMb: baseline / MB,
      peakGrowthMb: (peak - baseline) / MB,
      peakGrowthWithoutIdsMb: (peak - baseline - idsBytes) / MB,
      afterGcGrowthMb: (after - baseline) / MB,
      keptIdsMb: idsBytes / MB,
      retaining10kMb: retainedPer10k / MB,
      retaining100kEstimateMb: (retainedPer10k * (total / 10_000)) / MB,
      samples: samples.map((s) => ({ listed: s.listed, growthMb: (s.heapUsed - baseline) / MB })),
      seconds,
    };
    const server = {
      requests,
      errors,
      // The emulator's own count of what it answered during the listing (its 'errors' include faults).
      served: server1.stats.requests - server0.stats.requests,
      servedErrors: server1.stats.errors - server0.stats.errors,
      remembersNonces: server1.stats.nonces,
      heapAfterGcBeforeMb: server0.heapUsedAfterGc / MB,
      heapAfterGcAfterMb: server1.heapUsedAfterGc / MB,
      heapGrowthAfterGcMb: (server1.heapUsedAfterGc - server0.heapUsedAfterGc) / MB,
      peakGrowthMb: (server1.peakHeapUsed - server0.heapUsedAfterGc) / MB,
      rssMb: server1.rss / MB,
    };
    printTable([
      { measure: 'client peak heap growth while listing', MB: client.peakGrowthMb },
      { measure: '  of which the 100,000 kept ids', MB: client.keptIdsMb },
      { measure: 'client heap growth after GC', MB: client.afterGcGrowthMb },
      { measure: 'for scale: retaining 100,000 (estimate)', MB: client.retaining100kEstimateMb },
      { measure: `emulator heap growth after GC (${requests} requests)`, MB: server.heapGrowthAfterGcMb },
      { measure: 'emulator peak heap growth while serving', MB: server.peakGrowthMb },
    ]);
    console.log(`  listed ${listed.toLocaleString('en-US')} in ${seconds.toFixed(1)} s over ${requests} requests, ${errors} errors`);
    checks.push(
      checkTarget('client peak heap growth (MB, kept ids excluded)', client.peakGrowthWithoutIdsMb, '<=', 64),
      checkTarget('client heap growth after GC (MB)', client.afterGcGrowthMb, '<=', 4),
      checkTarget('emulator requests that failed (client and server counts)', errors + server.servedErrors, '<=', 0),
      checkTarget('emulator heap growth after GC over 2,000 requests (MB)', server.heapGrowthAfterGcMb, '<=', 4),
    );
    writeResult('memory', { total, pageSize: 50, client, server, checks });
  } finally {
    await child.close();
  }
  return checks;
}
