// Sums every workspace's vitest JSON report into one closing line that CI can read:
// "N passed, N failed, N skipped". Exits non-zero when a test failed, no test ran, or the
// turbo run whose exit code is the first argument failed (a build, or a crash outside a test).
import { readFileSync, existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const roots = ['packages', 'apps', '.'];
let passed = 0;
let failed = 0;
let skipped = 0;
for (const root of roots) {
  if (!existsSync(root)) continue;
  for (const name of root === '.' ? ['bench', 'e2e'] : readdirSync(root)) {
    const file = join(root, name, '.vitest', 'results.json');
    if (!existsSync(file)) continue;
    const report = JSON.parse(readFileSync(file, 'utf8'));
    passed += report.numPassedTests ?? 0;
    failed += report.numFailedTests ?? 0;
    skipped += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
  }
}
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
const turboExit = Number(process.argv[2] ?? 0);
process.exit(failed > 0 || passed === 0 || turboExit !== 0 ? 1 : 0);
