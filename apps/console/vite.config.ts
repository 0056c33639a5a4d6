import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// The single-page client: Preact (JSX compiled by esbuild, no Babel), built into dist/client, which the
// server loads at start. No inline script or style, so the page runs under a strict CSP.
export default defineConfig({
  root: fileURLToPath(new URL('./client', import.meta.url)),
  base: '/',
  esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
  build: {
    outDir: fileURLToPath(new URL('./dist/client', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    reportCompressedSize: false,
  },
});
