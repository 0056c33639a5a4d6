// `pnpm size`: what a browser application pays for the packages, minified and gzipped (esbuild, platform
// browser, ESM with code splitting, nothing external), and how much of it is zod. The initial chunks
// (loaded with the page) and the lazy ones (fast-xml-parser, loaded when a body is XML) are reported apart. Run after a build (the root script builds first).
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BrowserBundle, bundleForBrowser, bytesByPackage } from './bundle.js';
import { ONE_ADAPTER_ENTRIES, TARGET_GZIP_BYTES } from './bundle-entries.js';

const e2eDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

const entries: Record<string, string> = {
  ...ONE_ADAPTER_ENTRIES,
  'core + ecs + swas + eflo': `import { listInvocations } from '@invocations/core'; import { createEcsSource } from '@invocations/ecs'; import { createSwasSource } from '@invocations/swas'; import { createEfloSource } from '@invocations/eflo'; export { listInvocations, createEcsSource, createSwasSource, createEfloSource };`,
  'core alone (listInvocations, invocationSchema)': `export { listInvocations, invocationSchema } from '@invocations/core';`,
};

// What zod itself weighs for the kind of schema core declares, classic API vs the tree-shakable zod/mini:
// the same object of strings, numbers, enums, optional fields, records and arrays, parsed once.
const zodProbe = (module: string, mini: boolean) => `
import * as z from '${module}';
const target = z.object({ id: z.string(), kind: z.enum(['instance', 'node']), status: z.string(), exitCode: ${mini ? 'z.optional(z.number())' : 'z.number().optional()'}, droppedBytes: z.number(), repeats: z.number() });
const invocation = z.object({ product: z.enum(['ecs', 'swas', 'eflo']), invokeId: z.string(), parameters: z.record(z.string(), z.unknown()), timed: z.boolean(), status: z.string(), createdAt: ${mini ? 'z.optional(z.string())' : 'z.string().optional()'}, targets: z.array(target) });
export const parse = (value) => invocation.safeParse(value);
`;

const rows: { name: string; bundle: BrowserBundle }[] = [];
for (const [name, contents] of Object.entries(entries)) rows.push({ name, bundle: await bundleForBrowser({ contents, resolveDir: e2eDir }) });
// `import { z } from 'zod'` keeps all of zod (its locales included): the `z` object it re-exports cannot be
// tree-shaken. Measured here with every such import rewritten to `import * as z from 'zod'` at bundle time.
const namespaced = await bundleForBrowser({ contents: entries['core + ecs']!, resolveDir: e2eDir, zodNamespaceImports: true });
rows.push({ name: "core + ecs, every package importing `* as z from 'zod'`", bundle: namespaced });
const classic = await bundleForBrowser({ contents: zodProbe('zod', false), resolveDir: e2eDir });
const mini = await bundleForBrowser({ contents: zodProbe('zod/mini', true), resolveDir: e2eDir });

console.log('| bundle (esbuild, browser, ESM, splitting, minified) | initial | initial gzipped | lazy (on demand) | lazy gzipped | zod in initial (minified) | node: imports |');
console.log('| --- | --- | --- | --- | --- | --- | --- |');
for (const { name, bundle } of rows) {
  const zod = bytesByPackage(bundle).get('zod') ?? 0;
  const lazyWhat = [...bytesByPackage(bundle, 'lazy')].sort((a, b) => b[1] - a[1]).map(([pkg]) => pkg).join(', ');
  console.log(
    `| ${name} | ${kb(bundle.bytes)} | ${kb(bundle.gzipBytes)} | ${kb(bundle.lazyBytes)}${lazyWhat ? ` (${lazyWhat})` : ''} | ${kb(bundle.lazyGzipBytes)} | ${kb(zod)} (${Math.round((zod / bundle.bytes) * 100)}%) | ${bundle.nodeSpecifiers.length || 'none'} |`,
  );
}
console.log('');
for (const { name, bundle } of rows.slice(0, 3)) {
  console.log(`${name}, initial chunks: ${kb(bundle.gzipBytes)} gzipped; target <= ${kb(TARGET_GZIP_BYTES)}: ${bundle.gzipBytes <= TARGET_GZIP_BYTES ? 'PASS' : 'FAIL'} (with the lazy XML chunk: ${kb(bundle.gzipBytes + bundle.lazyGzipBytes)})`);
}
console.log(`zod alone for a core-like schema: classic ${kb(classic.bytes)} (${kb(classic.gzipBytes)} gzipped), zod/mini ${kb(mini.bytes)} (${kb(mini.gzipBytes)} gzipped)`);
console.log(`core + one adapter with namespace zod imports everywhere: ${kb(namespaced.gzipBytes)} gzipped (measured)`);
const withoutZod = namespaced.bytes - (bytesByPackage(namespaced).get('zod') ?? 0);
console.log(
  `estimate, every schema on zod/mini as well: about ${kb(withoutZod + mini.bytes)} minified, roughly ${kb(namespaced.gzipBytes * ((withoutZod + mini.bytes) / namespaced.bytes))} gzipped (scaled by size, not measured)`,
);
const rest = [...bytesByPackage(namespaced)].filter(([name]) => name !== 'zod').sort((a, b) => b[1] - a[1]);
console.log(`the rest of that bundle, minified: ${rest.map(([name, bytes]) => `${name} ${kb(bytes)}`).join(', ')}`);
