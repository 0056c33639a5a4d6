/**
 * What `pnpm size` and the size test bundle: core with each adapter, as a browser application would
 * import them, and the README's target for it.
 */

/** The README's target for the initial chunks of core plus one adapter, gzipped. */
export const TARGET_GZIP_BYTES = 60 * 1024;

/** Core with one adapter each: the entries the target applies to. */
export const ONE_ADAPTER_ENTRIES: Record<string, string> = {
  'core + ecs': `import { listInvocations } from '@invocations/core'; import { createEcsSource } from '@invocations/ecs'; export { listInvocations, createEcsSource };`,
  'core + swas': `import { listInvocations } from '@invocations/core'; import { createSwasSource } from '@invocations/swas'; export { listInvocations, createSwasSource };`,
  'core + eflo': `import { listInvocations } from '@invocations/core'; import { createEfloSource } from '@invocations/eflo'; export { listInvocations, createEfloSource };`,
};
