// eflo run/stop against the emulator: the shared run conformance suite, then what is eflo's own: nodes
// and the fields stored, the unknown-node code, the idempotent retry, the limits' values and messages.
import { InvalidQueryError, runAndWait } from '@invocations/core';
import { describeRunConformance } from '@invocations/core/testing';
import { createManualClock, startEmulator, type Emulator } from '@invocations/emulator';
import { afterEach, describe, expect, it } from 'vitest';
import { createEfloSource, EFLO_RUN_LIMITS, type EfloSourceOptions } from '../src/index.js';

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

describeRunConformance({
  name: 'eflo',
  product: 'eflo',
  limits: EFLO_RUN_LIMITS,
  stop: true,
  async setup() {
    const conformance = await startEmulator({ clock: createManualClock(Date.UTC(2025, 5, 1)) });
    return { region: REGION, endpoint: conformance.url, credentials: conformance.credentials, close: () => conformance.close(), targets: ['e-node-1', 'e-node-2'], failingTarget: 'e-fail-1', advance: (ms) => void conformance.advance(ms) };
  },
  createSource: (environment, overrides) =>
    createEfloSource({ region: environment.region, endpoint: overrides?.endpoint ?? environment.endpoint, credentials: environment.credentials, retry: false }),
});

const fastWait = { minDelayMs: 0, maxDelayMs: 0, sleep: async (ms: number) => void emulator.advance(Math.max(ms, 1_000)) };

describe('eflo run', () => {
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

  it('an unknown node is Invalid with its error code', async () => {
    await start();
    const result = await runAndWait(source(), { command: 'echo x', targets: ['e-missing-1'] }, fastWait);
    expect(result.state).toBe('failure');
    expect(result.invocation?.targets[0]).toMatchObject({ status: 'Invalid', rawErrorCode: 'NodeNotExists' });
  });

  it('a retry after a lost answer reuses the ClientToken: exactly one invocation exists', async () => {
    await start({ faults: { eflo: { dropCreatedResponses: 1 } } });
    const result = await source().run({ command: 'echo once', targets: ['e-a'] });
    expect(actions).toEqual(['RunCommand', 'RunCommand']);
    expect(emulator.store.count('eflo')).toBe(1);
    expect(emulator.store.list('eflo', REGION)[0]?.invokeId).toBe(result.invokeId);
  });

  it("states eflo's documented limits and says them in its errors, before sending anything", async () => {
    await start();
    // The conformance suite checks that each limit is enforced; these are the values eflo documents.
    expect(EFLO_RUN_LIMITS).toEqual({ maxCommandBase64Bytes: 24_576, maxParameters: 10, maxPlaceholders: 20, types: ['shell'], unsupported: ['tags'] });
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
