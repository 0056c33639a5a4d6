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

  it('sends once more on a fresh connection when a kept-alive one was closed under it, never on a fresh one', async () => {
    const read = async (response: Awaited<ReturnType<typeof defaultSend>>) => {
      const chunks: Uint8Array[] = [];
      for (let next = await response.body!.read(); !next.done; next = await response.body!.read()) chunks.push(next.value);
      return Buffer.concat(chunks).toString();
    };
    const answered = new Set<Socket>();
    let received = 0;
    // A socket that answered once is closed as its next request comes (a server's idle timeout
    // meeting the request): the request is dropped unanswered.
    handler = (request, response) => {
      received += 1;
      if (answered.has(request.socket)) {
        request.socket.destroy();
        return;
      }
      answered.add(request.socket);
      response.end('{"ok":true}');
    };
    expect(await read(await defaultSend(built, new AbortController().signal))).toBe('{"ok":true}');
    expect(await read(await defaultSend(built, new AbortController().signal))).toBe('{"ok":true}');
    expect(received).toBe(3);
    expect(answered.size).toBe(2);

    // A connection made for this request and reset: that error is the answer (the request may have run).
    received = 0;
    server.closeAllConnections();
    handler = (request) => {
      received += 1;
      request.socket.destroy();
    };
    await expect(defaultSend(built, new AbortController().signal)).rejects.toMatchObject({ code: 'ECONNRESET' });
    expect(received).toBe(1);
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
