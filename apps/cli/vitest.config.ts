import { defineConfig } from 'vitest/config';

// Tests resolve sibling packages to their TypeScript sources through the
// "@invocations/source" export condition, so a test never runs against a stale build.
export default defineConfig({
  resolve: { conditions: ['@invocations/source'] },
  ssr: { resolve: { conditions: ['@invocations/source'] } },
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 20_000,
    passWithNoTests: true,
    reporters: ['default', 'json'],
    outputFile: { json: '.vitest/results.json' },
  },
});
