import { randomBytes } from 'node:crypto';
import type { ClientTokens } from './client-tokens.js';
import { missingParameter } from './errors.js';
import type { SwasInstanceStore } from './instances.js';
import { planTarget } from './steering.js';
import type { InvocationStore } from './store.js';
import type { Clock, CreateInvocationInput, Product, SimulationOptions, StopBehaviour, StoredInvocation } from './types.js';

/** Everything the actions read and change. */
export interface EmulatorState {
  store: InvocationStore;
  instances: SwasInstanceStore;
  clock: Clock;
  simulation: Required<SimulationOptions>;
  /** Region of an eflo request whose Host names none. */
  defaultRegion: string;
  /** RunCommand ClientTokens already used. */
  clientTokens: ClientTokens;
}

const ID_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** A random id body of `length` lowercase letters and digits. */
export function randomIdBody(length: number, random?: () => number): string {
  // One read of the system's entropy per id, not per character: filling a large store stays quick.
  const bytes = random ? undefined : randomBytes(length);
  let body = '';
  for (let index = 0; index < length; index++) {
    const value = bytes ? (bytes[index] as number) / 256 : (random as () => number)();
    body += ID_ALPHABET[Math.floor(value * ID_ALPHABET.length)];
  }
  return body;
}

const REGION_CODES: Record<string, string> = {
  'cn-hangzhou': 'hz',
  'cn-shanghai': 'sh',
  'cn-beijing': 'bj',
  'cn-shenzhen': 'sz',
  'cn-qingdao': 'qd',
  'cn-zhangjiakou': 'zjk',
  'cn-wulanchabu': 'wlcb',
  'cn-hongkong': 'hk',
};

/** The short region code ECS puts in ids (`t-hz...`). */
export function regionCode(region: string): string {
  return REGION_CODES[region] ?? region.replace(/[^a-z0-9]/g, '').slice(0, 4);
}

/** Milliseconds between runs for a `Frequency` of `rate(N s|m|h|d)`; a cron or `at(...)` value runs every 60 s here. */
export function periodOf(frequency: string): number {
  const rate = /^rate\(\s*(\d+)\s*([smhd])\s*\)$/i.exec(frequency.trim());
  if (!rate) return 60_000;
  const unit = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 }[(rate[2] as string).toLowerCase() as 's' | 'm' | 'h' | 'd'];
  return Number(rate[1]) * unit;
}

/** Builds a stored invocation from a test's or an action's input, planning targets by the steering rules. */
export function buildInvocation(
  input: CreateInvocationInput,
  state: EmulatorState,
  random?: () => number,
): StoredInvocation {
  const product: Product = input.product;
  const content = input.commandContent ?? 'echo hello';
  const timeoutSeconds = input.timeoutSeconds ?? 60;
  const repeatMode = input.repeatMode ?? 'Once';
  const frequency = input.frequency ?? '';
  if (repeatMode === 'Period' && frequency === '') throw missingParameter('Frequency');
  const targets =
    input.targets ??
    (input.targetIds ?? []).map((id) =>
      planTarget(product, id, content, timeoutSeconds, { dispatchMs: state.simulation.dispatchMs, runMs: state.simulation.runMs }),
    );
  const code = regionCode(input.region);
  return {
    product,
    region: input.region,
    invokeId: input.invokeId ?? `t-${code}${randomIdBody(14, random)}`,
    ...(product === 'ecs' ? { commandId: input.commandId ?? `c-${code}${randomIdBody(14, random)}` } : {}),
    commandName: input.commandName ?? '',
    ...(product !== 'eflo' ? { commandType: input.commandType ?? 'RunShellScript' } : {}),
    commandDescription: input.commandDescription ?? '',
    commandContent: content,
    parameters: input.parameters ?? {},
    repeatMode,
    frequency,
    ...(repeatMode === 'Period' ? { periodMs: periodOf(frequency) } : {}),
    timeoutSeconds,
    username: input.username ?? (input.commandType === 'RunBatScript' || input.commandType === 'RunPowerShellScript' ? 'system' : 'root'),
    workingDir: input.workingDir ?? (input.commandType === 'RunBatScript' || input.commandType === 'RunPowerShellScript' ? 'C:\\Windows\\system32' : '/root'),
    createdAt: input.createdAt ?? state.clock.now(),
    ...(input.resourceGroupId ? { resourceGroupId: input.resourceGroupId } : {}),
    tags: input.tags ?? [],
    targets,
    stops: new Map(),
  };
}

/**
 * Marks targets of an invocation stopped at `now` (all when `ids` is empty); a target already stopped
 * keeps its time. `behaviour` (the emulator's option) is fixed on the first stop.
 */
export function stopTargets(invocation: StoredInvocation, ids: readonly string[], now: number, behaviour?: StopBehaviour): void {
  if (behaviour !== undefined && invocation.stopBehaviour === undefined) invocation.stopBehaviour = behaviour;
  const chosen = ids.length > 0 ? invocation.targets.filter((target) => ids.includes(target.id)) : invocation.targets;
  for (const target of chosen) {
    if (!invocation.stops.has(target.id)) invocation.stops.set(target.id, now);
  }
}

