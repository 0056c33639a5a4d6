// Core and the three adapters bundled for the browser (esbuild, nothing external) contain no `node:`
// specifier, and the bundle lists ECS invocations from the emulator inside headless Chromium. The page
// reaches the emulator through a same-origin proxy (a node:http server on 127.0.0.1 that serves the page
// and the bundle and forwards every other request), so no CORS is involved.
import { readFile } from 'node:fs/promises';
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createEcsSource } from '@invocations/ecs';
import { type Emulator, startEmulator } from '@invocations/emulator';
import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BrowserBundle, bundleForBrowser, bytesByPackage } from '../src/bundle.js';
import { haveChromium as chromiumInstalled, launchChromium } from './support/chromium.js';

const e2eDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
// CI installs Debian's chromium (.ci/run): there a missing browser is a failure, not a skip.
const haveChromium = chromiumInstalled('browser.test.ts');

const PAGE = '<!doctype html><meta charset="utf-8"><title>invocations</title><script type="module" src="/bundle.js"></script>';

let bundle: BrowserBundle;
let emulator: Emulator;
let proxy: Server;
let origin: string;
/** Bundle files the browser asked for, in order. */
const served: string[] = [];
let context: BrowserContext | undefined;
let closeBrowser: (() => Promise<void>) | undefined;

beforeAll(async () => {
  bundle = await bundleForBrowser({ contents: await readFile(join(e2eDir, 'test/fixtures/browser-entry.ts'), 'utf8'), resolveDir: e2eDir });
  emulator = await startEmulator({ seed: 7, seedOptions: { perRegion: 60 } });
  const upstream = new URL(emulator.url);
  proxy = createServer((incoming, outgoing) => {
    if (incoming.method === 'GET' && incoming.url === '/index.html') {
      outgoing.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(PAGE);
      return;
    }
    // The entry as /bundle.js, its chunks beside it under their own names (the lazy XML chunk among them).
    const file = incoming.url === '/bundle.js' ? bundle.files[0] : bundle.files.find((candidate) => `/${candidate.name}` === incoming.url);
    if (incoming.method === 'GET' && file) {
      served.push(file.name);
      outgoing.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' }).end(file.code);
      return;
    }
    // Everything else is an API call: forwarded as is, Host header included (the V3 signature covers it).
    const forwarded = httpRequest(
      { host: upstream.hostname, port: upstream.port, method: incoming.method, path: incoming.url, headers: incoming.headers },
      (answer) => {
        outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(outgoing);
      },
    );
    forwarded.on('error', () => outgoing.writeHead(502).end());
    incoming.pipe(forwarded);
  });
  await new Promise<void>((resolveListen) => proxy.listen(0, '127.0.0.1', resolveListen));
  origin = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
  if (haveChromium) ({ context, close: closeBrowser } = await launchChromium());
});

afterAll(async () => {
  await closeBrowser?.();
  await new Promise((resolveClose) => proxy?.close(resolveClose));
  await emulator?.close();
});

describe('a browser bundle of core and the three adapters', () => {
  it('imports nothing from node: and leaves nothing external', () => {
    expect(bundle.externalImports).toEqual([]);
    expect(bundle.nodeSpecifiers).toEqual([]);
    // The Node reader of ~/.aliyun/config.json stays out; the browser one is in.
    const inputs = Object.keys(bundle.metafile.inputs);
    expect(inputs.some((input) => input.endsWith('openapi/dist/config-file-web.js'))).toBe(true);
    expect(inputs.some((input) => input.includes('config-file-node'))).toBe(false);
    // fast-xml-parser is in a lazy chunk only.
    expect([...bytesByPackage(bundle).keys()]).not.toContain('fast-xml-parser');
    expect([...bytesByPackage(bundle, 'lazy').keys()]).toContain('fast-xml-parser');
  });

  it('stays within its size budgets (gzipped): core alone, and core with every adapter', async () => {
    const coreAlone = await bundleForBrowser({ contents: `export { listInvocations, invocationSchema } from '@invocations/core';`, resolveDir: e2eDir });
    // Core's schemas are zod/mini, which bundlers tree-shake: 15 KB (30 KB with classic `* as z from 'zod'`, 94 KB with `{ z }`).
    expect(coreAlone.gzipBytes).toBeLessThan(20 * 1024);
    // Regression ceiling for everything together, lazy chunks included (see `pnpm size`; core + one adapter is size.test.ts).
    expect(bundle.gzipBytes + bundle.lazyGzipBytes).toBeLessThan(100 * 1024);
  });

  it.runIf(haveChromium)('lists ECS invocations from the emulator in headless Chromium', async () => {
    const page = await context!.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${origin}/index.html`);
    await page.waitForFunction(() => 'invocations' in globalThis, undefined, { timeout: 30_000 });

    const rows = await page.evaluate(
      ([credentials]) => (globalThis as unknown as { invocations: { listEcs: (e: string, c: unknown, r: string) => Promise<{ invokeId: string; status: string }[]> } }).invocations.listEcs(location.origin, credentials, 'cn-hangzhou'),
      [emulator.credentials] as const,
    );
    const expected = emulator.store.list('ecs', 'cn-hangzhou').map((record) => record.invokeId);
    expect(rows).toHaveLength(60);
    expect(rows.map((row) => row.invokeId).sort()).toEqual([...expected].sort());
    expect(new Set(rows.map((row) => row.status)).size).toBeGreaterThan(2);

    // JSON only so far: the XML chunk was never downloaded, and a synchronous XML decode says what to load.
    const lazyNames = bundle.files.filter((candidate) => !candidate.initial).map((candidate) => candidate.name);
    expect(lazyNames.length).toBeGreaterThan(0);
    expect(served.filter((name) => lazyNames.includes(name))).toEqual([]);
    const beforeLoad = await page.evaluate(() => (globalThis as unknown as { invocations: { parseXmlBeforeLoad: () => string } }).invocations.parseXmlBeforeLoad());
    expect(beforeLoad).toMatch(/^ConfigurationError: XML decoding is loaded on demand.*loadXmlDecoder\(\)/);

    // An XML listing: the client loads the chunk before decoding, and the rows are the JSON ones.
    const xmlRows = await page.evaluate(
      ([credentials]) =>
        (globalThis as unknown as { invocations: { listEcs: (e: string, c: unknown, r: string, f: string) => Promise<{ invokeId: string; status: string }[]> } }).invocations.listEcs(location.origin, credentials, 'cn-hangzhou', 'xml'),
      [emulator.credentials] as const,
    );
    expect(served.some((name) => lazyNames.includes(name))).toBe(true);
    expect(xmlRows.map((row) => `${row.invokeId} ${row.status}`).sort()).toEqual(rows.map((row) => `${row.invokeId} ${row.status}`).sort());

    const efloId = emulator.store.list('eflo', 'cn-hangzhou')[0]!.invokeId;
    const eflo = await page.evaluate(
      ([credentials, invokeId]) => (globalThis as unknown as { invocations: { getEflo: (e: string, c: unknown, id: string) => Promise<{ invokeId: string }> } }).invocations.getEflo(location.origin, credentials, invokeId),
      [emulator.credentials, efloId] as const,
    );
    expect(eflo.invokeId).toBe(efloId);

    // Long outputs (1 KiB of Base64 and more, decoded on first read; atob's path in a browser) read as in Node.
    const long = emulator.store
      .list('ecs', 'cn-hangzhou')
      .find((record) => record.targets.some((target) => Buffer.byteLength(target.output) > 2048 && /[^\x00-\x7f]/.test(target.output)));
    expect(long).toBeDefined();
    const inNode = await createEcsSource({ region: 'cn-hangzhou', endpoint: emulator.url, credentials: emulator.credentials }).get(long!.invokeId, { includeOutput: true });
    const inBrowser = await page.evaluate(
      ([credentials, invokeId]) =>
        (globalThis as unknown as { invocations: { ecsOutputs: (e: string, c: unknown, id: string) => Promise<{ outputs: Record<string, string>; deferred: number; clonedSame: boolean }> } }).invocations.ecsOutputs(
          location.origin,
          credentials,
          invokeId,
        ),
      [emulator.credentials, long!.invokeId] as const,
    );
    expect(inBrowser.outputs).toEqual(Object.fromEntries(inNode.targets.map((target) => [target.id, target.output])));
    expect(inBrowser.deferred).toBeGreaterThan(0);
    expect(inBrowser.clonedSame).toBe(true);

    // Without credentials a browser has nowhere to look: the error says so (no file read attempted).
    const message = await page.evaluate(() => (globalThis as unknown as { invocations: { swasWithoutCredentials: (e: string) => Promise<string> } }).invocations.swasWithoutCredentials(location.origin));
    expect(message).toMatch(/no Alibaba Cloud credentials found/);
    expect(message).toMatch(/cannot be read in this runtime|no home directory/);
    expect(errors).toEqual([]);
    await page.close();
  });
});
