import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ACTIONS } from './actions/index.js';
import { DEFAULT_MAX_NONCES, NonceCache, TIMESTAMP_WINDOW_MS, isV3Request, verifyRequest } from './auth.js';
import { checkBrowser, corsHeaders, normaliseAllowOrigins, preflightHeaders, type AllowOrigins } from './browser-guard.js';
import { ClientTokens } from './client-tokens.js';
import { systemClock } from './clock.js';
import { EmulatorApiError, apiNotFound, invalidParameter, missingCommonParameter } from './errors.js';
import { FaultController } from './faults.js';
import { SwasInstanceStore } from './instances.js';
import { Params } from './params.js';
import { PRODUCT_VERSIONS, productOfVersion, regionFromHost } from './products.js';
import { JSON_CONTENT_TYPE, renderJsonParts } from './render-json.js';
import { XML_CONTENT_TYPE, renderXml } from './render-xml.js';
import { parseRequest, type ParsedRequest } from './request.js';
import { seedState, type SeedOptions } from './seed.js';
import { invocationStateAt, DEFAULT_SIMULATION, type InvocationView } from './simulator.js';
import { buildInvocation, stopTargets, type EmulatorState } from './state.js';
import { InvocationStore } from './store.js';
import { type CredentialCounts, STS_VERSION, type TemporaryCredentialOptions, TemporaryKeys } from './sts.js';
import type {
  Clock,
  CreateInvocationInput,
  EmulatorCredentials,
  EmulatorFaults,
  EmulatorFaultsInput,
  Product,
  RetentionOptions,
  SimulationOptions,
  StoredInvocation,
} from './types.js';

/** The AccessKey pair a default emulator accepts. Local only: it opens nothing but the emulator. */
export const DEFAULT_CREDENTIALS: EmulatorCredentials = {
  accessKeyId: 'LTAI5tEmulatorLocalOnly',
  accessKeySecret: 'EmulatorLocalSecretNotForCloudUse',
};

/** Options of {@link startEmulator}. */
export interface EmulatorOptions {
  /** Port to listen on; 0 (default) picks a free one. */
  port?: number;
  /** Interface to listen on; default 127.0.0.1. */
  host?: string;
  /** Fill the store with deterministic data for this seed; no seed, no data. */
  seed?: number;
  /** Size of the seeded data. */
  seedOptions?: SeedOptions;
  /** Accepted AccessKey pairs; the first is returned as `credentials`. Default {@link DEFAULT_CREDENTIALS}. */
  credentials?: EmulatorCredentials | EmulatorCredentials[];
  /** Time of the simulation (statuses, retention); default the real clock. */
  clock?: Clock;
  /** Time against which request timestamps are checked (15-minute window); default the real clock, since SDKs sign with it. */
  timestampClock?: Clock;
  /** Faults for all products, with optional per-product overrides under `ecs` / `swas` / `eflo`. */
  faults?: EmulatorFaultsInput;
  /** Retention per product and region; default 14 days, 100,000 records. */
  retention?: RetentionOptions;
  /** Agent timing. */
  simulation?: SimulationOptions;
  /** Region of an eflo request whose Host header names none (e.g. `127.0.0.1:PORT`). Default cn-hangzhou. */
  defaultRegion?: string;
  /** Set false to skip signature checks (e.g. for a load test of the rest). Default true. */
  verifySignatures?: boolean;
  /**
   * Browser pages allowed to call the emulator: origins such as `http://127.0.0.1:5173`, or '*'. By
   * default a request from any other origin, a cross-site no-cors request and a Host that is not the
   * emulator's (DNS rebinding) are refused with 403. Allowed origins get CORS answers (preflight
   * included); '*' also lifts the Host check.
   */
  allowOrigins?: AllowOrigins;
  /** Nonces remembered at once (replay protection); default 100,000. See `NonceCache`. */
  maxNonces?: number;
  /**
   * STS (AssumeRole, AssumeRoleWithOIDC) and the ECS metadata service (`/latest/...`): lifetimes of the
   * temporary keys issued, which every action then accepts until they expire (timed by `timestampClock`).
   */
  temporaryCredentials?: TemporaryCredentialOptions;
}

/** A running emulator. */
export interface Emulator {
  /** `http://HOST:PORT`. */
  readonly url: string;
  /** `HOST:PORT`, the form the official SDKs take as `endpoint`. */
  readonly endpoint: string;
  readonly host: string;
  readonly port: number;
  /** The AccessKey pair to use. */
  readonly credentials: EmulatorCredentials;
  /** The invocation records (counts, lookups, clear). */
  readonly store: InvocationStore;
  /** SWAS instances for ListInstances. */
  readonly instances: SwasInstanceStore;
  /** The simulation's clock, including time added by {@link Emulator.advance}. */
  readonly clock: Clock;
  /** Replaces the faults of the server, or of one product. */
  setFaults(faults: EmulatorFaults, product?: Product): void;
  /** Moves the simulation forward by `ms` without waiting. */
  advance(ms: number): void;
  /** The simulation's current time. */
  now(): number;
  /** Inserts an invocation directly (no request); targets follow the steering rules unless `targets` is given. */
  createInvocation(input: CreateInvocationInput): StoredInvocation;
  /** Product regions that hold data (seeded or created), for banners. */
  regionsWithData(): Record<Product, string[]>;
  /** Stops an invocation's targets (all, or `ids`) as StopInvocation would; false when not found. */
  stopInvocation(product: Product, region: string, invokeId: string, ids?: string[]): boolean;
  /** An invocation's state now (statuses, targets), or undefined. */
  inspect(product: Product, region: string, invokeId: string): InvocationView | undefined;
  /**
   * The newest invocation (among `invokeIds`, or all of the region's) that has finished with Success
   * and printed output: what a test needs to check `includeOutput`. Throws when there is none.
   */
  findFinishedWithOutput(product: Product, region: string, invokeIds?: readonly string[]): string;
  /** How often STS and the metadata service were asked (one call per credential refresh). */
  credentialCounts(): CredentialCounts;
  /** Requests answered so far and nonces remembered (for memory checks in benchmarks). */
  stats(): { requests: number; errors: number; nonces: number };
  /** Stops listening and drops open connections. */
  close(): Promise<void>;
}

const PRODUCT_CODES: Record<Product, string> = { ecs: 'Ecs', swas: 'SWAS-OPEN', eflo: 'eflo-controller' };

function sleep(ms: number): Promise<void> {
  return ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve();
}

interface Answer {
  status: number;
  body: Record<string, unknown>;
  root: string;
  headers?: Record<string, string>;
  truncate?: boolean;
}

/** An answer rendered for the wire: what {@link write} sends. */
interface Rendered {
  status: number;
  headers: Record<string, string>;
  payload: (string | Buffer)[];
}

function render(answer: Answer, format: 'json' | 'xml', requestId: string): Rendered {
  // The answer goes to the socket as strings of at most a few dozen KB (renderJsonParts): a
  // Buffer.from of a whole page (200 KB for 50 invocations with 10 targets) cost more than
  // rendering it. A cut answer needs the bytes, to cut them in half.
  const parts = format === 'xml' ? [renderXml(answer.root, answer.body)] : renderJsonParts(answer.body);
  const payload = answer.truncate ? [halfOf(Buffer.from(parts.join(''), 'utf8'))] : parts;
  let length = 0;
  for (const part of payload) length += typeof part === 'string' ? Buffer.byteLength(part, 'utf8') : part.length;
  const headers = {
    'content-type': format === 'xml' ? XML_CONTENT_TYPE : JSON_CONTENT_TYPE,
    'content-length': String(length),
    'x-acs-request-id': requestId,
    ...answer.headers,
  };
  return { status: answer.status, headers, payload };
}

function write(response: ServerResponse, rendered: Rendered): void {
  response.writeHead(rendered.status, rendered.headers);
  for (const part of rendered.payload) response.write(part);
  response.end();
}

function send(response: ServerResponse, answer: Answer, format: 'json' | 'xml', requestId: string): void {
  write(response, render(answer, format, requestId));
}

function halfOf(bytes: Buffer): Buffer {
  return bytes.subarray(0, Math.floor(bytes.length / 2));
}

function formatOf(request: ParsedRequest): 'json' | 'xml' {
  return (request.params.Format ?? '').toLowerCase() === 'xml' ? 'xml' : 'json';
}

function errorAnswer(error: EmulatorApiError, requestId: string, host: string, product?: Product): Answer {
  const productCode = product ? PRODUCT_CODES[product] : 'unknown';
  return {
    status: error.status,
    root: 'Error',
    headers: error.headers,
    body: {
      RequestId: requestId,
      HostId: host,
      Code: error.code,
      Message: error.message,
      Recommend: `https://api.aliyun.com/troubleshoot?q=${encodeURIComponent(error.code)}&product=${encodeURIComponent(productCode)}&requestId=${requestId}`,
    },
  };
}

/** Starts an emulator of the ECS, SWAS and eflo-controller invocation APIs on one port. */
export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const keyList = options.credentials === undefined ? [DEFAULT_CREDENTIALS] : Array.isArray(options.credentials) ? options.credentials : [options.credentials];
  if (keyList.length === 0) throw new RangeError('credentials: give at least one AccessKey pair');
  for (const [index, pair] of keyList.entries()) {
    if (!pair.accessKeyId || !pair.accessKeySecret) {
      throw new RangeError(`credentials[${index}]: accessKeyId and accessKeySecret must be non-empty strings`);
    }
  }
  const keys = new Map(keyList.map((pair) => [pair.accessKeyId, pair.accessKeySecret]));
  const baseClock = options.clock ?? systemClock;
  let offset = 0;
  const clock: Clock = { now: () => baseClock.now() + offset };
  const timestampClock = options.timestampClock ?? systemClock;
  const allowOrigins = normaliseAllowOrigins(options.allowOrigins);
  const stopBehaviour = options.simulation?.stopBehaviour;
  if (stopBehaviour !== undefined && stopBehaviour !== 'documented' && stopBehaviour !== 'terminate') {
    throw new RangeError(`simulation.stopBehaviour must be 'documented' or 'terminate', got ${String(stopBehaviour)}`);
  }
  const listenHost = options.host ?? '127.0.0.1';
  const state: EmulatorState = {
    clientTokens: new ClientTokens(),
    store: new InvocationStore(clock, options.retention),
    instances: new SwasInstanceStore(),
    clock,
    simulation: { ...DEFAULT_SIMULATION, ...options.simulation },
    defaultRegion: options.defaultRegion ?? 'cn-hangzhou',
  };
  if (options.seed !== undefined) seedState(state, options.seed, options.seedOptions);
  const faults = new FaultController(options.seed ?? 0, options.faults);
  const nonces = new NonceCache(timestampClock, 2 * TIMESTAMP_WINDOW_MS, options.maxNonces ?? DEFAULT_MAX_NONCES);
  const verify = options.verifySignatures ?? true;
  const temporary = new TemporaryKeys(timestampClock, options.temporaryCredentials);
  const keyLookup = { get: (accessKeyId: string) => keys.get(accessKeyId) ?? temporary.secretOf(accessKeyId) };
  const verifyWithTemporary = async (request: ParsedRequest): Promise<void> => {
    const verified = await verifyRequest(request, keyLookup, nonces, timestampClock);
    const token = verified.scheme === 'v3' ? request.headers['x-acs-security-token'] : request.params.SecurityToken;
    temporary.checkToken(verified.accessKeyId, token);
  };
  let requests = 0;
  let errors = 0;

  async function handle(incoming: IncomingMessage, response: ServerResponse): Promise<void> {
    const requestId = randomUUID().toUpperCase();
    let format: 'json' | 'xml' = 'json';
    let host = incoming.headers.host ?? '';
    let product: Product | undefined;
    let answer: Answer;
    let cors: Record<string, string> = {};
    // The fault's added latency, once the request reached a product's action (see the end).
    let latencyMs = 0;
    requests++;
    try {
      const browser = checkBrowser(incoming.headers, allowOrigins, listenHost);
      if (browser.corsOrigin !== undefined) {
        cors = corsHeaders(browser.corsOrigin);
        if ((incoming.method ?? '').toUpperCase() === 'OPTIONS') {
          incoming.resume();
          const requested = incoming.headers['access-control-request-headers'];
          const privateNetwork = incoming.headers['access-control-request-private-network'] === 'true';
          response.writeHead(204, {
            ...preflightHeaders(browser.corsOrigin, Array.isArray(requested) ? requested.join(',') : requested, privateNetwork),
            'x-acs-request-id': requestId,
          });
          response.end();
          return;
        }
      }
      const request = await parseRequest(incoming);
      format = formatOf(request);
      host = request.host;
      if (request.pathname.startsWith('/latest/')) {
        // The ECS metadata service (what 100.100.100.200 serves inside an instance): plain HTTP, no signature.
        const meta = temporary.metadata(request.method, request.pathname, request.headers);
        if (meta.status >= 400) errors++;
        response.writeHead(meta.status, { 'content-type': meta.contentType, 'content-length': String(Buffer.byteLength(meta.body)), ...cors });
        response.end(meta.body);
        return;
      }
      if (request.pathname !== '/' || (request.method !== 'GET' && request.method !== 'POST')) throw apiNotFound();
      const v3 = isV3Request(request);
      const action = (v3 ? request.headers['x-acs-action'] : undefined) ?? request.params.Action;
      const version = (v3 ? request.headers['x-acs-version'] : undefined) ?? request.params.Version;
      if (!action) throw missingCommonParameter('Action');
      if (!version) throw missingCommonParameter('Version');
      if (version === STS_VERSION) {
        let body: Record<string, unknown>;
        if (action === 'AssumeRoleWithOIDC') body = temporary.assumeRoleWithOidc(request.params);
        else if (action === 'AssumeRole') {
          if (verify) await verifyWithTemporary(request);
          body = temporary.assumeRole(request.params);
        } else throw apiNotFound();
        answer = { status: 200, root: `${action}Response`, body: { RequestId: requestId, ...body } };
        answer.headers = { ...answer.headers, ...cors };
        send(response, answer, format, requestId);
        return;
      }
      product = productOfVersion(version);
      if (!product) throw invalidParameter('Version', `no product has API version ${version}`);
      const handler = ACTIONS[product][action];
      if (!handler) throw apiNotFound();
      const decision = faults.decide(product);
      latencyMs = decision.latencyMs;
      if (verify) await verifyWithTemporary(request);
      if (decision.throttle) {
        throw new EmulatorApiError(400, 'Throttling.User', 'Request was denied due to user flow control.',
          decision.retryAfterSeconds !== undefined ? { 'x-acs-retry-after': String(decision.retryAfterSeconds) } : {});
      }
      if (decision.serverError === 503) {
        throw new EmulatorApiError(503, 'ServiceUnavailable', 'The request has failed due to a temporary failure of the server.');
      }
      if (decision.serverError === 500) {
        throw new EmulatorApiError(500, 'InternalError', 'The request processing has failed due to some unknown error.');
      }
      if (decision.dispatchError) {
        throw new EmulatorApiError(500, 'InternalError.Dispatch', 'An error occurred when you dispatched the request.');
      }
      const before = state.store.inserted;
      const body = handler({
        product,
        params: new Params(request.params),
        state,
        hostRegion: regionFromHost(request.host) ?? state.defaultRegion,
      });
      if (state.store.inserted > before && faults.takeCreatedDrop(product)) {
        // The invocation exists; the client never hears of it (faults.dropCreatedResponses).
        await sleep(latencyMs);
        response.destroy();
        return;
      }
      answer = { status: 200, root: `${action}Response`, body: { RequestId: requestId, ...body }, truncate: decision.truncate };
    } catch (error) {
      errors++;
      const apiError =
        error instanceof EmulatorApiError
          ? error
          : new EmulatorApiError(500, 'InternalError', 'The request processing has failed due to some unknown error.');
      answer = errorAnswer(apiError, requestId, host, product);
    }
    answer.headers = { ...answer.headers, ...cors };
    // The added latency delays the answer, not the work: the request is checked, answered and
    // rendered on arrival, then held. A service works on requests side by side, so a burst of them
    // comes back one latency later, not one after the other behind this process's single thread
    // (which spread a burst of 16 page reads over 10 ms and more at 30 ms of latency).
    const rendered = render(answer, format, requestId);
    await sleep(latencyMs);
    write(response, rendered);
  }

  const server: Server = createServer((incoming, response) => {
    handle(incoming, response).catch(() => {
      if (!response.headersSent) response.writeHead(500);
      response.end();
    });
  });
  // Keep-alive sockets from SDK agents must not hold close() open.
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, listenHost, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const urlHost = listenHost.includes(':') ? `[${listenHost}]` : listenHost;
  const first = keyList[0] as EmulatorCredentials;
  const inspect: Emulator['inspect'] = (forProduct, region, invokeId) => {
    const invocation = state.store.get(forProduct, region, invokeId);
    return invocation ? invocationStateAt(invocation, clock.now(), state.simulation) : undefined;
  };

  return {
    url: `http://${urlHost}:${port}`,
    endpoint: `${urlHost}:${port}`,
    host: listenHost,
    port,
    credentials: { accessKeyId: first.accessKeyId, accessKeySecret: first.accessKeySecret },
    store: state.store,
    instances: state.instances,
    clock,
    setFaults: (next, forProduct) => faults.set(next, forProduct),
    advance(ms: number) {
      if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`advance(ms): ms must be a finite number >= 0, got ${ms}`);
      offset += ms;
    },
    now: () => clock.now(),
    createInvocation(input) {
      const invocation = buildInvocation(input, state);
      state.store.insert(invocation);
      return invocation;
    },
    stopInvocation(forProduct, region, invokeId, ids = []) {
      const invocation = state.store.get(forProduct, region, invokeId);
      if (!invocation) return false;
      stopTargets(invocation, ids, clock.now(), state.simulation.stopBehaviour);
      return true;
    },
    inspect,
    regionsWithData() {
      const result = {} as Record<Product, string[]>;
      for (const forProduct of Object.keys(PRODUCT_VERSIONS) as Product[]) {
        result[forProduct] = state.store.regions(forProduct).filter((region) => state.store.count(forProduct, region) > 0);
      }
      return result;
    },
    findFinishedWithOutput(forProduct, region, invokeIds) {
      const candidates = invokeIds ?? state.store.list(forProduct, region).map((invocation) => invocation.invokeId);
      const found = candidates.find((invokeId) => {
        const view = inspect(forProduct, region, invokeId);
        return view !== undefined && view.status === 'Success' && view.targets.some((target) => target.output.length > 0);
      });
      if (found === undefined) throw new Error(`the emulator holds no finished ${forProduct} invocation with output in ${region}`);
      return found;
    },
    stats: () => ({ requests, errors, nonces: nonces.size }),
    credentialCounts: () => ({ ...temporary.counts }),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
