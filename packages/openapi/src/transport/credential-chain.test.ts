import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveCredentials } from './credentials.js';
import { stsEndpoint } from './sts.js';

// One local server plays the metadata service and a credentials URI, each answering a key named after it.
let server: Server;
let origin: string;
const hits: string[] = [];
const dir = mkdtempSync(join(tmpdir(), 'invocations-chain-'));

function answer(name: string): string {
  return JSON.stringify({ Code: 'Success', AccessKeyId: `STS.${name}`, AccessKeySecret: `${name}-secret`, SecurityToken: `${name}-token`, Expiration: new Date(Date.now() + 3_600_000).toISOString() });
}

beforeAll(async () => {
  server = createServer((request, response) => {
    hits.push(`${request.method} ${request.url}`);
    if (request.url === '/latest/api/token' && request.method === 'PUT' && request.headers['x-aliyun-ecs-metadata-token-ttl-seconds'] === '21600') {
      response.end('metadata-session-token');
    } else if (request.url === '/latest/meta-data/ram/security-credentials/Role' && request.headers['x-aliyun-ecs-metadata-token'] === 'metadata-session-token') {
      response.end(answer('metadata'));
    } else if (request.url === '/uri') {
      response.end(answer('uri'));
    } else if (request.url?.startsWith('/redirect')) {
      response.writeHead(302, { location: '/uri' }).end();
    } else if (request.url === '/bad') {
      response.end('{"AccessKeyId":"STS.bad","AccessKeySecret":"bad-answer-secret","Expiration":"soon"}');
    } else {
      response.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** The error a promise rejects with; a test fails when it resolves instead. */
async function failure(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a rejection, got a result');
}

const ak = { ALIBABA_CLOUD_ACCESS_KEY_ID: 'env-id', ALIBABA_CLOUD_ACCESS_KEY_SECRET: 'env-secret' };
const none = join(dir, 'none.json');

describe('the chain order (README table)', () => {
  it('AccessKey env > OIDC env > config file > ECS metadata > credentials URI', async () => {
    const tokenFile = join(dir, 'token');
    writeFileSync(tokenFile, 'a.b.c');
    const oidc = { ALIBABA_CLOUD_ROLE_ARN: 'acs:ram::1:role/r', ALIBABA_CLOUD_OIDC_PROVIDER_ARN: 'acs:ram::1:oidc-provider/p', ALIBABA_CLOUD_OIDC_TOKEN_FILE: tokenFile };
    const later = { ALIBABA_CLOUD_ECS_METADATA: 'Role', INVOCATIONS_METADATA_ENDPOINT: origin, ALIBABA_CLOUD_CREDENTIALS_URI: `${origin}/uri` };
    const configPath = join(dir, 'config.json');
    writeFileSync(configPath, JSON.stringify({ current: 'main', profiles: [{ name: 'main', mode: 'AK', access_key_id: 'file-id', access_key_secret: 'file-secret' }] }), { mode: 0o600 });

    expect(await resolveCredentials({ env: { ...ak, ...oidc, ...later }, configPath })).toMatchObject({ accessKeyId: 'env-id' });
    // OIDC wins over the file: STS is asked (here: nothing listens on port 9 of loopback, so it fails fast).
    await expect(resolveCredentials({ env: { ...oidc, ...later, INVOCATIONS_STS_ENDPOINT: 'http://127.0.0.1:9' }, configPath })).rejects.toThrow(/^STS AssumeRoleWithOIDC: network error/);
    expect(await resolveCredentials({ env: later, configPath })).toMatchObject({ accessKeyId: 'file-id' });
    expect(await resolveCredentials({ env: later, configPath: none })).toMatchObject({ accessKeyId: 'STS.metadata', securityToken: 'metadata-token' });
    expect(await resolveCredentials({ env: { ...later, ALIBABA_CLOUD_ECS_METADATA_DISABLED: 'true' }, configPath: none })).toMatchObject({ accessKeyId: 'STS.uri' });
    expect(hits).toEqual(['PUT /latest/api/token', 'GET /latest/meta-data/ram/security-credentials/Role', 'GET /uri']);
  });

  it('names what is missing or wrong, before any request and without quoting secrets', async () => {
    await expect(resolveCredentials({ env: { ALIBABA_CLOUD_OIDC_TOKEN_FILE: '/t' }, configPath: none })).rejects.toThrow(
      'OIDC credentials from the environment need ALIBABA_CLOUD_ROLE_ARN and ALIBABA_CLOUD_OIDC_PROVIDER_ARN as well',
    );
    await expect(resolveCredentials({ env: { ALIBABA_CLOUD_CREDENTIALS_URI: 'file:///etc/passwd' }, configPath: none })).rejects.toThrow(
      'ALIBABA_CLOUD_CREDENTIALS_URI: must be an http or https URL, not file',
    );
    await expect(resolveCredentials({ env: { ALIBABA_CLOUD_ECS_METADATA: '../admin', INVOCATIONS_METADATA_ENDPOINT: origin }, configPath: none })).rejects.toThrow(/role name must be 1 to 64 letters/);
    await expect(resolveCredentials({ env: { ALIBABA_CLOUD_CREDENTIALS_URI: `${origin}/redirect?key=query-secret` }, configPath: none })).rejects.toThrow(
      `credentials URI ${origin}/redirect: HTTP 302`,
    );
    const bad = await failure(resolveCredentials({ env: { ALIBABA_CLOUD_CREDENTIALS_URI: `${origin}/bad` }, configPath: none }));
    expect(bad.message).toMatch(/SecurityToken must be a non-empty string; Expiration must be a UTC time/);
    expect(bad.message).not.toContain('bad-answer-secret');
    await expect(resolveCredentials({ env: { ALIBABA_CLOUD_ECS_METADATA: 'Nobody', INVOCATIONS_METADATA_ENDPOINT: origin }, configPath: none })).rejects.toThrow(
      'ECS metadata (role Nobody): HTTP 404; is the role attached to this instance?',
    );
  });
});

describe('stsEndpoint', () => {
  it('override > regional (VPC when enabled) > central', () => {
    expect(stsEndpoint({ stsEndpoint: 'http://127.0.0.1:1' }, { INVOCATIONS_STS_ENDPOINT: 'x' })).toBe('http://127.0.0.1:1');
    expect(stsEndpoint({}, { INVOCATIONS_STS_ENDPOINT: 'http://127.0.0.1:2' })).toBe('http://127.0.0.1:2');
    expect(stsEndpoint({ stsRegion: 'cn-shanghai' }, {})).toBe('sts.cn-shanghai.aliyuncs.com');
    expect(stsEndpoint({}, { ALIBABA_CLOUD_STS_REGION: 'cn-beijing', ALIBABA_CLOUD_VPC_ENDPOINT_ENABLED: 'true' })).toBe('sts-vpc.cn-beijing.aliyuncs.com');
    expect(stsEndpoint({}, {})).toBe('sts.aliyuncs.com');
    expect(() => stsEndpoint({ stsRegion: 'Not A Region' }, {})).toThrow(/region/);
  });
});
