// SWAS run against the emulator: one RunCommand per instance, success, failing instance, command
// timeout, unknown instance (refused, shown as Invalid with its code), and no retry after a lost answer.
import { ApiError, canRun, canStop, InvalidQueryError, InvocationsError, runAndWait } from '@invocations/core';
import { createManualClock, startEmulator, type Emulator } from '@invocations/emulator';
import { afterEach, describe, expect, it } from 'vitest';
import { createSwasSource, SWAS_DEFAULT_COMMAND_NAME, type SwasSourceOptions } from '../src/index.js';

const REGION = 'cn-hangzhou';
let emulator: Emulator;
let actions: string[] = [];
let running: string[] = [];

async function start(options: Parameters<typeof startEmulator>[0] = {}): Promise<void> {
  emulator = await startEmulator({ seed: 3, seedOptions: { perRegion: 4, swasInstances: 4 }, clock: createManualClock(Date.UTC(2025, 5, 1)), ...options });
  const instances = emulator.instances.list(REGION).filter((instance) => instance.Status === 'Running');
  running = instances.map((instance) => instance.InstanceId);
  // A running instance whose id makes the simulated agent exit 1 (the steering rules).
  emulator.instances.add({ ...(instances[0] as (typeof instances)[number]), InstanceId: 'swas-fail-1' });
  actions = [];
}
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
  it('declares run but not stop (SWAS has no StopInvocation)', async () => {
    await start();
    expect(canRun(source())).toBe(true);
    expect(canStop(source())).toBe(false);
  });

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

  it('a failing instance ends the run in failure and is named', async () => {
    await start();
    const result = await runAndWait(source(), { command: 'echo x', targets: [running[0] as string, 'swas-fail-1'] }, fastWait);
    expect(result.state).toBe('failure');
    expect(result.invocation?.status).toBe('PartialFailed');
    expect(result.invocation?.targets.filter((target) => target.status === 'Failed').map((target) => target.id)).toEqual(['swas-fail-1']);
  });

  it('a command that runs past its timeout ends in Timeout (ExecutionTimeout)', async () => {
    await start();
    const result = await runAndWait(source(), { command: 'sleep 20', targets: [running[0] as string], timeoutSeconds: 10 }, fastWait);
    expect(result.state).toBe('failure');
    expect(result.invocation?.targets[0]).toMatchObject({ status: 'Timeout', errorCode: 'ExecutionTimeout' });
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

  it('checks the request against SWAS limits before sending anything', async () => {
    await start();
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
