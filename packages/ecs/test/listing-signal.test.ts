// A listing's calls in flight and the caller's AbortSignal, over a real node:http server on 127.0.0.1:
// however many pages are in flight, the signal carries O(1) listeners (no MaxListenersExceededWarning,
// which one listener per call set off above 10), an abort still ends every request in flight, and
// nothing is left on the signal once the listing is over.
import { getEventListeners, once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AbortedError } from '@invocations/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEcsSource } from '../src/index.js';

const REGION = 'cn-hangzhou';

function page(pageNumber: number, totalCount: number): string {
  const invocation = {
    InvokeId: `t-signal${String(pageNumber).padStart(6, '0')}`,
    CommandId: 'c-signal',
    CommandName: 'signal',
    CommandType: 'RunShellScript',
    CommandContent: 'ZWNobyBoaQ==',
    Parameters: '{}',
    RepeatMode: 'Once',
    Timed: false,
    CreationTime: '2024-05-01T08:00:00Z',
    InvocationStatus: 'Success',
    InvokeStatus: 'Finished',
    InvokeInstances: { InvokeInstance: [{ InstanceId: 'i-signal', InvocationStatus: 'Success', InstanceInvokeStatus: 'Finished', ExitCode: 0, Output: '' }] },
  };
  return JSON.stringify({ RequestId: `r-${pageNumber}`, TotalCount: totalCount, PageNumber: pageNumber, PageSize: 1, Invocations: { Invocation: [invocation] } });
}

/**
 * Holds every page after the first until `width` are waiting (or all that are left, or no more come), so the
 * client really has `width` requests in flight in the first round; `onFull` sees them then, and may answer them or leave them.
 */
interface Held {
  request: IncomingMessage;
  response: ServerResponse;
  pageNumber: number;
}
let width = 1;
let totalCount = 1;
let answered = 0;
let held: Held[] = [];
let onFull: (batch: Held[]) => void = () => undefined;
let mostInFlight = 0;

const answer = ({ response, pageNumber }: Held): void => {
  answered += 1;
  response.writeHead(200, { 'content-type': 'application/json' });
  response.end(page(pageNumber, totalCount));
};

const server = createServer((request, response) => {
  request.resume();
  const pageNumber = Number(new URL(request.url ?? '/', 'http://127.0.0.1').searchParams.get('PageNumber') ?? '1');
  const entry = { request, response, pageNumber };
  if (pageNumber === 1) return answer(entry);
  held.push(entry);
  mostInFlight = Math.max(mostInFlight, held.length);
  clearTimeout(quiet);
  if (held.length >= Math.min(width, totalCount - answered)) release();
  // After the first round the source's window may send fewer (the held answers look queued, which
  // they are): what has come by when no more come is the round. The first round is always waited
  // for in full: the window starts at `concurrency`, and on a loaded machine the client may take
  // longer than any quiet spell to send its requests.
  else if (answered > 1) quiet = setTimeout(release, 150);
});
let quiet: ReturnType<typeof setTimeout> | undefined;
function release(): void {
  const batch = held;
  held = [];
  if (batch.length > 0) onFull(batch);
}
let endpoint = '';

beforeAll(async () => {
  // Longer than any pause between the tests on a loaded machine: a socket the server closes as idle
  // just when the client reuses it is reset, and these listings run with retry: false.
  server.keepAliveTimeout = 60_000;
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => {
  server.closeAllConnections();
  server.close();
});

function setUp(concurrency: number): void {
  width = concurrency;
  // The first page, then two full rounds of `concurrency` pages.
  totalCount = 1 + 2 * concurrency;
  answered = 0;
  held = [];
  mostInFlight = 0;
}

function source(concurrency: number) {
  return createEcsSource({ region: REGION, endpoint, credentials: { accessKeyId: 'id', accessKeySecret: 'secret' }, pageSize: 1, concurrency, retry: false });
}

const listeners = (signal: AbortSignal): number => getEventListeners(signal, 'abort').length;

/** Collects process warnings while `work` runs (and one turn after: Node emits them on the next tick). */
async function warningsDuring<T>(work: () => Promise<T>): Promise<{ result: T; warnings: string[] }> {
  const warnings: string[] = [];
  const onWarning = (warning: Error): void => {
    warnings.push(`${warning.name}: ${warning.message}`);
  };
  process.on('warning', onWarning);
  try {
    const result = await work();
    await new Promise((resolve) => setTimeout(resolve, 50));
    return { result, warnings };
  } finally {
    process.off('warning', onWarning);
  }
}

describe.each([16, 64])('a listing with concurrency %i over 127.0.0.1', (concurrency) => {
  it('keeps one listener on the caller\'s signal, sets off no warning, and leaves none behind', async () => {
    setUp(concurrency);
    const caller = new AbortController();
    const seen: number[] = [];
    onFull = (batch) => {
      seen.push(listeners(caller.signal));
      for (const each of batch) answer(each);
    };
    const { result: ids, warnings } = await warningsDuring(async () => {
      const listed: string[] = [];
      for await (const invocation of source(concurrency).list({}, { signal: caller.signal })) listed.push(invocation.invokeId);
      return listed;
    });
    expect(ids).toHaveLength(totalCount);
    expect(new Set(ids).size).toBe(totalCount);
    expect(mostInFlight).toBe(concurrency);
    expect(seen.length).toBeGreaterThanOrEqual(2);
    expect(seen.every((count) => count === 1)).toBe(true);
    expect(warnings).toEqual([]);
    expect(listeners(caller.signal)).toBe(0);
  });

  it("an abort of the caller's signal ends every request in flight with an AbortedError, and leaves no listener", async () => {
    setUp(concurrency);
    const caller = new AbortController();
    let closed: Promise<unknown[]> | undefined;
    onFull = (batch) => {
      // Every request the client gives up closes its connection: the server sees each one go.
      closed = Promise.all(batch.map(({ request }) => (request.socket.destroyed ? undefined : once(request.socket, 'close'))));
      caller.abort(new Error('stop now'));
    };
    const { result: error, warnings } = await warningsDuring(async () => {
      try {
        for await (const _invocation of source(concurrency).list({}, { signal: caller.signal })) {
          // read on
        }
      } catch (caught) {
        return caught;
      }
      return undefined;
    });
    expect(AbortedError.isInstance(error), String(error)).toBe(true);
    expect(mostInFlight).toBe(concurrency);
    expect(closed).toBeDefined();
    await expect(closed).resolves.toHaveLength(concurrency);
    expect(warnings).toEqual([]);
    expect(listeners(caller.signal)).toBe(0);
  });
});
