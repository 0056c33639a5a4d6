// dropCreatedResponses: the invocation is made, its answer is lost; ClientToken lets the retry find it.
import { afterEach, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../src/index.js';
import { call } from './helpers.js';

let emulator: Emulator | undefined;
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

const ecsRun = (target: Emulator, query: Record<string, string>) =>
  call(target, { product: 'ecs', action: 'RunCommand', query: { RegionId: 'cn-hangzhou', Type: 'RunShellScript', CommandContent: 'echo hi', 'InstanceId.1': 'i-drop', ...query } });

describe('dropCreatedResponses', () => {
  it('destroys the connection of the first RunCommand that created an invocation, then answers again', async () => {
    emulator = await startEmulator({ faults: { dropCreatedResponses: 1 } });
    const token = { ClientToken: 'drop-token-1' };
    await expect(ecsRun(emulator, token)).rejects.toThrow(/socket hang up|ECONNRESET/);
    expect(emulator.store.count('ecs', 'cn-hangzhou')).toBe(1);
    const created = emulator.store.list('ecs', 'cn-hangzhou')[0]?.invokeId;
    const retry = await ecsRun(emulator, token);
    expect(retry.status).toBe(200);
    expect(retry.json.InvokeId).toBe(created);
    expect(emulator.store.count('ecs', 'cn-hangzhou')).toBe(1);
  });

  it('does not count answers that created nothing, and is set per product', async () => {
    emulator = await startEmulator({ faults: { eflo: { dropCreatedResponses: 1 } } });
    // ECS is not affected, and an eflo DescribeInvocations creates nothing, so it is answered.
    expect((await ecsRun(emulator, {})).status).toBe(200);
    const describe = await call(emulator, { product: 'eflo', action: 'DescribeInvocations', body: { InvokeId: 'e-none' } });
    expect(describe.status).toBe(200);
    const body = { CommandContent: 'echo hi', NodeIdList: '["e-node-1"]', ClientToken: 'eflo-token' };
    await expect(call(emulator, { product: 'eflo', action: 'RunCommand', body })).rejects.toThrow(/socket hang up|ECONNRESET/);
    const retry = await call(emulator, { product: 'eflo', action: 'RunCommand', body });
    expect(retry.status).toBe(200);
    expect(emulator.store.count('eflo')).toBe(1);
    expect(retry.json.InvokeId).toBe(emulator.store.list('eflo', 'cn-hangzhou')[0]?.invokeId);
    // The count is spent: the next new invocation is answered.
    expect((await call(emulator, { product: 'eflo', action: 'RunCommand', body: { ...body, ClientToken: 'other' } })).status).toBe(200);
    expect(emulator.store.count('eflo')).toBe(2);
  });

  it('refuses a count that is not a whole number', async () => {
    await expect(startEmulator({ faults: { dropCreatedResponses: 1.5 } })).rejects.toThrow(/dropCreatedResponses must be a whole number/);
  });
});

describe('eflo RunCommand ClientToken', () => {
  it('returns the first InvokeId for a repeated token and refuses a bad one', async () => {
    emulator = await startEmulator();
    const body = { CommandContent: 'echo hi', NodeIdList: '["e-node-1","e-node-2"]', ClientToken: 'same' };
    const first = await call(emulator, { product: 'eflo', action: 'RunCommand', body });
    const second = await call(emulator, { product: 'eflo', action: 'RunCommand', body });
    expect(second.json.InvokeId).toBe(first.json.InvokeId);
    expect(emulator.store.count('eflo')).toBe(1);
    const bad = await call(emulator, { product: 'eflo', action: 'RunCommand', body: { ...body, ClientToken: 'é' } });
    expect(bad.status).toBe(400);
    expect(bad.json.Message).toMatch(/ClientToken/);
  });
});
