import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createManualClock, startEmulator, type Emulator } from '../src/index.js';
import { call } from './helpers.js';

let emulator: Emulator;
const clock = createManualClock(Date.UTC(2025, 5, 1, 0, 0, 0));

beforeAll(async () => {
  emulator = await startEmulator({ seed: 9, clock });
});
afterAll(() => emulator.close());

function eflo(action: string, body: Record<string, string>, host?: string) {
  return call(emulator, { product: 'eflo', action, body, ...(host ? { host } : {}) });
}

describe('eflo-controller (V3, POST form body, region from the endpoint)', () => {
  it('requires InvokeId', async () => {
    const result = await eflo('DescribeInvocations', {});
    expect(result.status).toBe(400);
    expect(result.json.Code).toBe('MissingInvokeId');
  });

  it('runs, describes with InvokeNodes.InvokeNode[], filters by NodeId and stops', async () => {
    const run = await eflo('RunCommand', { CommandContent: 'echo 训练开始\nsleep 30', NodeIdList: '["e01-cn-a","e01-cn-b","e01-missing"]', Name: 'train', Timeout: '120' });
    expect(run.status, run.text).toBe(200);
    const invokeId = run.json.InvokeId as string;
    clock.advance(2_000);
    let result = await eflo('DescribeInvocations', { InvokeId: invokeId, IncludeOutput: 'true', ContentEncoding: 'PlainText' });
    let invocation = result.json.Invocations.Invocation[0];
    expect(Object.keys(result.json).sort()).toEqual(['Invocations', 'RequestId']);
    expect(invocation).not.toHaveProperty('CommandId');
    expect(invocation).toMatchObject({ CommandName: 'train', InvocationStatus: 'Running', Timeout: 120 });
    expect(invocation.InvokeNodes.InvokeNode.map((node: any) => [node.NodeId, node.InvocationStatus])).toEqual([
      ['e01-cn-a', 'Running'],
      ['e01-cn-b', 'Running'],
      ['e01-missing', 'Invalid'],
    ]);
    expect(invocation.InvokeNodes.InvokeNode[2]).toMatchObject({ ErrorCode: 'NodeNotExists', ErrorInfo: 'the specified node does not exists', Timed: 'false' });

    const stop = await eflo('StopInvocation', { InvokeId: invokeId, NodeIdList: '["e01-cn-b"]' });
    expect(stop.status).toBe(200);
    clock.advance(1_500);
    result = await eflo('DescribeInvocations', { InvokeId: invokeId, NodeId: 'e01-cn-b' });
    invocation = result.json.Invocations.Invocation[0];
    expect(invocation.InvokeNodes.InvokeNode).toHaveLength(1);
    // A node that has started runs on (the documented StopInvocation behaviour); the call time is its StopTime.
    expect(invocation.InvokeNodes.InvokeNode[0]).toMatchObject({ NodeId: 'e01-cn-b', InvocationStatus: 'Running', NodeInvokeStatus: 'Running' });
    expect(invocation.InvokeNodes.InvokeNode[0].StopTime).toMatch(/Z$/);
    expect(invocation.InvocationStatus).toBe('Running');

    clock.advance(60_000);
    result = await eflo('DescribeInvocations', { InvokeId: invokeId, IncludeOutput: 'true' });
    invocation = result.json.Invocations.Invocation[0];
    expect(invocation.InvokeNodes.InvokeNode.map((node: any) => node.InvocationStatus)).toEqual(['Success', 'Success', 'Invalid']);
    expect(invocation.InvocationStatus).toBe('PartialFailed');
    expect(Buffer.from(invocation.InvokeNodes.InvokeNode[0].Output, 'base64').toString('utf8')).toBe('训练开始\n');
  });

  it('keeps regions apart: the region comes from the Host header, else the default region', async () => {
    const run = await eflo('RunCommand', { CommandContent: 'ls', NodeIdList: '["e01-x"]' }, 'eflo-controller.cn-shanghai.aliyuncs.com');
    const invokeId = run.json.InvokeId as string;
    const there = await eflo('DescribeInvocations', { InvokeId: invokeId }, 'eflo-controller.cn-shanghai.aliyuncs.com');
    expect(there.json.Invocations.Invocation).toHaveLength(1);
    const here = await eflo('DescribeInvocations', { InvokeId: invokeId });
    expect(here.json.Invocations.Invocation).toHaveLength(0);
    const unknown = await eflo('DescribeInvocations', { InvokeId: invokeId }, 'eflo-controller.us-east-9.aliyuncs.com');
    expect(unknown.status).toBe(400);
    expect(unknown.json.Code).toBe('RegionId.ApiNotSupported');
    expect(emulator.inspect('eflo', 'cn-shanghai', invokeId)?.targets).toHaveLength(1);
  });

  it('answers StopInvocation of an unknown InvokeId with 404 and a RunCommand without nodes with MissingNodeIdList', async () => {
    expect((await eflo('StopInvocation', { InvokeId: 't-none' })).status).toBe(404);
    expect((await eflo('RunCommand', { CommandContent: 'ls' })).json.Code).toBe('MissingNodeIdList');
    expect((await eflo('RunCommand', { CommandContent: 'ls', NodeIdList: 'e01-a' })).json.Code).toBe('InvalidParameter');
  });

  it('serves seeded invocations in cn-hangzhou and cn-shanghai', async () => {
    for (const region of ['cn-hangzhou', 'cn-shanghai']) {
      const seeded = emulator.store.list('eflo', region)[5];
      expect(seeded).toBeDefined();
      const result = await eflo('DescribeInvocations', { InvokeId: seeded?.invokeId as string }, `eflo-controller.${region}.aliyuncs.com`);
      expect(result.json.Invocations.Invocation[0].InvokeId).toBe(seeded?.invokeId);
    }
  });
});
