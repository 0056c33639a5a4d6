// ECS run/stop against the emulator: success, failing target, command timeout, stop, unknown target,
// the idempotent retry, and the checks made before anything is sent.
import { canRun, canStop, InvalidQueryError, runAndWait, type Invocation } from '@invocations/core';
import { createManualClock, startEmulator, type Emulator } from '@invocations/emulator';
import { afterEach, describe, expect, it } from 'vitest';
import { createEcsSource, ECS_RUN_LIMITS, type EcsSourceOptions } from '../src/index.js';

const REGION = 'cn-hangzhou';
let emulator: Emulator;
let actions: string[] = [];
const clock = createManualClock(Date.UTC(2025, 5, 1));

async function start(options: Parameters<typeof startEmulator>[0] = {}): Promise<void> {
  emulator = await startEmulator({ clock, ...options });
  actions = [];
}
afterEach(async () => emulator?.close());

const source = (options: Partial<EcsSourceOptions> = {}) =>
  createEcsSource({
    region: REGION,
    endpoint: emulator.url,
    credentials: emulator.credentials,
    retry: { baseDelayMs: 1, maxDelayMs: 5 },
    hooks: { onRequest: (event) => actions.push(event.action) },
    ...options,
  });

// The simulation moves by the emulator's clock: each poll's pause advances it instead of waiting.
const fastWait = { minDelayMs: 0, maxDelayMs: 0, sleep: async (ms: number) => void emulator.advance(Math.max(ms, 1_000)) };

describe('ECS run', () => {
  it('declares run and stop', async () => {
    await start();
    expect(canRun(source())).toBe(true);
    expect(canStop(source())).toBe(true);
  });

  it('runs and waits to success, sending the content Base64 with a ClientToken', async () => {
    await start();
    const updates: string[] = [];
    const result = await runAndWait(
      source(),
      { command: 'echo 你好', targets: ['i-one', 'i-two'], name: 'greet', timeoutSeconds: 30, workingDir: '/tmp', username: 'admin', tags: [{ key: 'team', value: 'ops' }] },
      { ...fastWait, onUpdate: (invocation) => updates.push(invocation.status) },
    );
    expect(result.state).toBe('success');
    expect(result.run.split).toBe(false);
    expect(result.run.commandId).toMatch(/^c-/);
    expect(result.run.clientToken).toMatch(/^[0-9a-f-]{36}$/);
    expect(updates.at(-1)).toBe('Success');
    expect(updates.length).toBeGreaterThan(1);
    const stored = emulator.store.get('ecs', REGION, result.run.invokeId);
    expect(stored).toMatchObject({ commandName: 'greet', commandContent: 'echo 你好', timeoutSeconds: 30, workingDir: '/tmp', username: 'admin', tags: [{ key: 'team', value: 'ops' }] });
    const read = await source().get(result.run.invokeId, { includeOutput: true });
    expect(read.targets.map((target) => target.output)).toEqual(['你好\n', '你好\n']);
  });

  it('a failing target ends the run in failure and is named', async () => {
    await start();
    const result = await runAndWait(source(), { command: 'echo x', targets: ['i-ok', 'i-fail-1'] }, fastWait);
    expect(result.state).toBe('failure');
    expect(result.invocation?.status).toBe('PartialFailed');
    const failed = result.invocation?.targets.filter((target) => target.status === 'Failed');
    expect(failed?.map((target) => [target.id, target.exitCode])).toEqual([['i-fail-1', 1]]);
  });

  it('a command that runs past its timeout ends in Timeout (ExecutionTimeout)', async () => {
    await start();
    const result = await runAndWait(source(), { command: 'sleep 20', targets: ['i-slow'], timeoutSeconds: 10 }, fastWait);
    expect(result.state).toBe('failure');
    expect(result.invocation?.targets[0]).toMatchObject({ status: 'Timeout', errorCode: 'ExecutionTimeout' });
  });

  it('an unknown target is Invalid with its error code', async () => {
    await start();
    const result = await runAndWait(source(), { command: 'echo x', targets: ['i-missing-1'] }, fastWait);
    expect(result.state).toBe('failure');
    expect(result.invocation?.targets[0]).toMatchObject({ status: 'Invalid', errorCode: 'TargetNotExists', rawErrorCode: 'InstanceNotExists' });
  });

  it('stops an invocation on all targets or on some', async () => {
    await start();
    const ecs = source();
    const all = await ecs.run({ command: 'echo x', targets: ['i-a', 'i-b'] });
    await ecs.stop(all.invokeId);
    emulator.advance(5_000);
    expect((await ecs.get(all.invokeId)).status).toBe('Stopped');

    const some = await ecs.run({ command: 'echo x', targets: ['i-a', 'i-b'] });
    await ecs.stop(some.invokeId, { targetIds: ['i-b'] });
    emulator.advance(5_000);
    const statuses = (await ecs.get(some.invokeId)).targets.map((target) => [target.id, target.status]);
    expect(statuses).toEqual([['i-a', 'Success'], ['i-b', 'Cancelled']]);
    expect(actions.filter((action) => action === 'StopInvocation')).toHaveLength(2);
  });

  it('a retry after a lost answer reuses the ClientToken: exactly one invocation exists', async () => {
    await start({ faults: { ecs: { dropCreatedResponses: 1 } } });
    const result = await source().run({ command: 'echo once', targets: ['i-a'] });
    expect(actions).toEqual(['RunCommand', 'RunCommand']);
    expect(emulator.store.count('ecs')).toBe(1);
    expect(emulator.store.list('ecs', REGION)[0]?.invokeId).toBe(result.invokeId);
  });

  it('keeps a caller token and gets the first invocation back for it', async () => {
    await start();
    const first = await source().run({ command: 'echo once', targets: ['i-a'], clientToken: 'my-token' });
    const second = await source().run({ command: 'echo once', targets: ['i-a'], clientToken: 'my-token' });
    expect(second.invokeId).toBe(first.invokeId);
    expect(first.clientToken).toBe('my-token');
    expect(emulator.store.count('ecs')).toBe(1);
  });

  it('checks the request against ECS limits before sending anything', async () => {
    await start();
    const cases: [unknown, RegExp][] = [
      [{ command: 'x', targets: Array.from({ length: 101 }, (_, index) => `i-${index}`) }, /targets: must hold at most 100 targets on ecs \(got 101\)/],
      [{ command: 'x'.repeat(18_433), targets: ['i-a'] }, /command: must be at most 24576 bytes after Base64 .* got 24580/],
      [{ command: 'x', targets: ['i-a'], timeoutSeconds: 5 }, /timeoutSeconds: must be at least 10/],
      [{ command: 'x', targets: ['i-a'], parameters: Object.fromEntries(Array.from({ length: 11 }, (_, index) => [`p${index}`, 'v'])) }, /parameters: must hold at most 10/],
    ];
    for (const [request, message] of cases) {
      const error = await source().run(request as never).catch((caught: unknown) => caught);
      expect(InvalidQueryError.isInstance(error), String(error)).toBe(true);
      expect((error as Error).message).toMatch(message);
    }
    // 18,432 bytes are exactly 24 KB after Base64: accepted.
    expect(ECS_RUN_LIMITS.maxCommandBase64Bytes).toBe(24_576);
    await expect(source().run({ command: 'x'.repeat(18_432), targets: ['i-a'] })).resolves.toMatchObject({ invokeId: expect.stringMatching(/^t-/) });
    await expect(source().stop('t-x', { targetIds: Array.from({ length: 51 }, (_, index) => `i-${index}`) })).rejects.toThrow(/targetIds: must hold at most 50 targets on ecs/);
    expect(actions).toEqual(['RunCommand']);
  });

  it('substitutes parameters with EnableParameter', async () => {
    await start();
    const result = await runAndWait(source(), { command: 'echo {{ who }}', targets: ['i-a'], parameters: { who: 'world' } }, { ...fastWait, includeOutput: true });
    expect((result.invocation as Invocation).targets[0]?.output).toBe('world\n');
  });
});
