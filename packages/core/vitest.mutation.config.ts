import { fileURLToPath } from 'node:url';
import { defineTestConfig } from '../../vitest.shared';
import { ImportFailureReporter } from '../../scripts/mutation/import-failure-reporter';

// The settings `pnpm mutation` runs this package's tests with (scripts/mutation/core.config.mjs,
// started at the workspace root): the packing test is left out, as it builds and installs a
// tarball and no mutant of src/ can change its outcome.
const config = defineTestConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  test: {
    exclude: ['test/packed.test.ts', '**/node_modules/**'],
    // MUTATION_IMPORT_FAILURES=survive leaves the reporter out, to show what Stryker reports without it.
    reporters: process.env.MUTATION_IMPORT_FAILURES === 'survive' ? [] : [new ImportFailureReporter()],
  },
});

// MUTATION_TESTS=src/wire.test.ts,... runs only those test files: a quick, conservative look at a few
// modules (a mutant that only another file's tests would catch shows as survived). Set after the
// merge, which would otherwise add these to the shared include list rather than replace it.
if (process.env.MUTATION_TESTS && config.test) config.test.include = process.env.MUTATION_TESTS.split(',');

export default config;
