// Tool: finds what a listing keeps on the client's heap. Lists ECS invocations from the stand-in
// server (its own process) without keeping them and writes V8 heap snapshots (each after a full GC
// and the finalization callbacks it queued): before the listing, at each count given, and after the
// listing when it ran to its end (PROBE_TOTAL invocations, default the last count + 10,000). Compare
// two with heap-diff.ts. Run:
//   node --expose-gc --import tsx src/heap-probe.ts OUTDIR 20000 60000
//   PROBE_TOTAL=40000 node --expose-gc --import tsx src/heap-probe.ts OUTDIR 99999999   # before vs after
import { writeHeapSnapshot } from 'node:v8';
import { createEcsSource } from '@invocations/ecs';
import { startEmulatorChild } from './emulator-child.js';
import { BENCH_REGION } from './emulator-data.js';
import { collectGarbage, settleGarbage } from './harness.js';

const [outDir = '.', ...marks] = process.argv.slice(2);
const at = marks.map(Number);
const total = Number(process.env.PROBE_TOTAL ?? Math.max(...at, 0) + 10_000);

const child = await startEmulatorChild(total, 'stand-in');
try {
  const source = () => createEcsSource({ region: BENCH_REGION, endpoint: child.url, credentials: child.credentials, pageSize: 50 });
  let warm = 0;
  for await (const _ of source().list()) if (++warm >= 2_000) break;
  await settleGarbage();
  writeHeapSnapshot(`${outDir}/heap-before.heapsnapshot`);
  await settleGarbage();
  const base = process.memoryUsage().heapUsed;
  let listed = 0;
  for await (const invocation of source().list()) {
    if (!invocation.invokeId) throw new Error('no id');
    listed += 1;
    if (listed % 10_000 === 0) {
      collectGarbage();
      const now = process.memoryUsage().heapUsed;
      // Again once the finalization callbacks queued by that GC have run (they run in a later task).
      await settleGarbage();
      const settled = process.memoryUsage().heapUsed;
      console.log(`${listed}: +${((now - base) / 1048576).toFixed(2)} MB at once, +${((settled - base) / 1048576).toFixed(2)} MB once finalizers ran`);
    }
    if (at.includes(listed)) {
      await settleGarbage();
      console.log(`snapshot ${writeHeapSnapshot(`${outDir}/heap-${listed}.heapsnapshot`)}`);
    }
    if (listed >= Math.max(...at)) break;
  }
  // With no mark past the end, the listing ran to its end: what is left once it is done.
  await settleGarbage();
  console.log(`done, ${listed} listed: +${((process.memoryUsage().heapUsed - base) / 1048576).toFixed(2)} MB`);
  writeHeapSnapshot(`${outDir}/heap-after.heapsnapshot`);
} finally {
  await child.close();
}
