// SWAS run against the emulator: the shared run conformance suite (no stop: SWAS has no
// StopInvocation), then what is SWAS's own: one RunCommand per instance, unknown instances refused
// (shown as Invalid with their code), no retry after a lost answer, the limits' values and messages.
import { ApiError, InvalidQueryError, InvocationsError, runAndWait } from '@invocations/core';
import { describeRunConformance } from '@invocations/core/testing';
import { createManualClock, startEmulator, type Emulator } from '@invocations/emulator';
import { afterEach, describe, expect, it } from 'vitest';
import { createSwasSource, SWAS_DEFAULT_COMMAND_NAME, SWAS_RUN_LIMITS, type SwasSourceOptions } from '../src/index.js';

const REGION = 'cn-hangzhou';
let emulator: Emulator;
let actions: string[] = [];
let running: string[] = [];

// An emulator with running instances, one of them an id that makes the simulated agent exit 1 (the steering rules).
async function startWithInstances(options: Parameters<typeof startEmulator>[0] = {}): Promise<{ started: Emulator; running: string[] }> {
  const started = await startEmulator({ seed: 3, seedOptions: { perRegion: 4, swasInstances: 4 }, clock: createManualClock(Date.UTC(2025, 5, 1)), ...options });
  const instances = started.instances.list(REGION).filter((instance) => instance.Status === 'Running');
  started.instances.add({ ...(instances[0] as (typeof instances)[number]), InstanceId: 'swas-fail-1' });
  return { started, running: instances.map((instance) => instance.InstanceId) };
}

async function start(options: Parameters<typeof startEmulator>[0] = {}): Promise<void> {
  ({ started: emulator, running } = await startWithInstances(options));
  actions = [];
}

describeRunConformance({
  name: 'swas',
  product: 'swas',
  limits: SWAS_RUN_LIMITS,
  stop: false,
  async setup() {
    const { started, running: targets } = await startWithInstances();
    return { region: REGION, endpoint: started.url, credentials: started.credentials, close: () => started.close(), targets, failingTarget: 'swas-fail-1', advance: (ms) => void started.advance(ms) };
  },
  createSource: (environment, overrides) =>
    createSwasSource({ region: environment.region, endpoint: overrides?.endpoint ?? environment.endpoint, credentials: environment.credentials, retry: false }),
});
afterEach(async () => emulator?.close());

const source = (options: Partial<SwasSourceOptions> = {}) =>
  createSwasSource({
    region: REGION,
    endpoint: emulator.url,
    credentials: emulator.credentials,
    retry: { baseDelayMs: 1, maxDelayMs: 5 },
    hooks: { onRequest: (event) => actions.push(event.action) },
    ...options,
  });

const fastWait = { minDelayMs: 0, maxDelayMs: 0, sleep: async (ms: number) => void emulator.advance(Math.max(ms, 1_000)) };

describe('SWAS run', () => {
  it('one target: one invocation, not split', async () => {
    await start();
    const result = await runAndWait(source(), { command: 'echo hi', targets: [running[0] as string], username: 'admin', workingDir: '/srv', timeoutSeconds: 30 }, { ...fastWait, includeOutput: true });
    expect(result.state).toBe('success');
    expect(result.run).toMatchObject({ split: false, rejected: [] });
    expect(result.run.clientToken).toBeUndefined();
    expect(result.invocation?.targets.map((target) => target.output)).toEqual(['hi\n']);
    expect(emulator.store.get('swas', REGION, result.run.invokeId)).toMatchObject({ commandName: SWAS_DEFAULT_COMMAND_NAME, username: 'admin', workingDir: '/srv', timeoutSeconds: 30 });
  });

  it('several targets become one invocation per instance, waited for as one', async () => {
    await start();
    const targets = running.slice(0, 2);
    const result = await runAndWait(source(), { command: 'echo hi', targets, name: 'both' }, fastWait);
    expect(result.state).toBe('success');
    expect(result.run.split).toBe(true);
    expect(result.run.invocations.map((item) => item.targetIds)).toEqual(targets.map((id) => [id]));
    expect(new Set(result.run.invocations.map((item) => item.invokeId)).size).toBe(2);
    expect(result.invocation?.targets.map((target) => target.id).sort()).toEqual([...targets].sort());
    expect(result.invocation?.extra?.invokeIds).toEqual(result.run.invocations.map((item) => item.invokeId));
    expect(actions.filter((action) => action === 'RunCommand')).toHaveLength(2);
  });

  it('an unknown instance is refused: Invalid with the service code beside the others, thrown alone', async () => {
    await start();
    const result = await runAndWait(source(), { command: 'echo x', targets: [running[0] as string, 'swas-missing'] }, fastWait);
    expect(result.state).toBe('failure');
    expect(result.run.rejected.map((item) => [item.targetId, item.error.code])).toEqual([['swas-missing', 'InvalidInstanceId.NotFound']]);
    expect(result.invocation?.targets.find((target) => target.id === 'swas-missing')).toMatchObject({ status: 'Invalid', errorCode: 'InvalidInstanceId.NotFound' });
    const alone = await source().run({ command: 'echo x', targets: ['swas-missing'] }).catch((error: unknown) => error);
    expect(ApiError.isInstance(alone) && alone.code).toBe('InvalidInstanceId.NotFound');
  });

  it('a lost answer is never retried (no ClientToken): one invocation, and an error saying it may have started', async () => {
    await start({ faults: { swas: { dropCreatedResponses: 1 } } });
    const before = emulator.store.count('swas');
    const error = await source().run({ command: 'echo once', targets: [running[0] as string] }).catch((caught: unknown) => caught);
    expect(InvocationsError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(/got no answer .*may have started there.*no ClientToken/);
    expect(actions).toEqual(['RunCommand']);
    expect(emulator.store.count('swas')).toBe(before + 1);
  });

  it("states SWAS's documented limits and says them in its errors, before sending anything", async () => {
    await start();
    // The conformance suite checks that each limit is enforced; these are the values SWAS documents.
    expect(SWAS_RUN_LIMITS).toEqual({ maxCommandBase64Bytes: 16_384, maxParameters: 20, maxPlaceholders: 20, unsupported: ['tags', 'description', 'clientToken'] });
    const target = running[0] as string;
    const cases: [unknown, RegExp][] = [
      [{ command: 'x'.repeat(12_289), targets: [target] }, /command: must be at most 16384 bytes after Base64/],
      [{ command: 'x', targets: [target], description: 'd' }, /description: is not supported by swas RunCommand/],
      [{ command: 'x', targets: [target], clientToken: 'abc' }, /clientToken: is not supported by swas RunCommand/],
      [{ command: 'x', targets: [target], tags: [{ key: 'k' }] }, /tags: is not supported/],
      [{ command: 'x', targets: [target], timeoutSeconds: 9 }, /timeoutSeconds: must be at least 10/],
    ];
    for (const [request, message] of cases) {
      const error = await source().run(request as never).catch((caught: unknown) => caught);
      expect(InvalidQueryError.isInstance(error), String(error)).toBe(true);
      expect((error as Error).message).toMatch(message);
    }
    expect(actions).toEqual([]);
  });
});
