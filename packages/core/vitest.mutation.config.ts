import { fileURLToPath } from 'node:url';
import { defineTestConfig } from '../../vitest.shared';
import { ImportFailureReporter } from '../../scripts/mutation/import-failure-reporter';

// The settings `pnpm mutation` runs this package's tests with (scripts/mutation/core.config.mjs,
// started at the workspace root): the packing test is left out, as it builds and installs a
// tarball and no mutant of src/ can change its outcome.
export default defineTestConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  test: {
    exclude: ['test/packed.test.ts', '**/node_modules/**'],
    // MUTATION_IMPORT_FAILURES=survive leaves the reporter out, to show what Stryker reports without it.
    reporters: process.env.MUTATION_IMPORT_FAILURES === 'survive' ? [] : [new ImportFailureReporter()],
  },
});
