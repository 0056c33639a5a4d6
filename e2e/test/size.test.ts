// The README's size target, checked: core with any one adapter, bundled for a browser as an application
// would (esbuild, ESM with code splitting, minified), loads at most 60 KB gzipped before any XML body
// arrives. fast-xml-parser is a lazy chunk, so the test also runs that split bundle in Node: the chunk is
// not loaded until a body is XML, a synchronous XML decode before that says what to load, and an XML
// listing from the emulator works (the client loads the chunk on its own).
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { type Emulator, startEmulator } from '@invocations/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleForBrowser, bytesByPackage } from '../src/bundle.js';
import { ONE_ADAPTER_ENTRIES, TARGET_GZIP_BYTES } from '../src/bundle-entries.js';

const e2eDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');

describe.each(Object.entries(ONE_ADAPTER_ENTRIES))('%s, bundled for a browser', (_name, contents) => {
  it(`loads at most ${TARGET_GZIP_BYTES / 1024} KB gzipped first, with no node: specifier; the XML parser only on demand`, async () => {
    const bundle = await bundleForBrowser({ contents, resolveDir: e2eDir });
    expect(bundle.externalImports).toEqual([]);
    expect(bundle.nodeSpecifiers).toEqual([]);
    expect(bundle.gzipBytes).toBeGreaterThan(10 * 1024);
    expect(bundle.gzipBytes).toBeLessThanOrEqual(TARGET_GZIP_BYTES);
    const initial = bytesByPackage(bundle);
    for (const name of ['@invocations/core', '@invocations/openapi', 'ky', 'zod']) expect(initial.has(name), name).toBe(true);
    expect(initial.has('fast-xml-parser')).toBe(false);
    expect(bytesByPackage(bundle, 'lazy').has('fast-xml-parser')).toBe(true);
  });
});

describe('the split browser bundle, run in Node', () => {
  let emulator: Emulator;
  let dir: string;

  beforeAll(async () => {
    emulator = await startEmulator({ seed: 7, seedOptions: { perRegion: 12 } });
    dir = await mkdtemp(join(tmpdir(), 'invocations-size-'));
  });

  afterAll(async () => {
    await emulator?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('decodes XML only after the lazy chunk loaded, and an XML listing loads it on its own', async () => {
    const contents = `
      export { listInvocations } from '@invocations/core';
      export { createEcsSource, parseDescribeInvocations } from '@invocations/ecs';
      export { isXmlDecoderLoaded, loadXmlDecoder } from '@invocations/openapi';`;
    const bundle = await bundleForBrowser({ contents, resolveDir: e2eDir, minify: false });
    for (const file of bundle.files) await writeFile(join(dir, file.name), file.code);
    const app = await import(pathToFileURL(join(dir, bundle.files[0]!.name)).href);
    const body = '<DescribeInvocationsResponse><RequestId>r-1</RequestId><Invocations></Invocations></DescribeInvocationsResponse>';

    expect(app.isXmlDecoderLoaded()).toBe(false);
    expect(() => app.parseDescribeInvocations(body, { format: 'xml' })).toThrow(/XML decoding is loaded on demand.*loadXmlDecoder\(\)/);
    // JSON needs no chunk.
    expect(app.parseDescribeInvocations('{"RequestId":"r-1","Invocations":{"Invocation":[]}}', { format: 'json' }).requestId).toBe('r-1');
    expect(app.isXmlDecoderLoaded()).toBe(false);

    const ecs = app.createEcsSource({ region: 'cn-hangzhou', endpoint: emulator.url, credentials: emulator.credentials, format: 'xml' });
    const ids: string[] = [];
    for await (const invocation of app.listInvocations([ecs])) ids.push(invocation.invokeId);
    expect(ids.sort()).toEqual(emulator.store.list('ecs', 'cn-hangzhou').map((record: { invokeId: string }) => record.invokeId).sort());
    expect(ids.length).toBeGreaterThan(0);
    expect(app.isXmlDecoderLoaded()).toBe(true);
    expect(app.parseDescribeInvocations(body, { format: 'xml' }).requestId).toBe('r-1');
  });
});
