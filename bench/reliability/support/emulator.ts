// The emulator and ECS sources the reliability tests share: the recognisable secret and STS token,
// every hook payload fed to the secret watch, and counters of requests, retries and statuses.
import { createEcsSource } from '@invocations/ecs';
import { type Emulator, startEmulator } from '@invocations/emulator';
import { ACCESS_KEY_ID, SECRET, STS_TOKEN, type SecretWatch } from './secrets.js';

/** Region the reliability tests fill (the emulator's seed data lives elsewhere). */
export const REGION = 'cn-qingdao';

/** Starts an emulator that accepts the recognisable AccessKey pair. */
export async function startReliabilityEmulator(seed = 8): Promise<Emulator> {
  return startEmulator({
    port: 0,
    seed,
    credentials: { accessKeyId: ACCESS_KEY_ID, accessKeySecret: SECRET },
    retention: { maxRecords: 100_000 },
  });
}

/** What the hooks of one source saw. */
export interface Attempts {
  requests: number;
  retries: number;
  statuses: Map<number, number>;
}

type EcsOptions = Parameters<typeof createEcsSource>[0];

/** An ECS source on the emulator, with the secret and STS token, counting attempts through openapi's hooks. */
export function reliabilitySource(
  emulator: Emulator,
  watch: SecretWatch,
  options: Partial<EcsOptions> = {},
): { source: ReturnType<typeof createEcsSource>; attempts: Attempts } {
  const attempts: Attempts = { requests: 0, retries: 0, statuses: new Map() };
  const source = createEcsSource({
    region: REGION,
    endpoint: emulator.url,
    credentials: { accessKeyId: ACCESS_KEY_ID, accessKeySecret: SECRET, securityToken: STS_TOKEN },
    pageSize: 50,
    retry: { maxAttempts: 12, baseDelayMs: 1, maxDelayMs: 20 },
    ...options,
    hooks: {
      onRequest(event) {
        attempts.requests += 1;
        watch.hook('onRequest', event);
        options.hooks?.onRequest?.(event);
      },
      onResponse(event) {
        attempts.statuses.set(event.status, (attempts.statuses.get(event.status) ?? 0) + 1);
        watch.hook('onResponse', event);
        options.hooks?.onResponse?.(event);
      },
      onRetry(event) {
        attempts.retries += 1;
        watch.hook('onRetry', event);
        options.hooks?.onRetry?.(event);
      },
    },
  });
  return { source, attempts };
}

/** Lists everything a source yields, keeping the InvokeIds in order. */
export async function listIds(source: ReturnType<typeof createEcsSource>): Promise<string[]> {
  const ids: string[] = [];
  for await (const invocation of source.list()) ids.push(invocation.invokeId);
  return ids;
}

/** The ids that appear more than once. */
export function duplicates(ids: readonly string[]): string[] {
  const seen = new Set<string>();
  const twice = new Set<string>();
  for (const id of ids) (seen.has(id) ? twice : seen).add(id);
  return [...twice];
}
