import { defineConfig } from 'vitest/config';

// Tests resolve sibling packages to their TypeScript sources through the
// "@invocations/source" export condition, so a test never runs against a stale build.
// Only the reliability suite runs here; the benchmarks (src/) run with `pnpm bench`.
export default defineConfig({
  resolve: { conditions: ['@invocations/source'] },
  ssr: { resolve: { conditions: ['@invocations/source'] } },
  test: {
    include: ['reliability/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 30_000,
    passWithNoTests: true,
    reporters: ['default', 'json'],
    outputFile: { json: '.vitest/results.json' },
  },
});
