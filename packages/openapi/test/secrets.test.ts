// The secret and the STS token must never reach an error (message, properties, cause chain) or a hook
// payload, even when a server echoes the whole request back in every field it has.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOpenApiClient, type OpenApiClientOptions } from '../src/transport/client.js';
import { canonicalizeV1, percentEncode } from '../src/transport/signing.js';
import { json, type Reply, type RecordedRequest, startTestServer, type TestServer, xml } from './test-server.js';

// Recognisable values with characters that change under percent-encoding, as real STS tokens have.
const ID = 'LTAI-visible-id';
const SECRET = 'SeCrEt/sk+4f9c=2e';
const TOKEN = 'ToKeN/sts+8a7b=6c';
const FORBIDDEN = [SECRET, TOKEN].flatMap((value) => [value, percentEncode(value), percentEncode(percentEncode(value)), encodeURIComponent(value)]);

function echo(request: RecordedRequest): string {
  const stringToSign = `${request.method}&%2F&${percentEncode(canonicalizeV1({ ...request.query, ...request.form }))}`;
  return `${request.rawQuery} | ${JSON.stringify(request.headers)} | ${request.body} | ${stringToSign}`;
}

const scenarios: Array<[string, (request: RecordedRequest) => Reply, Partial<OpenApiClientOptions>?]> = [
  ['JSON error body echoing the request', (r) => json(400, { RequestId: 'E1', HostId: echo(r), Code: 'InvalidParam', Message: echo(r), Recommend: echo(r) })],
  ['JSON error with the echo in the Code (throttling, retried)', (r) => json(400, { RequestId: 'E2', Code: `Throttling.${echo(r)}`, Message: 'x' })],
  ['XML error body echoing the request', (r) => xml(400, `<Error><RequestId>E3</RequestId><HostId>${escapeXml(echo(r))}</HostId><Code>Bad</Code><Message>${escapeXml(echo(r))}</Message></Error>`)],
  ['SignatureDoesNotMatch quoting the string to sign', (r) => json(400, { RequestId: 'E4', Code: 'SignatureDoesNotMatch', Message: `server string to sign is:${echo(r)}` })],
  ['HTML page from a proxy echoing the request', (r) => ({ status: 502, body: `<html><body>${echo(r)}</body></html>` })],
  ['cut-off 200 body echoing the request', (r) => json(200, `{"RequestId":"E6","Echo":"${echo(r).replace(/"/g, "'")}`)],
  ['cut-off 5xx body echoing the request', (r) => json(503, `{"Code":"${echo(r).replace(/"/g, "'")}`)],
  ['timeouts', () => ({ ...json(200, { RequestId: 'slow' }), delayMs: 200 }), { timeoutMs: 20 }],
  ['dropped connections', () => ({ hangUp: true })],
];

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function texts(error: unknown, depth = 0): string[] {
  if (depth > 6 || error === undefined || error === null) return [];
  if (typeof error !== 'object') return [String(error)];
  const own = Object.getOwnPropertyNames(error).map((name) => {
    const value = (error as Record<string, unknown>)[name];
    return typeof value === 'object' ? '' : String(value);
  });
  return [String(error), JSON.stringify(error), ...own, ...texts((error as { cause?: unknown }).cause, depth + 1)];
}

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ [ID]: SECRET });
});
afterAll(async () => {
  await server.close();
});

describe('no secret or token leaks', () => {
  for (const signatureVersion of ['v3', 'v1'] as const) {
    for (const [name, handler, extra] of scenarios) {
      it(`${signatureVersion}: ${name}`, async () => {
        server.requests.length = 0;
        server.handle(handler);
        const payloads: unknown[] = [];
        const client = createOpenApiClient({
          product: 'eflo',
          region: 'cn-wulanchabu',
          endpoint: server.url,
          signatureVersion,
          credentials: async () => ({ accessKeyId: ID, accessKeySecret: SECRET, securityToken: TOKEN }),
          retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 5 },
          hooks: {
            onRequest: (event) => payloads.push(event),
            onResponse: (event) => payloads.push(event),
            onRetry: (event) => payloads.push(event),
          },
          ...extra,
        });
        let caught: unknown;
        try {
          await client.call({ action: 'DescribeInvocations', query: { Echo: 'yes' }, body: { InvokeId: 't-1' } });
        } catch (error) {
          caught = error;
        }
        expect(caught).toBeDefined();
        // The server really did see (and echo) the token: the test would catch a leak.
        expect(server.requests.length).toBeGreaterThan(0);
        expect(server.requests.every((request) => request.signature === signatureVersion)).toBe(true);
        const seen = [...texts(caught), ...payloads.map((payload) => JSON.stringify(payload))].join('\n');
        expect(seen.length).toBeGreaterThan(0);
        for (const forbidden of FORBIDDEN) expect(seen).not.toContain(forbidden);
        // The AccessKey id is no secret (a server may echo it), but the URLs given to hooks hide it too.
        const urls = payloads.flatMap((payload) => ('url' in (payload as object) ? [(payload as { url: string }).url] : []));
        expect(urls.length).toBeGreaterThan(0);
        for (const url of urls) expect(url).not.toContain(ID);
      });
    }
  }

  it('an aborted call and its hooks carry no secret either', async () => {
    server.handle(() => ({ ...json(200, {}), delayMs: 500 }));
    const payloads: unknown[] = [];
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 20);
    const client = createOpenApiClient({
      product: 'ecs',
      region: 'cn-hangzhou',
      endpoint: server.url,
      signatureVersion: 'v1',
      credentials: { accessKeyId: ID, accessKeySecret: SECRET, securityToken: TOKEN },
      hooks: { onRequest: (event) => payloads.push(event) },
    });
    const error = await client.call({ action: 'DescribeInvocations', signal: controller.signal }).catch((caught: unknown) => caught);
    const seen = [...texts(error), ...payloads.map((payload) => JSON.stringify(payload))].join('\n');
    expect(seen).toContain('Signature=***');
    expect(seen).toContain('SecurityToken=***');
    for (const forbidden of FORBIDDEN) expect(seen).not.toContain(forbidden);
  });
});
