import { startEmulator, type Emulator, type EmulatorOptions } from './server.js';
import type { CreateInvocationInput } from './types.js';

/** Invocations per product and region that `--seed N` gives the commands: mixed statuses, few enough for one screen. */
export const COMMAND_SEED_PER_REGION = 8;

/**
 * The invocation the commands add beside the seeded data so there is always one to watch live: ECS,
 * cn-hangzhou, three instances running `sleep 8` from the moment the emulator starts; the instance
 * whose id contains `fail` exits 1 (the steering rules), so it ends PartialFailed.
 */
export const DEMO_INVOCATION = {
  product: 'ecs',
  region: 'cn-hangzhou',
  invokeId: 't-hzdemowatch0001',
  commandName: 'rolling-deploy',
  commandType: 'RunShellScript',
  commandContent: 'echo deploying\nsleep 8\necho deployed',
  targetIds: ['i-bp1demoweb0001', 'i-bp1demoweb0002', 'i-bp1demofail0003'],
} as const satisfies CreateInvocationInput;

/** Options of {@link startSeededEmulator}: the server options a command takes from its flags, plus the seed. */
export interface SeededEmulatorOptions extends Omit<EmulatorOptions, 'seed' | 'seedOptions'> {
  /** The `--seed N` value. */
  seed: number;
  /** Invocations per product and region; default {@link COMMAND_SEED_PER_REGION}. */
  perRegion?: number;
}

/**
 * The one place where a command turns `--seed N` into data: the seed's records
 * ({@link COMMAND_SEED_PER_REGION} per product and region unless `perRegion` says otherwise) and
 * {@link DEMO_INVOCATION}. `invocations-emulator --seed N` and the CLI's `invocations emulator` /
 * `--emulator` both call this with the same seed, so they serve the same data.
 */
export async function startSeededEmulator(options: SeededEmulatorOptions): Promise<Emulator> {
  const { seed, perRegion = COMMAND_SEED_PER_REGION, ...server } = options;
  if (!Number.isSafeInteger(seed) || seed < 0) throw new RangeError(`seed must be an integer >= 0, got ${String(seed)}`);
  if (!Number.isSafeInteger(perRegion) || perRegion < 0) throw new RangeError(`perRegion must be an integer >= 0, got ${String(perRegion)}`);
  const emulator = await startEmulator({ ...server, seed, seedOptions: { perRegion } });
  emulator.createInvocation({ ...DEMO_INVOCATION, targetIds: [...DEMO_INVOCATION.targetIds] });
  return emulator;
}
