import { startRecordedServer, type RecordedServer } from '@invocations/openapi/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emptyHome, ensureBuilt, linesOf, runCli } from './helpers.js';

// An ECS endpoint with 100,000 invocations, newest first, that answers each page after a pause:
// `--limit` and Ctrl-C must stop the listing long before it has read them all.
const TOTAL = 100_000;
const PAUSE_MS = 150;
const START = Date.UTC(2025, 0, 1);

function page(pageNumber: number, pageSize: number): string {
  const first = (pageNumber - 1) * pageSize;
  const invocations = Array.from({ length: Math.max(0, Math.min(pageSize, TOTAL - first)) }, (_, offset) => {
    const index = first + offset;
    const created = new Date(START - index * 1000).toISOString().replace('.000Z', 'Z');
    return {
      InvokeId: `t-hzstop${String(index).padStart(10, '0')}`,
      CommandName: `job-${index}`,
      CreationTime: created,
      InvocationStatus: 'Success',
      InvokeStatus: 'Finished',
      InvokeInstances: { InvokeInstance: [{ InstanceId: 'i-bp1stop0000001', InvocationStatus: 'Success', ExitCode: 0, Dropped: 0, Repeats: 1 }] },
    };
  });
  return JSON.stringify({ RequestId: `STOP-${pageNumber}`, TotalCount: TOTAL, PageNumber: pageNumber, PageSize: pageSize, Invocations: { Invocation: invocations } });
}

let server: RecordedServer;
let env: Record<string, string>;

beforeAll(async () => {
  ensureBuilt();
  server = await startRecordedServer(async (request) => {
    await new Promise((resolve) => setTimeout(resolve, PAUSE_MS));
    return { body: page(Number(request.params.get('PageNumber') ?? 1), Number(request.params.get('PageSize') ?? 10)) };
  });
  env = { HOME: emptyHome(), ALIBABA_CLOUD_ACCESS_KEY_ID: 'stop-key', ALIBABA_CLOUD_ACCESS_KEY_SECRET: 'stop-secret' };
}, 180_000);

afterAll(async () => {
  await server?.close();
});

const list = ['list', '--region', 'cn-hangzhou', '--product', 'ecs'];

describe('list stops fetching', () => {
  it('at --limit: the newest N, after a handful of pages of 2,000', async () => {
    const before = server.requests.length;
    const result = await runCli([...list, '--endpoint', server.url, '--limit', '5', '-o', 'ndjson'], env, { timeoutMs: 60_000 });
    expect(result.code, result.stderr).toBe(0);
    expect(linesOf(result.stdout).map((line) => (JSON.parse(line) as { invokeId: string }).invokeId)).toEqual([0, 1, 2, 3, 4].map((index) => `t-hzstop${String(index).padStart(10, '0')}`));
    await new Promise((resolve) => setTimeout(resolve, 2 * PAUSE_MS));
    expect(server.requests.length - before).toBeLessThanOrEqual(12);
  }, 90_000);

  it('on Ctrl-C: exit 130 and no request after it', async () => {
    const before = server.requests.length;
    let sentAt = 0;
    const result = await runCli([...list, '--endpoint', server.url, '-o', 'json'], env, {
      timeoutMs: 60_000,
      onSpawn: (child) => {
        // Interrupt once the listing is under way (its first rows are out).
        child.stdout?.once('data', () => {
          sentAt = server.requests.length;
          child.kill('SIGINT');
        });
      },
    });
    expect(result.code, result.stderr).toBe(130);
    // What was printed is still one valid JSON array.
    expect(Array.isArray(JSON.parse(result.stdout))).toBe(true);
    const atExit = server.requests.length;
    await new Promise((resolve) => setTimeout(resolve, 4 * PAUSE_MS));
    expect(server.requests.length).toBe(atExit);
    expect(atExit - before).toBeLessThan(200);
    expect(sentAt).toBeGreaterThan(before);
  }, 90_000);
});
