// send-node.ts on its own: its contract (send.ts) says the signal ends the request in every phase
// by itself, whoever reads the body. (send.test.ts runs the whole client through both paths.)
import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { BuiltRequest } from './request-builder.js';
import { defaultSend } from './send-node.js';

type Handler = (request: IncomingMessage, response: ServerResponse) => void;
let handler: Handler = (_request, response) => response.end('{}');
const served: Socket[] = [];
const server = createServer((request, response) => {
  served.push(request.socket);
  request.resume();
  handler(request, response);
});
let built: BuiltRequest;

beforeAll(async () => {
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/?Action=Test`;
  built = { url, displayUrl: url, method: 'POST', headers: { 'user-agent': 'test' }, body: 'A=1' };
});
afterAll(() => {
  server.closeAllConnections();
  server.close();
});
beforeEach(() => {
  served.length = 0;
  server.closeAllConnections();
});

async function destroyedSoon(socket: Socket | undefined): Promise<boolean> {
  for (let step = 0; step < 100 && socket && !socket.destroyed; step += 1) await new Promise((resolve) => setTimeout(resolve, 10));
  return socket?.destroyed === true;
}

describe('send-node', () => {
  it('an abort mid-body rejects the pending read with the reason and closes the connection, no cancel needed', async () => {
    handler = (_request, response) => {
      response.writeHead(200);
      response.write('{"a":');
    };
    const controller = new AbortController();
    const response = await defaultSend(built, controller.signal);
    const first = await response.body!.read();
    expect(new TextDecoder().decode(first.value)).toBe('{"a":');
    const pending = response.body!.read();
    const reason = new Error('stop');
    controller.abort(reason);
    await expect(pending).rejects.toBe(reason);
    expect(await destroyedSoon(served[0])).toBe(true);
  });

  it('an abort while waiting for the headers rejects with the reason and closes the connection', async () => {
    handler = () => undefined;
    const controller = new AbortController();
    const sent = defaultSend(built, controller.signal);
    while (served.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    const reason = new Error('late');
    controller.abort(reason);
    await expect(sent).rejects.toBe(reason);
    expect(await destroyedSoon(served[0])).toBe(true);
  });

  it('an aborted signal sends nothing', async () => {
    const controller = new AbortController();
    controller.abort(new Error('before'));
    await expect(defaultSend(built, controller.signal)).rejects.toThrow('before');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(served).toHaveLength(0);
  });

  it('a body read to its end leaves the connection to the pool; a cancelled one closes it', async () => {
    handler = (_request, response) => response.end('{"whole":true}');
    for (let index = 0; index < 3; index += 1) {
      const response = await defaultSend(built, new AbortController().signal);
      const chunks: Uint8Array[] = [];
      for (let read = await response.body!.read(); !read.done; read = await response.body!.read()) chunks.push(read.value);
      expect(Buffer.concat(chunks).toString()).toBe('{"whole":true}');
      // A plain Uint8Array (a Buffer's `slice` would not copy).
      expect(Object.getPrototypeOf(chunks[0])).toBe(Uint8Array.prototype);
    }
    expect(new Set(served).size).toBe(1);
    expect(served[0]!.destroyed).toBe(false);

    handler = (_request, response) => {
      response.writeHead(200);
      response.write('{"a":');
    };
    const response = await defaultSend(built, new AbortController().signal);
    await response.body!.read();
    const pending = response.body!.read();
    response.body!.cancel(new Error('enough'));
    await expect(pending).rejects.toThrow('enough');
    expect(await destroyedSoon(served[served.length - 1])).toBe(true);
  });

  it('a header sent twice comes joined, as fetch joins it', async () => {
    handler = (_request, response) => {
      response.setHeader('retry-after', ['1', '2']);
      response.setHeader('x-acs-request-id', ['a', 'b']);
      response.end('{}');
    };
    const response = await defaultSend(built, new AbortController().signal);
    expect(response.headers.get('Retry-After')).toBe('1, 2');
    expect(response.headers.get('x-acs-request-id')).toBe('a, b');
    expect(response.headers.get('absent')).toBeNull();
    response.body!.cancel();
  });
});
