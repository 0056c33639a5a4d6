// @ts-check
import { mutationConfig } from './shared.mjs';

/** `pnpm mutation:openapi`: the transport's pure modules (no sockets, no timers). */
export default mutationConfig(
  'openapi',
  ['wire', 'fast-wire', 'signing', 'redact', 'decode', 'paging', 'page-coverage'].map((file) => `packages/openapi/src/${file}.ts`),
);
