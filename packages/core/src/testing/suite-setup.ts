import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll } from 'vitest';

/** The error `run` rejects or throws with, or undefined when it succeeds. */
export async function caught(run: () => Promise<unknown>): Promise<unknown> {
  try {
    await run();
  } catch (error) {
    return error;
  }
  return undefined;
}

/** A started request-counting server. */
export interface CountingServer {
  /** `http://127.0.0.1:PORT` */
  url: string;
  /** How many requests reached it so far. */
  count(): number;
  close(): Promise<void>;
}

/**
 * A loopback server that counts requests and answers 500: the conformance suites point a source at it
 * to prove a bad input is refused before any request (a request that reaches it is the failure).
 */
export async function startCountingServer(): Promise<CountingServer> {
  let requests = 0;
  const server: Server = createServer((request, response) => {
    requests += 1;
    request.resume();
    response.writeHead(500, { 'content-type': 'application/json' });
    response.end('{"RequestId":"counting-server","Code":"InternalError","Message":"no request should reach this server"}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    count: () => requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** What {@link prepareSuite} hands a suite once it is ready. */
export interface PreparedSuite<Environment, Source> {
  environment: Environment;
  source: Source;
  counting: CountingServer;
}

/**
 * The set-up the conformance suites share: before the suite, starts the environment, builds a source on
 * it and starts a counting server, and hands them to `ready`; after it, closes the server and the environment.
 */
export function prepareSuite<Environment extends { close(): Promise<void> }, Source>(
  setup: () => Promise<Environment>,
  createSource: (environment: Environment) => Source,
  ready: (prepared: PreparedSuite<Environment, Source>) => void,
): void {
  let environment: Environment | undefined;
  let counting: CountingServer | undefined;
  beforeAll(async () => {
    environment = await setup();
    counting = await startCountingServer();
    ready({ environment, source: createSource(environment), counting });
  });
  afterAll(async () => {
    await counting?.close();
    await environment?.close();
  });
}
