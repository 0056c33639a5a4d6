// Behaviour taken from the official SDK's documentation and the ECS API reference (cited in src/).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createManualClock, startEmulator, type Emulator } from '../src/index.js';
import { call } from './helpers.js';

let emulator: Emulator;
const clock = createManualClock(Date.UTC(2025, 3, 1, 0, 0, 0));

beforeAll(async () => {
  emulator = await startEmulator({ seed: 2, clock });
});
afterAll(() => emulator.close());

function ecs(action: string, query: Record<string, string>, target: Emulator = emulator) {
  return call(target, { product: 'ecs', action, query: { RegionId: 'cn-hangzhou', ...query } });
}

async function run(query: Record<string, string>, target: Emulator = emulator): Promise<string> {
  const result = await ecs('RunCommand', { Type: 'RunShellScript', ...query }, target);
  expect(result.status, result.text).toBe(200);
  return result.json.InvokeId as string;
}

async function describeOne(invokeId: string, target: Emulator = emulator) {
  const result = await ecs('DescribeInvocations', { InvokeId: invokeId, IncludeOutput: 'true', ContentEncoding: 'PlainText' }, target);
  expect(result.status, result.text).toBe(200);
  return result.json.Invocations.Invocation[0];
}

describe('RunCommand', () => {
  it('returns the same InvokeId for a repeated ClientToken and creates nothing new', async () => {
    const query = { CommandContent: 'echo once', 'InstanceId.1': 'i-token', ClientToken: '123e4567-e89b-12d3-a456-426655440000' };
    const first = await ecs('RunCommand', { Type: 'RunShellScript', ...query });
    const count = emulator.store.count('ecs', 'cn-hangzhou');
    const second = await ecs('RunCommand', { Type: 'RunShellScript', ...query });
    expect(second.json).toEqual({ ...first.json, RequestId: second.json.RequestId });
    expect(emulator.store.count('ecs', 'cn-hangzhou')).toBe(count);
    const other = await ecs('RunCommand', { Type: 'RunShellScript', ...query, ClientToken: 'another-token' });
    expect(other.json.InvokeId).not.toBe(first.json.InvokeId);
    const bad = await ecs('RunCommand', { Type: 'RunShellScript', ...query, ClientToken: 'x'.repeat(65) });
    expect(bad.json).toMatchObject({ Code: 'InvalidParameter' });
    expect(bad.json.Message).toMatch(/ClientToken/);
  });

  it('checks a RepeatMode=DryRun request and runs nothing', async () => {
    const count = emulator.store.count('ecs', 'cn-hangzhou');
    const dry = await ecs('RunCommand', { Type: 'RunShellScript', CommandContent: 'rm -rf /tmp/x', 'InstanceId.1': 'i-dry', RepeatMode: 'DryRun' });
    expect(dry.status).toBe(400);
    expect(dry.json.Code).toBe('DryRunOperation');
    const invalid = await ecs('RunCommand', { Type: 'RunShellScript', CommandContent: 'ls', RepeatMode: 'DryRun' });
    expect(invalid.json.Code).toBe('MissingInstanceId');
    expect(emulator.store.count('ecs', 'cn-hangzhou')).toBe(count);
  });

  it('substitutes {{name}} from Parameters, and built-in {{ACS::...}} names, when EnableParameter=true', async () => {
    const content = 'echo {{ Name }}\necho {{ACS::InstanceId}} in {{ACS::RegionId}}\necho [{{missing}}]';
    const invokeId = await run({ CommandContent: content, 'InstanceId.1': 'i-p1', 'InstanceId.2': 'i-p2', EnableParameter: 'true', Parameters: '{"name":"Jack"}' });
    clock.advance(10_000);
    const invocation = await describeOne(invokeId);
    expect(invocation.CommandContent).toBe(content);
    expect(invocation.Parameters).toBe('{"name":"Jack"}');
    expect(invocation.InvokeInstances.InvokeInstance.map((target: any) => target.Output)).toEqual([
      'Jack\ni-p1 in cn-hangzhou\n[]\n',
      'Jack\ni-p2 in cn-hangzhou\n[]\n',
    ]);
    const plain = await run({ CommandContent: 'echo {{name}}', 'InstanceId.1': 'i-p3', Parameters: '{"name":"Jack"}' });
    clock.advance(10_000);
    expect((await describeOne(plain)).InvokeInstances.InvokeInstance[0].Output).toBe('{{name}}\n');
    const tooMany = await ecs('RunCommand', { Type: 'RunShellScript', CommandContent: 'ls', 'InstanceId.1': 'i-a', EnableParameter: 'true', Parameters: JSON.stringify(Object.fromEntries(Array.from({ length: 11 }, (_, index) => [`k${index}`, 'v']))) });
    expect(tooMany.json.Code).toBe('InvalidParameter');
  });

  it('returns the OSS output fields when RunCommand asked for OSS delivery, and not otherwise', async () => {
    const invokeId = await run({ CommandContent: 'echo oss\nsleep 5', 'InstanceId.1': 'i-oss', 'InstanceId.2': 'i-missing-oss', OssOutputDelivery: 'oss://test-bucket/prefix' });
    clock.advance(2_000);
    let invocation = await describeOne(invokeId);
    expect(invocation.OssOutputDelivery).toBe('oss://test-bucket/prefix');
    expect(invocation.InvokeInstances.InvokeInstance[0]).toMatchObject({ OssOutputStatus: 'InProgress', OssOutputUri: '', OssOutputErrorCode: '', OssOutputErrorInfo: '' });
    clock.advance(10_000);
    invocation = await describeOne(invokeId);
    expect(invocation.InvokeInstances.InvokeInstance[0]).toMatchObject({ OssOutputStatus: 'Finished', OssOutputUri: `oss://test-bucket/prefix/${invokeId}/i-oss` });
    expect(invocation.InvokeInstances.InvokeInstance[1]).toMatchObject({ InvocationStatus: 'Invalid', OssOutputStatus: '', OssOutputUri: '' });
    const plain = await describeOne(await run({ CommandContent: 'echo', 'InstanceId.1': 'i-no-oss' }));
    expect(plain).not.toHaveProperty('OssOutputDelivery');
    expect(plain.InvokeInstances.InvokeInstance[0]).not.toHaveProperty('OssOutputStatus');
    const bad = await ecs('RunCommand', { Type: 'RunShellScript', CommandContent: 'ls', 'InstanceId.1': 'i-a', OssOutputDelivery: 'https://bucket' });
    expect(bad.json.Code).toBe('InvalidParameter');
  });
});

describe('targets carry ExitCode, StartTime, FinishTime and StopTime as the service sends them', () => {
  it('sends StopTime on a finished target that was never stopped, equal to UpdateTime (seed 003 example)', async () => {
    const invokeId = await run({ CommandContent: 'echo done\nsleep 1', 'InstanceId.1': 'i-times' });
    let target = (await describeOne(invokeId)).InvokeInstances.InvokeInstance[0];
    expect(target.InvocationStatus).toBe('Pending');
    for (const field of ['StartTime', 'FinishTime', 'StopTime', 'ExitCode']) expect(target, field).not.toHaveProperty(field);
    clock.advance(1_500);
    target = (await describeOne(invokeId)).InvokeInstances.InvokeInstance[0];
    expect(target.InvocationStatus).toBe('Running');
    expect(target.StartTime).toMatch(/Z$/);
    expect(target).not.toHaveProperty('StopTime');
    clock.advance(5_000);
    target = (await describeOne(invokeId)).InvokeInstances.InvokeInstance[0];
    expect(target).toMatchObject({ InvocationStatus: 'Success', ExitCode: 0 });
    expect(target.StopTime).toBe(target.UpdateTime);
    expect(target.FinishTime).toBe(target.UpdateTime);
    expect(Date.parse(target.StartTime)).toBeLessThan(Date.parse(target.FinishTime));
  });
});

describe('StopInvocation', () => {
  it('answers 403 InstanceIds.ExceedLimit for more than 50 InstanceId.N', async () => {
    const invokeId = await run({ CommandContent: 'sleep 100', 'InstanceId.1': 'i-many' });
    const ids = Object.fromEntries(Array.from({ length: 51 }, (_, index) => [`InstanceId.${index + 1}`, `i-${index}`]));
    const result = await ecs('StopInvocation', { InvokeId: invokeId, ...ids });
    expect(result.status).toBe(403);
    expect(result.json.Code).toBe('InstanceIds.ExceedLimit');
    delete ids['InstanceId.51'];
    expect((await ecs('StopInvocation', { InvokeId: invokeId, ...ids })).status).toBe(200);
  });

  it('lets a periodic run in progress finish, then starts no next cycle', async () => {
    const invokeId = await run({ CommandContent: 'echo tick\nsleep 20', RepeatMode: 'Period', Frequency: 'rate(1m)', 'InstanceId.1': 'i-period' });
    clock.advance(5_000);
    expect((await describeOne(invokeId)).InvokeInstances.InvokeInstance[0].InvocationStatus).toBe('Running');
    await ecs('StopInvocation', { InvokeId: invokeId });
    let invocation = await describeOne(invokeId);
    expect(invocation.InvokeInstances.InvokeInstance[0]).toMatchObject({ InvocationStatus: 'Running', Timed: false });
    expect(invocation.Timed).toBe(false);
    clock.advance(20_000);
    invocation = await describeOne(invokeId);
    expect(invocation.InvokeInstances.InvokeInstance[0]).toMatchObject({ InvocationStatus: 'Cancelled', Output: 'tick\n', ExitCode: 0, Repeats: 1 });
    expect(invocation.InvocationStatus).toBe('Stopped');
    clock.advance(5 * 60_000);
    expect((await describeOne(invokeId)).InvokeInstances.InvokeInstance[0].Repeats).toBe(1);
  });

  it('cuts a running target short with stopBehaviour: terminate', async () => {
    const termClock = createManualClock(Date.UTC(2025, 3, 1));
    const old = await startEmulator({ clock: termClock, simulation: { stopBehaviour: 'terminate' } });
    try {
      const invokeId = await run({ CommandContent: 'sleep 600', 'InstanceId.1': 'i-long' }, old);
      termClock.advance(2_000);
      await ecs('StopInvocation', { InvokeId: invokeId }, old);
      expect((await describeOne(invokeId, old)).InvocationStatus).toBe('Stopping');
      termClock.advance(1_500);
      const invocation = await describeOne(invokeId, old);
      expect(invocation.InvokeInstances.InvokeInstance[0]).toMatchObject({ InvocationStatus: 'Terminated', ErrorCode: 'ExecutionInterrupted' });
      expect(invocation.InvocationStatus).toBe('Stopped');
    } finally {
      await old.close();
    }
    await expect(startEmulator({ simulation: { stopBehaviour: 'kill' as never } })).rejects.toThrow(/stopBehaviour must be/);
  });
});

describe('DescribeInvocations', () => {
  it('ignores InvokeStatus=PartialFailed together with InstanceId, as the SDK documents', async () => {
    const partial = await run({ CommandContent: 'echo', 'InstanceId.1': 'i-shared', 'InstanceId.2': 'i-shared-fail' });
    const success = await run({ CommandContent: 'echo', 'InstanceId.1': 'i-shared' });
    clock.advance(10_000);
    expect((await describeOne(partial)).InvocationStatus).toBe('PartialFailed');
    const withInstance = await ecs('DescribeInvocations', { InstanceId: 'i-shared', InvokeStatus: 'PartialFailed' });
    expect(withInstance.json.Invocations.Invocation.map((item: any) => item.InvokeId).sort()).toEqual([partial, success].sort());
    const without = await ecs('DescribeInvocations', { InvokeStatus: 'PartialFailed', PageSize: '50' });
    const statuses = new Set(without.json.Invocations.Invocation.map((item: any) => item.InvokeStatus));
    expect([...statuses]).toEqual(['PartialFailed']);
  });
});
