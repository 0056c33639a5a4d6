// ECS run/stop against the emulator: the shared run conformance suite, then what is ECS's own: the
// wire fields stored, the unknown-target code, the idempotent retry, the caller's token, the limits.
import { InvalidQueryError, runAndWait, type Invocation } from '@invocations/core';
import { describeRunConformance } from '@invocations/core/testing';
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

describeRunConformance({
  name: 'ecs',
  product: 'ecs',
  limits: ECS_RUN_LIMITS,
  stop: true,
  async setup() {
    const conformance = await startEmulator({ clock: createManualClock(Date.UTC(2025, 5, 1)) });
    return { region: REGION, endpoint: conformance.url, credentials: conformance.credentials, close: () => conformance.close(), targets: ['i-one', 'i-two'], failingTarget: 'i-fail-1', advance: (ms) => void conformance.advance(ms) };
  },
  createSource: (environment, overrides) =>
    createEcsSource({ region: environment.region, endpoint: overrides?.endpoint ?? environment.endpoint, credentials: environment.credentials, retry: false }),
});

// The simulation moves by the emulator's clock: each poll's pause advances it instead of waiting.
const fastWait = { minDelayMs: 0, maxDelayMs: 0, sleep: async (ms: number) => void emulator.advance(Math.max(ms, 1_000)) };

describe('ECS run', () => {
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

  it('an unknown target is Invalid with its error code', async () => {
    await start();
    const result = await runAndWait(source(), { command: 'echo x', targets: ['i-missing-1'] }, fastWait);
    expect(result.state).toBe('failure');
    expect(result.invocation?.targets[0]).toMatchObject({ status: 'Invalid', errorCode: 'TargetNotExists', rawErrorCode: 'InstanceNotExists' });
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

  it("states ECS's documented limits, says them in its errors, and stops at most 50 targets a call", async () => {
    await start();
    // The conformance suite checks that each limit is enforced; these are the values ECS documents.
    expect(ECS_RUN_LIMITS).toEqual({ maxTargets: 100, maxCommandBase64Bytes: 24_576, maxParameters: 10, maxPlaceholders: 20 });
    const error = await source().run({ command: 'x'.repeat(18_433), targets: ['i-a'] }).catch((caught: unknown) => caught);
    expect(InvalidQueryError.isInstance(error), String(error)).toBe(true);
    expect((error as Error).message).toMatch(/command: must be at most 24576 bytes after Base64 .* on ecs, got 24580/);
    await expect(source().stop('t-x', { targetIds: Array.from({ length: 51 }, (_, index) => `i-${index}`) })).rejects.toThrow(/targetIds: must hold at most 50 targets on ecs/);
    expect(actions).toEqual([]);
  });

  it('substitutes parameters with EnableParameter', async () => {
    await start();
    const result = await runAndWait(source(), { command: 'echo {{ who }}', targets: ['i-a'], parameters: { who: 'world' } }, { ...fastWait, includeOutput: true });
    expect((result.invocation as Invocation).targets[0]?.output).toBe('world\n');
  });
});
