// @ts-check
import { mutationConfig } from './shared.mjs';
import { MUTATED } from './targets.mjs';

/** `pnpm mutation:core`: every module of @invocations/core that has logic. */
export default mutationConfig('core', MUTATED.core);
