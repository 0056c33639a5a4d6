import { ConfigurationError } from '@invocations/core';
import { describe, expect, it } from 'vitest';
import { defaultEndpoint, PRODUCT_APIS, resolveEndpoint } from './endpoints.js';

describe('PRODUCT_APIS', () => {
  it('holds the versions and product codes of the three APIs', () => {
    expect(PRODUCT_APIS).toEqual({
      ecs: { version: '2014-05-26', code: 'Ecs' },
      swas: { version: '2020-06-01', code: 'SWAS-OPEN' },
      eflo: { version: '2022-12-15', code: 'eflo-controller' },
    });
  });
});

describe('defaultEndpoint', () => {
  it('builds regional hosts', () => {
    expect(defaultEndpoint('ecs', 'cn-shanghai')).toBe('ecs.cn-shanghai.aliyuncs.com');
    expect(defaultEndpoint('swas', 'cn-hangzhou')).toBe('swas.cn-hangzhou.aliyuncs.com');
    expect(defaultEndpoint('eflo', 'cn-wulanchabu')).toBe('eflo-controller.cn-wulanchabu.aliyuncs.com');
  });

  it("applies the official ECS SDK's endpoint map (protocol.md §4.2), and only for ECS", () => {
    expect(defaultEndpoint('ecs', 'cn-hangzhou')).toBe('ecs-cn-hangzhou.aliyuncs.com');
    for (const region of ['cn-zhangbei', 'cn-wuhan', 'cn-hangzhou-finance', 'cn-shanghai-inner', 'cn-shenzhen-inner', 'cn-north-2-gov-1', 'cn-beijing-gov-1', 'rus-west-1-pop']) {
      expect(defaultEndpoint('ecs', region)).toBe('ecs.aliyuncs.com');
    }
    for (const region of ['cn-shanghai-finance-1', 'cn-shenzhen-finance-1', 'cn-fujian']) {
      expect(defaultEndpoint('ecs', region)).toBe('ecs-cn-hangzhou.aliyuncs.com');
    }
    expect(defaultEndpoint('ecs', 'cn-zhangjiakou-na62-a01')).toBe('ecs.cn-zhangjiakou.aliyuncs.com');
    expect(defaultEndpoint('ecs', 'cn-edge-1')).toBe('ecs.cn-qingdao-nebula.aliyuncs.com');
    expect(defaultEndpoint('swas', 'cn-wuhan')).toBe('swas.cn-wuhan.aliyuncs.com');
  });

  it('rejects a bad region before building a host', () => {
    expect(() => defaultEndpoint('ecs', '')).toThrow(ConfigurationError);
    expect(() => defaultEndpoint('ecs', 'CN-Hangzhou')).toThrow(/region: .* is not a region id/);
    expect(() => defaultEndpoint('ecs', 'cn-hangzhou.evil.com')).toThrow(/region/);
    expect(() => defaultEndpoint('ecs', 'cn--x')).toThrow(/region/);
    expect(() => defaultEndpoint('nope' as never, 'cn-hangzhou')).toThrow(/product/);
  });
});

describe('resolveEndpoint', () => {
  it('accepts host[:port] as https and http(s) URLs', () => {
    expect(resolveEndpoint('ecs.cn-hangzhou.aliyuncs.com')).toEqual({
      origin: 'https://ecs.cn-hangzhou.aliyuncs.com',
      host: 'ecs.cn-hangzhou.aliyuncs.com',
      protocol: 'https',
    });
    expect(resolveEndpoint('127.0.0.1:8080')).toEqual({ origin: 'https://127.0.0.1:8080', host: '127.0.0.1:8080', protocol: 'https' });
    expect(resolveEndpoint('http://127.0.0.1:8080/')).toEqual({ origin: 'http://127.0.0.1:8080', host: '127.0.0.1:8080', protocol: 'http' });
    expect(resolveEndpoint('HTTPS://Example.COM:443')).toEqual({ origin: 'https://example.com', host: 'example.com', protocol: 'https' });
    expect(resolveEndpoint('http://[::1]:9000').host).toBe('[::1]:9000');
  });

  it('rejects paths, queries, credentials, other schemes and junk', () => {
    expect(() => resolveEndpoint('')).toThrow(/endpoint: must be a non-empty/);
    expect(() => resolveEndpoint('https://host/path')).toThrow(/without a path/);
    expect(() => resolveEndpoint('host?x=1')).toThrow(/without a path/);
    expect(() => resolveEndpoint('https://user:pw@host')).toThrow(/user name or password/);
    expect(() => resolveEndpoint('ftp://host')).toThrow(/scheme ftp/);
    expect(() => resolveEndpoint('http://')).toThrow(ConfigurationError);
  });
});
