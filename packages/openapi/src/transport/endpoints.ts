import { ConfigurationError, type Product } from '@invocations/core';

/** The API version and OpenAPI product code of each product's DescribeInvocations API. */
export const PRODUCT_APIS: Readonly<Record<Product, { readonly version: string; readonly code: string }>> = Object.freeze({
  ecs: Object.freeze({ version: '2014-05-26', code: 'Ecs' }),
  swas: Object.freeze({ version: '2020-06-01', code: 'SWAS-OPEN' }),
  eflo: Object.freeze({ version: '2022-12-15', code: 'eflo-controller' }),
});

const HOST_PREFIX: Record<Product, string> = { ecs: 'ecs', swas: 'swas', eflo: 'eflo-controller' };

/**
 * The official ECS SDK's endpoint map: regions whose endpoint is not `ecs.<region>.aliyuncs.com`.
 * Facts from the generated `ecs20140526` clients (protocol.md §4.2).
 */
export const ECS_ENDPOINT_MAP: Readonly<Record<string, string>> = Object.freeze({
  'cn-hangzhou': 'ecs-cn-hangzhou.aliyuncs.com',
  'cn-shanghai-finance-1': 'ecs-cn-hangzhou.aliyuncs.com',
  'cn-shenzhen-finance-1': 'ecs-cn-hangzhou.aliyuncs.com',
  'cn-north-2-gov-1': 'ecs.aliyuncs.com',
  'ap-northeast-2-pop': 'ecs.aliyuncs.com',
  'cn-beijing-finance-pop': 'ecs.aliyuncs.com',
  'cn-beijing-gov-1': 'ecs.aliyuncs.com',
  'cn-beijing-nu16-b01': 'ecs-cn-hangzhou.aliyuncs.com',
  'cn-edge-1': 'ecs.cn-qingdao-nebula.aliyuncs.com',
  'cn-fujian': 'ecs-cn-hangzhou.aliyuncs.com',
  'cn-haidian-cm12-c01': 'ecs-cn-hangzhou.aliyuncs.com',
  'cn-hangzhou-bj-b01': 'ecs-cn-hangzhou.aliyuncs.com',
  'cn-hangzhou-finance': 'ecs.aliyuncs.com',
  'cn-hangzhou-internal-prod-1': 'ecs-cn-hangzhou.aliyuncs.com',
  'cn-hangzhou-internal-test-1': 'ecs-cn-hangzhou.aliyuncs.com',
  'cn-hangzhou-internal-test-2': 'ecs-cn-hangzhou.aliyuncs.com',
  'cn-hangzhou-internal-test-3': 'ecs-cn-hangzhou.aliyuncs.com',
  'cn-hangzhou-test-306': 'ecs-cn-hangzhou.aliyuncs.com',
  'cn-hongkong-finance-pop': 'ecs.aliyuncs.com',
  'cn-huhehaote-nebula-1': 'ecs.cn-qingdao-nebula.aliyuncs.com',
  'cn-shanghai-et15-b01': 'ecs-cn-hangzhou.aliyuncs.com',
  'cn-shanghai-et2-b01': 'ecs-cn-hangzhou.aliyuncs.com',
  'cn-shanghai-inner': 'ecs.aliyuncs.com',
  'cn-shanghai-internal-test-1': 'ecs-cn-hangzhou.aliyuncs.com',
  'cn-shenzhen-inner': 'ecs.aliyuncs.com',
  'cn-shenzhen-st4-d01': 'ecs-cn-hangzhou.aliyuncs.com',
  'cn-shenzhen-su18-b01': 'ecs-cn-hangzhou.aliyuncs.com',
  'cn-wuhan': 'ecs.aliyuncs.com',
  'cn-yushanfang': 'ecs.aliyuncs.com',
  'cn-zhangbei': 'ecs.aliyuncs.com',
  'cn-zhangbei-na61-b01': 'ecs-cn-hangzhou.aliyuncs.com',
  'cn-zhangjiakou-na62-a01': 'ecs.cn-zhangjiakou.aliyuncs.com',
  'cn-zhengzhou-nebula-1': 'ecs.cn-qingdao-nebula.aliyuncs.com',
  'eu-west-1-oxs': 'ecs.cn-shenzhen-cloudstone.aliyuncs.com',
  'rus-west-1-pop': 'ecs.aliyuncs.com',
});

const regionPattern = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** Checks a region id (`cn-hangzhou`): lowercase letters, digits and single dashes. Throws a ConfigurationError otherwise. */
export function assertRegion(region: unknown): asserts region is string {
  if (typeof region !== 'string' || region === '') throw new ConfigurationError('region: must be a non-empty region id such as cn-hangzhou');
  if (!regionPattern.test(region)) {
    throw new ConfigurationError(`region: ${JSON.stringify(region.slice(0, 64))} is not a region id (lowercase letters, digits and dashes, e.g. cn-hangzhou)`);
  }
}

/**
 * The default API host of a product in a region: `ecs.<region>.aliyuncs.com` (with the official ECS SDK's
 * special cases, e.g. `cn-hangzhou` -> `ecs-cn-hangzhou.aliyuncs.com`), `swas.<region>.aliyuncs.com`,
 * `eflo-controller.<region>.aliyuncs.com`. Host only, no scheme.
 * @example defaultEndpoint('swas', 'cn-shanghai') // 'swas.cn-shanghai.aliyuncs.com'
 */
export function defaultEndpoint(product: Product, region: string): string {
  const prefix = HOST_PREFIX[product];
  if (!prefix) throw new ConfigurationError(`product: must be one of ${Object.keys(HOST_PREFIX).join(', ')}`);
  assertRegion(region);
  if (product === 'ecs') {
    const special = ECS_ENDPOINT_MAP[region];
    if (special) return special;
  }
  return `${prefix}.${region}.aliyuncs.com`;
}

/** Where requests go: the URL origin and the `host` header value that is signed (with the port, if any). */
export interface ResolvedEndpoint {
  /** e.g. `https://ecs.cn-shanghai.aliyuncs.com` or `http://127.0.0.1:8080` */
  origin: string;
  /** e.g. `ecs.cn-shanghai.aliyuncs.com` or `127.0.0.1:8080` */
  host: string;
  protocol: 'https' | 'http';
}

/**
 * Parses an endpoint override: `host[:port]` (https) or `http(s)://host[:port]` (a trailing `/` is allowed;
 * any other path, a query or credentials in the URL are rejected).
 */
export function resolveEndpoint(endpoint: string): ResolvedEndpoint {
  if (typeof endpoint !== 'string' || endpoint.trim() === '') throw new ConfigurationError('endpoint: must be a non-empty host or URL');
  const text = endpoint.trim();
  // What an error may quote: the user info (`user:password@`) replaced, also in a URL that does not parse.
  const shown = JSON.stringify(text.replace(/^([a-z][a-z0-9+.-]*:\/\/)?[^/?#\s]*@/i, '$1***@').slice(0, 200));
  const hasScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text);
  let url: URL;
  try {
    url = new URL(hasScheme ? text : `https://${text}`);
  } catch {
    throw new ConfigurationError(`endpoint: ${shown} is not a valid host[:port] or http(s) URL`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new ConfigurationError(`endpoint: scheme ${url.protocol.replace(':', '')} is not supported (use https or http)`);
  }
  if (url.username || url.password) throw new ConfigurationError('endpoint: must not contain a user name or password');
  if ((url.pathname !== '/' && url.pathname !== '') || url.search || url.hash) {
    throw new ConfigurationError(`endpoint: ${shown} must be a host or origin without a path, query or fragment`);
  }
  return { origin: url.origin, host: url.host, protocol: url.protocol === 'http:' ? 'http' : 'https' };
}
