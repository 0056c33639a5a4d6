/**
 * Test helpers for adapters of `@invocations/core`: the conformance suite every adapter runs
 * against the emulator (needs vitest, an optional peer dependency of this package), and a recorded
 * HTTP server on 127.0.0.1 for tests with real bodies (Node only).
 */
export { describeSourceConformance } from './describe-source-conformance.js';
export type {
  ConformanceCredentials,
  ConformanceEnvironment,
  SourceCapabilities,
  SourceConformanceOptions,
} from './describe-source-conformance.js';
export { startRecordedServer } from './recorded-server.js';
export type { RecordedRequest, RecordedAnswer, RecordedServer } from './recorded-server.js';
export { collect } from './collect.js';
