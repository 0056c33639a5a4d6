/**
 * Bundles code for a browser with esbuild, as an application would: platform `browser`, ESM with code
 * splitting, every import bundled (nothing external), the packages resolved from their built `dist`
 * through their `exports` and `imports` conditions. A dynamic `import()` (the XML parser) becomes a lazy
 * chunk: what the page loads first (the entry and the chunks it imports statically) and what it loads
 * only on demand are weighed apart, so nothing is hidden. Used by the browser test and by `pnpm size`.
 */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build, type Metafile, type Plugin } from 'esbuild';

/** Options of {@link bundleForBrowser}. */
export interface BrowserBundleOptions {
  /** The entry module's source (TypeScript). */
  contents: string;
  /** Where bare imports resolve from (a directory with node_modules). */
  resolveDir: string;
  /** Minify (default true: sizes are quoted minified). */
  minify?: boolean;
  /**
   * Rewrite `import { z } from 'zod'` to `import * as z from 'zod'` in the bundled files, to measure what
   * that import style saves: esbuild cannot tree-shake the `z` namespace object that zod re-exports.
   */
  zodNamespaceImports?: boolean;
}

const zodNamespacePlugin: Plugin = {
  name: 'zod-namespace-imports',
  setup(build) {
    build.onLoad({ filter: /\/(packages|apps)\/[^/]+\/dist\/.*\.js$/ }, async (args) => {
      const text = await readFile(args.path, 'utf8');
      return { contents: text.replace(/import\s*\{\s*z(?:\s+as\s+(\w+))?\s*\}\s*from\s*(['"])zod\2/g, (_, alias: string | undefined, quote: string) => `import * as ${alias ?? 'z'} from ${quote}zod${quote}`), loader: 'js' };
    });
  },
};

// Code splitting needs a real entry point: this one is the given source, resolved from `resolveDir`.
function entryPlugin(contents: string, resolveDir: string): Plugin {
  return {
    name: 'entry',
    setup(build) {
      build.onResolve({ filter: /^entry$/ }, () => ({ path: 'entry', namespace: 'entry' }));
      build.onLoad({ filter: /.*/, namespace: 'entry' }, () => ({ contents, resolveDir, loader: 'ts' }));
    },
  };
}

/** One output file of a bundle. */
export interface BundleFile {
  /** The file name the other files import it by (`entry.js`, `chunk-ABC123.js`). */
  name: string;
  code: string;
  bytes: number;
  gzipBytes: number;
  /** Loaded with the page (the entry, or a chunk it imports statically); false: only through `import()`. */
  initial: boolean;
}

/** A bundle and what it weighs. */
export interface BrowserBundle {
  /** The entry file's code (it imports its chunks by relative name: serve {@link files} beside it). */
  code: string;
  /** Every output file: the entry first. */
  files: BundleFile[];
  /** What the page loads first (the entry and its static chunks), minified and gzipped (each file on its own, summed). */
  bytes: number;
  gzipBytes: number;
  /** What loads only on demand (dynamic `import()` chunks). */
  lazyBytes: number;
  lazyGzipBytes: number;
  metafile: Metafile;
  /** Imports esbuild left in the output (must be none for a self-contained bundle). */
  externalImports: string[];
  /** Every `node:` specifier that appears in any output file. */
  nodeSpecifiers: string[];
}

/** Builds one ESM bundle for the browser, split into chunks; a `node:` import that cannot be bundled fails the build. */
export async function bundleForBrowser(options: BrowserBundleOptions): Promise<BrowserBundle> {
  const result = await build({
    entryPoints: ['entry'],
    bundle: true,
    write: false,
    outdir: '/bundle',
    splitting: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    minify: options.minify ?? true,
    metafile: true,
    logLevel: 'silent',
    legalComments: 'none',
    plugins: [entryPlugin(options.contents, options.resolveDir), ...(options.zodNamespaceImports ? [zodNamespacePlugin] : [])],
  });
  const outputs = result.metafile.outputs;
  const entryKey = Object.keys(outputs).find((key) => outputs[key]?.entryPoint !== undefined);
  if (!entryKey) throw new Error('esbuild produced no entry file');
  // Initial: the entry and whatever it reaches through static imports; the rest is reached by import() only.
  const initial = new Set<string>();
  const pending = [entryKey];
  for (let key = pending.pop(); key !== undefined; key = pending.pop()) {
    if (initial.has(key)) continue;
    initial.add(key);
    for (const imported of outputs[key]?.imports ?? []) if (imported.kind === 'import-statement' && !imported.external) pending.push(imported.path);
  }
  const files: BundleFile[] = result.outputFiles
    .filter((file) => file.path.endsWith('.js'))
    .map((file) => {
      const key = Object.keys(outputs).find((candidate) => basename(candidate) === basename(file.path)) ?? '';
      return {
        name: basename(file.path),
        code: file.text,
        bytes: Buffer.byteLength(file.text),
        gzipBytes: gzipSync(file.text, { level: 9 }).length,
        initial: initial.has(key),
        key,
      };
    })
    .sort((a, b) => Number(b.key === entryKey) - Number(a.key === entryKey))
    .map(({ key: _key, ...file }) => file);
  const sum = (chosen: BundleFile[], field: 'bytes' | 'gzipBytes') => chosen.reduce((total, file) => total + file[field], 0);
  const first = files.filter((file) => file.initial);
  const lazy = files.filter((file) => !file.initial);
  const externalImports = Object.values(outputs).flatMap((meta) => meta.imports.filter((entry) => entry.external).map((entry) => entry.path));
  const nodeSpecifiers = [...new Set(files.flatMap((file) => [...file.code.matchAll(/["'`](node:[\w/]+)["'`]/g)].map((match) => match[1] as string)))];
  return {
    code: files[0]!.code,
    files,
    bytes: sum(first, 'bytes'),
    gzipBytes: sum(first, 'gzipBytes'),
    lazyBytes: sum(lazy, 'bytes'),
    lazyGzipBytes: sum(lazy, 'gzipBytes'),
    metafile: result.metafile,
    externalImports,
    nodeSpecifiers,
  };
}

/** The package an esbuild input path belongs to: `zod`, `@invocations/core`, or `entry`. */
export function packageOfInput(input: string): string {
  const at = input.lastIndexOf('node_modules/');
  if (at >= 0) {
    const [first = '', second = ''] = input.slice(at + 'node_modules/'.length).split('/');
    return first.startsWith('@') ? `${first}/${second}` : first;
  }
  const workspace = /(?:^|\/)(?:packages|apps)\/([^/]+)\//.exec(input);
  return workspace ? `@invocations/${workspace[1]}` : 'entry';
}

/** Bytes each package contributes to the output (before gzip), from the metafile: the initial files, or with `'lazy'` the on-demand ones. */
export function bytesByPackage(bundle: BrowserBundle, which: 'initial' | 'lazy' = 'initial'): Map<string, number> {
  const wanted = new Set(bundle.files.filter((file) => file.initial === (which === 'initial')).map((file) => file.name));
  const sizes = new Map<string, number>();
  for (const [output, meta] of Object.entries(bundle.metafile.outputs)) {
    if (!wanted.has(basename(output))) continue;
    for (const [input, { bytesInOutput }] of Object.entries(meta.inputs)) {
      const name = packageOfInput(input);
      sizes.set(name, (sizes.get(name) ?? 0) + bytesInOutput);
    }
  }
  return sizes;
}
