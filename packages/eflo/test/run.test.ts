// eflo run/stop against the emulator: success, failing node, command timeout, stop, unknown node,
// the idempotent retry, and the checks made before anything is sent.
import { canRun, canStop, InvalidQueryError, runAndWait } from '@invocations/core';
import { createManualClock, startEmulator, type Emulator } from '@invocations/emulator';
import { afterEach, describe, expect, it } from 'vitest';
import { createEfloSource, type EfloSourceOptions } from '../src/index.js';

const REGION = 'cn-hangzhou';
let emulator: Emulator;
let actions: string[] = [];

async function start(options: Parameters<typeof startEmulator>[0] = {}): Promise<void> {
  emulator = await startEmulator({ clock: createManualClock(Date.UTC(2025, 5, 1)), ...options });
  actions = [];
}
afterEach(async () => emulator?.close());

const source = (options: Partial<EfloSourceOptions> = {}) =>
  createEfloSource({
    region: REGION,
    endpoint: emulator.url,
    credentials: emulator.credentials,
    retry: { baseDelayMs: 1, maxDelayMs: 5 },
    hooks: { onRequest: (event) => actions.push(event.action) },
    ...options,
  });

const fastWait = { minDelayMs: 0, maxDelayMs: 0, sleep: async (ms: number) => void emulator.advance(Math.max(ms, 1_000)) };

describe('eflo run', () => {
  it('declares run and stop', async () => {
    await start();
    expect(canRun(source())).toBe(true);
    expect(canStop(source())).toBe(true);
  });

  it('runs on nodes and waits to success', async () => {
    await start();
    const result = await runAndWait(source(), { command: 'echo 训练', targets: ['e-node-1', 'e-node-2'], name: 'train', timeoutSeconds: 120, username: 'root', workingDir: '/data' }, { ...fastWait, includeOutput: true });
    expect(result.state).toBe('success');
    expect(result.run.commandId).toBeUndefined();
    expect(result.invocation?.targets.map((target) => [target.id, target.kind, target.output])).toEqual([
      ['e-node-1', 'node', '训练\n'],
      ['e-node-2', 'node', '训练\n'],
    ]);
    expect(emulator.store.get('eflo', REGION, result.run.invokeId)).toMatchObject({ commandName: 'train', timeoutSeconds: 120, username: 'root', workingDir: '/data' });
  });

  it('a failing node ends the run in failure and is named', async () => {
    await start();
    const result = await runAndWait(source(), { command: 'echo x', targets: ['e-ok', 'e-fail-1'] }, fastWait);
    expect(result.state).toBe('failure');
    expect(result.invocation?.targets.filter((target) => target.status === 'Failed').map((target) => target.id)).toEqual(['e-fail-1']);
  });

  it('a command that runs past its timeout ends in Timeout (ExecutionTimeout)', async () => {
    await start();
    const result = await runAndWait(source(), { command: 'sleep 20', targets: ['e-slow'], timeoutSeconds: 10 }, fastWait);
    expect(result.state).toBe('failure');
    expect(result.invocation?.targets[0]).toMatchObject({ status: 'Timeout', errorCode: 'ExecutionTimeout' });
  });

  it('an unknown node is Invalid with its error code', async () => {
    await start();
    const result = await runAndWait(source(), { command: 'echo x', targets: ['e-missing-1'] }, fastWait);
    expect(result.state).toBe('failure');
    expect(result.invocation?.targets[0]).toMatchObject({ status: 'Invalid', rawErrorCode: 'NodeNotExists' });
  });

  it('stops an invocation on all nodes or on some', async () => {
    await start();
    const eflo = source();
    const all = await eflo.run({ command: 'echo x', targets: ['e-a', 'e-b'] });
    await eflo.stop(all.invokeId);
    emulator.advance(5_000);
    expect((await eflo.get(all.invokeId)).status).toBe('Stopped');
    const some = await eflo.run({ command: 'echo x', targets: ['e-a', 'e-b'] });
    await eflo.stop(some.invokeId, { targetIds: ['e-b'] });
    emulator.advance(5_000);
    expect((await eflo.get(some.invokeId)).targets.map((target) => [target.id, target.status])).toEqual([
      ['e-a', 'Success'],
      ['e-b', 'Cancelled'],
    ]);
  });

  it('a retry after a lost answer reuses the ClientToken: exactly one invocation exists', async () => {
    await start({ faults: { eflo: { dropCreatedResponses: 1 } } });
    const result = await source().run({ command: 'echo once', targets: ['e-a'] });
    expect(actions).toEqual(['RunCommand', 'RunCommand']);
    expect(emulator.store.count('eflo')).toBe(1);
    expect(emulator.store.list('eflo', REGION)[0]?.invokeId).toBe(result.invokeId);
  });

  it('checks the request against eflo limits before sending anything', async () => {
    await start();
    const cases: [unknown, RegExp][] = [
      [{ command: 'x', targets: ['e-a'], type: 'powershell' }, /type: must be shell on eflo/],
      [{ command: 'x', targets: ['e-a'], tags: [{ key: 'k' }] }, /tags: is not supported by eflo RunCommand/],
      [{ command: 'x'.repeat(18_433), targets: ['e-a'] }, /command: must be at most 24576 bytes after Base64/],
      [{ command: 'x', targets: ['e-a'], timeoutSeconds: 86_401 }, /timeoutSeconds: must be at most 86400/],
    ];
    for (const [request, message] of cases) {
      const error = await source().run(request as never).catch((caught: unknown) => caught);
      expect(InvalidQueryError.isInstance(error), String(error)).toBe(true);
      expect((error as Error).message).toMatch(message);
    }
    expect(actions).toEqual([]);
  });
});
