// A hostile server: a node:http server on 127.0.0.1 that lies, stalls, trickles and inflates. Every
// case here must end with one of our typed errors, within its limit, holding a bounded amount of
// memory, and without a secret in anything the caller (or the CLI's user) gets to see.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inspect } from 'node:util';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { createGzip } from 'node:zlib';
import { AbortedError, ApiError, ConfigurationError, DecodeError, InvocationsError, ResponseTooLargeError, TimeoutError } from '@invocations/core';
import { createEcsSource } from '@invocations/ecs';
import { createOpenApiClient, type OpenApiClientOptions } from '@invocations/openapi';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { responseObject } from '../src/bodies.js';

// '/', '+' and '=' make the JSON-escaped (`\/`), percent-encoded and Base64 forms differ from the raw text.
const TOKEN = 'CAIS/hostile+StsToken/9Qz=';
const SECRET = 'hostile/Secret+Key7=';
const PASSWORD = 'endpoint-Passw0rd';
const ACCESS_KEY_ID = 'LTAI-hostile';
const REGION = 'cn-hangzhou';

const jsonEscaped = (value: string): string => JSON.stringify(value).slice(1, -1).replace(/\//g, '\\/');
const FORBIDDEN = [TOKEN, SECRET, PASSWORD].flatMap((value) => [
  value,
  jsonEscaped(value),
  encodeURIComponent(value),
  // Whole 3-byte groups only: the last group's characters depend on what follows the value.
  Buffer.from(value.slice(0, value.length - (value.length % 3))).toString('base64'),
]);

/**
 * The first secret form found in a text, or undefined. Also looked for with every backslash removed:
 * inspect and JSON.stringify escape a JSON-escaped secret again (`CAIS\\/x`), which hides it from a
 * plain search without making it any less readable.
 */
function leak(text: string): string | undefined {
  const unescaped = text.replace(/\\/g, '');
  return FORBIDDEN.find((form) => text.includes(form) || unescaped.includes(form));
}

/** Everything a caller can see of an error: message, stack, own fields, JSON, inspect, and the same of each cause. */
function visible(error: unknown, depth = 0): string {
  if (depth > 8 || error === undefined) return '';
  if (error === null || typeof error !== 'object') return String(error);
  const parts = [inspect(error, { depth: 8, breakLength: Infinity })];
  if (error instanceof Error) parts.push(error.message, error.stack ?? '');
  try {
    parts.push(JSON.stringify(error));
  } catch {
    // circular: inspect covered it
  }
  parts.push(visible((error as { cause?: unknown }).cause, depth + 1));
  return parts.join('\n');
}

// Forced GCs, as `node --expose-gc` would give: the bug this suite guards against only shows after one.
function exposeGc(): () => void {
  const existing = (globalThis as { gc?: () => void }).gc;
  if (typeof existing === 'function') return existing;
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}
const gc = exposeGc();

type Handler = (request: IncomingMessage, response: ServerResponse) => void;
let handler: Handler = (_request, response) => response.end();
let requests = 0;
const server = createServer((request, response) => {
  requests += 1;
  request.resume();
  handler(request, response);
});
let url = '';

beforeAll(async () => {
  // Node closes an idle kept-alive connection after 5 s; on a loaded machine the client's next request
  // can meet that close (ECONNRESET) where the test expects the answer it set up.
  server.keepAliveTimeout = 120_000;
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  server.close();
});

function client(options: Partial<OpenApiClientOptions> = {}) {
  return createOpenApiClient({
    product: 'ecs',
    region: REGION,
    endpoint: url,
    credentials: { accessKeyId: ACCESS_KEY_ID, accessKeySecret: SECRET, securityToken: TOKEN },
    ...options,
  });
}

function source(options: Partial<Parameters<typeof createEcsSource>[0]> = {}) {
  return createEcsSource({
    region: REGION,
    endpoint: url,
    credentials: { accessKeyId: ACCESS_KEY_ID, accessKeySecret: SECRET, securityToken: TOKEN },
    retry: false,
    // Under the 20 s the tests give a failure: on a loaded CI machine the default timeout fired first,
    // and a TimeoutError stood where the decode error under test should have been.
    timeoutMs: 18_000,
    ...options,
  });
}

async function listAll(listing: ReturnType<typeof createEcsSource>): Promise<number> {
  let count = 0;
  for await (const _invocation of listing.list()) count += 1;
  return count;
}

/**
 * Runs `work` with a GC forced every 50 ms (unless `collect` is false) and waits at most `guardMs` for it to fail. Returns the
 * error and how long it took; a call that hangs past the guard (today's bug) fails the test.
 */
async function failure(work: () => Promise<unknown>, guardMs: number, collect = true): Promise<{ error: unknown; elapsedMs: number }> {
  const started = performance.now();
  const collector = collect ? setInterval(gc, 50) : undefined;
  let guard: NodeJS.Timeout | undefined;
  try {
    const outcome = await Promise.race([
      work().then(
        () => ({ settled: 'resolved' as const }),
        (error: unknown) => ({ settled: 'rejected' as const, error }),
      ),
      new Promise<{ settled: 'hung' }>((resolve) => {
        guard = setTimeout(() => resolve({ settled: 'hung' }), guardMs);
      }),
    ]);
    const elapsedMs = performance.now() - started;
    if (outcome.settled === 'hung') throw new Error(`no error within ${guardMs} ms: the call hangs`);
    if (outcome.settled === 'resolved') throw new Error('expected a failure, the call succeeded');
    return { error: outcome.error, elapsedMs };
  } finally {
    clearInterval(collector);
    clearTimeout(guard);
  }
}

/** A 200 whose headers arrive at once and whose body then sends one byte per `everyMs` (never, with Infinity). */
function trickle(everyMs: number): Handler {
  return (_request, response) => {
    response.writeHead(200, { 'content-type': 'application/json' });
    response.write('{"RequestId":"');
    if (!Number.isFinite(everyMs)) return;
    const timer = setInterval(() => response.write('a'), everyMs);
    response.on('close', () => clearInterval(timer));
  };
}

const CALL = { action: 'DescribeInvocations', query: { RegionId: REGION, PageSize: 50 } };

describe('timeouts and aborts that always fire', () => {
  it('a body that trickles one byte a second fails with a TimeoutError within timeoutMs and the deadline, GCs running', async () => {
    handler = trickle(1_000);
    const deadlineMs = 1_500;
    const { error, elapsedMs } = await failure(
      () => client({ timeoutMs: 400, deadlineMs, retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 5 } }).call(CALL),
      15_000,
    );
    expect(TimeoutError.isInstance(error), String(error)).toBe(true);
    // The limit plus room for a loaded machine; the bug is minutes, not milliseconds.
    expect(elapsedMs).toBeLessThan(deadlineMs + 3_000);
  });

  it('a body that stalls after the headers fails with a TimeoutError at the deadline, GCs running', async () => {
    handler = trickle(Number.POSITIVE_INFINITY);
    const deadlineMs = 1_200;
    const { error, elapsedMs } = await failure(() => client({ timeoutMs: 30_000, deadlineMs }).call(CALL), 15_000);
    expect(TimeoutError.isInstance(error), String(error)).toBe(true);
    expect((error as TimeoutError).timeoutMs).toBe(deadlineMs);
    expect(elapsedMs).toBeLessThan(deadlineMs + 3_000);
  });

  it("the caller's AbortSignal stops a stalled body, GCs running", async () => {
    handler = trickle(Number.POSITIVE_INFINITY);
    const controller = new AbortController();
    const { error, elapsedMs } = await failure(async () => {
      setTimeout(() => controller.abort(new Error('caller gave up')), 2_000);
      return client({ timeoutMs: 30_000, deadlineMs: 60_000 }).call({ ...CALL, signal: controller.signal });
    }, 15_000);
    expect(AbortedError.isInstance(error), String(error)).toBe(true);
    expect(elapsedMs).toBeLessThan(2_000 + 3_000);
  });
});

async function gzipBomb(decodedBytes: number): Promise<Buffer> {
  const gzip = createGzip({ level: 9 });
  const chunks: Buffer[] = [];
  gzip.on('data', (chunk: Buffer) => chunks.push(chunk));
  const block = Buffer.alloc(1 << 20, 'a');
  gzip.write('{"RequestId":"bomb","Pad":"');
  for (let written = 0; written < decodedBytes; written += block.length) {
    if (!gzip.write(block)) await once(gzip, 'drain');
  }
  gzip.end('"}');
  await once(gzip, 'end');
  return Buffer.concat(chunks);
}

describe('what one response may cost', () => {
  it('a body past maxResponseBytes stops with a ResponseTooLargeError naming the limit; gzip counts inflated; eight bombs in flight stay bounded', async () => {
    // An endless body, as fast as the socket takes it: today it grows without bound.
    let closedEarly = 0;
    handler = (_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      const block = Buffer.alloc(1024 * 1024, 'b');
      let open = true;
      response.on('close', () => {
        open = false;
        closedEarly += 1;
      });
      const pump = () => {
        while (open && response.write(block)) {
          // keep writing until the socket pushes back
        }
        if (open) response.once('drain', pump);
      };
      response.write('{"RequestId":"');
      pump();
    };
    const endless = await failure(() => client({ timeoutMs: 30_000, maxResponseBytes: 16 * 1024 * 1024, retry: false }).call(CALL), 30_000, false);
    expect(ResponseTooLargeError.isInstance(endless.error), String(endless.error)).toBe(true);
    expect((endless.error as Error).message).toContain('16777216 byte limit (maxResponseBytes)');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(closedEarly, 'the connection is closed once the limit is reached').toBe(1);

    // 0.4 MB of gzip that inflates to 400 MB: refused once the inflated bytes pass the limit.
    const bomb = await gzipBomb(400 * 1024 * 1024);
    expect(bomb.length).toBeLessThan(600 * 1024);
    handler = (_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip', 'content-length': String(bomb.length) });
      response.end(bomb);
    };
    // The default limit: 64 MiB of the 400 inflated.
    // A generous attempt timeout: inflating 64 MiB is slow on a loaded machine, and the limit is the point here.
    const one = await failure(() => client({ retry: false, timeoutMs: 60_000 }).call(CALL), 90_000, false);
    expect(ResponseTooLargeError.isInstance(one.error), String(one.error)).toBe(true);
    expect((one.error as ResponseTooLargeError).maxBytes).toBe(64 * 1024 * 1024);
    expect((one.error as Error).message).toContain('67108864 byte limit (maxResponseBytes)');

    const maxResponseBytes = 8 * 1024 * 1024;
    gc();
    const baseline = process.memoryUsage.rss();
    let peak = baseline;
    const sampler = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage.rss());
    }, 5);
    try {
      const bounded = client({ maxResponseBytes, retry: false, timeoutMs: 60_000 });
      const results = await Promise.allSettled(Array.from({ length: 8 }, () => bounded.call(CALL)));
      for (const result of results) {
        expect(result.status).toBe('rejected');
        const reason = (result as PromiseRejectedResult).reason;
        expect(ResponseTooLargeError.isInstance(reason), String(reason)).toBe(true);
        expect((reason as ResponseTooLargeError).maxBytes).toBe(maxResponseBytes);
      }
    } finally {
      clearInterval(sampler);
    }
    // Eight 400 MB bodies would be 3.2 GB; eight stopped at 8 MB are a few tens of MB (text and bytes).
    expect(peak - baseline, `RSS grew by ${((peak - baseline) / 2 ** 20).toFixed(0)} MiB`).toBeLessThan(400 * 1024 * 1024);
  }, 180_000);

  it('a body nested 200,000 levels deep (JSON, the Parameters JSON string, XML) is refused with a DecodeError naming the depth limit', async () => {
    const levels = 200_000;
    const page = responseObject('ecs', { invocations: 1, targets: 1, totalCount: 1 });
    const invocation = (page.Invocations as { Invocation: Record<string, unknown>[] }).Invocation[0] as Record<string, unknown>;
    const bodies: Array<{ format: 'json' | 'xml'; body: string }> = [
      { format: 'json', body: JSON.stringify({ ...page, Invocations: { Invocation: [{ ...invocation, Parameters: `${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}` }] } }) },
      { format: 'json', body: JSON.stringify(page).replace('"Parameters":', `"Extra":${'['.repeat(levels)}${']'.repeat(levels)},"Parameters":`) },
      { format: 'xml', body: `<DescribeInvocationsResponse><RequestId>deep</RequestId>${'<A>'.repeat(levels)}x${'</A>'.repeat(levels)}</DescribeInvocationsResponse>` },
    ];
    for (const { format, body } of bodies) {
      handler = (_request, response) => {
        response.writeHead(200, { 'content-type': format === 'json' ? 'application/json' : 'application/xml' });
        response.end(body);
      };
      const { error } = await failure(() => listAll(source({ format })), 20_000);
      expect(DecodeError.isInstance(error), `${format}: ${String(error)}`).toBe(true);
      expect((error as DecodeError).reason).toMatch(/nested deeper than 128 levels \(the nesting depth limit\)/);
    }
  });
});

describe('no secret in any error', () => {
  /** Runs a listing against `handler`, expects a typed error and no secret anywhere in it or in the hook payloads. */
  async function expectCleanFailure(reply: Handler): Promise<{ error: unknown; payloads: Array<Record<string, unknown>> }> {
    handler = reply;
    const payloads: Array<Record<string, unknown>> = [];
    const record = (event: object) => payloads.push({ ...event });
    const { error } = await failure(() => listAll(source({ hooks: { onRequest: record, onResponse: record, onRetry: record } })), 20_000);
    expect(InvocationsError.isInstance(error), String(error)).toBe(true);
    const shown = `${visible(error)}\n${JSON.stringify(payloads)}\n${inspect(payloads, { depth: 6 })}`;
    expect(leak(shown), shown.slice(0, 2_000)).toBeUndefined();
    return { error, payloads };
  }

  const reply =
    (status: number, body: string, headers: Record<string, string> = {}): Handler =>
    (_request, response) => {
      response.writeHead(status, { 'content-type': 'application/json', ...headers });
      response.end(body);
    };

  it('a 2xx body that fails to decode and echoes the token leaks it nowhere (DecodeError message and excerpt)', async () => {
    const { error: wrongShape } = await expectCleanFailure(reply(200, `{"RequestId":"r-1","Invocations":"${jsonEscaped(TOKEN)}","SecurityToken":"${TOKEN}"}`));
    expect(DecodeError.isInstance(wrongShape)).toBe(true);
    expect((wrongShape as DecodeError).excerpt).toContain('***');
    const { error: notJson } = await expectCleanFailure(reply(200, `{"RequestId":"r-2","Token":"${TOKEN}" "${TOKEN}"}`));
    expect(DecodeError.isInstance(notJson)).toBe(true);
  });

  it('a request id carrying the token (body RequestId or x-acs-request-id) leaks it nowhere', async () => {
    const fromHeader = await expectCleanFailure(reply(500, '{"Message":"no code"}', { 'x-acs-request-id': TOKEN }));
    expect((fromHeader.error as DecodeError).requestId).toBe('***');
    expect(fromHeader.payloads.find((event) => 'status' in event)?.requestId).toBe('***');
    const fromBody = await expectCleanFailure(reply(403, `{"Code":"Forbidden.RAM","Message":"denied","RequestId":"${jsonEscaped(TOKEN)}"}`));
    expect(ApiError.isInstance(fromBody.error)).toBe(true);
    expect((fromBody.error as ApiError).requestId).toBe('***');
    const inTwoHundred = await expectCleanFailure(reply(200, `{"RequestId":"${TOKEN}","Invocations":7}`));
    expect((inTwoHundred.error as DecodeError).requestId).toBe('***');
  });

  it('a 400 body with no Code that carries the token JSON-escaped leaks it nowhere', async () => {
    const { error } = await expectCleanFailure(reply(400, `{"Message":"the token ${jsonEscaped(TOKEN)} was refused","Secret":"${jsonEscaped(SECRET)}"}`));
    expect(DecodeError.isInstance(error)).toBe(true);
  });

  it('an endpoint with a password that does not parse (http://user:pw@[bad) is not quoted with the password', () => {
    for (const endpoint of [`http://user:${PASSWORD}@[bad`, `user:${PASSWORD}@[bad`, `https://user:${PASSWORD}@host/path`]) {
      let caught: unknown;
      try {
        source({ endpoint });
      } catch (error) {
        caught = error;
      }
      expect(ConfigurationError.isInstance(caught), String(caught)).toBe(true);
      expect(leak(visible(caught)), visible(caught)).toBeUndefined();
    }
  });

  it('the CLI, with and without --debug, prints no secret on stdout or stderr', async () => {
    const repo = fileURLToPath(new URL('../../', import.meta.url));
    // An empty HOME: no ~/.aliyun/config.json of the machine is read.
    const home = mkdtempSync(join(tmpdir(), 'hostile-cli-home-'));
    // The CLI's sources, through tsx and the @invocations/source condition: always the code under test.
    const run = (args: string[]) =>
      new Promise<{ code: number | null; output: string }>((resolve, reject) => {
        const child = spawn(process.execPath, ['--conditions=@invocations/source', '--import', 'tsx', `${repo}apps/cli/src/bin.ts`, ...args], {
          cwd: fileURLToPath(new URL('../', import.meta.url)),
          env: {
            PATH: process.env.PATH ?? '',
            HOME: home,
            ALIBABA_CLOUD_ACCESS_KEY_ID: ACCESS_KEY_ID,
            ALIBABA_CLOUD_ACCESS_KEY_SECRET: SECRET,
            ALIBABA_CLOUD_SECURITY_TOKEN: TOKEN,
          },
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        let output = '';
        child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
        child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
        const timer = setTimeout(() => child.kill('SIGKILL'), 40_000);
        child.on('error', reject);
        child.on('close', (code) => {
          clearTimeout(timer);
          resolve({ code, output });
        });
      });
    const replies: Handler[] = [
      reply(200, `{"RequestId":"r-1","Invocations":"${jsonEscaped(TOKEN)}"}`, { 'x-acs-request-id': TOKEN }),
      reply(403, `{"Code":"Forbidden","Message":"${jsonEscaped(SECRET)}","RequestId":"${TOKEN}"}`, { 'x-acs-request-id': TOKEN }),
    ];
    for (const current of replies) {
      handler = current;
      for (const debug of [[], ['--debug']]) {
        const before = requests;
        const { code, output } = await run(['list', '--product', 'ecs', '--region', REGION, '--endpoint', url, ...debug]);
        expect(requests, output).toBeGreaterThan(before);
        expect(code, output).toBe(5);
        expect(leak(output), output).toBeUndefined();
      }
    }
    const { output } = await run(['list', '--product', 'ecs', '--region', REGION, '--endpoint', `http://user:${PASSWORD}@[bad`, '--debug']);
    expect(output).toMatch(/endpoint/);
    expect(leak(output), output).toBeUndefined();
    // A dozen CLI starts in a row: a few seconds each alone, over 10 s each on two loaded cores.
  }, 300_000);
});

describe('retry delay unit', () => {
  it('x-acs-retry-after is read in seconds; fractional, garbage, negative and huge values give a finite delay within maxDelayMs', async () => {
    const cases: Array<{ header: string; expected: (delayMs: number) => boolean; rule: string }> = [
      { header: '0.05', expected: (delay) => delay === 50, rule: '50 ms' },
      { header: '0', expected: (delay) => delay === 0, rule: '0 ms' },
      { header: '2', expected: (delay) => delay === 300, rule: 'maxDelayMs' },
      { header: '99999999999', expected: (delay) => delay === 300, rule: 'maxDelayMs' },
      { header: '9'.repeat(400), expected: (delay) => delay === 300, rule: 'maxDelayMs' },
      // Not plain decimal seconds: ignored, so the backoff's own jitter (at most baseDelayMs here) applies.
      { header: 'soon', expected: (delay) => delay <= 10, rule: 'the backoff' },
      { header: '-1', expected: (delay) => delay <= 10, rule: 'the backoff' },
      { header: '0x10', expected: (delay) => delay <= 10, rule: 'the backoff' },
      { header: '1e3', expected: (delay) => delay <= 10, rule: 'the backoff' },
      { header: 'Infinity', expected: (delay) => delay <= 10, rule: 'the backoff' },
    ];
    for (const { header, expected, rule } of cases) {
      let answered = 0;
      handler = (_request, response) => {
        answered += 1;
        if (answered === 1) {
          response.writeHead(503, { 'content-type': 'application/json', 'x-acs-retry-after': header });
          response.end('{"Code":"Throttling.User","Message":"slow down","RequestId":"r-1"}');
        } else {
          response.writeHead(200, { 'content-type': 'application/json' });
          response.end('{"RequestId":"r-2"}');
        }
      };
      const delays: number[] = [];
      const answer = await client({ retry: { maxAttempts: 2, baseDelayMs: 10, maxDelayMs: 300 }, hooks: { onRetry: (event) => delays.push(event.delayMs) } }).call(CALL);
      expect(answer.attempts).toBe(2);
      expect(delays).toHaveLength(1);
      const delay = delays[0] as number;
      expect(Number.isFinite(delay), `${header}: ${delay}`).toBe(true);
      expect(expected(delay), `x-acs-retry-after: ${header} gave ${delay} ms, expected ${rule}`).toBe(true);
    }
  });
});
