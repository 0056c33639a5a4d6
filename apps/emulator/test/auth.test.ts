import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../src/index.js';
import { call, wireTime } from './helpers.js';

let emulator: Emulator;
const query = { RegionId: 'cn-hangzhou', PageSize: '1' };

beforeAll(async () => {
  emulator = await startEmulator({
    seed: 7,
    credentials: [
      { accessKeyId: 'testid', accessKeySecret: 'testsecret' },
      { accessKeyId: 'second', accessKeySecret: 'second-secret' },
    ],
  });
});
afterAll(() => emulator.close());

describe('signature verification', () => {
  it.each([
    ['v1', 'GET'],
    ['v1', 'POST'],
    ['v3', 'GET'],
    ['v3', 'POST'],
  ] as const)('accepts a %s %s request', async (scheme, method) => {
    const result = await call(emulator, { product: 'ecs', action: 'DescribeInvocations', query, scheme, method });
    expect(result.status).toBe(200);
    expect(result.json.Invocations.Invocation).toHaveLength(1);
  });

  it('accepts a second configured key and returns the first as credentials', async () => {
    expect(emulator.credentials).toEqual({ accessKeyId: 'testid', accessKeySecret: 'testsecret' });
    const result = await call(emulator, { product: 'ecs', action: 'DescribeInvocations', query, accessKeyId: 'second', accessKeySecret: 'second-secret' });
    expect(result.status).toBe(200);
  });

  it('verifies V1 over the query and the form body together', async () => {
    const result = await call(emulator, {
      product: 'eflo',
      action: 'RunCommand',
      scheme: 'v1',
      body: { CommandContent: 'echo 你好 & done', NodeIdList: '["e01-a b"]' },
    });
    expect(result.status).toBe(200);
    expect(result.json.InvokeId).toMatch(/^t-/);
  });

  it.each(['v1', 'v3'] as const)('rejects a wrong secret (%s) with 400 SignatureDoesNotMatch and no secret in the answer', async (scheme) => {
    const result = await call(emulator, { product: 'ecs', action: 'DescribeInvocations', query, scheme, accessKeySecret: 'wrong' });
    expect(result.status).toBe(400);
    expect(result.json.Code).toBe('SignatureDoesNotMatch');
    expect(result.text).not.toContain('testsecret');
  });

  it.each(['v1', 'v3'] as const)('rejects an unknown key (%s) with 404 InvalidAccessKeyId.NotFound', async (scheme) => {
    const result = await call(emulator, { product: 'ecs', action: 'DescribeInvocations', query, scheme, accessKeyId: 'nobody' });
    expect(result.status).toBe(404);
    expect(result.json.Code).toBe('InvalidAccessKeyId.NotFound');
  });

  it.each(['v1', 'v3'] as const)('rejects a reused nonce (%s) with 400 SignatureNonceUsed', async (scheme) => {
    const nonce = `nonce-${scheme}-${Date.now()}`;
    const first = await call(emulator, { product: 'ecs', action: 'DescribeInvocations', query, scheme, nonce });
    expect(first.status).toBe(200);
    const second = await call(emulator, { product: 'ecs', action: 'DescribeInvocations', query, scheme, nonce });
    expect(second.status).toBe(400);
    expect(second.json.Code).toBe('SignatureNonceUsed');
  });

  it('does not burn a nonce on a request whose signature is wrong', async () => {
    const nonce = `nonce-forged-${Date.now()}`;
    const forged = await call(emulator, { product: 'ecs', action: 'DescribeInvocations', query, nonce, accessKeySecret: 'wrong' });
    expect(forged.json.Code).toBe('SignatureDoesNotMatch');
    const real = await call(emulator, { product: 'ecs', action: 'DescribeInvocations', query, nonce });
    expect(real.status).toBe(200);
  });

  it.each(['v1', 'v3'] as const)('rejects a timestamp 16 minutes old (%s) with 400 InvalidTimeStamp.Expired', async (scheme) => {
    const result = await call(emulator, { product: 'ecs', action: 'DescribeInvocations', query, scheme, timestamp: wireTime(Date.now() - 16 * 60_000) });
    expect(result.status).toBe(400);
    expect(result.json.Code).toBe('InvalidTimeStamp.Expired');
  });

  it('accepts a timestamp 14 minutes in the future', async () => {
    const result = await call(emulator, { product: 'ecs', action: 'DescribeInvocations', query, timestamp: wireTime(Date.now() + 14 * 60_000) });
    expect(result.status).toBe(200);
  });

  it('rejects a malformed timestamp with InvalidTimeStamp.Format', async () => {
    const result = await call(emulator, { product: 'ecs', action: 'DescribeInvocations', query, scheme: 'v1', timestamp: '2025/01/01 00:00' });
    expect(result.status).toBe(400);
    expect(result.json.Code).toBe('InvalidTimeStamp.Format');
  });

  it('rejects an unsigned request with MissingParameter', async () => {
    const result = await call(emulator, { product: 'ecs', action: 'DescribeInvocations', query, scheme: 'none' });
    expect(result.status).toBe(400);
    expect(result.json.Code).toBe('MissingParameter');
    expect(result.json.Message).toContain('AccessKeyId');
  });

  it('rejects a V3 request whose body does not match x-acs-content-sha256', async () => {
    const result = await call(emulator, {
      product: 'eflo',
      action: 'DescribeInvocations',
      body: { InvokeId: 't-signed' },
      sendBody: 'InvokeId=t-swapped',
    });
    expect(result.status).toBe(400);
    expect(result.json.Code).toBe('SignatureDoesNotMatch');
    expect(result.json.Message).toContain('x-acs-content-sha256');
  });

  it('rejects a V1 request whose form body was changed after signing', async () => {
    const result = await call(emulator, {
      product: 'eflo',
      action: 'DescribeInvocations',
      scheme: 'v1',
      body: { InvokeId: 't-signed' },
      sendBody: 'InvokeId=t-swapped',
    });
    expect(result.json.Code).toBe('SignatureDoesNotMatch');
  });

  it('accepts a V3 request signed for the Host it was sent with, whatever that host is', async () => {
    const result = await call(emulator, { product: 'ecs', action: 'DescribeInvocations', query, host: 'ecs.cn-hangzhou.aliyuncs.com' });
    expect(result.status).toBe(200);
  });
});
