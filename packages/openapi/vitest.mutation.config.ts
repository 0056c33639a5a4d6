import { fileURLToPath } from 'node:url';
import { defineTestConfig } from '../../vitest.shared';
import { ImportFailureReporter } from '../../scripts/mutation/import-failure-reporter';

// The settings `pnpm mutation` runs this package's tests with (scripts/mutation/openapi.config.mjs,
// started at the workspace root).
const config = defineTestConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  test: {
    // A few client tests bound real time (a deadline, a retry pause); on a loaded machine, and slowed
    // further by Stryker's instrumentation, one can miss its bound. A retry keeps such a miss from
    // failing the initial run or killing a mutant by accident; a mutant that breaks a test fails all tries.
    retry: 2,
    // The coverage property tests run many generated cases; Stryker's instrumentation counts each
    // statement they reach, several times slower than a plain run.
    testTimeout: 120_000,
    // MUTATION_IMPORT_FAILURES=survive leaves the reporter out, to show what Stryker reports without it.
    reporters: process.env.MUTATION_IMPORT_FAILURES === 'survive' ? [] : [new ImportFailureReporter()],
  },
});

// MUTATION_TESTS=src/wire.test.ts,... runs only those test files: a quick, conservative look at a few
// modules (a mutant that only another file's tests would catch shows as survived). Set after the
// merge, which would otherwise add these to the shared include list rather than replace it.
if (process.env.MUTATION_TESTS && config.test) config.test.include = process.env.MUTATION_TESTS.split(',');

export default config;
