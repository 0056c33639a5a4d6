import { describe, expect, it, vi } from 'vitest';
import { DESCRIBE_REGIONS_V1, RUN_INSTANCES_V3 } from '../../test/fixtures/signing-vectors.js';
import { EMPTY_BODY_SHA256, sha256Hex, signV1, signV3 } from './signing.js';

// signing.ts as browsers, workers and edge runtimes get it: `#digest` is the Web Crypto module (the
// real one; Node would otherwise pick node:crypto). The published vectors must come out the same.
vi.mock('#digest', () => import('./digest-web.js'));

describe('signing with Web Crypto', () => {
  it('signs the V1 DescribeRegions vector', async () => {
    const { parameters, accessKeySecret, signature } = DESCRIBE_REGIONS_V1;
    await expect(signV1({ method: 'GET', parameters, accessKeySecret })).resolves.toBe(signature);
  });

  it('signs the V3 RunInstances vector of the official document', async () => {
    const result = await signV3(RUN_INSTANCES_V3.input);
    expect(result.signature).toBe(RUN_INSTANCES_V3.signature);
    await expect(sha256Hex('')).resolves.toBe(EMPTY_BODY_SHA256);
  });
});
