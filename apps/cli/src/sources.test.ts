import type { Credentials } from '@invocations/openapi';
import { describe, expect, it } from 'vitest';
import { efloRegionOf, regionInHost, sourceRegions, type SourceContext } from './sources.js';

const credentials: Credentials = { accessKeyId: 'id', accessKeySecret: 'secret' };
const context = (endpoint?: string, endpointFrom: SourceContext['endpointFrom'] = '--endpoint'): SourceContext => ({
  credentials,
  ...(endpoint ? { endpoint, endpointFrom } : {}),
  defaultRegions: async () => [],
  close: async () => undefined,
});

describe("eflo's region behind a custom endpoint", () => {
  it('reads the region a host name names, as eflo-controller does', () => {
    expect(regionInHost('eflo-controller.cn-wulanchabu.aliyuncs.com')).toBe('cn-wulanchabu');
    expect(regionInHost('eflo.ap-southeast-1.example.internal')).toBe('ap-southeast-1');
    expect(regionInHost('127.0.0.1')).toBeUndefined();
    expect(regionInHost('proxy.example.com')).toBeUndefined();
  });

  it("takes this machine's bare address as the emulators' cn-hangzhou, and knows nothing of another bare host", () => {
    expect(efloRegionOf(context('http://127.0.0.1:8790'))).toBe('cn-hangzhou');
    expect(efloRegionOf(context('localhost:8790'))).toBe('cn-hangzhou');
    expect(efloRegionOf(context('http://[::1]:8790'))).toBe('cn-hangzhou');
    expect(efloRegionOf(context('https://eflo-controller.cn-shanghai.aliyuncs.com'))).toBe('cn-shanghai');
    expect(efloRegionOf(context('proxy.example.com:8443'))).toBeUndefined();
    expect(efloRegionOf(context())).toBeUndefined();
  });

  it('asks eflo once behind one endpoint, every region for ECS and SWAS and without an endpoint', () => {
    const regions = ['cn-shanghai', 'cn-hangzhou'];
    expect(sourceRegions('ecs', regions, context('http://127.0.0.1:8790'))).toEqual({ regions });
    expect(sourceRegions('eflo', regions, context())).toEqual({ regions });
    expect(sourceRegions('eflo', regions, context('http://127.0.0.1:8790'))).toEqual({ regions: ['cn-hangzhou'], serves: 'cn-hangzhou' });
    const skipped = sourceRegions('eflo', ['cn-shanghai'], context('http://127.0.0.1:8790'));
    expect(skipped.regions).toEqual([]);
    expect(skipped.note).toBe(
      'eflo: --endpoint http://127.0.0.1:8790 answers eflo as cn-hangzhou only, which is not among the regions asked (cn-shanghai); eflo was skipped',
    );
    const guessed = sourceRegions('eflo', regions, context('proxy.example.com', 'INVOCATIONS_ENDPOINT'));
    expect(guessed.regions).toEqual(['cn-shanghai']);
    expect(guessed.note).toMatch(/^eflo: INVOCATIONS_ENDPOINT proxy\.example\.com names no region in its host, so eflo was asked once, as cn-shanghai/);
    expect(sourceRegions('eflo', ['cn-beijing'], context('proxy.example.com'))).toEqual({ regions: ['cn-beijing'] });
  });
});
