import { randomUUID } from 'node:crypto';
import { connect } from 'node:net';
import { EMPTY_BODY_SHA256, percentEncode, signV1, signV3 } from '@invocations/openapi';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createManualClock, startEmulator, TIMESTAMP_WINDOW_MS, type Emulator } from '../src/index.js';
import { call, sendRaw, wireTime } from './helpers.js';

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator({ seed: 3 });
});
afterAll(() => emulator.close());

function form(record: Record<string, string>): string {
  return Object.entries(record)
    .map(([name, value]) => `${percentEncode(name)}=${percentEncode(value)}`)
    .join('&');
}

/** A V1-signed GET path, as a page could put in an <img src>. */
async function v1Path(target: Emulator, action: string, query: Record<string, string>, extra: { nonce?: string; timestamp?: string } = {}): Promise<string> {
  const parameters: Record<string, string> = {
    Action: action,
    Version: '2014-05-26',
    AccessKeyId: target.credentials.accessKeyId,
    SignatureMethod: 'HMAC-SHA1',
    SignatureVersion: '1.0',
    SignatureNonce: extra.nonce ?? randomUUID(),
    Timestamp: extra.timestamp ?? wireTime(),
    ...query,
  };
  parameters.Signature = await signV1({ method: 'GET', parameters, accessKeySecret: target.credentials.accessKeySecret });
  return `/?${form(parameters)}`;
}

describe('V3 signatures cover every x-acs-* header, host and content-type', () => {
  it('refuses a captured DescribeInvocations re-sent as StopInvocation when only host was signed', async () => {
    const run = await call(emulator, { product: 'ecs', action: 'RunCommand', query: { RegionId: 'cn-hangzhou', Type: 'RunShellScript', CommandContent: 'sleep 100', 'InstanceId.1': 'i-victim' } });
    const invokeId = run.json.InvokeId as string;
    const query = { RegionId: 'cn-hangzhou', InvokeId: invokeId };
    const host = emulator.endpoint;
    // What a careless signer sends: SignedHeaders=host only.
    const signed = await signV3({ method: 'POST', pathname: '/', query, headers: { host }, payloadHash: EMPTY_BODY_SHA256, accessKeyId: emulator.credentials.accessKeyId, accessKeySecret: emulator.credentials.accessKeySecret });
    expect(signed.signedHeaders).toBe('host');
    const headers = {
      host,
      authorization: signed.authorization,
      'x-acs-version': '2014-05-26',
      'x-acs-date': wireTime(),
      'x-acs-signature-nonce': randomUUID(),
      'x-acs-content-sha256': EMPTY_BODY_SHA256,
    };
    const path = `/?${form(query)}`;
    for (const action of ['DescribeInvocations', 'StopInvocation']) {
      const result = await sendRaw(emulator, 'POST', path, { ...headers, 'x-acs-action': action, 'x-acs-signature-nonce': randomUUID() });
      expect(result.status).toBe(400);
      expect(result.json.Code).toBe('SignatureDoesNotMatch');
      expect(result.json.Message).toMatch(/x-acs-[a-z0-9-]+ header must be signed/);
    }
    expect(emulator.store.get('ecs', 'cn-hangzhou', invokeId)?.stops.size).toBe(0);
  });

  it('refuses an unsigned content-type and an unsigned extra x-acs-* header', async () => {
    const host = emulator.endpoint;
    const base = {
      host,
      'x-acs-action': 'DescribeInvocations',
      'x-acs-version': '2014-05-26',
      'x-acs-date': wireTime(),
      'x-acs-content-sha256': EMPTY_BODY_SHA256,
    };
    const query = { RegionId: 'cn-hangzhou' };
    const extras: Record<string, string>[] = [{ 'content-type': 'application/json' }, { 'x-acs-security-token': 'forged' }];
    for (const extra of extras) {
      const headers = { ...base, 'x-acs-signature-nonce': randomUUID() };
      const signed = await signV3({ method: 'POST', pathname: '/', query, headers, payloadHash: EMPTY_BODY_SHA256, accessKeyId: emulator.credentials.accessKeyId, accessKeySecret: emulator.credentials.accessKeySecret });
      const result = await sendRaw(emulator, 'POST', `/?${form(query)}`, { ...headers, ...extra, authorization: signed.authorization });
      expect(result.status).toBe(400);
      expect(result.json.Code).toBe('SignatureDoesNotMatch');
    }
  });
});

describe('nonces', () => {
  it('refuses a nonce longer than 128 characters without remembering it', async () => {
    const before = emulator.stats().nonces;
    for (const scheme of ['v1', 'v3'] as const) {
      const result = await call(emulator, { product: 'ecs', action: 'DescribeInvocations', scheme, query: { RegionId: 'cn-hangzhou' }, nonce: 'n'.repeat(15_000) });
      expect(result.status).toBe(400);
      expect(result.json.Code).toBe('InvalidParameter');
      expect(result.json.Message).toMatch(/SignatureNonce.*128/);
    }
    expect(emulator.stats().nonces).toBe(before);
  });

  it('keeps at most maxNonces, and an evicted nonce still cannot be replayed', async () => {
    const small = await startEmulator({ maxNonces: 3 });
    try {
      const start = Date.now();
      // Fixed once: a replay repeats the very timestamp that was signed.
      const signedAt = { a: wireTime(start - 10 * 60_000), b: wireTime(start - 9 * 60_000), c: wireTime(start - 8 * 60_000), d: wireTime(start - 60_000) };
      const send = (nonce: string, timestamp: string) => call(small, { product: 'swas', action: 'ListInstances', query: { RegionId: 'cn-hangzhou' }, nonce, timestamp });
      for (const nonce of ['a', 'b', 'c', 'd'] as const) expect((await send(nonce, signedAt[nonce])).status).toBe(200);
      expect(small.stats().nonces).toBe(3);
      const replayEvicted = await send('a', signedAt.a);
      expect(replayEvicted.status).toBe(400);
      expect(replayEvicted.json.Code).toBe('InvalidTimeStamp.Expired');
      expect((await send('d', signedAt.d)).json.Code).toBe('SignatureNonceUsed');
      expect((await send('e', wireTime())).status).toBe(200);
      expect(small.stats().nonces).toBe(3);
    } finally {
      await small.close();
    }
  });

  it('refuses the replay of a request signed 15 minutes ahead at exactly 30 minutes', async () => {
    const clock = createManualClock(Date.UTC(2025, 0, 1, 12, 0, 0));
    const edge = await startEmulator({ timestampClock: clock });
    try {
      const timestamp = wireTime(clock.now() + TIMESTAMP_WINDOW_MS);
      const path = await v1Path(edge, 'DescribeInvocations', { RegionId: 'cn-hangzhou' }, { timestamp, nonce: 'edge-nonce' });
      const host = { host: edge.endpoint };
      expect((await sendRaw(edge, 'GET', path, host)).status).toBe(200);
      clock.advance(2 * TIMESTAMP_WINDOW_MS);
      const replay = await sendRaw(edge, 'GET', path, host);
      expect(replay.status).toBe(400);
      expect(replay.json.Code).toBe('SignatureNonceUsed');
      clock.advance(1_000);
      expect((await sendRaw(edge, 'GET', path, host)).json.Code).toBe('InvalidTimeStamp.Expired');
    } finally {
      await edge.close();
    }
  });
});

describe('browsers', () => {
  it('refuses a cross-site request, with or without an Origin, and runs nothing', async () => {
    const before = emulator.store.count('ecs', 'cn-hangzhou');
    const attack = async (headers: Record<string, string>) =>
      sendRaw(emulator, 'GET', await v1Path(emulator, 'RunCommand', { RegionId: 'cn-hangzhou', Type: 'RunShellScript', CommandContent: 'echo pwned', 'InstanceId.1': 'i-victim' }), { host: emulator.endpoint, ...headers });
    const withOrigin = await attack({ origin: 'https://evil.example' });
    expect(withOrigin.status).toBe(403);
    expect(withOrigin.json.Code).toBe('Forbidden.Origin');
    expect(withOrigin.headers['access-control-allow-origin']).toBeUndefined();
    // An <img src> GET carries no Origin, only Sec-Fetch-Site.
    expect((await attack({ 'sec-fetch-site': 'cross-site', 'sec-fetch-mode': 'no-cors' })).status).toBe(403);
    expect((await attack({ 'sec-fetch-site': 'same-site' })).status).toBe(403);
    expect(emulator.store.count('ecs', 'cn-hangzhou')).toBe(before);
    // Typed into the address bar: allowed.
    expect((await attack({ 'sec-fetch-site': 'none' })).status).toBe(200);
  });

  it('refuses a Host that is not the emulator (DNS rebinding) and accepts its own names', async () => {
    const path = await v1Path(emulator, 'DescribeInvocations', { RegionId: 'cn-hangzhou' });
    const rebound = await sendRaw(emulator, 'GET', path, { host: `rebind.evil.example:${emulator.port}` });
    expect(rebound.status).toBe(403);
    expect(rebound.json.Code).toBe('Forbidden.Host');
    for (const host of [`localhost:${emulator.port}`, `cn-shanghai.localhost:${emulator.port}`, `[::1]:${emulator.port}`, 'eflo-controller.cn-shanghai.aliyuncs.com']) {
      const ok = await sendRaw(emulator, 'GET', await v1Path(emulator, 'DescribeInvocations', { RegionId: 'cn-hangzhou' }), { host });
      expect(ok.status, host).toBe(200);
    }
  });

  it('answers CORS for allowed origins: preflight, then the request with the request id exposed', async () => {
    const page = 'http://127.0.0.1:5173';
    const open = await startEmulator({ seed: 1, allowOrigins: [page] });
    try {
      const preflight = await sendRaw(open, 'OPTIONS', '/', {
        host: open.endpoint,
        origin: page,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization, x-acs-action, x-acs-version, x-acs-date, x-acs-signature-nonce, x-acs-content-sha256, x-acs-new-header, content-type',
        'access-control-request-private-network': 'true',
      });
      expect(preflight.headers['access-control-allow-private-network']).toBe('true');
      expect(preflight.status).toBe(204);
      expect(preflight.headers['access-control-allow-origin']).toBe(page);
      expect(preflight.headers['access-control-allow-methods']).toMatch(/POST/);
      const allowed = String(preflight.headers['access-control-allow-headers']).split(', ');
      for (const name of ['authorization', 'content-type', 'x-acs-action', 'x-acs-signature-nonce', 'x-acs-security-token', 'x-acs-new-header']) expect(allowed).toContain(name);
      const answer = await sendRaw(open, 'GET', await v1Path(open, 'DescribeInvocations', { RegionId: 'cn-hangzhou' }), { host: open.endpoint, origin: page, 'sec-fetch-site': 'same-site' });
      expect(answer.status).toBe(200);
      expect(answer.headers['access-control-allow-origin']).toBe(page);
      expect(answer.headers['access-control-expose-headers']).toBe('x-acs-request-id');
      const other = await sendRaw(open, 'OPTIONS', '/', { host: open.endpoint, origin: 'http://127.0.0.1:9999', 'access-control-request-method': 'POST' });
      expect(other.status).toBe(403);
    } finally {
      await open.close();
    }
    await expect(startEmulator({ allowOrigins: ['not an origin'] })).rejects.toThrow(/allowOrigins\[0\] must be an origin/);
  });
});

describe('request targets', () => {
  it('answers 400, not 500, to a request target that is not a URL', async () => {
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = connect(emulator.port, emulator.host, () => {
        socket.write(`GET http://[bad HTTP/1.1\r\nHost: ${emulator.endpoint}\r\nConnection: close\r\n\r\n`);
      });
      let text = '';
      socket.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
      socket.on('end', () => resolve(text));
      socket.on('error', reject);
    });
    expect(answer).toMatch(/^HTTP\/1\.1 400 /);
    expect(answer).toContain('"Code":"InvalidParameter"');
  });
});
