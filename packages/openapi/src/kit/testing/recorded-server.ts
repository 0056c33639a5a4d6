import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the server received. */
export interface RecordedRequest {
  method: string;
  action: string;
  /** URL query parameters (API parameters for ECS and SWAS, Format=XML, or V1's common parameters). */
  query: Record<string, string>;
  /** The same URL query as `URLSearchParams` (repeated names kept). */
  params: URLSearchParams;
  /** Form-body parameters. */
  body: Record<string, string>;
  headers: IncomingMessage['headers'];
}

/** What the handler answers: a status, a body and its content type (guessed from the body when absent: XML or JSON). */
export interface RecordedAnswer {
  status?: number;
  body: string;
  contentType?: string;
}

/** What {@link startRecordedServer} gives: its origin, the requests so far, and a way to stop it. */
export interface RecordedServer {
  /** `http://127.0.0.1:PORT`: pass it as the source's `endpoint`. */
  url: string;
  /** Every request received, in order. */
  requests: RecordedRequest[];
  close(): Promise<void>;
}

/**
 * A real HTTP server (node:http) on 127.0.0.1 answering with recorded bodies, for adapter tests before
 * (and beside) the emulator. It does not check signatures; it records every request so tests can
 * assert what went out. The handler gets the request and its index (0 for the first).
 * @example
 * const server = await startRecordedServer(() => ({ body: readFileSync('test/fixtures/ecs-describe.json', 'utf8') }));
 * const source = createEcsSource({ region: 'cn-hangzhou', endpoint: server.url, credentials });
 * // ... then: server.requests[0]?.query.InvokeId; await server.close();
 */
export async function startRecordedServer(handler: (request: RecordedRequest, index: number) => RecordedAnswer | Promise<RecordedAnswer>): Promise<RecordedServer> {
  const requests: RecordedRequest[] = [];
  const server = createServer((incoming: IncomingMessage, outgoing: ServerResponse) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      void (async () => {
        const url = new URL(incoming.url ?? '/', 'http://127.0.0.1');
        const query = Object.fromEntries(url.searchParams);
        const body = Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString('utf8')));
        const header = incoming.headers['x-acs-action'];
        const request: RecordedRequest = {
          method: incoming.method ?? 'GET',
          action: (typeof header === 'string' ? header : undefined) ?? query.Action ?? body.Action ?? '',
          query,
          params: url.searchParams,
          body,
          headers: incoming.headers,
        };
        requests.push(request);
        const answer = await handler(request, requests.length - 1);
        outgoing.writeHead(answer.status ?? 200, {
          'content-type': answer.contentType ?? (answer.body.trimStart().startsWith('<') ? 'text/xml;charset=utf-8' : 'application/json;charset=utf-8'),
        });
        outgoing.end(answer.body);
      })();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}
