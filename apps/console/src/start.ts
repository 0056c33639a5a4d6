import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { createConsoleApp, type ConsoleAppOptions } from './app.js';

/** Options of {@link startConsole}: the app's, plus where to listen. */
export interface StartConsoleOptions extends Omit<ConsoleAppOptions, 'isAllowedHost'> {
  /** Port; 0 (default) picks a free one. */
  port?: number;
  /** Address to listen on (default 127.0.0.1). Anything beyond this machine lets others use your credentials through it. */
  host?: string;
}

/** A running console. */
export interface RunningConsole {
  /** `http://127.0.0.1:PORT/`. */
  url: string;
  port: number;
  host: string;
  /** Stops listening and ends open connections. */
  close(): Promise<void>;
}

/** Whether an address is this machine only: 127.0.0.0/8, ::1 or localhost. */
export function isLoopbackHost(host: string): boolean {
  const bare = host.trim().toLowerCase().replace(/^\[|\]$/g, '');
  return /^127(?:\.\d{1,3}){3}$/.test(bare) || bare === '::1' || bare === 'localhost' || bare === '::ffff:127.0.0.1';
}

/**
 * Serves {@link createConsoleApp} on `host:port` (default 127.0.0.1, a free port). On a loopback
 * address only the names of this machine are accepted as `Host`, so another site's page cannot
 * reach the API through DNS rebinding.
 *
 * @example
 * const console = await startConsole({ sources, port: 0 });
 * console.log(console.url); // http://127.0.0.1:40123/
 * await console.close();
 */
export async function startConsole(options: StartConsoleOptions): Promise<RunningConsole> {
  const { port = 0, host = '127.0.0.1', ...appOptions } = options;
  // The port is known only once listening: the host check reads it then.
  let allowed: Set<string> | undefined;
  const app = createConsoleApp({ ...appOptions, isAllowedHost: (value) => allowed === undefined || allowed.has(value) });
  const server = serve({ fetch: app.fetch, port, hostname: host });
  await new Promise<void>((resolve, reject) => {
    server.once('listening', () => resolve());
    server.once('error', reject);
  });
  const address = server.address() as AddressInfo;
  const urlHost = address.address.includes(':') ? `[${address.address}]` : address.address;
  if (isLoopbackHost(host)) {
    allowed = new Set([`${urlHost}:${address.port}`, `localhost:${address.port}`, `127.0.0.1:${address.port}`, `[::1]:${address.port}`]);
  }
  return {
    url: `http://${urlHost}:${address.port}/`,
    port: address.port,
    host: address.address,
    close: () =>
      new Promise<void>((resolve, reject) => {
        (server as import('node:http').Server).closeAllConnections?.();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
