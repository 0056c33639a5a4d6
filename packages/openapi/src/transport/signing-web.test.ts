import { describe, expect, it, vi } from 'vitest';
import { EMPTY_BODY_SHA256, sha256Hex, signV1, signV3 } from './signing.js';

// signing.ts as browsers, workers and edge runtimes get it: `#digest` is the Web Crypto module (the
// real one; Node would otherwise pick node:crypto). The published vectors must come out the same.
vi.mock('#digest', () => import('./digest-web.js'));

describe('signing with Web Crypto', () => {
  it('signs the V1 DescribeRegions vector', async () => {
    const parameters = {
      Action: 'DescribeRegions',
      Format: 'XML',
      Version: '2014-05-26',
      AccessKeyId: 'testid',
      SignatureMethod: 'HMAC-SHA1',
      Timestamp: '2016-02-23T12:46:24Z',
      SignatureVersion: '1.0',
      SignatureNonce: '3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf',
    };
    await expect(signV1({ method: 'GET', parameters, accessKeySecret: 'testsecret' })).resolves.toBe('OLeaidS1JvxuMvnyHOwuJ+uX5qY=');
  });

  it('signs the V3 RunInstances vector of the official document', async () => {
    const result = await signV3({
      method: 'POST',
      pathname: '/',
      query: { ImageId: 'win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd', RegionId: 'cn-shanghai' },
      headers: {
        host: 'ecs.cn-shanghai.aliyuncs.com',
        'x-acs-action': 'RunInstances',
        'x-acs-version': '2014-05-26',
        'x-acs-date': '2023-10-26T10:22:32Z',
        'x-acs-signature-nonce': '3156853299f313e23d1673dc12e1703d',
        'x-acs-content-sha256': EMPTY_BODY_SHA256,
      },
      payloadHash: EMPTY_BODY_SHA256,
      accessKeyId: 'YourAccessKeyId',
      accessKeySecret: 'YourAccessKeySecret',
    });
    expect(result.signature).toBe('06563a9e1b43f5dfe96b81484da74bceab24a1d853912eee15083a6f0f3283c0');
    await expect(sha256Hex('')).resolves.toBe(EMPTY_BODY_SHA256);
  });
});
