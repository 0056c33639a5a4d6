import type { Reporter, RunnerTestCase, RunnerTestFile, Vitest } from 'vitest/node';

/** The name of the test this reporter adds to a test file that failed before any test was collected. */
export const IMPORT_FAILURE_TEST_NAME = '[mutation] the test file and the modules it imports load';

/**
 * A vitest reporter for mutation runs only. When a test file throws while it is being imported (a
 * mutant that breaks a module's top-level code, e.g. a deleted row of a table that is checked at
 * load), vitest 4.1 marks the file failed but collects no test, and StrykerJS's vitest runner reads
 * "no failed test" as Survived. This adds one failed test to such a file, carrying the import
 * error, so the mutant is reported as Killed, as it should be: every test of that file fails.
 */
export class ImportFailureReporter implements Reporter {
  private vitest: Vitest | undefined;

  onInit(vitest: Vitest): void {
    this.vitest = vitest;
  }

  // The runner reads the same state right after the run, so the added test is what it sees.
  onTestRunEnd(): void {
    for (const file of this.vitest?.state.getFiles() ?? []) addImportFailureTest(file);
  }
}

/** Adds the failed test to `file` when the file failed with no test in it; true when it did. */
export function addImportFailureTest(file: RunnerTestFile): boolean {
  if (file.result?.state !== 'fail' || file.tasks.length > 0) return false;
  const test = {
    type: 'test',
    id: `${file.id}_import`,
    name: IMPORT_FAILURE_TEST_NAME,
    fullName: `${file.name} > ${IMPORT_FAILURE_TEST_NAME}`,
    mode: 'run',
    file,
    suite: file,
    meta: {},
    timeout: 0,
    annotations: [],
    artifacts: [],
    context: undefined,
    result: { state: 'fail', errors: file.result.errors ?? [{ message: 'the test file failed to load' }] },
  } as unknown as RunnerTestCase;
  file.tasks.push(test);
  return true;
}
