import { defineConfig } from 'tsup';

export default defineConfig({
  entry: { index: 'src/index.ts' },
  format: ['esm'],
  dts: true,
  clean: true,
  sourcemap: true,
  target: 'es2022',
  platform: 'neutral',
  external: [/^node:/],
  // Keep 'node:fs/promises' as written: browsers' bundlers then know it is Node-only (it is loaded lazily).
  removeNodeProtocol: false,
});
