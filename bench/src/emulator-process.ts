// An emulator in its own process, as a real service is: the listing benchmark's client does not
// share a thread with the server, and the memory benchmark measures the client's heap alone and
// can ask the server for its own. Started with `fork` (see emulator-child.ts); talks over IPC.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Emulator, type EmulatorFaults, startEmulator } from '@invocations/emulator';
import { pageBody } from './bodies.js';
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
const kind = process.argv[3] === 'stand-in' ? 'stand-in' : 'emulator';
const emulator = kind === 'emulator' ? await startEmulator({ port: 0, seed: 1, retention: { maxRecords: Math.max(100_000, count) } }) : await startStandIn(count);
// Targets per invocation (third argument; default 1).
const targets = Number(process.argv[4] ?? 1);
const ids = kind === 'emulator' ? populateEcs(emulator as Emulator, count, { targets }) : [];

/**
 * A stand-in ECS endpoint that renders page N of `count` generated invocations on demand (no store,
 * no signature check): it lets the client's heap be measured over 100,000 invocations in seconds.
 */
async function startStandIn(total: number): Promise<Pick<Emulator, 'url' | 'credentials' | 'setFaults' | 'close' | 'stats'>> {
  let requests = 0;
  const server = createServer((request, response) => {
    requests += 1;
    const query = new URL(request.url ?? '/', 'http://stand-in').searchParams;
    const pageSize = Number(query.get('PageSize') ?? 10);
    const pageNumber = Number(query.get('PageNumber') ?? 1);
    const startIndex = (pageNumber - 1) * pageSize;
    const invocations = Math.max(0, Math.min(pageSize, total - startIndex));
    const body = pageBody('ecs', 'json', { invocations, targets: 1, outputBytes: 64, startIndex, totalCount: total });
    response.writeHead(200, { 'content-type': 'application/json;charset=utf-8', 'x-acs-request-id': `stand-in-${requests}` });
    response.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    credentials: { accessKeyId: 'stand-in', accessKeySecret: 'stand-in-secret' },
    setFaults: () => undefined,
    stats: () => ({ requests, errors: 0, nonces: 0 }),
    close: () => new Promise<void>((resolve) => { server.close(() => resolve()); server.closeAllConnections(); }),
  };
}

const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);
let peak = 0;
// The heap is sampled every 5 ms only once a benchmark first asks for memory readings (the memory
// benchmark): the sampling costs the emulator CPU time, which the archive benchmark counts as its own.
let sampler: ReturnType<typeof setInterval> | undefined;
const sampleHeap = () => {
  sampler ??= setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().heapUsed);
  }, 5);
};

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
  sampleHeap();
  gc();
  const heapUsedAfterGc = process.memoryUsage().heapUsed;
  const reply: EmulatorProcessMessage = { type: 'memory', heapUsedAfterGc, peakHeapUsed: Math.max(peak, heapUsedAfterGc), rss: process.memoryUsage().rss, stats: emulator.stats() };
  if (message.reset) peak = heapUsedAfterGc;
  process.send!(reply);
});

gc();
// The ids travel only for listings small enough to compare one by one.
process.send!({ type: 'ready', url: emulator.url, credentials: emulator.credentials, count, ...(count <= 20_000 ? { ids } : {}) } satisfies EmulatorProcessMessage);
