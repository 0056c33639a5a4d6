// A real node:http server on 127.0.0.1 for the client tests: it records every request, verifies its
// V1 or V3 signature with this package's own signing functions on what actually arrived (so the wire
// encoding is proven to match the signing encoding), and plays the responses a test scripts.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sha256Hex, signV1, signV3 } from '../src/transport/signing.js';

/** What the server saw. */
export interface RecordedRequest {
  method: string;
  path: string;
  rawQuery: string;
  /** Decoded query parameters (strict RFC 3986 decoding: a `+` stays a `+`). */
  query: Record<string, string>;
  headers: Record<string, string>;
  body: string;
  /** Decoded form parameters when the body is a form. */
  form: Record<string, string>;
  /** 'v1', 'v3' when the signature verified; otherwise what went wrong. */
  signature: string;
}

/** A scripted reply. */
export interface Reply {
  status?: number;
  headers?: Record<string, string>;
  body?: string;
  /** Wait before answering (the request's socket may be gone by then). */
  delayMs?: number;
  /** Destroy the socket instead of answering. */
  hangUp?: boolean;
}

export type Handler = (request: RecordedRequest, index: number) => Reply | Promise<Reply>;

/** Decodes `a=b&c=d` the strict way: percent-decoding only, `+` is not a space. */
export function decodePairs(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  if (!text) return out;
  for (const pair of text.split('&')) {
    if (!pair) continue;
    const equals = pair.indexOf('=');
    const name = decodeURIComponent(equals < 0 ? pair : pair.slice(0, equals));
    out[name] = equals < 0 ? '' : decodeURIComponent(pair.slice(equals + 1));
  }
  return out;
}

async function verify(request: Omit<RecordedRequest, 'signature'>, keys: Record<string, string>): Promise<string> {
  const authorization = request.headers.authorization ?? '';
  if (authorization.startsWith('ACS3-HMAC-SHA256 ')) {
    const match = /^ACS3-HMAC-SHA256 Credential=([^,]+),SignedHeaders=([^,]+),Signature=([0-9a-f]+)$/.exec(authorization);
    if (!match) return 'bad: malformed Authorization';
    const [, accessKeyId = '', signedHeaders = '', signature = ''] = match;
    const secret = keys[accessKeyId];
    if (!secret) return 'bad: unknown access key';
    const hash = await sha256Hex(request.body);
    if (request.headers['x-acs-content-sha256'] !== hash) return 'bad: body hash';
    const headers: Record<string, string> = {};
    for (const name of signedHeaders.split(';')) headers[name] = request.headers[name] ?? '';
    for (const required of ['host', 'x-acs-action', 'x-acs-version', 'x-acs-date', 'x-acs-signature-nonce', 'x-acs-content-sha256']) {
      if (!(required in headers)) return `bad: ${required} not signed`;
    }
    const expected = await signV3({
      method: request.method,
      pathname: request.path,
      query: request.query,
      headers,
      payloadHash: hash,
      accessKeyId,
      accessKeySecret: secret,
    });
    return expected.signature === signature ? 'v3' : `bad: v3 mismatch, canonical request was ${JSON.stringify(expected.canonicalRequest)}`;
  }
  const parameters = { ...request.query, ...request.form };
  const signature = parameters.Signature;
  if (signature === undefined) return 'none';
  const secret = keys[parameters.AccessKeyId ?? ''];
  if (!secret) return 'bad: unknown access key';
  const expected = await signV1({ method: request.method, parameters, accessKeySecret: secret });
  return expected === signature ? 'v1' : 'bad: v1 mismatch';
}

/** A started test server. */
export interface TestServer {
  /** `http://127.0.0.1:PORT` */
  url: string;
  requests: RecordedRequest[];
  /** Sets how the next requests are answered (default: 200 with a small JSON body). */
  handle(handler: Handler): void;
  /** Sends these replies in order, then repeats the last one. */
  script(...replies: Reply[]): void;
  close(): Promise<void>;
}

/** Starts a server that verifies signatures for the given AccessKey id -> secret pairs. */
export async function startTestServer(keys: Record<string, string>): Promise<TestServer> {
  const requests: RecordedRequest[] = [];
  let handler: Handler = () => ({ status: 200, body: '{"RequestId":"OK-1"}', headers: { 'content-type': 'application/json;charset=utf-8' } });
  const sockets = new Set<import('node:net').Socket>();

  const server = createServer((incoming: IncomingMessage, outgoing: ServerResponse) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      void (async () => {
        const body = Buffer.concat(chunks).toString('utf8');
        const rawUrl = incoming.url ?? '/';
        const questionMark = rawUrl.indexOf('?');
        const path = questionMark < 0 ? rawUrl : rawUrl.slice(0, questionMark);
        const rawQuery = questionMark < 0 ? '' : rawUrl.slice(questionMark + 1);
        const headers: Record<string, string> = {};
        for (const [name, value] of Object.entries(incoming.headers)) headers[name] = Array.isArray(value) ? value.join(',') : (value ?? '');
        const isForm = (headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded');
        const partial = { method: incoming.method ?? 'GET', path, rawQuery, query: decodePairs(rawQuery), headers, body, form: isForm ? decodePairs(body) : {} };
        const recorded: RecordedRequest = { ...partial, signature: await verify(partial, keys) };
        const index = requests.push(recorded) - 1;
        let reply: Reply;
        if (recorded.signature.startsWith('bad')) {
          reply = {
            status: 400,
            headers: { 'content-type': 'application/json;charset=utf-8' },
            body: JSON.stringify({ RequestId: `SIG-${index}`, Code: 'SignatureDoesNotMatch', Message: `Specified signature is not matched with our calculation: ${recorded.signature}` }),
          };
        } else {
          reply = await handler(recorded, index);
        }
        if (reply.delayMs) await new Promise((resolve) => setTimeout(resolve, reply.delayMs));
        if (reply.hangUp) {
          incoming.socket.destroy();
          return;
        }
        if (outgoing.destroyed || incoming.socket.destroyed) return;
        outgoing.writeHead(reply.status ?? 200, reply.headers ?? {});
        outgoing.end(reply.body ?? '');
      })();
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    handle(next) {
      handler = next;
    },
    script(...replies) {
      const offset = requests.length;
      handler = (_request, index) => replies[Math.min(index - offset, replies.length - 1)] as Reply;
    },
    close() {
      for (const socket of sockets) socket.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

/** JSON reply helper. */
export function json(status: number, body: unknown, headers: Record<string, string> = {}): Reply {
  return { status, body: typeof body === 'string' ? body : JSON.stringify(body), headers: { 'content-type': 'application/json;charset=utf-8', ...headers } };
}

/** XML reply helper. */
export function xml(status: number, body: string, headers: Record<string, string> = {}): Reply {
  return { status, body, headers: { 'content-type': 'text/xml;charset=utf-8', ...headers } };
}
