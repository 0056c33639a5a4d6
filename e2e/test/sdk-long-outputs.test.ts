// Long outputs (decoded on their first read by the kit) read through the whole client path, JSON and
// XML, give exactly what the official ECS SDK's DescribeInvocations gives once its Base64 is decoded
// with Buffer; and the invocation is plain data for JSON and structuredClone.
import EcsModule, * as $Ecs from '@alicloud/ecs20140526';
import { $OpenApiUtil } from '@alicloud/openapi-core';
import type { Invocation } from '@invocations/core';
import { createEcsSource } from '@invocations/ecs';
import { createManualClock, startEmulator, type Emulator } from '@invocations/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const REGION = 'cn-hangzhou';
let emulator: Emulator;

// A log of mostly ASCII lines and a few Chinese ones, as outputs are.
const log = (lines: number, tag: string) =>
  Array.from({ length: lines }, (_, index) => (index % 7 === 3 ? `中文输出：命令执行完成 ${tag} ${index}` : `${tag} line ${index}: Reading package lists... Done`)).join('\n');
const OUTPUTS: Record<string, string> = {
  'i-long': log(60, 'long'),
  'i-longer': log(700, 'longer'),
  'i-short': 'ok\n',
  'i-empty': '',
};

beforeAll(async () => {
  emulator = await startEmulator({ clock: createManualClock(Date.UTC(2025, 6, 1)) });
  emulator.createInvocation({
    product: 'ecs',
    region: REGION,
    invokeId: 't-long-outputs',
    commandContent: 'cat /var/log/apt/history.log',
    targets: Object.entries(OUTPUTS).map(([id, output]) => ({ id, outcome: 'success', exitCode: 0, dispatchMs: 10, runMs: 100, output })),
  });
  emulator.advance(10_000);
});
afterAll(() => emulator.close());

describe('long outputs through the ECS adapter', () => {
  it('read as the official SDK reads them (Base64 decoded with Buffer), in JSON and XML, and stay plain data', async () => {
    const Ecs = ((EcsModule as unknown as { default?: typeof EcsModule }).default ?? EcsModule) as typeof EcsModule;
    const sdk = new Ecs(new $OpenApiUtil.Config({ ...emulator.credentials, endpoint: emulator.endpoint, protocol: 'http', regionId: REGION }));
    const { body } = await sdk.describeInvocations(new $Ecs.DescribeInvocationsRequest({ regionId: REGION, invokeId: 't-long-outputs', includeOutput: true }));
    const official = new Map(
      (body?.invocations?.invocation?.[0]?.invokeInstances?.invokeInstance ?? []).map((target) => [target.instanceId, Buffer.from(target.output ?? '', 'base64').toString('utf8')]),
    );
    expect(official.get('i-longer')!.length).toBeGreaterThan(20_000);
    for (const format of ['json', 'xml'] as const) {
      const ecs = createEcsSource({ region: REGION, endpoint: emulator.url, credentials: emulator.credentials, format });
      const invocation: Invocation = await ecs.get('t-long-outputs', { includeOutput: true });
      const ours = new Map(invocation.targets.map((target) => [target.id, target.output]));
      expect([...ours.keys()].sort(), format).toEqual([...official.keys()].sort());
      for (const [id, text] of official) expect(ours.get(id ?? ''), `${format} ${id}`).toBe(text);
      // The long ones went the deferred way (so this test is about it), the short one did not.
      const descriptor = (id: string) => Object.getOwnPropertyDescriptor(invocation.targets.find((target) => target.id === id), 'output');
      expect(descriptor('i-long')?.get, format).toBeTypeOf('function');
      expect(descriptor('i-short')).toMatchObject({ value: 'ok\n' });
      const fresh = await ecs.get('t-long-outputs', { includeOutput: true });
      expect(structuredClone(fresh)).toStrictEqual(JSON.parse(JSON.stringify(fresh)));
      expect(JSON.parse(JSON.stringify(fresh))).toStrictEqual(invocation);
    }
  });
});
