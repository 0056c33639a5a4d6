// The two ways an attempt goes on the wire must look the same to a server and to the caller: the
// client without a `fetch` option (Node: node:http, send-node.ts) and with one (send-fetch.ts, here
// the global fetch behind a wrapper). Every case runs through both, against a real node:http server
// on 127.0.0.1, and expects the same outcome, which is also checked on its own.
import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { brotliCompressSync, deflateRawSync, deflateSync, gzipSync } from 'node:zlib';
import { AbortedError, DecodeError, InvocationsError, ResponseTooLargeError, TimeoutError } from '@invocations/core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createOpenApiClient, type OpenApiClientOptions } from './client.js';

type Handler = (request: IncomingMessage, response: ServerResponse) => void;
let handler: Handler = (_request, response) => response.end('{}');
const seen: { url: string; headers: string[]; socket: Socket }[] = [];
const sockets = new Set<Socket>();
const server = createServer((request, response) => {
  seen.push({ url: request.url ?? '', headers: request.rawHeaders, socket: request.socket });
  request.resume();
  handler(request, response);
});
server.on('connection', (socket: Socket) => {
  sockets.add(socket);
  socket.on('close', () => {
    sockets.delete(socket);
  });
});
let endpoint = '';

beforeAll(async () => {
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  server.close();
});
// Each test starts with no connection open: the ones a test checks are its own.
beforeEach(async () => {
  seen.length = 0;
  server.closeAllConnections();
  await allClosed();
  // The clients' pools hear of the close a moment after the server's sockets are gone.
  await new Promise((resolve) => setTimeout(resolve, 20));
});

const PATHS = {
  'node:http': {},
  // A wrapper, as users and tests pass one: the client must use it as it is.
  fetch: { fetch: ((input, init) => globalThis.fetch(input, init)) as typeof fetch },
} satisfies Record<string, Partial<OpenApiClientOptions>>;
type Path = keyof typeof PATHS;

function clientFor(path: Path, options: Partial<OpenApiClientOptions> = {}) {
  return createOpenApiClient({
    product: 'ecs',
    region: 'cn-hangzhou',
    endpoint,
    credentials: { accessKeyId: 'id', accessKeySecret: 'secret' },
    retry: false,
    ...PATHS[path],
    ...options,
  });
}

/** What a caller can tell of a call's end: the text, or the error's class and the fields that classify it. */
async function outcome(promise: Promise<{ text: string }>): Promise<Record<string, unknown>> {
  try {
    return { text: (await promise).text };
  } catch (error) {
    for (const [name, type] of [
      ['AbortedError', AbortedError],
      ['TimeoutError', TimeoutError],
      ['ResponseTooLargeError', ResponseTooLargeError],
      ['DecodeError', DecodeError],
      ['InvocationsError', InvocationsError],
    ] as const) {
      if (type.isInstance(error)) {
        const network = /: network error: /.test((error as Error).message);
        return { error: name, network, ...('httpStatus' in (error as object) ? { httpStatus: (error as DecodeError).httpStatus } : {}) };
      }
    }
    return { error: String(error) };
  }
}

/** Runs one call through both paths (one after the other, the server's state reset between) and returns both outcomes. */
async function both(
  serve: Handler,
  call: (path: Path) => Promise<{ text: string }> = (path) => clientFor(path).call({ action: 'DescribeInvocations' }),
): Promise<Record<Path, Record<string, unknown>>> {
  handler = serve;
  const results = {} as Record<Path, Record<string, unknown>>;
  for (const path of Object.keys(PATHS) as Path[]) results[path] = await outcome(call(path));
  return results;
}

/** Each path's outcome of a call that must end within 2 s, and whether its connection was closed after. */
async function endedAndClosed(call: (path: Path) => Promise<{ text: string }>): Promise<{ results: Record<Path, Record<string, unknown>>; closed: Record<string, boolean> }> {
  const results = {} as Record<Path, Record<string, unknown>>;
  const closed: Record<string, boolean> = {};
  for (const path of Object.keys(PATHS) as Path[]) {
    const started = Date.now();
    results[path] = await outcome(call(path));
    expect(Date.now() - started).toBeLessThan(2_000);
    closed[path] = await lastRequestClosed();
  }
  return { results, closed };
}

/** Waits until the given connections (default: all the server has) are closed: what a destroyed client socket looks like. */
async function allClosed(withinMs = 2_000, which: () => Socket[] = () => [...sockets]): Promise<boolean> {
  const until = Date.now() + withinMs;
  while (which().some((socket) => !socket.destroyed) && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 10));
  return which().every((socket) => socket.destroyed);
}

/** Whether the connection of the last request was closed (undici opens a fresh one after it destroys one: that one is not asked about). */
const lastRequestClosed = (): Promise<boolean> => allClosed(2_000, () => [seen[seen.length - 1]!.socket]);

const PAGE = JSON.stringify({ RequestId: 'R-1', Invocations: { Invocation: [{ InvokeId: 't-1', CommandContent: 'echo 中文' }] } });

function encoded(encoding: string, body: Buffer): Handler {
  return (_request, response) => {
    response.writeHead(200, { 'content-type': 'application/json', 'content-encoding': encoding, 'content-length': body.byteLength });
    response.end(body);
  };
}

describe('both paths send the same request', () => {
  it('same method, headers and body; a content-length, no chunked upload; accept-encoding gzip, deflate', async () => {
    await both(
      (_request, response) => response.end('{}'),
      (path) => clientFor(path).call({ action: 'RunCommand', body: { CommandContent: 'echo 中文 & more' } }),
    );
    expect(seen).toHaveLength(2);
    const [viaNode, viaFetch] = seen.map(({ headers }) => {
      const pairs: Record<string, string> = {};
      for (let index = 0; index < headers.length; index += 2) pairs[headers[index]!.toLowerCase()] = headers[index + 1]!;
      return pairs;
    }) as [Record<string, string>, Record<string, string>];
    // The request line and the values that differ per request by design (time, nonce, signature).
    for (const pairs of [viaNode, viaFetch]) for (const name of ['x-acs-date', 'x-acs-signature-nonce', 'authorization']) delete pairs[name];
    // Only fetch sends the browser's `sec-fetch-mode`: which also shows the two paths really differ.
    expect(viaFetch['sec-fetch-mode']).toBe('cors');
    delete viaFetch['sec-fetch-mode'];
    expect(viaNode).toEqual(viaFetch);
    expect(viaNode['accept-encoding']).toBe('gzip, deflate');
    expect(viaNode['content-length']).toBe(String(Buffer.byteLength('CommandContent=echo%20%E4%B8%AD%E6%96%87%20%26%20more')));
    expect(viaNode['transfer-encoding']).toBeUndefined();
    expect(seen[0]!.url).toBe(seen[1]!.url);
  });

  it('a 302 with a Location comes back as it is, not followed', async () => {
    const results = await both((request, response) => {
      if (request.url?.startsWith('/moved')) response.end('{"RequestId":"followed"}');
      else response.writeHead(302, { location: '/moved' }).end();
    });
    expect(results['node:http']).toEqual({ error: 'DecodeError', network: false, httpStatus: 302 });
    expect(results.fetch).toEqual(results['node:http']);
    expect(seen.map(({ url }) => url.startsWith('/moved'))).toEqual([false, false]);
  });
});

describe('both paths undo content codings as fetch does', () => {
  const page = Buffer.from(PAGE);
  it.each([
    ['gzip', gzipSync(page)],
    ['x-gzip', gzipSync(page)],
    ['deflate', deflateSync(page)],
    ['deflate', deflateRawSync(page)],
    ['br', brotliCompressSync(page)],
    // Applied in order (gzip, then br), undone in reverse.
    ['gzip, br', brotliCompressSync(gzipSync(page))],
    ['GZIP,  DEFLATE', deflateSync(gzipSync(page))],
  ])('%s', async (encoding, body) => {
    const results = await both(encoded(encoding, body));
    expect(results['node:http']).toEqual({ text: PAGE });
    expect(results.fetch).toEqual(results['node:http']);
  });

  it('leaves the body as sent when any coding is unknown', async () => {
    let results = await both(encoded('x-unknown', page));
    expect(results['node:http']).toEqual({ text: PAGE });
    expect(results.fetch).toEqual(results['node:http']);
    // Not even the known coding is undone: the gzip bytes reach the decoder, which refuses them.
    results = await both(encoded('gzip, x-unknown', gzipSync(page)));
    expect(results['node:http']).toEqual({ error: 'DecodeError', network: false, httpStatus: 200 });
    expect(results.fetch).toEqual(results['node:http']);
  });

  it('an empty deflate body, a gzip stream cut short and trailing bytes after one', async () => {
    const gzipped = gzipSync(page);
    const cases: [string, Buffer][] = [
      ['deflate', Buffer.alloc(0)],
      ['gzip', gzipped.subarray(0, gzipped.byteLength - 12)],
      ['gzip', Buffer.concat([gzipped, Buffer.from('trailing garbage')])],
    ];
    const outcomes = [];
    for (const [encoding, body] of cases) outcomes.push(await both(encoded(encoding, body)));
    expect(outcomes.map((results) => results.fetch)).toEqual(outcomes.map((results) => results['node:http']));
    const [empty, cut, trailing] = outcomes.map((results) => results['node:http']);
    expect(empty).toEqual({ error: 'DecodeError', network: false, httpStatus: 200 });
    // Lenient as fetch (undici's Z_SYNC_FLUSH): a gzip stream cut short gives what it inflated; here that
    // still ends in `}`, so the transport hands it on and the adapter's JSON parse refuses it.
    const cutText = String(cut?.text);
    expect(PAGE.startsWith(cutText) && cutText.length < PAGE.length && cutText.endsWith('}')).toBe(true);
    expect(trailing).toEqual({ error: 'InvocationsError', network: true });
  });

  it('refuses more than five codings', async () => {
    const results = await both(encoded('gzip, gzip, gzip, gzip, gzip, gzip', page));
    expect(results['node:http']).toEqual({ error: 'InvocationsError', network: true });
    expect(results.fetch).toEqual(results['node:http']);
  });

  it('counts a gzip bomb inflated: it stops at maxResponseBytes', async () => {
    const bomb = gzipSync(Buffer.alloc(16 * 1024 * 1024, 0x20));
    const results = await both(encoded('gzip', bomb), (path) => clientFor(path, { maxResponseBytes: 1024 * 1024 }).call({ action: 'DescribeInvocations' }));
    expect(results['node:http']).toEqual({ error: 'ResponseTooLargeError', network: false, httpStatus: 200 });
    expect(results.fetch).toEqual(results['node:http']);
    const small = await both(encoded('gzip', bomb), (path) => clientFor(path, { maxResponseBytes: 32 * 1024 * 1024 }).call({ action: 'DescribeInvocations' }));
    // Under the limit it inflates whole (spaces only: not a JSON object).
    expect(small['node:http']).toEqual({ error: 'DecodeError', network: false, httpStatus: 200 });
    expect(small.fetch).toEqual(small['node:http']);
  });
});

describe('both paths fail a broken body', () => {
  it('a body shorter than its content-length, the server then closing, is a network error', async () => {
    const results = await both((_request, response) => {
      response.writeHead(200, { 'content-length': '1000' });
      response.write('{"RequestId":"cut"}', () => response.socket?.end());
    });
    expect(results['node:http']).toEqual({ error: 'InvocationsError', network: true });
    expect(results.fetch).toEqual(results['node:http']);
  });

  it('a connection reset mid-body is a network error', async () => {
    const results = await both((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.write(`{"RequestId":"${'x'.repeat(64 * 1024)}`, () => setTimeout(() => response.socket?.resetAndDestroy(), 20));
    });
    expect(results['node:http']).toEqual({ error: 'InvocationsError', network: true });
    expect(results.fetch).toEqual(results['node:http']);
  });

  it('a large chunked body arrives whole', async () => {
    const items = Array.from({ length: 20_000 }, (_, index) => ({ InvokeId: `t-${index}`, Output: 'x'.repeat(200) }));
    const text = JSON.stringify({ RequestId: 'big', Invocations: { Invocation: items } });
    const results = await both((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      for (let offset = 0; offset < text.length; offset += 64 * 1024) response.write(text.slice(offset, offset + 64 * 1024));
      response.end();
    });
    expect(results['node:http'].text).toBe(text);
    expect(results.fetch).toEqual(results['node:http']);
  });
});

describe('both paths end the request when the attempt ends', () => {
  it('a stalled body is ended by the timer, and its connection closed', async () => {
    handler = (_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.write('{"RequestId":');
    };
    const { results, closed } = await endedAndClosed((path) => clientFor(path, { timeoutMs: 300 }).call({ action: 'DescribeInvocations' }));
    expect(results['node:http']).toEqual({ error: 'TimeoutError', network: false });
    expect(results.fetch).toEqual(results['node:http']);
    expect(closed).toEqual({ 'node:http': true, fetch: true });
  });

  it("the caller's abort ends a body mid-read, and its connection closed", async () => {
    const { results, closed } = await endedAndClosed((path) => {
      const controller = new AbortController();
      handler = (_request, response) => {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.write('{"RequestId":', () => setTimeout(() => controller.abort(new Error('stop')), 50));
      };
      return clientFor(path).call({ action: 'DescribeInvocations', signal: controller.signal });
    });
    expect(results['node:http']).toEqual({ error: 'AbortedError', network: false });
    expect(results.fetch).toEqual(results['node:http']);
    expect(closed).toEqual({ 'node:http': true, fetch: true });
  });

  it('a server that never answers is ended by the timer while waiting for the headers', async () => {
    const results = await both(
      () => undefined,
      (path) => clientFor(path, { timeoutMs: 200 }).call({ action: 'DescribeInvocations' }),
    );
    expect(results['node:http']).toEqual({ error: 'TimeoutError', network: false });
    expect(results.fetch).toEqual(results['node:http']);
    expect(seen).toHaveLength(2);
    expect(await allClosed(2_000, () => seen.map(({ socket }) => socket))).toBe(true);
  });

  it('a completed body leaves its connection open for the next request (keep-alive)', async () => {
    handler = (_request, response) => response.end('{}');
    const client = clientFor('node:http');
    for (let index = 0; index < 5; index += 1) await client.call({ action: 'DescribeInvocations' });
    const used = new Set(seen.map(({ socket }) => socket));
    expect(used.size).toBe(1);
    expect([...used][0]!.destroyed).toBe(false);
  });
});
