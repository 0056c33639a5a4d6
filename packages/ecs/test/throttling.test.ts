// A listing against a service that throttles, over a real node:http server on 127.0.0.1, with the
// source's default options: the server answers Throttling (Alibaba's error body, HTTP 400 or 503)
// whenever more than K requests would be in flight. The listing must still yield every record once,
// in order, and send fewer pages at once after the first throttles; a server that throttles every
// page must end the listing with its Throttling error, not a hang.
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApiError } from '@invocations/core';
import { afterEach, describe, expect, it } from 'vitest';
import { createEcsSource } from '../src/index.js';

const REGION = 'cn-hangzhou';
const credentials = { accessKeyId: 'id', accessKeySecret: 'secret' };
const PAGE_SIZE = 5;

const idOf = (pageNumber: number, index: number) => `t-throttle${String(pageNumber).padStart(4, '0')}${index}`;

function pageBody(pageNumber: number, total: number): string {
  const count = Math.max(0, Math.min(PAGE_SIZE, total - (pageNumber - 1) * PAGE_SIZE));
  const invocations = Array.from({ length: count }, (_, index) => ({
    InvokeId: idOf(pageNumber, index),
    CommandId: 'c-throttle',
    CommandName: 'throttle',
    CommandType: 'RunShellScript',
    CommandContent: 'ZWNobyBoaQ==',
    RepeatMode: 'Once',
    Timed: false,
    CreationTime: '2024-05-01T08:00:00Z',
    InvocationStatus: 'Success',
    InvokeStatus: 'Finished',
    InvokeInstances: { InvokeInstance: [{ InstanceId: 'i-throttle', InvocationStatus: 'Success', InstanceInvokeStatus: 'Finished', ExitCode: 0, Output: '' }] },
  }));
  return JSON.stringify({ RequestId: `r-${pageNumber}`, TotalCount: total, PageNumber: pageNumber, PageSize: PAGE_SIZE, Invocations: { Invocation: invocations } });
}

// The error bodies products.md and protocol.md show for flow control; the status alternates.
const THROTTLES = [
  { status: 400, body: { RequestId: 'r-throttled', HostId: 'ecs.aliyuncs.com', Code: 'Throttling.User', Message: 'Request was denied due to user flow control.' } },
  { status: 503, body: { RequestId: 'r-throttled', HostId: 'ecs.aliyuncs.com', Code: 'Throttling', Message: 'Request was denied due to request throttling.' } },
];

/** What the server saw at each request's arrival. */
interface Arrival {
  pageNumber: number;
  /** Pages the client had asked for and not yet got: the listing's requests in flight, those waiting to retry included. */
  outstanding: number;
  throttled: boolean;
}

interface HostileServer {
  endpoint: string;
  arrivals: Arrival[];
  server: Server;
}

/**
 * Throttles every request that arrives while `limit` are being answered (`limit` 0: every page after
 * the first); the others are answered after `serviceMs`.
 */
async function startHostileServer(total: number, limit: number, serviceMs: number): Promise<HostileServer> {
  const arrivals: Arrival[] = [];
  const outstanding = new Set<number>();
  let answering = 0;
  let throttles = 0;
  const server = createServer((request, response) => {
    request.resume();
    const pageNumber = Number(new URL(request.url ?? '/', 'http://127.0.0.1').searchParams.get('PageNumber') ?? '1');
    outstanding.add(pageNumber);
    const throttled = pageNumber > 1 && (limit === 0 || answering >= limit);
    arrivals.push({ pageNumber, outstanding: outstanding.size, throttled });
    if (throttled) {
      const { status, body } = THROTTLES[throttles++ % THROTTLES.length] as (typeof THROTTLES)[number];
      response.writeHead(status, { 'content-type': 'application/json;charset=utf-8' });
      response.end(JSON.stringify(body));
      return;
    }
    answering += 1;
    setTimeout(() => {
      answering -= 1;
      outstanding.delete(pageNumber);
      response.writeHead(200, { 'content-type': 'application/json;charset=utf-8' });
      response.end(pageBody(pageNumber, total));
    }, serviceMs);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, arrivals, server };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;

let running: Server | undefined;
afterEach(() => {
  running?.closeAllConnections();
  running?.close();
  running = undefined;
});

describe('a listing against a service that throttles', () => {
  it('yields every record once, in order, and keeps fewer pages in flight after the first throttles', async () => {
    const limit = 4;
    const pages = 120;
    const total = pages * PAGE_SIZE;
    const hostile = await startHostileServer(total, limit, 5);
    running = hostile.server;
    // The default options: 16 pages in flight at most, the transport's default retries.
    const source = createEcsSource({ region: REGION, endpoint: hostile.endpoint, credentials, pageSize: PAGE_SIZE });
    const ids: string[] = [];
    for await (const invocation of source.list()) ids.push(invocation.invokeId);

    const expected = Array.from({ length: total }, (_, index) => idOf(Math.floor(index / PAGE_SIZE) + 1, index % PAGE_SIZE));
    expect(ids).toEqual(expected);

    const { arrivals } = hostile;
    const first = arrivals.findIndex((arrival) => arrival.throttled);
    // The default window went past what the server allows, so it was throttled...
    expect(first).toBeGreaterThan(0);
    expect(Math.max(...arrivals.slice(0, first + 1).map((arrival) => arrival.outstanding))).toBeGreaterThan(limit);
    // ...and then kept at most `limit` pages in flight most of the time (the window halves at a throttle
    // and probes one above now and then). The last 16 pages are left out: a listing's end has fewer in flight anyway.
    const after = arrivals.slice(first + 1).filter((arrival) => arrival.pageNumber <= pages - 16);
    expect(after.length).toBeGreaterThan(50);
    expect(median(after.map((arrival) => arrival.outstanding))).toBeLessThanOrEqual(limit);
    expect(after.some((arrival) => arrival.outstanding <= limit)).toBe(true);
  }, 30_000);

  it('ends with the Throttling error when every page is throttled, sending no page more than the transport retries it', async () => {
    const hostile = await startHostileServer(40 * PAGE_SIZE, 0, 1);
    running = hostile.server;
    const source = createEcsSource({ region: REGION, endpoint: hostile.endpoint, credentials, pageSize: PAGE_SIZE });
    const ids: string[] = [];
    const failure = await (async () => {
      for await (const invocation of source.list()) ids.push(invocation.invokeId);
    })().catch((error: unknown) => error);

    expect(ApiError.isInstance(failure)).toBe(true);
    const error = failure as ApiError;
    expect(error.code).toMatch(/^Throttling/);
    expect(error.attempts).toBe(4);
    expect(ids).toHaveLength(PAGE_SIZE);
    // Page 2 ran out of attempts first; no page was asked more than the transport's four attempts, and no
    // page beyond the first window was sent.
    const perPage = new Map<number, number>();
    for (const arrival of hostile.arrivals) perPage.set(arrival.pageNumber, (perPage.get(arrival.pageNumber) ?? 0) + 1);
    expect(Math.max(...perPage.values())).toBeLessThanOrEqual(4);
    expect(perPage.size).toBeLessThanOrEqual(17);
  }, 30_000);
});
