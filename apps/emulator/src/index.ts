export { startEmulator, DEFAULT_CREDENTIALS } from './server.js';
export { startSeededEmulator, COMMAND_SEED_PER_REGION, DEMO_INVOCATION } from './seeded.js';
export type { SeededEmulatorOptions } from './seeded.js';
export type { AllowOrigins } from './browser-guard.js';
export { isNonLoopbackHost } from './browser-guard.js';
export type { Emulator, EmulatorOptions } from './server.js';
export type {
  EmulatorFaults,
  EmulatorFaultsInput,
  EmulatorCredentials,
  Clock,
  RetentionOptions,
  SimulationOptions,
  StoredInvocation,
  TargetPlan,
  TargetOutcome,
  CreateInvocationInput,
  StopBehaviour,
} from './types.js';
export { createManualClock, systemClock } from './clock.js';
export type { ManualClock } from './clock.js';
export { InvocationStore, DEFAULT_RETENTION } from './store.js';
export { SwasInstanceStore } from './instances.js';
export type { SwasInstance, SwasDisk } from './instances.js';
export { invocationStateAt, targetStateAt, DEFAULT_SIMULATION } from './simulator.js';
export type { InvocationView, TargetView, LegacyTargetStatus } from './simulator.js';
export { planTarget, simulatedOutput, MAX_SIMULATED_LINES, MAX_SEQ } from './steering.js';
export type { SimulatedOutput } from './steering.js';
export { SEED_REGIONS } from './seed.js';
export type { SeedOptions } from './seed.js';
export { PRODUCT_VERSIONS, PRODUCT_REGIONS, regionFromHost } from './products.js';
export { OUTPUT_LIMIT_BYTES, cutOutput } from './shapes.js';
export { TIMESTAMP_WINDOW_MS, MAX_NONCE_LENGTH, DEFAULT_MAX_NONCES } from './auth.js';
export { STS_VERSION } from './sts.js';
export type { TemporaryCredentialOptions, CredentialCounts } from './sts.js';
