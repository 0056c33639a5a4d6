// @ts-check
import { mutationConfig } from './shared.mjs';

/** `pnpm mutation:openapi`: the transport's pure modules (no sockets, no timers). */
export default mutationConfig(
  'openapi',
  ['kit/wire', 'kit/fast-wire', 'transport/signing', 'transport/redact', 'transport/decode', 'kit/paging', 'kit/page-coverage'].map((file) => `packages/openapi/src/${file}.ts`),
);
