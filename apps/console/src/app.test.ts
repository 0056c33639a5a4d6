// The console's API against the real emulator on 127.0.0.1, through Hono's `app.request` (and, for the
// Host check, a real port). The adapters hold the credentials; no answer may carry them.
import { openArchive, type Archive } from '@invocations/archive';
import type { Invocation, InvocationSource } from '@invocations/core';
import { createEcsSource } from '@invocations/ecs';
import { createEfloSource } from '@invocations/eflo';
import { startEmulator, type Emulator } from '@invocations/emulator';
import { createSwasSource } from '@invocations/swas';
import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ErrorResponse, HistoryResponse, InvocationResponse, ListResponse, MetaResponse, StatsResponse } from './api-types.js';
import { createConsoleApp } from './app.js';
import type { ClientFiles } from './client-files.js';
import { TARGET_ERROR_MEANINGS } from './error-meanings.js';
import { startConsole } from './start.js';

const SECRET = 'ConsoleTestSecretThatMustNeverLeave';
const credentials = { accessKeyId: 'LTAI5tConsoleTest', accessKeySecret: SECRET };
const REGIONS = ['cn-hangzhou', 'cn-shanghai'];

// A stand-in for the built client: the API tests do not need Vite's output.
const clientFiles: ClientFiles = new Map([
  ['/index.html', { body: new TextEncoder().encode('<!doctype html><title>console</title>'), contentType: 'text/html; charset=utf-8', immutable: false }],
  ['/assets/app-1.js', { body: new TextEncoder().encode('console.log(1)'), contentType: 'text/javascript; charset=utf-8', immutable: true }],
]);

let emulator: Emulator;
let sources: InvocationSource[];
let app: ReturnType<typeof createConsoleApp>;
let truncatedId: string;
let failedId: string;

async function json<T>(path: string, target = app): Promise<{ status: number; body: T; text: string }> {
  const response = await target.request(path);
  const text = await response.text();
  return { status: response.status, body: JSON.parse(text) as T, text };
}

beforeAll(async () => {
  // A RunCommand's targets start 10 minutes after it (default 1 s): the stop test's stop then always finds
  // them not started, however slow the machine. A run that had started would go on after the stop (the
  // documented StopInvocation) and the invocation would stay Running.
  emulator = await startEmulator({ seed: 5, seedOptions: { perRegion: 12 }, credentials, simulation: { dispatchMs: 10 * 60_000 } });
  const options = (region: string) => ({ region, endpoint: emulator.url, credentials });
  sources = [
    ...REGIONS.flatMap((region) => [createEcsSource(options(region)), createSwasSource(options(region))]),
    createEfloSource(options('cn-hangzhou')),
  ];
  failedId = emulator.createInvocation({
    product: 'ecs',
    region: 'cn-hangzhou',
    commandName: 'console-failing-deploy',
    commandContent: 'deploy',
    targets: [
      { id: 'i-console-ok', outcome: 'success', exitCode: 0, dispatchMs: 0, runMs: 0, output: 'fine\n' },
      { id: 'i-console-bad', outcome: 'failed', exitCode: 3, dispatchMs: 0, runMs: 0, output: 'boom\n', errorCode: 'ExitCodeNonzero', errorInfo: 'the command execution exit code is not zero' },
    ],
  }).invokeId;
  truncatedId = emulator.createInvocation({
    product: 'ecs',
    region: 'cn-shanghai',
    commandName: 'console-chatty',
    commandContent: 'yes',
    targets: [{ id: 'i-console-chatty', outcome: 'success', exitCode: 0, dispatchMs: 0, runMs: 0, output: 'y\n'.repeat(100), outputDropped: 5_000 }],
  }).invokeId;
  app = createConsoleApp({ sources, clientFiles, notes: ['a note'] });
});

afterAll(async () => {
  await emulator?.close();
});

const idOf = (invocation: Pick<Invocation, 'product' | 'region' | 'invokeId'>) => `${invocation.product} ${invocation.region} ${invocation.invokeId}`;

describe('GET /api/invocations', () => {
  it('lists every ECS and SWAS source newest first (eflo cannot list), the same records the emulator holds', async () => {
    const { status, body } = await json<ListResponse>('/api/invocations?limit=1000');
    expect(status).toBe(200);
    expect(body.failures).toEqual([]);
    expect(body.limited).toBe(false);
    const expected = REGIONS.flatMap((region) => (['ecs', 'swas'] as const).flatMap((product) => emulator.store.list(product, region).map((record) => `${product} ${region} ${record.invokeId}`)));
    expect(body.invocations.map(idOf).sort()).toEqual(expected.sort());
    const times = body.invocations.map((invocation) => Date.parse(invocation.createdAt!));
    expect(times).toEqual([...times].sort((a, b) => b - a));
  });

  it('filters by status, product, region, command text, target and time, and stops at limit', async () => {
    const failed = (await json<ListResponse>('/api/invocations?status=failed,PARTIALFAILED&limit=1000')).body.invocations;
    expect(failed.length).toBeGreaterThan(0);
    expect(failed.filter((invocation) => invocation.status !== 'Failed' && invocation.status !== 'PartialFailed')).toEqual([]);
    expect(failed.map((invocation) => invocation.invokeId)).toContain(failedId);

    const swas = (await json<ListResponse>('/api/invocations?product=swas&region=cn-shanghai&limit=1000')).body.invocations;
    expect(swas.length).toBeGreaterThan(0);
    expect(swas.every((invocation) => invocation.product === 'swas' && invocation.region === 'cn-shanghai')).toBe(true);

    const byCommand = (await json<ListResponse>('/api/invocations?command=FAILING-deploy')).body.invocations;
    expect(byCommand.map((invocation) => invocation.invokeId)).toEqual([failedId]);

    const byTarget = (await json<ListResponse>('/api/invocations?target=i-console-chatty')).body.invocations;
    expect(byTarget.map((invocation) => invocation.invokeId)).toEqual([truncatedId]);

    const all = (await json<ListResponse>('/api/invocations?limit=1000')).body.invocations;
    const middle = Date.parse(all[Math.floor(all.length / 2)]!.createdAt!);
    const since = (await json<ListResponse>(`/api/invocations?since=${new Date(middle).toISOString()}&limit=1000`)).body.invocations;
    expect(since.length).toBeGreaterThan(0);
    expect(since.every((invocation) => Date.parse(invocation.createdAt!) >= middle)).toBe(true);
    const until = (await json<ListResponse>(`/api/invocations?until=${new Date(middle).toISOString()}&limit=1000`)).body.invocations;
    expect(until.every((invocation) => Date.parse(invocation.createdAt!) < middle)).toBe(true);
    expect(since.length + until.length).toBe(all.length);

    const limited = (await json<ListResponse>('/api/invocations?limit=3')).body;
    expect(limited.invocations.map(idOf)).toEqual(all.slice(0, 3).map(idOf));
    expect(limited.limited).toBe(true);
  });

  it('refuses a bad or unknown parameter with 400, naming it, before any request', async () => {
    const before = emulator.stats().requests;
    for (const [query, field] of [
      ['status=done', 'status.0'],
      ['product=ec2', 'product.0'],
      ['limit=0', 'limit'],
      ['limit=abc', 'limit'],
      ['since=yesterday', 'since'],
      ['since=2025-02-01&until=2025-01-01', 'until'],
      ['region=CN HANGZHOU', 'region.0'],
      ['colour=red', ''],
    ] as const) {
      const { status, body } = await json<ErrorResponse>(`/api/invocations?${query}`);
      expect(status, query).toBe(400);
      expect(body.error.message, query).toMatch(/invalid query/);
      if (field) expect(body.error.issues?.map((issue) => issue.path), query).toContain(field);
      else expect(body.error.message).toMatch(/colour/);
    }
    expect(emulator.stats().requests).toBe(before);
  });
});

describe('GET /api/invocations/:product/:region/:invokeId', () => {
  it("shows each target's status, exit code, error code with its meaning, times and decoded output", async () => {
    const { status, body } = await json<InvocationResponse>(`/api/invocations/ecs/cn-hangzhou/${failedId}`);
    expect(status).toBe(200);
    const bad = body.invocation.targets.find((target) => target.id === 'i-console-bad')!;
    expect(bad).toMatchObject({ status: 'Failed', exitCode: 3, errorCode: 'ExitCodeNonzero', output: 'boom\n' });
    expect(bad.startedAt).toBeDefined();
    expect(bad.finishedAt).toBeDefined();
    expect(body.errorMeanings).toEqual({ ExitCodeNonzero: TARGET_ERROR_MEANINGS.ExitCodeNonzero });
  });

  it("says how much output the service cut (droppedBytes)", async () => {
    const { body } = await json<InvocationResponse>(`/api/invocations/ecs/cn-shanghai/${truncatedId}`);
    expect(body.invocation.targets[0]!.droppedBytes).toBe(5_000);
  });

  it('opens an eflo invocation by id although eflo is not listed', async () => {
    const meta = (await json<MetaResponse>('/api/meta')).body;
    expect(meta.sources.find((source) => source.product === 'eflo')).toEqual({ product: 'eflo', region: 'cn-hangzhou', lists: false, run: false, stop: false });
    expect(meta).toMatchObject({ archive: false, notes: ['a note'] });
    const [record] = emulator.store.list('eflo', 'cn-hangzhou');
    const { status, body } = await json<InvocationResponse>(`/api/invocations/eflo/cn-hangzhou/${record!.invokeId}`);
    expect(status).toBe(200);
    expect(body.invocation.product).toBe('eflo');
  });

  it('answers 404 for an unknown invocation or source and 400 for a bad product or id', async () => {
    expect((await json<ErrorResponse>('/api/invocations/ecs/cn-hangzhou/t-doesnotexist00')).status).toBe(404);
    const noSource = await json<ErrorResponse>('/api/invocations/ecs/cn-beijing/t-abc');
    expect(noSource.status).toBe(404);
    expect(noSource.body.error.message).toMatch(/no ecs source in cn-beijing/);
    expect((await json<ErrorResponse>('/api/invocations/ec2/cn-hangzhou/t-abc')).status).toBe(400);
    expect((await json<ErrorResponse>('/api/invocations/ecs/cn-hangzhou/%3Cscript%3E')).status).toBe(400);
  });
});

describe('credentials stay on the server', () => {
  it('no answer, page or script carries the secret, not even a failing source\'s error', async () => {
    const wrong = createEcsSource({ region: 'cn-hangzhou', endpoint: emulator.url, credentials: { accessKeyId: 'LTAI5tUnknownKey', accessKeySecret: `${SECRET}-wrong` } });
    const leaky = createConsoleApp({ sources: [...sources, wrong], clientFiles });
    const texts: string[] = [];
    for (const path of ['/api/meta', '/api/invocations?limit=1000', `/api/invocations/ecs/cn-hangzhou/${failedId}`, '/api/invocations?status=nope', '/', '/assets/app-1.js', '/invocations/ecs/cn-hangzhou/x']) {
      texts.push(await (await leaky.request(path)).text());
    }
    const listed = JSON.parse(texts[1]!) as ListResponse;
    expect(listed.failures).toHaveLength(1);
    expect(listed.failures[0]!.message).toMatch(/InvalidAccessKeyId/);
    for (const text of texts) expect(text).not.toContain(SECRET);
  });
});

describe('the page and its safety headers', () => {
  it('serves the client for its own paths, 404 for other files and API paths, with a strict CSP', async () => {
    const page = await app.request('/invocations/ecs/cn-hangzhou/t-abc');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    expect(page.headers.get('content-security-policy')).toMatch(/default-src 'self'.*script-src 'self'/);
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    const asset = await app.request('/assets/app-1.js');
    expect(asset.headers.get('cache-control')).toMatch(/immutable/);
    expect((await app.request('/assets/../../package.json')).status).toBe(404);
    expect((await app.request('/nope.js')).status).toBe(404);
    const api = await app.request('/api/nope');
    expect(api.status).toBe(404);
    expect(api.headers.get('cache-control')).toBe('no-store');
  });

  it('started on 127.0.0.1, answers only to its own names (no DNS rebinding)', async () => {
    const running = await startConsole({ sources, clientFiles, port: 0 });
    try {
      expect(running.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
      const statusFor = (host: string) =>
        new Promise<number>((resolve, reject) => {
          const outgoing = httpRequest({ host: '127.0.0.1', port: running.port, path: '/api/meta', headers: { host } }, (incoming) => {
            incoming.resume();
            resolve(incoming.statusCode ?? 0);
          });
          outgoing.on('error', reject);
          outgoing.end();
        });
      expect(await statusFor(`127.0.0.1:${running.port}`)).toBe(200);
      expect(await statusFor(`localhost:${running.port}`)).toBe(200);
      expect(await statusFor(`attacker.example:${running.port}`)).toBe(403);
    } finally {
      await running.close();
    }
  });
});

describe('history, from an archive', () => {
  let archive: Archive;
  beforeAll(async () => {
    archive = await openArchive({ url: 'memory://' });
    await archive.sync(sources.filter((source) => source.product !== 'eflo'));
  });
  afterAll(async () => {
    await archive?.close();
  });

  it('answers 404 without an archive', async () => {
    expect((await json<ErrorResponse>('/api/history')).status).toBe(404);
    expect((await json<ErrorResponse>('/api/stats')).status).toBe(404);
  });

  it('lists archived invocations a page at a time and failure rates per command', async () => {
    const withArchive = createConsoleApp({ sources, clientFiles, archive });
    expect((await json<MetaResponse>('/api/meta', withArchive)).body.archive).toBe(true);
    const first = await json<HistoryResponse>('/api/history?limit=5', withArchive);
    expect(first.status).toBe(200);
    expect(first.body.invocations).toHaveLength(5);
    expect(first.body.nextCursor).toBeDefined();
    const second = await json<HistoryResponse>(`/api/history?limit=5&cursor=${encodeURIComponent(first.body.nextCursor!)}`, withArchive);
    expect(second.body.invocations.map(idOf)).not.toContain(idOf(first.body.invocations[0]!));
    const failing = await json<HistoryResponse>('/api/history?command=console-failing', withArchive);
    expect(failing.body.invocations.map((invocation) => invocation.invokeId)).toEqual([failedId]);

    const stats = await json<StatsResponse>('/api/stats?groupBy=command', withArchive);
    expect(stats.status).toBe(200);
    const row = stats.body.rows.find((candidate) => candidate.key === 'console-failing-deploy');
    expect(row).toMatchObject({ total: 1, failed: 1, failureRate: 1 });
    expect((await json<ErrorResponse>('/api/stats?groupBy=colour', withArchive)).status).toBe(400);
  });

  it('keeps each invocation it opens in an archive that can record: eflo, which cannot list, reaches the history', async () => {
    const withArchive = createConsoleApp({ sources, clientFiles, archive });
    const [record] = emulator.store.list('eflo', 'cn-hangzhou');
    const before = await archive.query({ product: 'eflo' });
    expect(before.invocations.map(idOf)).not.toContain(`eflo cn-hangzhou ${record!.invokeId}`);
    const opened = await json<InvocationResponse>(`/api/invocations/eflo/cn-hangzhou/${record!.invokeId}`, withArchive);
    expect(opened.status).toBe(200);
    expect(opened.body.archiveError).toBeUndefined();
    const after = await archive.query({ product: 'eflo' });
    expect(after.invocations.map(idOf)).toEqual([`eflo cn-hangzhou ${record!.invokeId}`]);
    const history = await json<HistoryResponse>('/api/history?product=eflo', withArchive);
    expect(history.body.invocations.map(idOf)).toEqual([`eflo cn-hangzhou ${record!.invokeId}`]);

    // An archive that cannot keep it: the invocation is still shown, with why, and no secret.
    const failing = createConsoleApp({
      sources,
      clientFiles,
      archive: {
        query: archive.query.bind(archive),
        stats: archive.stats.bind(archive),
        record: async () => {
          throw new Error(`could not write: disk full (${SECRET})`);
        },
      },
    });
    const shown = await json<InvocationResponse>(`/api/invocations/eflo/cn-hangzhou/${record!.invokeId}`, failing);
    expect(shown.status).toBe(200);
    expect(shown.body.invocation.invokeId).toBe(record!.invokeId);
    expect(shown.body.archiveError).toMatch(/^could not write: disk full/);
    expect(JSON.stringify(shown.body)).not.toContain(SECRET);
    // A read-only archive (query and stats only) is only read.
    const readOnly = createConsoleApp({ sources, clientFiles, archive: { query: archive.query.bind(archive), stats: archive.stats.bind(archive) } });
    expect((await json<InvocationResponse>(`/api/invocations/eflo/cn-hangzhou/${record!.invokeId}`, readOnly)).body.archiveError).toBeUndefined();
  });

  it('opens an invocation the service no longer keeps from the archive', async () => {
    const withArchive = createConsoleApp({ sources, clientFiles, archive });
    const [record] = emulator.store.list('swas', 'cn-hangzhou');
    const live = await json<InvocationResponse>(`/api/invocations/swas/cn-hangzhou/${record!.invokeId}`, withArchive);
    expect(live.status).toBe(200);
    emulator.store.clear();
    const archived = await json<InvocationResponse>(`/api/invocations/swas/cn-hangzhou/${record!.invokeId}`, withArchive);
    expect(archived.status).toBe(200);
    expect(archived.body.invocation.invokeId).toBe(record!.invokeId);
    expect((await json<ErrorResponse>(`/api/invocations/swas/cn-hangzhou/${record!.invokeId}`)).status).toBe(404);
  });
});

describe('run and stop (POST)', () => {
  const post = (target: ReturnType<typeof createConsoleApp>, path: string, body: unknown, headers: Record<string, string> = {}) =>
    target.request(path, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

  it('runs a command on the sources that can, and stops it, only when runs are allowed', async () => {
    const runner = createConsoleApp({ sources, clientFiles, allowRun: true });
    const meta = (await json<MetaResponse>('/api/meta', runner)).body;
    expect(meta.sources.find((source) => source.product === 'ecs')).toMatchObject({ run: true, stop: true });
    expect(meta.sources.find((source) => source.product === 'swas')).toMatchObject({ run: true, stop: false });
    const started = await post(runner, '/api/run', { product: 'ecs', region: 'cn-hangzhou', request: { command: 'sleep 600', targets: ['i-run-a', 'i-run-b'], timeoutSeconds: 900, name: 'console-run' } });
    expect(started.status).toBe(200);
    const result = (await started.json()) as { invokeId: string; invocations: { targetIds: string[] }[] };
    expect(result.invocations[0]!.targetIds).toEqual(['i-run-a', 'i-run-b']);
    expect(emulator.inspect('ecs', 'cn-hangzhou', result.invokeId)).toBeDefined();

    const stopped = await post(runner, `/api/invocations/ecs/cn-hangzhou/${result.invokeId}/stop`, {});
    expect(stopped.status).toBe(200);
    expect(await stopped.json()).toEqual({ stopped: result.invokeId });
    // Stopping for the emulator's stopMs (1 s), which a loaded machine may already have spent.
    expect(emulator.inspect('ecs', 'cn-hangzhou', result.invokeId)!.status).toMatch(/^(Stopping|Stopped)$/);
    emulator.advance(5_000);
    const after = emulator.inspect('ecs', 'cn-hangzhou', result.invokeId)!;
    expect(after.status).toBe('Stopped');
    expect(after.targets.map((target) => target.status)).toEqual(['Cancelled', 'Cancelled']);
    // SWAS has no StopInvocation.
    expect((await post(runner, `/api/invocations/swas/cn-hangzhou/${result.invokeId}/stop`, {})).status).toBe(403);
  });

  it('refuses runs when not allowed, from another origin, without JSON, or with a bad request (naming the field)', async () => {
    const body = { product: 'ecs', region: 'cn-hangzhou', request: { command: 'echo hi', targets: ['i-run-c'] } };
    const before = emulator.stats().requests;
    expect((await post(app, '/api/run', body)).status).toBe(403);
    expect((await json<MetaResponse>('/api/meta')).body.sources.every((source) => !source.run && !source.stop)).toBe(true);
    const runner = createConsoleApp({ sources, clientFiles, allowRun: true });
    expect((await post(runner, '/api/run', body, { origin: 'http://attacker.example', host: '127.0.0.1:1' })).status).toBe(403);
    expect((await post(runner, '/api/run', body, { 'sec-fetch-site': 'cross-site' })).status).toBe(403);
    const form = await runner.request('/api/run', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: JSON.stringify(body) });
    expect(form.status).toBe(415);
    const bad = await post(runner, '/api/run', { ...body, request: { command: ' ', targets: [], timeoutSeconds: 5 } });
    expect(bad.status).toBe(400);
    const message = ((await bad.json()) as ErrorResponse).error.message;
    expect(message).toMatch(/command/);
    expect(message).toMatch(/targets/);
    expect(message).toMatch(/timeoutSeconds/);
    expect((await post(runner, '/api/run', { ...body, product: 'ec2' })).status).toBe(400);
    expect(emulator.stats().requests).toBe(before);
  });
});
