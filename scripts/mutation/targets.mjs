// @ts-check

/** openapi's pure modules (no sockets, no timers), by file name. */
export const OPENAPI_PURE = ['wire', 'fast-wire', 'base64-text-node', 'base64-text-web', 'utf8-binary', 'signing', 'redact', 'decode', 'xml-document', 'paging', 'recent-ids', 'lazy-output'];

/**
 * What `pnpm mutation` mutates, per package: globs from the workspace root. openapi's pure modules are
 * matched by name anywhere under src/, so a move into a subfolder keeps them in.
 * @type {Record<'core' | 'openapi', string[]>}
 */
export const MUTATED = {
  core: [
    'packages/core/src/**/*.ts',
    '!packages/core/src/**/*.test.ts',
    '!packages/core/src/index.ts',
    '!packages/core/src/source.ts',
    '!packages/core/src/testing/**',
  ],
  openapi: [`packages/openapi/src/**/{${OPENAPI_PURE.join(',')}}.ts`],
};

// The same sets as MUTATED, as predicates on a path from the workspace root (git diff's form).
/** @type {Record<'core' | 'openapi', (file: string) => boolean>} */
const IS_MUTATED = {
  core: (file) =>
    file.startsWith('packages/core/src/') &&
    file.endsWith('.ts') &&
    !file.endsWith('.test.ts') &&
    !['packages/core/src/index.ts', 'packages/core/src/source.ts'].includes(file) &&
    !file.startsWith('packages/core/src/testing/'),
  openapi: (file) => file.startsWith('packages/openapi/src/') && OPENAPI_PURE.some((name) => file.endsWith(`/${name}.ts`)),
};

/** True when `file` (a path from the workspace root) is one `pnpm mutation` mutates. */
export function matchesMutated(/** @type {string} */ file) {
  return Object.values(IS_MUTATED).some((test) => test(file));
}

/** The changed files grouped by the package whose config mutates them. */
export function packagesOf(/** @type {string[]} */ files) {
  /** @type {Map<string, string[]>} */
  const out = new Map();
  for (const [name, test] of Object.entries(IS_MUTATED)) {
    const mine = files.filter(test);
    if (mine.length > 0) out.set(name, mine);
  }
  return out;
}
