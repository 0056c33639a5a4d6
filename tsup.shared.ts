import { defineConfig, type Options } from 'tsup';

/**
 * The build every published workspace shares: ESM with types and source maps. Libraries build for
 * the 'neutral' platform (they run in Node, browsers and edge runtimes); apps build for 'node'.
 */
export function defineBuildConfig(entry: Record<string, string>, overrides: Options = {}) {
  return defineConfig({
    entry,
    format: ['esm'],
    dts: true,
    clean: true,
    sourcemap: true,
    target: 'es2022',
    platform: 'neutral',
    external: [/^node:/],
    // Keep 'node:' specifiers as written, so bundlers and edge runtimes can tell Node-only imports.
    removeNodeProtocol: false,
    ...overrides,
  });
}
