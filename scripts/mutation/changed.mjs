// @ts-check
// `pnpm mutation:changed`: the mutation check CI runs. It mutates only the modules `pnpm mutation` covers
// that changed since the merge base with main (committed or not), and fails when a package's score is
// below 90%. On a clean clone of main nothing changed, so it only says so. Static mutants (module-level
// tables and schemas, which run every test of the package each) are left out to keep CI short; the full
// numbers come from `pnpm mutation`.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { matchesMutated, packagesOf } from './targets.mjs';

/** @param {string[]} args */
function git(args) {
  return execFileSync('git', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
}

function mergeBase() {
  if (process.env.MUTATION_BASE) return git(['rev-parse', process.env.MUTATION_BASE]);
  for (const ref of ['main', 'origin/main']) {
    try {
      return git(['merge-base', 'HEAD', ref]);
    } catch {
      // that ref is not there (a detached or shallow checkout): try the next one
    }
  }
  return undefined;
}

const base = mergeBase();
if (base === undefined) {
  console.log('mutation: no main branch to compare with; nothing mutated');
  process.exit(0);
}
// A changed test file counts for the module it is named after (`errors.test.ts`, `errors.mutation.test.ts`
// -> `errors.ts`): a weakened test lowers that module's score.
const touched = git(['diff', '--name-only', '--diff-filter=AMR', base])
  .split('\n')
  .map((file) => file.replace(/(\.[a-z]+)?\.test\.ts$/, '.ts'));
const changed = [...new Set(touched)].filter((file) => matchesMutated(file) && existsSync(file));
if (changed.length === 0) {
  console.log(`mutation: no mutated module changed since ${base.slice(0, 10)}; nothing to do`);
  process.exit(0);
}

let failed = false;
for (const [name, files] of packagesOf(changed)) {
  console.log(`mutation: ${name}: ${files.join(', ')}`);
  const run = spawnSync('npx', ['stryker', 'run', `scripts/mutation/${name}.config.mjs`, '--mutate', files.join(','), '--force'], {
    stdio: 'inherit',
    env: { ...process.env, STRYKER_BREAK: process.env.STRYKER_BREAK ?? '90', STRYKER_IGNORE_STATIC: process.env.STRYKER_IGNORE_STATIC ?? '1' },
  });
  if (run.status !== 0) failed = true;
}
process.exit(failed ? 1 : 0);
