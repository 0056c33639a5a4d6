// @ts-check
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/**
 * The StrykerJS settings both mutation configs share. Stryker starts at the workspace root so its
 * sandbox holds vitest.shared.ts and this folder; everything the packages under test do not need
 * is left out of the sandbox. Results go to bench/results/mutation/; the incremental file there
 * lets the next run test only the mutants whose code or covering tests changed.
 * @param {string} name the package, e.g. "core"
 * @param {string[]} mutate the files to mutate, from the workspace root
 * @returns {import('@stryker-mutator/api/core').PartialStrykerOptions}
 */
export function mutationConfig(name, mutate) {
  return {
    testRunner: 'vitest',
    plugins: [require.resolve('@stryker-mutator/vitest-runner')],
    vitest: { configFile: `packages/${name}/vitest.mutation.config.ts`, related: false },
    mutate,
    // The adapters stay: openapi's xml-scan test reads their fixtures.
    ignorePatterns: ['apps', 'bench', '**/dist', '**/.turbo', '**/.vitest', '.changeset', '.stryker-tmp*'],
    coverageAnalysis: 'perTest',
    // A static mutant (module-level code: tables, zod schemas) runs every test of the package, about
    // 75% of a run's time; STRYKER_IGNORE_STATIC=1 skips them for a quick look at the rest.
    ignoreStatic: process.env.STRYKER_IGNORE_STATIC === '1',
    // Two cores are shared by everyone on this machine (and by CI): one or two workers.
    concurrency: Number(process.env.STRYKER_CONCURRENCY ?? 2),
    incremental: true,
    incrementalFile: `bench/results/mutation/${name}.incremental.json`,
    reporters: ['clear-text', 'progress', 'json', 'html'],
    jsonReporter: { fileName: `bench/results/mutation/${name}.json` },
    htmlReporter: { fileName: `bench/results/mutation/${name}.html` },
    clearTextReporter: { allowColor: false, logTests: false, reportMutants: true, reportScoreTable: true },
    thresholds: { high: 90, low: 80, break: process.env.STRYKER_BREAK ? Number(process.env.STRYKER_BREAK) : null },
    // Generous: on a loaded machine a slow run is not a hanging mutant.
    timeoutMS: 30_000,
    tempDirName: '.stryker-tmp',
    cleanTempDir: 'always',
  };
}
