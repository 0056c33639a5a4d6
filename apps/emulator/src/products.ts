import type { Product } from './types.js';

/** API version of each product, as the official SDKs send it. */
export const PRODUCT_VERSIONS: Record<Product, string> = {
  ecs: '2014-05-26',
  swas: '2020-06-01',
  eflo: '2022-12-15',
};

/** Regions the emulator serves per product; any other region is `RegionId.ApiNotSupported`. */
export const PRODUCT_REGIONS: Record<Product, readonly string[]> = {
  ecs: ['cn-hangzhou', 'cn-shanghai', 'cn-beijing', 'cn-shenzhen', 'cn-qingdao', 'cn-zhangjiakou', 'cn-hongkong', 'ap-southeast-1', 'us-west-1', 'eu-central-1'],
  swas: ['cn-hangzhou', 'cn-shanghai', 'cn-beijing', 'cn-shenzhen', 'cn-qingdao', 'cn-hongkong', 'ap-southeast-1'],
  // The eflo endpoint list has no cn-hangzhou; the emulator serves it anyway so every product shares the two default regions.
  eflo: ['cn-hangzhou', 'cn-shanghai', 'cn-wulanchabu', 'cn-beijing', 'cn-zhangjiakou', 'cn-shenzhen', 'ap-southeast-1'],
};

/** The product whose API version this is, if any. */
export function productOfVersion(version: string): Product | undefined {
  for (const [product, known] of Object.entries(PRODUCT_VERSIONS) as [Product, string][]) {
    if (known === version) return product;
  }
  return undefined;
}

const hostRegion = /(?:^|\.)((?:cn|ap|us|eu|me|na|sa)-[a-z]+(?:-[a-z0-9]+)*)(?:\.|$)/;

/**
 * The region named in a Host header such as `eflo-controller.cn-shanghai.aliyuncs.com` or
 * `cn-shanghai.localhost:8080` (eflo has no RegionId parameter: the service takes it from the endpoint).
 */
export function regionFromHost(host: string | undefined): string | undefined {
  if (!host) return undefined;
  const name = host.replace(/:\d+$/, '').toLowerCase();
  return hostRegion.exec(name)?.[1];
}
