import { XMLParser } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../src/index.js';
import { call } from './helpers.js';

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator({ seed: 3 });
});
afterAll(() => emulator.close());

describe('routing and common answers', () => {
  it('answers every request with a RequestId in the body and the x-acs-request-id header', async () => {
    const ok = await call(emulator, { product: 'ecs', action: 'DescribeInvocations', query: { RegionId: 'cn-hangzhou' } });
    expect(ok.json.RequestId).toMatch(/^[0-9A-F-]{36}$/);
    expect(ok.headers['x-acs-request-id']).toBe(ok.json.RequestId);
    expect(ok.headers['content-type']).toBe('application/json;charset=utf-8');
    const failed = await call(emulator, { product: 'ecs', action: 'DescribeInvocations', query: {} });
    expect(failed.headers['x-acs-request-id']).toBe(failed.json.RequestId);
    expect(failed.json).toMatchObject({ HostId: emulator.endpoint, Code: 'MissingRegionId', Message: 'RegionId is mandatory for this action.' });
    expect(failed.json.Recommend).toContain('q=MissingRegionId');
  });

  it('answers an unknown action with 404 InvalidApi.NotFound', async () => {
    const result = await call(emulator, { product: 'ecs', action: 'DescribeInstances', query: { RegionId: 'cn-hangzhou' } });
    expect(result.status).toBe(404);
    expect(result.json.Code).toBe('InvalidApi.NotFound');
  });

  it('answers SWAS StopInvocation (SWAS has none) with 404 InvalidApi.NotFound', async () => {
    const result = await call(emulator, { product: 'swas', action: 'StopInvocation', query: { RegionId: 'cn-hangzhou', InvokeId: 't-x' } });
    expect(result.status).toBe(404);
    expect(result.json.Code).toBe('InvalidApi.NotFound');
  });

  it('answers an unknown version with 400 InvalidParameter', async () => {
    const result = await call(emulator, { product: 'ecs', action: 'DescribeInvocations', version: '2099-01-01', query: { RegionId: 'cn-hangzhou' } });
    expect(result.status).toBe(400);
    expect(result.json.Code).toBe('InvalidParameter');
    expect(result.json.Message).toContain('Version');
  });

  it('answers an unknown region with 400 RegionId.ApiNotSupported', async () => {
    const result = await call(emulator, { product: 'ecs', action: 'DescribeInvocations', query: { RegionId: 'mars-north-1' } });
    expect(result.status).toBe(400);
    expect(result.json.Code).toBe('RegionId.ApiNotSupported');
  });

  it('takes Action and Version from a V1 form body (pop-core style: everything in the body)', async () => {
    const result = await call(emulator, { product: 'ecs', action: 'DescribeInvocations', scheme: 'v1', body: { RegionId: 'cn-shanghai', PageSize: '2' } });
    expect(result.status).toBe(200);
    expect(result.json.PageSize).toBe(2);
  });

  it.each(['XML', 'xml', 'Xml'])('answers Format=%s in XML under <DescribeInvocationsResponse>', async (format) => {
    const result = await call(emulator, { product: 'ecs', action: 'DescribeInvocations', scheme: 'v1', format, query: { RegionId: 'cn-hangzhou', PageSize: '2' } });
    expect(result.status).toBe(200);
    const xml = new XMLParser({ isArray: (name) => ['Invocation', 'InvokeInstance'].includes(name) }).parse(result.text);
    expect(xml.DescribeInvocationsResponse.RequestId).toBe(result.headers['x-acs-request-id']);
    expect(xml.DescribeInvocationsResponse.Invocations.Invocation).toHaveLength(2);
    expect(xml.DescribeInvocationsResponse.Invocations.Invocation[0].InvokeInstances.InvokeInstance[0].InstanceId).toMatch(/^i-/);
  });

  it('answers errors in XML as <Error> with text/xml;charset=utf-8 when Format=XML', async () => {
    const result = await call(emulator, { product: 'ecs', action: 'DescribeInvocations', scheme: 'v1', format: 'XML', query: { RegionId: 'cn-hangzhou', PageSize: '51' } });
    expect(result.status).toBe(403);
    expect(result.headers['content-type']).toBe('text/xml;charset=utf-8');
    const xml = new XMLParser().parse(result.text);
    expect(xml.Error).toMatchObject({ Code: 'InvalidParam.PageSize', HostId: emulator.endpoint });
    expect(xml.Error.RequestId).toBe(result.headers['x-acs-request-id']);
  });

  it('defaults to JSON when Format is absent', async () => {
    const result = await call(emulator, { product: 'swas', action: 'ListInstances', scheme: 'v1', query: { RegionId: 'cn-hangzhou' } });
    expect(result.headers['content-type']).toBe('application/json;charset=utf-8');
    expect(result.json.TotalCount).toBe(6);
  });

  it('answers another path with 404 InvalidApi.NotFound', async () => {
    const response = await fetch(`${emulator.url}/v1/things`);
    expect(response.status).toBe(404);
    expect(((await response.json()) as { Code: string }).Code).toBe('InvalidApi.NotFound');
  });
});
