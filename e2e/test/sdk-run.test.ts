// An invocation started with the official ECS SDK's RunCommand and one started with our `run` read
// identically through the ECS adapter (apart from their ids).
import EcsModule, * as $Ecs from '@alicloud/ecs20140526';
import { $OpenApiUtil } from '@alicloud/openapi-core';
import type { Invocation } from '@invocations/core';
import { createEcsSource } from '@invocations/ecs';
import { createManualClock, startEmulator, type Emulator } from '@invocations/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const REGION = 'cn-hangzhou';
let emulator: Emulator;

beforeAll(async () => {
  emulator = await startEmulator({ clock: createManualClock(Date.UTC(2025, 6, 1)) });
});
afterAll(() => emulator.close());

// Everything but the ids each call made.
function withoutIds(invocation: Invocation): unknown {
  const { invokeId: _invokeId, commandId: _commandId, ...rest } = invocation;
  return rest;
}

describe('official SDK RunCommand and our run', () => {
  it('read the same through the ECS adapter', async () => {
    const Ecs = ((EcsModule as unknown as { default?: typeof EcsModule }).default ?? EcsModule) as typeof EcsModule;
    const sdk = new Ecs(new $OpenApiUtil.Config({ ...emulator.credentials, endpoint: emulator.endpoint, protocol: 'http', regionId: REGION }));
    const command = 'echo 你好\nexit 3';
    const targets = ['i-one', 'i-missing-two'];
    const { body } = await sdk.runCommand(
      new $Ecs.RunCommandRequest({ regionId: REGION, type: 'RunShellScript', commandContent: command, instanceId: targets, timeout: 30, name: 'same', workingDir: '/srv' }),
    );
    const ecs = createEcsSource({ region: REGION, endpoint: emulator.url, credentials: emulator.credentials });
    const ours = await ecs.run({ command, targets, timeoutSeconds: 30, name: 'same', workingDir: '/srv' });
    emulator.advance(10_000);

    const theirs = await ecs.get(body?.invokeId as string, { includeOutput: true });
    const mine = await ecs.get(ours.invokeId, { includeOutput: true });
    expect(theirs.status).toBe('Failed');
    expect(theirs.targets.map((target) => [target.id, target.status, target.exitCode ?? target.errorCode])).toEqual([
      ['i-one', 'Failed', 3],
      ['i-missing-two', 'Invalid', 'TargetNotExists'],
    ]);
    expect(withoutIds(mine)).toEqual(withoutIds(theirs));
    expect(body?.commandId).toMatch(/^c-/);
    expect(ours.commandId).toMatch(/^c-/);
  });
});
