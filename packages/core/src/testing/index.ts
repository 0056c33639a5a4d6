/**
 * Test helpers for adapters of `@invocations/core`: the conformance suite every adapter runs
 * against the emulator. Needs vitest (an optional peer dependency of this package).
 */
export { describeSourceConformance } from './describe-source-conformance.js';
export type {
  ConformanceCredentials,
  ConformanceEnvironment,
  SourceCapabilities,
  SourceConformanceOptions,
} from './describe-source-conformance.js';
