import { XMLParser } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createManualClock, startEmulator, type Emulator } from '../src/index.js';
import { call } from './helpers.js';

let emulator: Emulator;
const clock = createManualClock(Date.UTC(2025, 2, 1, 0, 0, 0));
let instanceId: string;

beforeAll(async () => {
  emulator = await startEmulator({ seed: 5, clock });
  instanceId = (emulator.instances.list('cn-shanghai')[1] as { InstanceId: string }).InstanceId;
});
afterAll(() => emulator.close());

function swas(action: string, query: Record<string, string>, format?: string) {
  return call(emulator, { product: 'swas', action, query: { RegionId: 'cn-shanghai', ...query }, ...(format ? { format, scheme: 'v1' as const } : {}) });
}

describe('SWAS', () => {
  it('requires RegionId and InstanceId for DescribeInvocations', async () => {
    const noInstance = await swas('DescribeInvocations', {});
    expect(noInstance.status).toBe(400);
    expect(noInstance.json.Code).toBe('MissingInstanceId');
    const noRegion = await call(emulator, { product: 'swas', action: 'DescribeInvocations', query: { InstanceId: instanceId } });
    expect(noRegion.json.Code).toBe('MissingRegionId');
  });

  it('returns a flat Invocations[] with Base64 CommandContent and Parameters as a map, paged', async () => {
    const { InvokeId } = (await swas('RunCommand', { InstanceId: instanceId, Type: 'RunShellScript', CommandContent: 'echo 完成', Parameters: '{"name":"web"}', Name: 'deploy' })).json;
    clock.advance(10_000);
    const result = await swas('DescribeInvocations', { InstanceId: instanceId, PageSize: '50' });
    expect(result.status).toBe(200);
    expect(Array.isArray(result.json.Invocations)).toBe(true);
    const mine = result.json.Invocations.find((item: { InvokeId: string }) => item.InvokeId === InvokeId);
    expect(mine).toMatchObject({ CommandName: 'deploy', CommandType: 'RunShellScript', InvocationStatus: 'Success', InvokeStatus: 'Finished', Parameters: { name: 'web' } });
    expect(Buffer.from(mine.CommandContent, 'base64').toString('utf8')).toBe('echo 完成');
    expect(result.json).toMatchObject({ PageNumber: 1, PageSize: 50 });
    expect(result.json.TotalCount).toBe(result.json.Invocations.length);
    const small = await swas('DescribeInvocations', { InstanceId: instanceId, PageSize: '1', PageNumber: '2' });
    expect(small.json.Invocations).toHaveLength(1);
    const bad = await swas('DescribeInvocations', { InstanceId: instanceId, PageSize: '100' });
    expect(bad.status).toBe(403);
    expect(bad.json.Code).toBe('InvalidParam.PageSize');
  });

  it('filters by InvokeStatus Running/Finished/Failed', async () => {
    const failed = (await swas('RunCommand', { InstanceId: instanceId, Type: 'RunShellScript', CommandContent: 'exit 4' })).json.InvokeId;
    clock.advance(10_000);
    const result = await swas('DescribeInvocations', { InstanceId: instanceId, InvokeStatus: 'Failed', PageSize: '50' });
    expect(result.json.Invocations.map((item: { InvokeId: string }) => item.InvokeId)).toContain(failed);
    for (const item of result.json.Invocations) expect(item.InvokeStatus).toBe('Failed');
    const bad = await swas('DescribeInvocations', { InstanceId: instanceId, InvokeStatus: 'PartialFailed' });
    expect(bad.status).toBe(400);
  });

  it('renders XML as repeated <Invocations> elements with the fields directly under them (seed 001)', async () => {
    const result = await swas('DescribeInvocations', { InstanceId: instanceId, PageSize: '3' }, 'XML');
    expect(result.status).toBe(200);
    const xml = new XMLParser({ isArray: (name) => name === 'Invocations' }).parse(result.text);
    const items = xml.DescribeInvocationsResponse.Invocations;
    expect(items).toHaveLength(3);
    expect(items[0].InvokeId).toMatch(/^t-sh/);
    expect(items[0]).not.toHaveProperty('Invocation');
  });

  it('DescribeInvocationResult returns one object with InvokeUser, FinishedTime and Base64 Output', async () => {
    const { InvokeId } = (await swas('RunCommand', { InstanceId: instanceId, Type: 'RunShellScript', CommandContent: 'echo admin\nexit 2', WorkingUser: 'admin' })).json;
    clock.advance(10_000);
    const result = await swas('DescribeInvocationResult', { InstanceId: instanceId, InvokeId });
    expect(result.status).toBe(200);
    expect(result.json.InvocationResult).toMatchObject({ InvokeId, InstanceId: instanceId, InvokeUser: 'admin', ExitCode: 2, InvocationStatus: 'Failed', InvokeRecordStatus: 'Failed', Output: 'YWRtaW4K', ErrorCode: 'ExitCodeNonzero' });
    expect(result.json.InvocationResult.FinishedTime).toMatch(/Z$/);
    const missing = await swas('DescribeInvocationResult', { InstanceId: instanceId, InvokeId: 't-none' });
    expect(missing.status).toBe(404);
    const noId = await swas('DescribeInvocationResult', { InstanceId: instanceId });
    expect(noId.json.Code).toBe('MissingInvokeId');
  });

  it('ListInstances pages the region instances and filters by InstanceIds and Status', async () => {
    const all = await swas('ListInstances', { PageSize: '4' });
    expect(all.json).toMatchObject({ TotalCount: 6, PageSize: 4, PageNumber: 1 });
    expect(all.json.Instances).toHaveLength(4);
    expect(all.json.Instances[0]).toMatchObject({ RegionId: 'cn-shanghai', ChargeType: 'PrePaid' });
    const second = await swas('ListInstances', { PageSize: '4', PageNumber: '2' });
    expect(second.json.Instances).toHaveLength(2);
    const picked = await swas('ListInstances', { InstanceIds: JSON.stringify([instanceId]) });
    expect(picked.json.Instances.map((item: { InstanceId: string }) => item.InstanceId)).toEqual([instanceId]);
    const stopped = await swas('ListInstances', { Status: 'Stopped' });
    expect(stopped.json.TotalCount).toBe(1);
    const tooBig = await swas('ListInstances', { PageSize: '101' });
    expect(tooBig.status).toBe(403);
  });

  it('refuses RunCommand on an unknown or stopped instance, as the service requires a Running one', async () => {
    const unknown = await swas('RunCommand', { InstanceId: 'missing-instance-1', Type: 'RunShellScript', CommandContent: 'ls' });
    expect(unknown.status).toBe(404);
    expect(unknown.json.Code).toBe('InvalidInstanceId.NotFound');
    const stopped = emulator.instances.list('cn-shanghai').find((instance) => instance.Status === 'Stopped');
    const refused = await swas('RunCommand', { InstanceId: stopped?.InstanceId as string, Type: 'RunShellScript', CommandContent: 'ls' });
    expect(refused.status).toBe(403);
    expect(refused.json.Code).toBe('IncorrectInstanceStatus');
    expect(emulator.store.withTarget('swas', 'cn-shanghai', stopped?.InstanceId as string).every((record) => record.commandContent !== 'ls')).toBe(true);
  });

  it('ListInstances returns every field of the SDK model and honours each documented filter', async () => {
    const instances = emulator.instances.list('cn-shanghai');
    const all = (await swas('ListInstances', { PageSize: '100' })).json.Instances;
    for (const field of ['BusinessStatus', 'ChargeType', 'Combination', 'CombinationInstanceId', 'CreationTime', 'DdosStatus', 'DisableReason', 'Disks', 'ExpiredTime', 'Image', 'ImageId', 'InnerIpAddress', 'InstanceId', 'InstanceName', 'NetworkAttributes', 'PlanId', 'PlanType', 'PublicIpAddress', 'RegionId', 'ResourceGroupId', 'ResourceSpec', 'Status', 'Tags', 'Uuid']) {
      expect(all[0], field).toHaveProperty(field);
    }
    expect(all[0].Disks[0]).toMatchObject({ DiskType: 'system', Status: 'In_use' });
    expect(all[0].ResourceSpec).toMatchObject({ Cpu: 2 });
    const ids = async (query: Record<string, string>) => (await swas('ListInstances', { PageSize: '100', ...query })).json.Instances.map((item: { InstanceId: string }) => item.InstanceId);
    const [a, b] = instances as [typeof instances[number], typeof instances[number]];
    expect(await ids({ InstanceIds: `${a.InstanceId},${b.InstanceId}` })).toEqual([a.InstanceId, b.InstanceId]);
    expect(await ids({ PublicIpAddresses: JSON.stringify([b.PublicIpAddress]) })).toEqual([b.InstanceId]);
    expect(await ids({ PublicIpAddresses: b.PublicIpAddress })).toEqual([b.InstanceId]);
    expect(await ids({ InstanceName: 'swas-cn-shanghai-*' })).toHaveLength(6);
    expect(await ids({ InstanceName: '*-2' })).toEqual([b.InstanceId]);
    expect(await ids({ InstanceName: 'swas-cn-shanghai' })).toEqual([]);
    expect(await ids({ ResourceGroupId: a.ResourceGroupId })).toEqual(instances.filter((item) => item.ResourceGroupId === a.ResourceGroupId).map((item) => item.InstanceId));
    expect(await ids({ ChargeType: 'PrePaid' })).toHaveLength(6);
    expect(await ids({ ChargeType: 'PostPaid' })).toEqual([]);
    expect(await ids({ PlanType: 'MULTI_IP' })).toEqual(instances.filter((item) => item.PlanType === 'MULTI_IP').map((item) => item.InstanceId));
    const tagged = instances.filter((item) => item.Tags.some((tag) => tag.Key === 'env'));
    expect(tagged.length).toBeGreaterThan(0);
    const value = tagged[0]?.Tags[0]?.Value as string;
    expect(await ids({ 'Tag.1.Key': 'env', 'Tag.1.Value': value })).toEqual(instances.filter((item) => item.Tags.some((tag) => tag.Key === 'env' && tag.Value === value)).map((item) => item.InstanceId));
  });
});
