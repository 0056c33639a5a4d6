/**
 * Test helpers for adapters of `@invocations/core`: the conformance suites (listing and reading; run
 * and stop) every adapter runs against the emulator (needs vitest, an optional peer dependency of
 * this package). The recorded server that speaks Alibaba Cloud's wire is `@invocations/openapi/kit/testing`.
 */
export { describeSourceConformance } from './describe-source-conformance.js';
export type {
  ConformanceCredentials,
  ConformanceEnvironment,
  SourceCapabilities,
  SourceConformanceOptions,
} from './describe-source-conformance.js';
export { describeRunConformance } from './describe-run-conformance.js';
export type { RunConformanceEnvironment, RunConformanceOptions } from './describe-run-conformance.js';
export { collect } from './collect.js';
