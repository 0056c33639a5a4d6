import { XMLParser } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createManualClock, startEmulator, type Emulator } from '../src/index.js';
import { call } from './helpers.js';

let emulator: Emulator;
const clock = createManualClock(Date.UTC(2025, 0, 10, 8, 0, 0));

beforeAll(async () => {
  emulator = await startEmulator({ seed: 11, clock });
});
afterAll(() => emulator.close());

function describeEcs(query: Record<string, string>, region = 'cn-hangzhou') {
  return call(emulator, { product: 'ecs', action: 'DescribeInvocations', query: { RegionId: region, ...query } });
}

async function runCommand(query: Record<string, string>) {
  const result = await call(emulator, { product: 'ecs', action: 'RunCommand', query: { RegionId: 'cn-hangzhou', Type: 'RunShellScript', ...query } });
  expect(result.status, result.text).toBe(200);
  return result.json as { InvokeId: string; CommandId: string };
}

async function one(invokeId: string, extra: Record<string, string> = {}) {
  const result = await describeEcs({ InvokeId: invokeId, IncludeOutput: 'true', ContentEncoding: 'PlainText', ...extra });
  expect(result.status, result.text).toBe(200);
  return result.json.Invocations.Invocation[0];
}

describe('ECS DescribeInvocations', () => {
  it('returns the wrapped shape with every documented field, newest first', async () => {
    const result = await describeEcs({ PageSize: '50' });
    const invocations = result.json.Invocations.Invocation;
    expect(result.json).toMatchObject({ TotalCount: 120, PageNumber: 1, PageSize: 50 });
    expect(invocations).toHaveLength(50);
    const first = invocations[0];
    for (const field of ['InvokeId', 'CommandId', 'CommandName', 'CommandType', 'CommandContent', 'Parameters', 'RepeatMode', 'Frequency', 'Timed', 'Timeout', 'Username', 'CreationTime', 'InvocationStatus', 'InvokeStatus']) {
      expect(first, field).toHaveProperty(field);
    }
    expect(typeof first.Parameters).toBe('string');
    expect(typeof first.Timed).toBe('boolean');
    const target = first.InvokeInstances.InvokeInstance[0];
    for (const field of ['InstanceId', 'InvocationStatus', 'InstanceInvokeStatus', 'CreationTime', 'UpdateTime', 'Repeats', 'Output', 'Dropped', 'ErrorCode', 'ErrorInfo', 'Timed']) {
      expect(target, field).toHaveProperty(field);
    }
    const times = invocations.map((invocation: { CreationTime: string }) => Date.parse(invocation.CreationTime));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
  });

  it('covers every overall status in the seeded data, computed with aggregateStatus', async () => {
    const statuses = new Set<string>();
    for (const region of ['cn-hangzhou', 'cn-shanghai', 'cn-beijing']) {
      for (let page = 1; page <= 3; page++) {
        const result = await describeEcs({ PageSize: '50', PageNumber: String(page) }, region);
        for (const invocation of result.json.Invocations.Invocation) statuses.add(invocation.InvocationStatus);
      }
    }
    for (const status of ['Pending', 'Scheduled', 'Running', 'Success', 'Failed', 'PartialFailed', 'Stopped']) expect(statuses).toContain(status);
  });

  it('rejects PageSize outside 1..50 and PageNumber below 1 with 403', async () => {
    for (const size of ['0', '51', 'ten']) {
      const result = await describeEcs({ PageSize: size });
      expect(result.status).toBe(403);
      expect(result.json.Code).toBe('InvalidParam.PageSize');
    }
    const result = await describeEcs({ PageNumber: '0' });
    expect(result.status).toBe(403);
    expect(result.json.Code).toBe('InvalidParam.PageNumber');
  });

  it('pages with PageNumber/PageSize without overlap', async () => {
    const first = await describeEcs({ PageSize: '7', PageNumber: '1' });
    const second = await describeEcs({ PageSize: '7', PageNumber: '2' });
    const ids = [...first.json.Invocations.Invocation, ...second.json.Invocations.Invocation].map((item: { InvokeId: string }) => item.InvokeId);
    expect(new Set(ids).size).toBe(14);
    expect(second.json.PageNumber).toBe(2);
  });

  it('pages with MaxResults/NextToken until the token is empty, ignoring PageNumber', async () => {
    const seen: string[] = [];
    let token: string | undefined;
    for (let guard = 0; guard < 10; guard++) {
      const result = await describeEcs({ MaxResults: '50', PageNumber: '9', ...(token ? { NextToken: token } : {}) });
      expect(result.status).toBe(200);
      seen.push(...result.json.Invocations.Invocation.map((item: { InvokeId: string }) => item.InvokeId));
      token = result.json.NextToken;
      if (!token) break;
    }
    expect(seen).toHaveLength(120);
    expect(new Set(seen).size).toBe(120);
    const bad = await describeEcs({ NextToken: 'not-a-token' });
    expect(bad.status).toBe(400);
    const tooMany = await describeEcs({ MaxResults: '51' });
    expect(tooMany.status).toBe(403);
  });

  it('applies no InvokeStatus filter when absent, and filters by legacy or overall status when given', async () => {
    const all = await describeEcs({ PageSize: '50' });
    expect(new Set(all.json.Invocations.Invocation.map((item: { InvokeStatus: string }) => item.InvokeStatus)).size).toBeGreaterThan(1);
    for (const status of ['Finished', 'Failed', 'PartialFailed', 'Stopped', 'Running', 'Success', 'Pending', 'Scheduled']) {
      const result = await describeEcs({ InvokeStatus: status, PageSize: '50' });
      expect(result.status).toBe(200);
      for (const item of result.json.Invocations.Invocation) expect([item.InvokeStatus, item.InvocationStatus]).toContain(status);
    }
    const bad = await describeEcs({ InvokeStatus: 'Sleeping' });
    expect(bad.status).toBe(400);
    expect(bad.json.Code).toBe('InvalidParameter');
  });

  it('filters by CommandId, CommandName, CommandType, Timed, RepeatMode, ResourceGroupId, Tag and InstanceId', async () => {
    const page = (await describeEcs({ PageSize: '50' })).json.Invocations.Invocation;
    const sample = page.find((item: { Tags: { Tag: unknown[] } }) => item.Tags.Tag.length > 0);
    const checks: [Record<string, string>, (item: any) => boolean][] = [
      [{ CommandId: sample.CommandId }, (item) => item.CommandId === sample.CommandId],
      [{ CommandName: 'check-disk' }, (item) => item.CommandName === 'check-disk'],
      [{ CommandType: 'RunPowerShellScript' }, (item) => item.CommandType === 'RunPowerShellScript'],
      [{ Timed: 'true' }, (item) => item.Timed === true],
      [{ Timed: 'false' }, (item) => item.Timed === false],
      [{ RepeatMode: 'Period' }, (item) => item.RepeatMode === 'Period'],
      [{ 'Tag.1.Key': 'env', 'Tag.1.Value': sample.Tags.Tag[0].TagValue }, (item) => item.Tags.Tag.some((tag: any) => tag.TagKey === 'env' && tag.TagValue === sample.Tags.Tag[0].TagValue)],
      [{ InstanceId: sample.InvokeInstances.InvokeInstance[0].InstanceId }, (item) => item.InvokeInstances.InvokeInstance.some((target: any) => target.InstanceId === sample.InvokeInstances.InvokeInstance[0].InstanceId)],
    ];
    for (const [filter, predicate] of checks) {
      const result = await describeEcs({ ...filter, PageSize: '50' });
      expect(result.status, JSON.stringify(filter)).toBe(200);
      const items = result.json.Invocations.Invocation;
      expect(items.length, JSON.stringify(filter)).toBeGreaterThan(0);
      expect(items.length, JSON.stringify(filter)).toBeLessThan(120);
      for (const item of items) expect(predicate(item), JSON.stringify(filter)).toBe(true);
    }
    const rg = await describeEcs({ ResourceGroupId: 'rg-acfmzw2jz2z****', PageSize: '50' });
    expect(rg.json.TotalCount).toBeGreaterThan(0);
    expect(rg.json.TotalCount).toBeLessThan(120);
  });

  it('requires InvokeId or InstanceId with IncludeOutput=true', async () => {
    const result = await describeEcs({ IncludeOutput: 'true' });
    expect(result.status).toBe(400);
    expect(result.json.Message).toContain('IncludeOutput');
  });

  it('encodes CommandContent and Output in Base64 by default and as plain text on request', async () => {
    const { InvokeId } = await runCommand({ CommandContent: 'echo 你好，世界', 'InstanceId.1': 'i-encoding' });
    clock.advance(10_000);
    const base64 = (await describeEcs({ InvokeId, IncludeOutput: 'true' })).json.Invocations.Invocation[0];
    expect(Buffer.from(base64.CommandContent, 'base64').toString('utf8')).toBe('echo 你好，世界');
    expect(Buffer.from(base64.InvokeInstances.InvokeInstance[0].Output, 'base64').toString('utf8')).toBe('你好，世界\n');
    const plain = await one(InvokeId);
    expect(plain.CommandContent).toBe('echo 你好，世界');
    expect(plain.InvokeInstances.InvokeInstance[0].Output).toBe('你好，世界\n');
    const withoutOutput = (await describeEcs({ InvokeId })).json.Invocations.Invocation[0];
    expect(withoutOutput.InvokeInstances.InvokeInstance[0].Output).toBe('');
  });

  it('cuts output over 24 KB and reports the characters cut in Dropped', async () => {
    const { InvokeId } = await runCommand({ CommandContent: 'seq 10000', 'InstanceId.1': 'i-big' });
    clock.advance(10_000);
    const target = (await one(InvokeId)).InvokeInstances.InvokeInstance[0];
    const full = `${Array.from({ length: 10_000 }, (_, index) => index + 1).join('\n')}\n`;
    expect(target.Output).toBe(full.slice(0, 24 * 1024));
    expect(target.Dropped).toBe(full.length - 24 * 1024);
  });
});

describe('ECS RunCommand and the simulated agent', () => {
  it('moves targets Pending -> Running -> Success/Failed/Invalid with the steering rules', async () => {
    const { InvokeId, CommandId } = await runCommand({
      CommandContent: 'echo start\nsleep 5\nexit 3',
      'InstanceId.1': 'i-one',
      'InstanceId.2': 'i-missing-two',
      Name: 'steered',
    });
    expect(CommandId).toMatch(/^c-/);
    let invocation = await one(InvokeId);
    expect(invocation.InvocationStatus).toBe('Pending');
    expect(invocation.CommandName).toBe('steered');
    clock.advance(1_500);
    invocation = await one(InvokeId);
    expect(invocation.InvokeInstances.InvokeInstance.map((target: any) => target.InvocationStatus)).toEqual(['Running', 'Invalid']);
    expect(invocation.InvocationStatus).toBe('Running');
    expect(invocation.InvokeInstances.InvokeInstance[1]).toMatchObject({ ErrorCode: 'InstanceNotExists', ErrorInfo: 'the specified instance does not exists' });
    clock.advance(5_000);
    invocation = await one(InvokeId);
    expect(invocation.InvokeInstances.InvokeInstance[0]).toMatchObject({ InvocationStatus: 'Failed', ExitCode: 3, ErrorCode: 'ExitCodeNonzero', Output: 'start\n', InstanceInvokeStatus: 'Failed' });
    expect(invocation.InvocationStatus).toBe('Failed');
    expect(invocation.InvokeStatus).toBe('Failed');
  });

  it('gives PartialFailed when some targets succeed and some fail', async () => {
    const { InvokeId } = await runCommand({ CommandContent: 'echo ok', 'InstanceId.1': 'i-good', 'InstanceId.2': 'i-fail-here' });
    clock.advance(10_000);
    const invocation = await one(InvokeId);
    expect(invocation.InvocationStatus).toBe('PartialFailed');
    expect(invocation.InvokeStatus).toBe('PartialFailed');
    expect(invocation.InvokeInstances.InvokeInstance.map((target: any) => target.ExitCode)).toEqual([0, 1]);
  });

  it('times out a command that sleeps longer than Timeout, and marks Error and Aborted targets', async () => {
    const timeout = await runCommand({ CommandContent: 'sleep 120', Timeout: '30', 'InstanceId.1': 'i-slow' });
    const error = await runCommand({ CommandContent: 'echo x # emulator:error', 'InstanceId.1': 'i-err', 'InstanceId.2': 'i-stopped-vm', 'InstanceId.3': 'i-offline' });
    clock.advance(40_000);
    const slow = (await one(timeout.InvokeId)).InvokeInstances.InvokeInstance[0];
    expect(slow).toMatchObject({ InvocationStatus: 'Timeout', ErrorCode: 'ExecutionTimeout' });
    const targets = (await one(error.InvokeId)).InvokeInstances.InvokeInstance;
    expect(targets.map((target: any) => [target.InvocationStatus, target.ErrorCode])).toEqual([
      ['Error', 'ExecutionException'],
      ['Aborted', 'InstanceNotRunning'],
      ['Aborted', 'ClientNotRunning'],
    ]);
  });

  it('StopInvocation (documented): a running target runs on to its end, one not started goes Stopping -> Cancelled', async () => {
    const running = await runCommand({ CommandContent: 'echo still here\nsleep 60', 'InstanceId.1': 'i-long' });
    clock.advance(2_000);
    const notStarted = await runCommand({ CommandContent: 'sleep 600', 'InstanceId.1': 'i-later' });
    const stoppedAt = new Date(clock.now()).toISOString().replace(/\.\d{3}Z$/, 'Z');
    for (const id of [running.InvokeId, notStarted.InvokeId]) {
      const stop = await call(emulator, { product: 'ecs', action: 'StopInvocation', query: { RegionId: 'cn-hangzhou', InvokeId: id } });
      expect(stop.status).toBe(200);
    }
    let target = (await one(running.InvokeId)).InvokeInstances.InvokeInstance[0];
    expect(target).toMatchObject({ InvocationStatus: 'Running', StopTime: stoppedAt });
    expect((await one(notStarted.InvokeId)).InvocationStatus).toBe('Stopping');
    clock.advance(1_500);
    expect((await one(notStarted.InvokeId)).InvokeInstances.InvokeInstance[0]).toMatchObject({ InvocationStatus: 'Cancelled', InstanceInvokeStatus: 'Stopped', StopTime: stoppedAt });
    expect((await one(notStarted.InvokeId)).InvokeStatus).toBe('Stopped');
    clock.advance(60_000);
    const finished = await one(running.InvokeId);
    target = finished.InvokeInstances.InvokeInstance[0];
    expect(target).toMatchObject({ InvocationStatus: 'Success', ExitCode: 0, Output: 'still here\n', StopTime: stoppedAt });
    expect(finished.InvocationStatus).toBe('Success');
    const unknown = await call(emulator, { product: 'ecs', action: 'StopInvocation', query: { RegionId: 'cn-hangzhou', InvokeId: 't-nope' } });
    expect(unknown.status).toBe(404);
    expect(unknown.json.Code).toBe('InvalidInvokeId.NotFound');
  });

  it('runs periodic commands: Scheduled between runs, Repeats counting up, Timed true until stopped', async () => {
    const { InvokeId } = await runCommand({ CommandContent: 'echo tick', RepeatMode: 'Period', Frequency: 'rate(1m)', 'InstanceId.1': 'i-cron' });
    clock.advance(1_500);
    let invocation = await one(InvokeId);
    expect(invocation.InvocationStatus).toBe('Running');
    expect(invocation.Timed).toBe(true);
    clock.advance(5_000);
    invocation = await one(InvokeId);
    expect(invocation.InvocationStatus).toBe('Scheduled');
    expect(invocation.InvokeStatus).toBe('Running');
    expect(invocation.InvokeInstances.InvokeInstance[0]).toMatchObject({ Repeats: 1, Output: 'tick\n', ExitCode: 0, Timed: true });
    clock.advance(3 * 60_000);
    invocation = await one(InvokeId);
    expect(invocation.InvokeInstances.InvokeInstance[0].Repeats).toBe(4);
    await call(emulator, { product: 'ecs', action: 'StopInvocation', query: { RegionId: 'cn-hangzhou', InvokeId } });
    clock.advance(2_000);
    invocation = await one(InvokeId);
    expect(invocation.InvocationStatus).toBe('Stopped');
    expect(invocation.Timed).toBe(false);
  });

  it('validates RunCommand parameters with the service codes', async () => {
    const noInstance = await call(emulator, { product: 'ecs', action: 'RunCommand', query: { RegionId: 'cn-hangzhou', Type: 'RunShellScript', CommandContent: 'ls' } });
    expect(noInstance.json.Code).toBe('MissingInstanceId');
    const noType = await call(emulator, { product: 'ecs', action: 'RunCommand', query: { RegionId: 'cn-hangzhou', CommandContent: 'ls', 'InstanceId.1': 'i-a' } });
    expect(noType.json.Code).toBe('MissingType');
    const noFrequency = await runCommandRaw({ CommandContent: 'ls', 'InstanceId.1': 'i-a', RepeatMode: 'Period' });
    expect(noFrequency.json.Code).toBe('MissingFrequency');
    const base64 = await runCommand({ CommandContent: Buffer.from('echo b64').toString('base64'), ContentEncoding: 'Base64', 'InstanceId.1': 'i-b64', 'Tag.1.Key': 'team', 'Tag.1.Value': 'sre' });
    const invocation = await one(base64.InvokeId);
    expect(invocation.CommandContent).toBe('echo b64');
    expect(invocation.Tags.Tag).toEqual([{ TagKey: 'team', TagValue: 'sre' }]);
  });

  it('renders ECS XML as <Invocations><Invocation> with <InvokeInstances><InvokeInstance>', async () => {
    const { InvokeId } = await runCommand({ CommandContent: 'echo <&>', 'InstanceId.1': 'i-xml' });
    clock.advance(10_000);
    const result = await call(emulator, { product: 'ecs', action: 'DescribeInvocations', scheme: 'v1', format: 'XML', query: { RegionId: 'cn-hangzhou', InvokeId, IncludeOutput: 'true', ContentEncoding: 'PlainText' } });
    expect(result.text).toContain('<Invocations><Invocation>');
    expect(result.text).toContain('&lt;&amp;&gt;');
    const xml = new XMLParser({ trimValues: false }).parse(result.text);
    const target = xml.DescribeInvocationsResponse.Invocations.Invocation.InvokeInstances.InvokeInstance;
    expect(target.Output).toBe('<&>\n');
    expect(target.InstanceId).toBe('i-xml');
  });
});

function runCommandRaw(query: Record<string, string>) {
  return call(emulator, { product: 'ecs', action: 'RunCommand', query: { RegionId: 'cn-hangzhou', Type: 'RunShellScript', ...query } });
}
