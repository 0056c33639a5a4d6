import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type Credentials,
  createOpenApiClient,
  type OpenApiClientOptions,
  resolveCredentials,
  resolveCredentialsProvider,
} from '@invocations/openapi';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type Emulator, startEmulator } from '../src/index.js';

// Temporary keys live this long in the emulator: short enough for a test to outlive them.
// Long enough that 50 calls finish well inside one lifetime even on a loaded 2-core machine (the refresh
// margin is a quarter of it).
const LIFETIME_S = 8;
const ROLE_ARN = 'acs:ram::1234567890123456:role/invocations-reader';
const PROVIDER_ARN = 'acs:ram::1234567890123456:oidc-provider/ack-rrsa-test';
const JWT = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJzeXN0ZW06c2VydmljZWFjY291bnQ6ZGVmYXVsdDp0ZXN0In0.c2lnbmF0dXJlLW9mLXRoZS10b2tlbg';

/** The error a promise rejects with; a test fails when it resolves instead. */
async function failure(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a rejection, got a result');
}

let emulator: Emulator;
const dir = mkdtempSync(join(tmpdir(), 'invocations-credentials-'));
const servers: Server[] = [];

beforeAll(async () => {
  emulator = await startEmulator({ temporaryCredentials: { stsSeconds: LIFETIME_S, metadataSeconds: LIFETIME_S, metadataRoles: ['EcsReader'] } });
});
afterAll(async () => {
  await emulator.close();
});
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function writeConfig(name: string, profiles: Record<string, unknown>[]): string {
  const path = join(dir, `${name}.json`);
  writeFileSync(path, JSON.stringify({ current: profiles[0]?.name, profiles }), { mode: 0o600 });
  return path;
}

function tokenFile(name: string, token: string): string {
  const path = join(dir, name);
  writeFileSync(path, token, { mode: 0o600 });
  return path;
}

/** An ECS client whose credentials come from the chain, with STS and metadata pointed at the emulator. */
function chainClient(env: Record<string, string>, extra: Partial<OpenApiClientOptions> = {}) {
  return createOpenApiClient({
    product: 'ecs',
    region: 'cn-hangzhou',
    endpoint: emulator.url,
    env: { HOME: dir, INVOCATIONS_STS_ENDPOINT: emulator.url, INVOCATIONS_METADATA_ENDPOINT: emulator.url, ...env },
    configPath: join(dir, 'none.json'),
    retry: false,
    ...extra,
  });
}

const describeCall = { action: 'DescribeInvocations', query: { RegionId: 'cn-hangzhou', PageSize: 10 } };

async function fiftyCalls(client: ReturnType<typeof chainClient>): Promise<void> {
  const results = await Promise.all(Array.from({ length: 50 }, () => client.call(describeCall)));
  for (const result of results) expect(result.status).toBe(200);
}

describe('the emulator as STS and metadata service', { timeout: 60_000 }, () => {
  it('AssumeRole checks the caller signature and issues STS. keys every action then accepts', async () => {
    const before = emulator.credentialCounts().assumeRole;
    const configPath = writeConfig('role', [{ name: 'role', mode: 'RamRoleArn', ...akFields(), ram_role_arn: ROLE_ARN, ram_session_name: 'test' }]);
    const credentials = await resolveCredentials({ env: { INVOCATIONS_STS_ENDPOINT: emulator.url }, configPath });
    expect(credentials.accessKeyId).toMatch(/^STS\./);
    expect(credentials.securityToken).toBeTruthy();
    expect(emulator.credentialCounts().assumeRole).toBe(before + 1);
    for (const signatureVersion of ['v3', 'v1'] as const) {
      const client = createOpenApiClient({ product: 'ecs', region: 'cn-hangzhou', endpoint: emulator.url, credentials, signatureVersion, retry: false });
      await expect(client.call(describeCall)).resolves.toMatchObject({ status: 200 });
    }
    // The same key with another token is refused, and so is a wrong secret for AssumeRole itself.
    const forged = createOpenApiClient({ product: 'ecs', region: 'cn-hangzhou', endpoint: emulator.url, credentials: { ...credentials, securityToken: 'CAISforged-token-value' }, retry: false });
    await expect(forged.call(describeCall)).rejects.toMatchObject({ code: 'InvalidSecurityToken.MismatchWithAccessKey' });
    const wrong = writeConfig('wrong', [{ name: 'wrong', mode: 'RamRoleArn', access_key_id: emulator.credentials.accessKeyId, access_key_secret: 'not-the-secret-at-all', ram_role_arn: ROLE_ARN }]);
    const error = await failure(resolveCredentials({ env: { INVOCATIONS_STS_ENDPOINT: emulator.url }, configPath: wrong }));
    expect(error).toMatchObject({ code: 'SignatureDoesNotMatch', product: 'STS', action: 'AssumeRole' });
    expect(String((error as Error).message)).not.toContain('not-the-secret-at-all');
  });

  it('refuses an STS key once it has expired', async () => {
    const configPath = writeConfig('expiring', [{ name: 'expiring', mode: 'RamRoleArn', ...akFields(), ram_role_arn: ROLE_ARN }]);
    const credentials = await resolveCredentials({ env: { INVOCATIONS_STS_ENDPOINT: emulator.url }, configPath });
    const client = createOpenApiClient({ product: 'ecs', region: 'cn-hangzhou', endpoint: emulator.url, credentials, retry: false });
    await expect(client.call(describeCall)).resolves.toMatchObject({ status: 200 });
    await sleep(LIFETIME_S * 1000 + 200);
    const error = await failure(client.call(describeCall));
    expect(error).toMatchObject({ code: 'InvalidSecurityToken.Expired' });
    expect(error.message).not.toContain(credentials.securityToken);
    expect(error.message).not.toContain(credentials.accessKeySecret);
  });

  it('AssumeRoleWithOIDC takes a well-formed token only, without a signature', async () => {
    const good = await resolveCredentials({
      env: { ALIBABA_CLOUD_ROLE_ARN: ROLE_ARN, ALIBABA_CLOUD_OIDC_PROVIDER_ARN: PROVIDER_ARN, ALIBABA_CLOUD_OIDC_TOKEN_FILE: tokenFile('good.jwt', JWT), INVOCATIONS_STS_ENDPOINT: emulator.url },
      configPath: join(dir, 'none.json'),
    });
    expect(good.accessKeyId).toMatch(/^STS\./);
    const badToken = 'not-a-jwt-but-a-secret-token';
    const error = await failure(resolveCredentials({
      env: { ALIBABA_CLOUD_ROLE_ARN: ROLE_ARN, ALIBABA_CLOUD_OIDC_PROVIDER_ARN: PROVIDER_ARN, ALIBABA_CLOUD_OIDC_TOKEN_FILE: tokenFile('bad.jwt', badToken), INVOCATIONS_STS_ENDPOINT: emulator.url },
      configPath: join(dir, 'none.json'),
    }));
    expect(error).toMatchObject({ code: 'AuthenticationFail.OIDCToken.Invalid' });
    expect(`${error.message} ${JSON.stringify(error)}`).not.toContain(badToken);
  });

  it('the metadata service wants its token (hardened mode) and knows only its roles', async () => {
    const put = await fetch(`${emulator.url}/latest/api/token`, { method: 'PUT' });
    expect(put.status).toBe(400);
    const token = await (await fetch(`${emulator.url}/latest/api/token`, { method: 'PUT', headers: { 'X-aliyun-ecs-metadata-token-ttl-seconds': '60' } })).text();
    expect((await fetch(`${emulator.url}/latest/meta-data/ram/security-credentials/EcsReader`)).status).toBe(401);
    const other = await fetch(`${emulator.url}/latest/meta-data/ram/security-credentials/Other`, { headers: { 'X-aliyun-ecs-metadata-token': token } });
    expect(other.status).toBe(404);
    const answer = await fetch(`${emulator.url}/latest/meta-data/ram/security-credentials/EcsReader`, { headers: { 'X-aliyun-ecs-metadata-token': token } });
    expect(answer.status).toBe(200);
    expect(await answer.json()).toMatchObject({ Code: 'Success', AccessKeyId: expect.stringMatching(/^STS\./), Expiration: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/) });
  });
});

function akFields() {
  return { access_key_id: emulator.credentials.accessKeyId, access_key_secret: emulator.credentials.accessKeySecret };
}

/** 50 calls at once, past expiry another 50: exactly one credential fetch each time. */
async function refreshesOncePerExpiry(client: ReturnType<typeof chainClient>, count: () => number): Promise<void> {
  const start = count();
  await fiftyCalls(client);
  expect(count()).toBe(start + 1);
  await sleep(LIFETIME_S * 1000 + 200);
  await fiftyCalls(client);
  expect(count()).toBe(start + 2);
}

describe('each credentials mode against the emulator, with refresh under 50 concurrent calls', { timeout: 90_000 }, () => {
  it('OIDC from the environment, the token file re-read on each refresh', async () => {
    const file = tokenFile('rotating.jwt', JWT);
    const client = chainClient({ ALIBABA_CLOUD_ROLE_ARN: ROLE_ARN, ALIBABA_CLOUD_OIDC_PROVIDER_ARN: PROVIDER_ARN, ALIBABA_CLOUD_OIDC_TOKEN_FILE: file });
    await refreshesOncePerExpiry(client, () => emulator.credentialCounts().assumeRoleWithOidc);
    // A rotated, broken token: the next refresh fails, and with nothing valid left the call fails.
    writeFileSync(file, 'broken');
    await sleep(LIFETIME_S * 1000 + 200);
    await expect(client.call(describeCall)).rejects.toMatchObject({ code: 'AuthenticationFail.OIDCToken.Invalid' });
    writeFileSync(file, JWT);
    await expect(client.call(describeCall)).resolves.toMatchObject({ status: 200 });
  });

  it('ALIBABA_CLOUD_ECS_METADATA: one token and one credentials request per refresh', async () => {
    const client = chainClient({ ALIBABA_CLOUD_ECS_METADATA: 'EcsReader' });
    const tokens = emulator.credentialCounts().metadataToken;
    await refreshesOncePerExpiry(client, () => emulator.credentialCounts().metadataCredentials);
    expect(emulator.credentialCounts().metadataToken).toBe(tokens + 2);
  });

  it('EcsRamRole, RamRoleArn, OIDC and ChainableRamRoleArn profiles', async () => {
    const configPath = writeConfig('profiles', [
      { name: 'ecs', mode: 'EcsRamRole', ram_role_name: 'EcsReader' },
      { name: 'role', mode: 'RamRoleArn', ...akFields(), ram_role_arn: ROLE_ARN, ram_session_name: 'role-session' },
      { name: 'oidc', mode: 'OIDC', oidc_provider_arn: PROVIDER_ARN, oidc_token_file: tokenFile('profile.jwt', JWT), ram_role_arn: ROLE_ARN, ram_session_name: 'oidc' },
      { name: 'chained', mode: 'ChainableRamRoleArn', source_profile: 'role', ram_role_arn: ROLE_ARN, ram_session_name: 'chained' },
      { name: 'loop-a', mode: 'ChainableRamRoleArn', source_profile: 'loop-b', ram_role_arn: ROLE_ARN },
      { name: 'loop-b', mode: 'ChainableRamRoleArn', source_profile: 'loop-a', ram_role_arn: ROLE_ARN },
    ]);
    const counts = () => emulator.credentialCounts();
    const cases: [string, () => number][] = [
      ['ecs', () => counts().metadataCredentials],
      ['role', () => counts().assumeRole],
      ['oidc', () => counts().assumeRoleWithOidc],
    ];
    for (const [profile, count] of cases) {
      await refreshesOncePerExpiry(chainClient({}, { configPath, profile }), count);
    }
    // The chained role: its source role is assumed first, then the chained one, with the source's STS key.
    const before = counts().assumeRole;
    await fiftyCalls(chainClient({}, { configPath, profile: 'chained' }));
    expect(counts().assumeRole).toBe(before + 2);
    await expect(resolveCredentials({ env: {}, configPath, profile: 'loop-a' })).rejects.toThrow(/source_profile makes a loop \(loop-a -> loop-b -> loop-a\)/);
  });

  it('ALIBABA_CLOUD_CREDENTIALS_URI and a CredentialsURI profile', async () => {
    let served = 0;
    const server = createServer((request, response) => {
      served++;
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(
        JSON.stringify({
          Code: 'Success',
          ...{ AccessKeyId: emulator.credentials.accessKeyId, AccessKeySecret: emulator.credentials.accessKeySecret },
          SecurityToken: 'CAIS-uri-token-for-the-test',
          Expiration: new Date(Math.floor(Date.now() / 1000) * 1000 + LIFETIME_S * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z'),
        }),
      );
    });
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const uri = `http://127.0.0.1:${(server.address() as AddressInfo).port}/credentials?secret-query=1`;
    await refreshesOncePerExpiry(chainClient({ ALIBABA_CLOUD_CREDENTIALS_URI: uri }), () => served);
    const configPath = writeConfig('uri', [{ name: 'uri', mode: 'CredentialsURI', credentials_uri: uri }]);
    await refreshesOncePerExpiry(chainClient({}, { configPath }), () => served);
  });

  it('a credentials client in the official shape (getCredential)', async () => {
    let asked = 0;
    const client = {
      async getCredential() {
        asked++;
        return { ...emulator.credentials, securityToken: null as unknown as string, bearerToken: undefined, type: 'access_key' };
      },
    };
    const api = createOpenApiClient({ product: 'ecs', region: 'cn-hangzhou', endpoint: emulator.url, credentials: client, retry: false });
    await fiftyCalls(api as ReturnType<typeof chainClient>);
    // The client caches for itself: it is asked per call.
    expect(asked).toBe(50);
    const broken = { getCredential: async () => ({ accessKeyId: 'x' }) };
    await expect(createOpenApiClient({ product: 'ecs', region: 'cn-hangzhou', endpoint: emulator.url, credentials: broken }).call(describeCall)).rejects.toThrow(
      /credentials client getCredential\(\) result: accessKeySecret must be a non-empty string/,
    );
  });
});

describe('no secret anywhere', { timeout: 60_000 }, () => {
  it('hooks, errors and warnings of a chain with temporary keys carry no secret or token', async () => {
    const seen: string[] = [];
    const warnings: string[] = [];
    let issued: Credentials | undefined;
    const provider = await resolveCredentialsProvider({
      env: { ALIBABA_CLOUD_ECS_METADATA: 'EcsReader', INVOCATIONS_METADATA_ENDPOINT: emulator.url },
      configPath: join(dir, 'none.json'),
      onWarning: (message) => warnings.push(message),
    });
    issued = await provider();
    const client = createOpenApiClient({
      product: 'ecs',
      region: 'cn-hangzhou',
      endpoint: emulator.url,
      credentials: provider,
      signatureVersion: 'v1',
      hooks: { onRequest: (event) => seen.push(JSON.stringify(event)), onResponse: (event) => seen.push(JSON.stringify(event)) },
      retry: false,
    });
    await client.call(describeCall);
    const error = await failure(client.call({ action: 'DescribeInvocations', query: { RegionId: 'cn-hangzhou', PageSize: 99999 } }));
    seen.push(String(error), JSON.stringify(error), ...warnings);
    const text = seen.join('\n');
    expect(seen.length).toBeGreaterThan(3);
    expect(text).not.toContain(issued?.accessKeySecret);
    expect(text).not.toContain(issued?.securityToken);
  });
});
