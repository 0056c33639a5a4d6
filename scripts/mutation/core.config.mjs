// @ts-check
import { mutationConfig } from './shared.mjs';

/** `pnpm mutation:core`: every module of @invocations/core that has logic. */
export default mutationConfig('core', [
  'packages/core/src/**/*.ts',
  '!packages/core/src/**/*.test.ts',
  '!packages/core/src/index.ts',
  '!packages/core/src/source.ts',
  '!packages/core/src/testing/**',
]);
