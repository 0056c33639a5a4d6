// `pnpm bench` (or `pnpm bench decoding listing memory cli`, any subset): runs the benchmarks, prints
// ratios measured in this run with PASS/MISS per target, and writes bench/results/<name>.json.
import { runCli } from './cli.js';
import { runArchive } from './archive.js';
import { runDecoding } from './decoding.js';
import type { TargetCheck } from './harness.js';
import { runListing } from './listing.js';
import { runMemory } from './memory.js';

const BENCHMARKS: Record<string, () => Promise<TargetCheck[]>> = {
  decoding: () => runDecoding(),
  listing: () => runListing(),
  memory: () => runMemory(),
  cli: () => runCli(),
  archive: () => runArchive(),
};

const asked = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const unknown = asked.filter((name) => !(name in BENCHMARKS));
if (unknown.length > 0) {
  console.error(`unknown benchmark ${unknown.join(', ')}; choose from ${Object.keys(BENCHMARKS).join(', ')}`);
  process.exit(2);
}
console.log(`node ${process.version}, ${process.platform} ${process.arch}${typeof (globalThis as { gc?: unknown }).gc === 'function' ? ', --expose-gc' : ''}`);
const checks: TargetCheck[] = [];
for (const name of asked.length > 0 ? asked : Object.keys(BENCHMARKS)) checks.push(...(await BENCHMARKS[name]!()));

const missed = checks.filter((c) => !c.pass);
console.log(`\n${checks.length - missed.length} of ${checks.length} targets met${missed.length ? `; missed: ${missed.map((c) => c.target).join('; ')}` : ''}`);
