import { AbortedError, ApiError, InvalidQueryError, NotFoundError, PRODUCTS, canRun, canStop, redactSecrets, type Invocation, type InvocationSource, type Product } from '@invocations/core';
import type { Archive } from '@invocations/archive';
import { Hono, type Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { ErrorResponse, HistoryResponse, InvocationResponse, ListResponse, MetaResponse, RunResponse, StatsResponse } from './api-types.js';
import { loadClientFiles, type ClientFiles } from './client-files.js';
import { errorMeaningsOf } from './error-meanings.js';
import { canList, listNewest } from './list-newest.js';
import { parseHistoryParams, parseListParams, parseStatsParams } from './query-params.js';
import { parseRunBody, parseStopBody, readMutation } from './mutations.js';

/** Options of {@link createConsoleApp}. */
export interface ConsoleAppOptions {
  /** One source per product and region (the adapters' `createEcsSource`, ...); they hold the credentials, which never leave the server. */
  sources: readonly InvocationSource[];
  /**
   * An opened archive (`openArchive` of `@invocations/archive`): enables History, `/api/history` and
   * `/api/stats`. With `record` (a whole archive), each invocation the page opens is also kept as it
   * was read: eflo cannot list, so this is how what the console runs on eflo reaches the history.
   */
  archive?: Pick<Archive, 'query' | 'stats'> & Partial<Pick<Archive, 'record'>>;
  /** Lines the page shows once, e.g. why a product is not listed. */
  notes?: readonly string[];
  /**
   * Let the page run commands (`POST /api/run`) and stop invocations (`POST .../stop`) on the sources
   * that can (core's `canRun` / `canStop`). Default false: the console then only reads.
   */
  allowRun?: boolean;
  /** Milliseconds between two refreshes of the list while an invocation in it is active (default 2000). */
  refreshMs?: number;
  /** The built client's directory (default the package's `dist/client`). */
  clientDir?: string;
  /** The built client, already loaded (tests); wins over `clientDir`. */
  clientFiles?: ClientFiles;
  /**
   * Whether a `Host` header (lower case, `127.0.0.1:8080`) is one this console answers to; others get
   * 403, so a web page on another name that resolves here (DNS rebinding) cannot read the API.
   * Default: any host. {@link startConsole} sets it for loopback addresses.
   */
  isAllowedHost?: (host: string) => boolean;
}

// The page loads only its own files and talks only to its own origin.
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const INVOKE_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

function errorBody(message: string, issues?: readonly { path: string; message: string }[]): ErrorResponse {
  return { error: { message: redactSecrets(message), ...(issues ? { issues: issues.map((issue) => ({ ...issue })) } : {}) } };
}

/** The HTTP status and body an error becomes. Messages of core's errors are already free of secrets. */
function errorResponse(error: unknown): { status: ContentfulStatusCode; body: ErrorResponse } {
  if (error instanceof HTTPException) return { status: error.status as ContentfulStatusCode, body: errorBody(error.message) };
  if (InvalidQueryError.isInstance(error)) return { status: 400, body: errorBody(error.message, error.issues) };
  if (NotFoundError.isInstance(error)) return { status: 404, body: errorBody(error.message) };
  if (ApiError.isInstance(error)) return { status: 502, body: errorBody(error.message) };
  if (AbortedError.isInstance(error)) return { status: 503, body: errorBody(error.message) };
  return { status: 500, body: errorBody(`internal error: ${error instanceof Error ? error.message : String(error)}`) };
}

/**
 * The console as a Hono app: the JSON API under `/api/` and the built single-page client for every
 * other path. Testable without a port (`app.request('/api/invocations')`); {@link startConsole}
 * serves it. The sources' credentials stay here: no answer carries them.
 *
 * @example
 * const app = createConsoleApp({ sources: [createEcsSource({ region: 'cn-hangzhou' })] });
 * const list = await (await app.request('/api/invocations?status=failed')).json();
 */
export function createConsoleApp(options: ConsoleAppOptions): Hono {
  const { sources, archive } = options;
  const refreshMs = options.refreshMs ?? 2_000;
  let files: ClientFiles | undefined = options.clientFiles;
  const clientFiles = (): ClientFiles => (files ??= loadClientFiles(options.clientDir));

  const app = new Hono();

  app.use('*', async (c, next) => {
    if (options.isAllowedHost && !options.isAllowedHost((c.req.header('host') ?? '').toLowerCase())) {
      return c.json(errorBody('this console answers only to the address it was started on'), 403);
    }
    await next();
    c.header('X-Content-Type-Options', 'nosniff');
    c.header('Referrer-Policy', 'no-referrer');
    c.header('X-Frame-Options', 'DENY');
    c.header('Content-Security-Policy', CONTENT_SECURITY_POLICY);
  });

  app.onError((error, c) => {
    const { status, body } = errorResponse(error);
    return c.json(body, status);
  });

  app.use('/api/*', async (c, next) => {
    await next();
    c.header('Cache-Control', 'no-store');
  });

  app.get('/api/meta', (c) =>
    c.json<MetaResponse>({
      sources: sources.map((source) => ({
        product: source.product,
        region: source.region,
        lists: canList(source),
        run: options.allowRun === true && canRun(source),
        stop: options.allowRun === true && canStop(source),
      })),
      archive: archive !== undefined,
      // Read per request: a caller may add a note once it knows the console's URL.
      notes: [...(options.notes ?? [])],
      refreshMs,
    }),
  );

  app.get('/api/invocations', async (c) => {
    const filters = parseListParams(new URL(c.req.url).searchParams);
    const page = await listNewest(sources, filters, c.req.raw.signal);
    return c.json<ListResponse>({ ...page, fetchedAt: new Date().toISOString() });
  });

  // Keeps what the page read in the archive, when it can record; a failure is said with the answer, not thrown (the read itself worked).
  const keepSeen = async (invocation: Invocation): Promise<string | undefined> => {
    if (!archive?.record) return undefined;
    try {
      await archive.record([invocation]);
      return undefined;
    } catch (error) {
      return redactSecrets(error instanceof Error ? error.message : String(error));
    }
  };

  app.get('/api/invocations/:product/:region/:invokeId', async (c) => {
    const { product, region, invokeId } = c.req.param();
    if (!(PRODUCTS as readonly string[]).includes(product)) return c.json(errorBody(`product: must be one of ${PRODUCTS.join(', ')}`), 400);
    if (!INVOKE_ID.test(invokeId)) return c.json(errorBody('invokeId: must be an invocation id such as t-hz0jdfwd9f8example'), 400);
    const source = sources.find((candidate) => candidate.product === (product as Product) && candidate.region === region);
    if (!source) return c.json(errorBody(`this console reads no ${product} source in ${region}`), 404);
    let invocation;
    let archiveError: string | undefined;
    try {
      invocation = await source.get(invokeId, { includeOutput: true, signal: c.req.raw.signal });
      archiveError = await keepSeen(invocation);
    } catch (error) {
      // Older than the service keeps: the archive may still hold it.
      if (!archive || !NotFoundError.isInstance(error)) throw error;
      const [archived] = (await archive.query({ product: source.product, region, invokeIds: [invokeId], limit: 1 })).invocations;
      if (!archived) throw error;
      invocation = archived;
    }
    return c.json<InvocationResponse>({
      invocation,
      errorMeanings: errorMeaningsOf(invocation.targets.map((target) => target.errorCode)),
      ...(archiveError === undefined ? {} : { archiveError }),
    });
  });

  const sourceAt = (product: string, region: string): InvocationSource | undefined =>
    sources.find((candidate) => candidate.product === (product as Product) && candidate.region === region);

  app.post('/api/run', async (c) => {
    const body = parseRunBody(await readMutation(c));
    const source = sourceAt(body.product, body.region);
    if (!source) return c.json(errorBody(`this console reads no ${body.product} source in ${body.region}`), 404);
    if (!options.allowRun || !canRun(source)) {
      return c.json(errorBody(options.allowRun ? `${body.product} cannot run commands` : 'this console was started without runs allowed (--allow-run)'), 403);
    }
    // Never retried from here: a run that may have reached the service is not sent twice (the adapters' ClientToken covers their own retries).
    const result = await source.run(body.request, { signal: c.req.raw.signal });
    return c.json<RunResponse>({
      invokeId: result.invokeId,
      split: result.split,
      invocations: result.invocations.map((invocation) => ({ invokeId: invocation.invokeId, targetIds: [...invocation.targetIds] })),
      rejected: result.rejected.map((rejected) => ({ targetId: rejected.targetId, message: redactSecrets(rejected.error.message) })),
    });
  });

  app.post('/api/invocations/:product/:region/:invokeId/stop', async (c) => {
    const { product, region, invokeId } = c.req.param();
    const body = parseStopBody(await readMutation(c));
    if (!INVOKE_ID.test(invokeId)) return c.json(errorBody('invokeId: must be an invocation id such as t-hz0jdfwd9f8example'), 400);
    const source = sourceAt(product, region);
    if (!source) return c.json(errorBody(`this console reads no ${product} source in ${region}`), 404);
    if (!options.allowRun || !canStop(source)) {
      return c.json(errorBody(options.allowRun ? `${product} cannot stop invocations` : 'this console was started without runs allowed (--allow-run)'), 403);
    }
    await source.stop(invokeId, { ...(body.targetIds ? { targetIds: body.targetIds } : {}), signal: c.req.raw.signal });
    return c.json({ stopped: invokeId });
  });

  const needArchive = (c: Context) => c.json(errorBody('no archive: start the console with --archive <url> to read history'), 404);

  app.get('/api/history', async (c) => {
    if (!archive) return needArchive(c);
    const filters = parseHistoryParams(new URL(c.req.url).searchParams);
    // Archive filters by command name text; a command id (exact) is checked by the archive's own field.
    const page = await archive.query({
      ...(filters.product ? { product: filters.product } : {}),
      ...(filters.region ? { region: filters.region } : {}),
      ...(filters.status ? { status: filters.status } : {}),
      ...(filters.command ? { commandNameContains: filters.command } : {}),
      ...(filters.target ? { targetId: filters.target } : {}),
      ...(filters.since !== undefined ? { since: filters.since } : {}),
      ...(filters.until !== undefined ? { until: filters.until } : {}),
      ...(filters.cursor ? { cursor: filters.cursor } : {}),
      limit: filters.limit,
    });
    return c.json<HistoryResponse>({ invocations: page.invocations, ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) });
  });

  app.get('/api/stats', async (c) => {
    if (!archive) return needArchive(c);
    const params = parseStatsParams(new URL(c.req.url).searchParams);
    const stats = await archive.stats({
      groupBy: params.groupBy,
      ...(params.product ? { product: params.product } : {}),
      ...(params.region ? { region: params.region } : {}),
      ...(params.since !== undefined ? { since: params.since } : {}),
      ...(params.until !== undefined ? { until: params.until } : {}),
      limit: params.limit,
    });
    return c.json<StatsResponse>({ groupBy: stats.groupBy, rows: stats.rows });
  });

  app.all('/api/*', (c) => c.json(errorBody(`no such API: ${c.req.method} ${new URL(c.req.url).pathname}`), 404));

  app.get('*', (c) => {
    const path = new URL(c.req.url).pathname;
    const known = clientFiles();
    // A path without a file extension is one of the page's own views (/invocations/...): the page itself.
    const file = known.get(path) ?? (/\.[a-z0-9]+$/i.test(path) ? undefined : known.get('/index.html'));
    if (!file) return c.text('not found', 404);
    return c.body(file.body as Uint8Array<ArrayBuffer>, 200, {
      'Content-Type': file.contentType,
      'Cache-Control': file.immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
    });
  });

  return app;
}
