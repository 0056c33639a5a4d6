// The secret and the STS token never reach an error message, a debug line or a hook payload: runs
// that succeed, fail on signatures, time out, hit faults and cut bodies, in V3 and V1, JSON and XML.
// (faults, shifting-pages and bad-bodies assert the same over their own runs.)
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEcsSource } from '@invocations/ecs';
import { type Emulator, startEmulator } from '@invocations/emulator';
import { createOpenApiClient, resolveCredentials } from '@invocations/openapi';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { populateEcs } from '../src/emulator-data.js';
import { REGION, listIds, reliabilitySource, startReliabilityEmulator } from './support/emulator.js';
import { ACCESS_KEY_ID, SECRET, STS_TOKEN, watchForSecrets } from './support/secrets.js';

const secrets = watchForSecrets();
const control = watchForSecrets();
let emulator: Emulator;
let expected: string[];

beforeAll(async () => {
  emulator = await startReliabilityEmulator(13);
  expected = populateEcs(emulator, 300, { region: REGION });
});

afterAll(async () => {
  await emulator?.close();
});

async function captureFailure(where: string, run: () => Promise<unknown>): Promise<unknown> {
  try {
    await run();
  } catch (error) {
    secrets.error(where, error);
    return error;
  }
  throw new Error(`${where}: expected a failure`);
}

describe.each([
  ['v3', 'json'],
  ['v3', 'xml'],
  ['v1', 'json'],
  ['v1', 'xml'],
] as const)('signature %s, format %s', (signatureVersion, format) => {
  it('a listing with the STS token through faults and cut bodies leaks nothing', async () => {
    emulator.setFaults({ throttleRate: 0.2, serverErrorRate: 0.1, truncateRate: 0.1 });
    try {
      const { source, attempts } = reliabilitySource(emulator, secrets, { signatureVersion, format });
      const ids = await listIds(source);
      expect(new Set(ids)).toEqual(new Set(expected));
      expect(attempts.retries).toBeGreaterThan(0);
    } finally {
      emulator.setFaults({});
    }
  });

  it('a signature the server rejects leaks nothing', async () => {
    const other = await startEmulator({ port: 0, credentials: { accessKeyId: ACCESS_KEY_ID, accessKeySecret: 'a-different-secret' } });
    try {
      const { source } = reliabilitySource(other, secrets, { signatureVersion, format, retry: false });
      const error = await captureFailure('signature mismatch', () => listIds(source));
      expect(String((error as Error).message)).toMatch(/Signature|InvalidAccessKey|Incomplete/i);
    } finally {
      await other.close();
    }
  });

  it('timeouts and an unreachable endpoint leak nothing', async () => {
    emulator.setFaults({ latencyMs: 300 });
    try {
      const { source } = reliabilitySource(emulator, secrets, { signatureVersion, format, timeoutMs: 50, deadlineMs: 400, retry: { maxAttempts: 2, baseDelayMs: 1 } });
      await captureFailure('timeout', () => listIds(source));
    } finally {
      emulator.setFaults({});
    }
    const closed = await startEmulator({ port: 0 });
    const url = closed.url;
    await closed.close();
    const { source } = reliabilitySource(emulator, secrets, {
      signatureVersion,
      format,
      endpoint: url,
      retry: { maxAttempts: 2, baseDelayMs: 1 },
    });
    await captureFailure('connection refused', () => listIds(source));
  });

  it('get() of a missing invocation and a raw client call leak nothing', async () => {
    const { source } = reliabilitySource(emulator, secrets, { signatureVersion, format });
    await captureFailure('get missing', () => source.get('t-does-not-exist'));
    const client = createOpenApiClient({
      product: 'ecs',
      region: REGION,
      endpoint: emulator.url,
      credentials: { accessKeyId: ACCESS_KEY_ID, accessKeySecret: SECRET, securityToken: STS_TOKEN },
      signatureVersion,
      format,
      retry: false,
      hooks: {
        onRequest: (event) => secrets.hook('onRequest', event),
        onResponse: (event) => secrets.hook('onResponse', event),
        onRetry: (event) => secrets.hook('onRetry', event),
      },
    });
    await captureFailure('unknown action', () => client.call({ action: 'NoSuchAction', query: { RegionId: REGION } }));
    await captureFailure('bad parameter', () => client.call({ action: 'DescribeInvocations', query: { RegionId: REGION, PageSize: 500 } }));
    const ok = await client.call({ action: 'DescribeInvocations', query: { RegionId: REGION, PageSize: 1 } });
    secrets.text('response', JSON.stringify(ok));
  });
});

describe('configuration errors', () => {
  it('credentials that are incomplete or malformed leak nothing', async () => {
    await captureFailure('secret without id', () => resolveCredentials({ env: { ALIBABA_CLOUD_ACCESS_KEY_SECRET: SECRET, ALIBABA_CLOUD_SECURITY_TOKEN: STS_TOKEN }, configPath: join(tmpdir(), 'no-such-config.json') }));
    await captureFailure('explicit without id', () => resolveCredentials({ credentials: { accessKeyId: '', accessKeySecret: SECRET, securityToken: STS_TOKEN } }));
    await captureFailure('provider returning garbage', () =>
      resolveCredentials({ credentials: () => ({ accessKeySecret: SECRET, securityToken: STS_TOKEN }) as never }),
    );
    const directory = mkdtempSync(join(tmpdir(), 'invocations-bench-'));
    const configPath = join(directory, 'config.json');
    writeFileSync(configPath, JSON.stringify({ current: 'p', profiles: [{ name: 'p', mode: 'RamRoleArn', access_key_id: ACCESS_KEY_ID, access_key_secret: SECRET, sts_token: STS_TOKEN }] }));
    await captureFailure('unsupported profile mode', () => resolveCredentials({ configPath, env: {} }));
    writeFileSync(configPath, `{"current":"p","profiles":[{"name":"p","mode":"AK","access_key_secret":"${SECRET}",`);
    await captureFailure('broken config file', () => resolveCredentials({ configPath, env: {} }));
    await captureFailure('bad endpoint', async () =>
      createEcsSource({ region: REGION, endpoint: 'ftp://nowhere', credentials: { accessKeyId: ACCESS_KEY_ID, accessKeySecret: SECRET, securityToken: STS_TOKEN } }).list()[Symbol.asyncIterator]().next(),
    );
  });
});

it('the watch does catch a leak (so a clean result means something)', () => {
  control.hook('onRequest', { url: `http://127.0.0.1/?SecurityToken=${encodeURIComponent(STS_TOKEN)}` });
  expect(() => control.assertClean()).toThrow(/leaked into hook onRequest/);
  const control2 = { error: new Error('wrapped', { cause: new Error(`signing with ${SECRET}`) }) };
  control.error('nested cause', control2.error);
  expect(() => control.assertClean()).toThrow();
});

it('nothing collected carries the secret or the token', () => {
  expect(secrets.count).toBeGreaterThan(50);
  secrets.assertClean();
});
