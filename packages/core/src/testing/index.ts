/**
 * Test helpers for adapters of `@invocations/core`. The conformance suite that every adapter
 * runs against the emulator lives here (see issue "ECS adapter").
 */
export {};
