// The official Alibaba Cloud SDKs, unmodified, pointed at the emulator over plain HTTP.
import EcsModule, * as $Ecs from '@alicloud/ecs20140526';
import * as $OpenApi from '@alicloud/openapi-core';
import SwasModule, * as $Swas from '@alicloud/swas-open20200601';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../src/index.js';

// The packages are CommonJS with `exports.default = Client`; ESM interop may hand us either layer.
const EcsClient = ((EcsModule as unknown as { default?: unknown }).default ?? EcsModule) as typeof EcsModule;
const SwasClient = ((SwasModule as unknown as { default?: unknown }).default ?? SwasModule) as typeof SwasModule;

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator({ seed: 1 });
});
afterAll(() => emulator.close());

function config(signatureAlgorithm: string | undefined, secret = emulator.credentials.accessKeySecret) {
  return new $OpenApi.$OpenApiUtil.Config({
    accessKeyId: emulator.credentials.accessKeyId,
    accessKeySecret: secret,
    endpoint: emulator.endpoint,
    protocol: 'http',
    regionId: 'cn-hangzhou',
    ...(signatureAlgorithm ? { signatureAlgorithm } : {}),
  });
}

describe.each([
  ['V3 (default ACS3-HMAC-SHA256)', undefined],
  ['V1 (signatureAlgorithm v2, HMAC-SHA1)', 'v2'],
])('official SDKs with %s', (_name, algorithm) => {
  it('ECS describeInvocations comes back with the fields filled', async () => {
    const client = new EcsClient(config(algorithm));
    const response = await client.describeInvocations(
      new $Ecs.DescribeInvocationsRequest({ regionId: 'cn-hangzhou', pageSize: 50, invokeStatus: 'Finished' }),
    );
    expect(response.statusCode).toBe(200);
    const body = response.body;
    expect(body?.requestId).toBe(response.headers?.['x-acs-request-id']);
    expect(body?.totalCount).toBeGreaterThan(0);
    const invocation = body?.invocations?.invocation?.[0];
    expect(invocation?.invokeId).toMatch(/^t-hz/);
    expect(invocation?.invokeStatus).toBe('Finished');
    expect(invocation?.invocationStatus).toBe('Success');
    expect(invocation?.creationTime).toMatch(/Z$/);
    const target = invocation?.invokeInstances?.invokeInstance?.[0];
    expect(target?.instanceId).toMatch(/^i-bp1/);
    expect(target?.invocationStatus).toBe('Success');
    expect(target?.exitCode).toBe(0);
  });

  it('ECS runCommand, describeInvocations with output, stopInvocation', async () => {
    const client = new EcsClient(config(algorithm));
    const run = await client.runCommand(
      new $Ecs.RunCommandRequest({ regionId: 'cn-shanghai', type: 'RunShellScript', commandContent: 'echo sdk\nsleep 600', instanceId: ['i-sdk1', 'i-sdk2'], tag: [{ key: 'by', value: 'sdk' }] }),
    );
    const invokeId = run.body?.invokeId as string;
    expect(invokeId).toMatch(/^t-sh/);
    const described = await client.describeInvocations(
      new $Ecs.DescribeInvocationsRequest({ regionId: 'cn-shanghai', invokeId, includeOutput: true, contentEncoding: 'PlainText', tag: [{ key: 'by', value: 'sdk' }] }),
    );
    const invocation = described.body?.invocations?.invocation?.[0];
    expect(invocation?.commandContent).toBe('echo sdk\nsleep 600');
    expect(invocation?.invokeInstances?.invokeInstance?.map((target) => target.instanceId)).toEqual(['i-sdk1', 'i-sdk2']);
    expect(invocation?.tags?.tag?.[0]).toMatchObject({ tagKey: 'by', tagValue: 'sdk' });
    const stop = await client.stopInvocation(new $Ecs.StopInvocationRequest({ regionId: 'cn-shanghai', invokeId }));
    expect(stop.statusCode).toBe(200);
    expect(emulator.inspect('ecs', 'cn-shanghai', invokeId)?.status).toBe('Stopping');
  });

  it('SWAS describeInvocations, describeInvocationResult and listInstances come back with the fields filled', async () => {
    const client = new SwasClient(config(algorithm));
    const instances = await client.listInstances(new $Swas.ListInstancesRequest({ regionId: 'cn-hangzhou', pageSize: 10 }));
    expect(instances.body?.totalCount).toBe(6);
    const instanceId = instances.body?.instances?.[2]?.instanceId as string;
    expect(instanceId).toMatch(/^[0-9a-f]{32}$/);
    const run = await client.runCommand(new $Swas.RunCommandRequest({ regionId: 'cn-hangzhou', instanceId, type: 'RunShellScript', commandContent: 'echo hi', parameters: { app: 'blog' } }));
    const invokeId = run.body?.invokeId as string;
    const response = await client.describeInvocations(new $Swas.DescribeInvocationsRequest({ regionId: 'cn-hangzhou', instanceId, pageSize: 50 }));
    const body = response.body;
    expect(body?.totalCount).toBeGreaterThan(0);
    expect(body?.invocations?.[0]?.invokeId).toBe(invokeId);
    expect(body?.invocations?.[0]?.parameters).toEqual({ app: 'blog' });
    expect(body?.invocations?.[0]?.invocationStatus).toBe('Pending');
    const seeded = body?.invocations?.[1];
    expect(seeded?.invokeId).toMatch(/^t-hz/);
    expect(seeded?.commandContent).toBeTruthy();
    const result = await client.describeInvocationResult(new $Swas.DescribeInvocationResultRequest({ regionId: 'cn-hangzhou', instanceId, invokeId: seeded?.invokeId }));
    expect(result.body?.invocationResult?.instanceId).toBe(instanceId);
    expect(result.body?.invocationResult?.invokeUser).toBe('root');
  });

  it('ECS runCommand with a clientToken is idempotent, and a stop lets a started run finish', async () => {
    const client = new EcsClient(config(algorithm));
    const clientToken = `sdk-token-${algorithm ?? 'v3'}`;
    const request = () => new $Ecs.RunCommandRequest({ regionId: 'cn-beijing', type: 'RunShellScript', commandContent: 'echo {{who}}', enableParameter: true, parameters: { who: 'sdk' }, instanceId: ['i-sdk-token'], clientToken });
    const first = await client.runCommand(request());
    const again = await client.runCommand(request());
    expect(again.body?.invokeId).toBe(first.body?.invokeId);
    const stop = await client.stopInvocation(new $Ecs.StopInvocationRequest({ regionId: 'cn-beijing', invokeId: first.body?.invokeId, instanceId: ['i-sdk-token'] }));
    expect(stop.statusCode).toBe(200);
    await expect(
      client.stopInvocation(new $Ecs.StopInvocationRequest({ regionId: 'cn-beijing', invokeId: first.body?.invokeId, instanceId: Array.from({ length: 51 }, (_, index) => `i-${index}`) })),
    ).rejects.toMatchObject({ code: 'InstanceIds.ExceedLimit', statusCode: 403 });
  });

  it('SWAS listInstances filters by a wildcard name and a tag, with every documented field', async () => {
    const client = new SwasClient(config(algorithm));
    const named = await client.listInstances(new $Swas.ListInstancesRequest({ regionId: 'cn-hangzhou', instanceName: '*-3', pageSize: 100 }));
    expect(named.body?.instances?.map((instance) => instance.instanceName)).toEqual(['swas-cn-hangzhou-3']);
    const instance = named.body?.instances?.[0];
    expect(instance?.disks?.[0]?.diskType).toBe('system');
    expect(instance?.resourceSpec?.cpu).toBe(2);
    expect(instance?.networkAttributes?.[0]?.publicIpAddress).toBe(instance?.publicIpAddress);
    expect(instance?.image?.osType).toBe('linux');
    expect(typeof instance?.combination).toBe('boolean');
    const byIds = await client.listInstances(new $Swas.ListInstancesRequest({ regionId: 'cn-hangzhou', instanceIds: `${instance?.instanceId},none`, chargeType: 'PrePaid' }));
    expect(byIds.body?.instances?.map((item) => item.instanceId)).toEqual([instance?.instanceId]);
  });

  it('a wrong secret is rejected with SignatureDoesNotMatch', async () => {
    const client = new EcsClient(config(algorithm, 'not-the-secret'));
    await expect(client.describeInvocations(new $Ecs.DescribeInvocationsRequest({ regionId: 'cn-hangzhou' }))).rejects.toMatchObject({
      code: 'SignatureDoesNotMatch',
      statusCode: 400,
    });
  });

  it('a page size over 50 is rejected with InvalidParam.PageSize', async () => {
    const client = new SwasClient(config(algorithm));
    await expect(
      client.describeInvocations(new $Swas.DescribeInvocationsRequest({ regionId: 'cn-hangzhou', instanceId: 'x', pageSize: 51 })),
    ).rejects.toMatchObject({ code: 'InvalidParam.PageSize', statusCode: 403 });
  });
});

describe('official SDK error mapping', () => {
  it('maps the emulator throttling to the SDK ThrottlingError, with retryAfter in seconds', async () => {
    emulator.setFaults({ throttleRate: 1, retryAfterSeconds: 2 }, 'ecs');
    try {
      const client = new EcsClient(config(undefined));
      await expect(client.describeInvocations(new $Ecs.DescribeInvocationsRequest({ regionId: 'cn-hangzhou' }))).rejects.toMatchObject({
        name: 'ThrottlingError',
        code: 'Throttling.User',
        retryAfter: 2,
      });
    } finally {
      emulator.setFaults({}, 'ecs');
    }
  });
});
