import { defineConfig, mergeConfig, type ViteUserConfig } from 'vitest/config';

/**
 * The vitest settings every workspace shares. Tests resolve sibling packages to their TypeScript
 * sources through the "@invocations/source" export condition, so a test never runs against a
 * stale build; each run writes a JSON report that `scripts/test-summary.mjs` adds up for CI.
 */
export function defineTestConfig(overrides: ViteUserConfig = {}) {
  return mergeConfig(
    defineConfig({
      resolve: { conditions: ['@invocations/source'] },
      ssr: { resolve: { conditions: ['@invocations/source'] } },
      test: {
        include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
        testTimeout: 20_000,
        passWithNoTests: true,
        reporters: ['default', 'json'],
        outputFile: { json: '.vitest/results.json' },
      },
    }),
    overrides,
  );
}
