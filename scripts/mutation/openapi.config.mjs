// @ts-check
import { mutationConfig } from './shared.mjs';
import { MUTATED } from './targets.mjs';

/** `pnpm mutation:openapi`: the transport's pure modules (no sockets, no timers), wherever under src/ they live. */
export default mutationConfig('openapi', MUTATED.openapi);
