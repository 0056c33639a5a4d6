export { startEmulator, DEFAULT_CREDENTIALS } from './server.js';
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
} from './types.js';
export { createManualClock, systemClock } from './clock.js';
export type { ManualClock } from './clock.js';
export { InvocationStore, DEFAULT_RETENTION } from './store.js';
export { SwasInstanceStore } from './instances.js';
export type { SwasInstance } from './instances.js';
export { invocationStateAt, targetStateAt, DEFAULT_SIMULATION } from './simulator.js';
export type { InvocationView, TargetView, LegacyTargetStatus } from './simulator.js';
export { planTarget, simulatedOutput } from './steering.js';
export { SEED_REGIONS } from './seed.js';
export type { SeedOptions } from './seed.js';
export { PRODUCT_VERSIONS, PRODUCT_REGIONS, regionFromHost } from './products.js';
export { OUTPUT_LIMIT_BYTES, cutOutput } from './shapes.js';
export { TIMESTAMP_WINDOW_MS } from './auth.js';
