// An emulator in its own process, as a real service is: the listing benchmark's client does not
// share a thread with the server, and the memory benchmark measures the client's heap alone and
// can ask the server for its own. Started with `fork` (see emulator-child.ts); talks over IPC.
import { type EmulatorFaults, startEmulator } from '@invocations/emulator';
import { populateEcs } from './emulator-data.js';

/** Messages the parent sends. */
export type EmulatorProcessRequest =
  | { type: 'memory'; reset?: boolean }
  | { type: 'faults'; faults: EmulatorFaults }
  | { type: 'close' };
/** Messages this process sends back. */
export type EmulatorProcessMessage =
  | { type: 'ready'; url: string; credentials: { accessKeyId: string; accessKeySecret: string }; count: number; ids?: string[] }
  | { type: 'faults' }
  | { type: 'memory'; heapUsedAfterGc: number; peakHeapUsed: number; rss: number; stats: { requests: number; errors: number; nonces: number } };

const count = Number(process.argv[2] ?? 100_000);
const latencyMs = Number(process.argv[3] ?? 0);
const emulator = await startEmulator({ port: 0, seed: 1, retention: { maxRecords: Math.max(100_000, count) } });
const ids = populateEcs(emulator, count);
if (latencyMs > 0) emulator.setFaults({ latencyMs });

const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);
let peak = 0;
const sampler = setInterval(() => {
  peak = Math.max(peak, process.memoryUsage().heapUsed);
}, 5);

process.on('message', (message: EmulatorProcessRequest) => {
  if (message.type === 'faults') {
    emulator.setFaults(message.faults);
    process.send!({ type: 'faults' } satisfies EmulatorProcessMessage);
    return;
  }
  if (message.type === 'close') {
    clearInterval(sampler);
    void emulator.close().then(() => process.exit(0));
    return;
  }
  gc();
  const heapUsedAfterGc = process.memoryUsage().heapUsed;
  const reply: EmulatorProcessMessage = { type: 'memory', heapUsedAfterGc, peakHeapUsed: Math.max(peak, heapUsedAfterGc), rss: process.memoryUsage().rss, stats: emulator.stats() };
  if (message.reset) peak = heapUsedAfterGc;
  process.send!(reply);
});

gc();
// The ids travel only for listings small enough to compare one by one.
process.send!({ type: 'ready', url: emulator.url, credentials: emulator.credentials, count, ...(count <= 20_000 ? { ids } : {}) } satisfies EmulatorProcessMessage);
