/**
 * Bundles code for a browser with esbuild, as an application would: platform `browser`, every import
 * bundled (nothing external), the packages resolved from their built `dist` through their `exports` and
 * `imports` conditions. Used by the browser test and by `pnpm size`.
 */
import { readFile } from 'node:fs/promises';
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

/** A bundle and what it weighs. */
export interface BrowserBundle {
  code: string;
  bytes: number;
  gzipBytes: number;
  metafile: Metafile;
  /** Imports esbuild left in the output (must be none for a self-contained bundle). */
  externalImports: string[];
  /** Every `node:` specifier that appears in the output text. */
  nodeSpecifiers: string[];
}

/** Builds one ESM bundle for the browser; a `node:` import that cannot be bundled fails the build. */
export async function bundleForBrowser(options: BrowserBundleOptions): Promise<BrowserBundle> {
  const result = await build({
    stdin: { contents: options.contents, resolveDir: options.resolveDir, loader: 'ts', sourcefile: 'entry.ts' },
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    minify: options.minify ?? true,
    metafile: true,
    logLevel: 'silent',
    legalComments: 'none',
    plugins: options.zodNamespaceImports ? [zodNamespacePlugin] : [],
  });
  const output = result.outputFiles[0];
  if (!output) throw new Error('esbuild produced no output');
  const code = output.text;
  const externalImports = Object.values(result.metafile.outputs).flatMap((meta) => meta.imports.map((entry) => entry.path));
  const nodeSpecifiers = [...new Set([...code.matchAll(/["'`](node:[\w/]+)["'`]/g)].map((match) => match[1] as string))];
  return {
    code,
    bytes: Buffer.byteLength(code),
    gzipBytes: gzipSync(code, { level: 9 }).length,
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

/** Bytes each package contributes to the output (before gzip), from the metafile. */
export function bytesByPackage(bundle: BrowserBundle): Map<string, number> {
  const sizes = new Map<string, number>();
  for (const meta of Object.values(bundle.metafile.outputs)) {
    for (const [input, { bytesInOutput }] of Object.entries(meta.inputs)) {
      const name = packageOfInput(input);
      sizes.set(name, (sizes.get(name) ?? 0) + bytesInOutput);
    }
  }
  return sizes;
}
