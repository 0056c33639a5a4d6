import {
  AbortedError,
  ApiError,
  ConfigurationError,
  DecodeError,
  InvocationsError,
  parseInput,
  PRODUCTS,
  type Product,
  redactSecrets,
  registerSecrets,
  ResponseTooLargeError,
  TimeoutError,
} from '@invocations/core';
import ky from 'ky';
import * as z from 'zod';
import {
  type Credentials,
  type CredentialsInput,
  type CredentialsProvider,
  isCredentialsClient,
  parseCredentials,
  resolveCredentials,
  resolveCredentialsProvider,
} from './credentials.js';
import { decodeBody, findRequestId } from './decode.js';
import { assertRegion, defaultEndpoint, PRODUCT_APIS, resolveEndpoint } from './endpoints.js';
import { createRedactor, type Redactor } from './redact.js';
import { DEFAULT_MAX_RESPONSE_BYTES, readResponseText, untilAborted } from './response-body.js';
import { EMPTY_BODY_SHA256, percentEncode, sha256Hex, signV1, signV3 } from './signing.js';

/** Hooks for logging and metrics. Payloads never carry a secret, a token, a signature or an AccessKey id. */
export interface OpenApiHooks {
  /** Before each attempt is sent. `url` has the Signature, SecurityToken and AccessKeyId values replaced by `***`. */
  onRequest?(event: { product: Product; action: string; attempt: number; method: 'GET' | 'POST'; url: string }): void;
  /** When an attempt got an HTTP response (any status). */
  onResponse?(event: { product: Product; action: string; attempt: number; status: number; requestId?: string; durationMs: number }): void;
  /** When attempt number `attempt` failed and another follows after `delayMs`. */
  onRetry?(event: { product: Product; action: string; attempt: number; delayMs: number; reason: string; requestId?: string }): void;
}

/** Retry settings: `maxAttempts` counts every attempt, the first one included. */
export interface RetryOptions {
  /** Attempts in all (default 4). */
  maxAttempts?: number;
  /** The first backoff ceiling in ms; doubles per attempt, full jitter (default 200). */
  baseDelayMs?: number;
  /** Upper bound of one backoff, and of a server's `x-acs-retry-after` (seconds, default bound 5000 ms). */
  maxDelayMs?: number;
}

/** Options of {@link createOpenApiClient}. */
export interface OpenApiClientOptions {
  product: Product;
  /** Region id, e.g. `cn-hangzhou`. */
  region: string;
  /** Override the host: `host[:port]` (https) or `http(s)://host[:port]`. Default: {@link defaultEndpoint}. */
  endpoint?: string;
  /** Explicit credentials or a provider called per call. Default: {@link resolveCredentials}. */
  credentials?: CredentialsInput;
  /** aliyun CLI profile to use when `credentials` is not given. */
  profile?: string;
  /** Default 'v3' (ACS3-HMAC-SHA256); 'v1' is HMAC-SHA1 with `Signature` in the query. */
  signatureVersion?: 'v3' | 'v1';
  /** Response format to ask for (default 'json'). */
  format?: 'json' | 'xml';
  /** Per attempt, default 10_000 ms. */
  timeoutMs?: number;
  /** The whole call with its retries, default 60_000 ms. */
  deadlineMs?: number;
  /**
   * Largest response body accepted, in bytes after decompression (default 64 MiB). Past it the read
   * stops and the call fails with a `ResponseTooLargeError` naming the limit.
   */
  maxResponseBytes?: number;
  /** Default { maxAttempts: 4, baseDelayMs: 200, maxDelayMs: 5000 }; `false` sends one attempt only. */
  retry?: RetryOptions | false;
  hooks?: OpenApiHooks;
  /** A fetch implementation (default: the global fetch). */
  fetch?: typeof fetch;
  /** Appended to the User-Agent header. */
  userAgent?: string;
  /** Environment for credential lookup (default `process.env`); mainly for tests. */
  env?: Record<string, string | undefined>;
  /** aliyun CLI config file for credential lookup (default `~/.aliyun/config.json`); mainly for tests. */
  configPath?: string;
  /** Where STS is reached for RamRoleArn and OIDC credentials (default `INVOCATIONS_STS_ENDPOINT`, else the regional STS). */
  stsEndpoint?: string;
  /** Where the ECS metadata service is reached (default `INVOCATIONS_METADATA_ENDPOINT`, else `http://100.100.100.200`). */
  metadataEndpoint?: string;
  /** Called once when refreshing a temporary credential failed while the old one is still valid (no secret in the text). */
  onCredentialsWarning?: (message: string) => void;
}

/** One API call. Values are sent as text (`true`, `10`); `undefined` values are left out. */
export interface OpenApiRequest {
  /** The API name, e.g. `DescribeInvocations`. */
  action: string;
  /** API parameters for the URL query. */
  query?: Record<string, string | number | boolean | undefined>;
  /** API parameters for a form body (eflo); with GET they go into the query. */
  body?: Record<string, string | number | boolean | undefined>;
  /** Default 'POST', as the official SDKs send. */
  method?: 'POST' | 'GET';
  /** Default true. false: no retry once the request may have reached the server (5xx, timeouts, broken connections). */
  idempotent?: boolean;
  /** Stops the call at once, also during a backoff sleep, with an `AbortedError`. */
  signal?: AbortSignal;
}

/** A successful (2xx) answer: the body text for the adapter to decode. */
export interface OpenApiResponse {
  text: string;
  format: 'json' | 'xml';
  status: number;
  requestId?: string;
  /** Attempts made, this one included. */
  attempts: number;
}

/** A client for one product in one region. */
export interface OpenApiClient {
  readonly product: Product;
  readonly region: string;
  /** Where requests go: the origin, e.g. `https://ecs.cn-hangzhou.aliyuncs.com` or `http://127.0.0.1:8080`. */
  readonly endpoint: string;
  /**
   * Signs and sends one call, retrying throttling, 429, 5xx, timeouts and network errors.
   * Throws `ApiError` (an error body), `DecodeError` (a body that is neither success nor error),
   * `TimeoutError`, `AbortedError`, or an `InvocationsError` for a network failure after the last attempt.
   */
  call(request: OpenApiRequest): Promise<OpenApiResponse>;
}

const DEFAULTS = { timeoutMs: 10_000, deadlineMs: 60_000, maxAttempts: 4, baseDelayMs: 200, maxDelayMs: 5_000 } as const;
const USER_AGENT = 'invocations-openapi/0.1 (+https://github.com/invocations/invocations)';

// Parameters the client sets itself (V1 common parameters); a caller's value would clash with the signature.
const RESERVED = new Set([
  'Action',
  'Version',
  'Format',
  'AccessKeyId',
  'SignatureMethod',
  'SignatureVersion',
  'SignatureNonce',
  'Timestamp',
  'SecurityToken',
  'Signature',
]);

const positiveMs = z.number().finite().positive();
const optionsSchema = z.object({
  product: z.enum(PRODUCTS),
  region: z.string(),
  endpoint: z.string().optional(),
  credentials: z.union([z.custom<CredentialsInput>((value) => typeof value === 'function', 'must be credentials or a function'), z.object({}).passthrough()]).optional(),
  profile: z.string().optional(),
  signatureVersion: z.enum(['v3', 'v1']).optional(),
  format: z.enum(['json', 'xml']).optional(),
  timeoutMs: positiveMs.optional(),
  deadlineMs: positiveMs.optional(),
  maxResponseBytes: z.number().int('must be a whole number of bytes').positive('must be positive').optional(),
  retry: z
    .union([
      z.literal(false),
      z.object({
        maxAttempts: z.number().int().min(1).max(20).optional(),
        baseDelayMs: z.number().finite().min(0).optional(),
        maxDelayMs: z.number().finite().min(0).optional(),
      }),
    ])
    .optional(),
  hooks: z
    .object({
      onRequest: z.custom<unknown>((value) => typeof value === 'function', 'must be a function').optional(),
      onResponse: z.custom<unknown>((value) => typeof value === 'function', 'must be a function').optional(),
      onRetry: z.custom<unknown>((value) => typeof value === 'function', 'must be a function').optional(),
    })
    .optional(),
  fetch: z.custom<typeof fetch>((value) => typeof value === 'function', 'must be a function').optional(),
  userAgent: z.string().optional(),
  env: z.record(z.string(), z.string().optional()).optional(),
  configPath: z.string().optional(),
  stsEndpoint: z.string().optional(),
  metadataEndpoint: z.string().optional(),
  onCredentialsWarning: z.custom<unknown>((value) => typeof value === 'function', 'must be a function').optional(),
});

const parameterValue = z.union([z.string(), z.number().finite(), z.boolean(), z.undefined()]);
const requestSchema = z.object({
  action: z.string().regex(/^[A-Za-z][A-Za-z0-9]*$/, 'must be an API name such as DescribeInvocations'),
  query: z.record(z.string().min(1), parameterValue).optional(),
  body: z.record(z.string().min(1), parameterValue).optional(),
  method: z.enum(['POST', 'GET']).optional(),
  idempotent: z.boolean().optional(),
  signal: z.custom<AbortSignal>((value) => typeof value === 'object' && value !== null && 'aborted' in value, 'must be an AbortSignal').optional(),
});

function parseOptions(options: OpenApiClientOptions): z.infer<typeof optionsSchema> {
  const result = optionsSchema.safeParse(options);
  if (!result.success) {
    // Issue messages only: never the values (credentials are among them).
    const listed = result.error.issues.map((issue) => `${issue.path.map(String).join('.') || '(options)'}: ${issue.message}`).join('; ');
    throw new ConfigurationError(`openapi client options: ${listed}`);
  }
  return result.data;
}

function toWire(record: Record<string, string | number | boolean | undefined> | undefined, where: string): Record<string, string> {
  const out: Record<string, string> = {};
  if (!record) return out;
  for (const [name, value] of Object.entries(record)) {
    if (value === undefined) continue;
    if (RESERVED.has(name)) throw new ConfigurationError(`${where}.${name}: is set by the client (a common request parameter)`);
    out[name] = String(value);
  }
  return out;
}

function encodePairs(parameters: Record<string, string>): string {
  return Object.keys(parameters)
    .sort()
    .map((name) => `${percentEncode(name)}=${percentEncode(parameters[name] as string)}`)
    .join('&');
}

function timestamp(): string {
  return new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function nonce(): string {
  return globalThis.crypto.randomUUID();
}

/** Why an attempt's own signal fired. */
type AttemptStop = 'timeout' | 'caller';

/**
 * One attempt's signal: it fires when the attempt's time is up (its own timer: `AbortSignal.timeout`
 * and `AbortSignal.any` are only weakly held on some runtimes) or when the caller's signal does.
 */
function attemptSignal(timeoutMs: number, outer: AbortSignal | undefined): { signal: AbortSignal; stopped(): AttemptStop | undefined; done(): void } {
  const controller = new AbortController();
  let stop: AttemptStop | undefined;
  const fire = (why: AttemptStop) => {
    if (stop) return;
    stop = why;
    controller.abort(why === 'caller' ? outer?.reason : new Error(`no answer within ${timeoutMs} ms`));
  };
  const timer = setTimeout(() => fire('timeout'), timeoutMs);
  const onAbort = () => fire('caller');
  if (outer?.aborted) fire('caller');
  else outer?.addEventListener('abort', onAbort, { once: true });
  return {
    signal: controller.signal,
    stopped: () => stop,
    done: () => {
      clearTimeout(timer);
      outer?.removeEventListener('abort', onAbort);
    },
  };
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

// Plain decimal seconds only: Number() would also take "0x10", "1e3" and " " (as 0).
const SECONDS = /^\d+(\.\d+)?$/;

/**
 * The wait a response asks for, in SECONDS (`x-acs-retry-after`, as the official SDKs read it, else
 * `Retry-After`). Anything but a plain non-negative decimal (an HTTP date, garbage, a negative or
 * hexadecimal value) is ignored, so the backoff applies; the caller bounds the value by `maxDelayMs`.
 */
export function retryAfterSeconds(headers: Headers): number | undefined {
  for (const name of ['x-acs-retry-after', 'retry-after']) {
    const raw = headers.get(name)?.trim();
    if (raw === undefined || !SECONDS.test(raw)) continue;
    // Hundreds of digits overflow to Infinity: still "wait as long as you allow", which maxDelayMs bounds.
    const seconds = Number(raw);
    return Number.isFinite(seconds) ? seconds : Number.MAX_SAFE_INTEGER;
  }
  return undefined;
}

function stringField(record: Record<string, unknown>, ...names: string[]): string | undefined {
  for (const name of names) {
    const value = record[name];
    if (typeof value === 'string' && value.trim() !== '') return value.trim();
  }
  return undefined;
}

// Error codes of network failures where the request cannot have reached the server: safe to retry any call.
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'UND_ERR_CONNECT_TIMEOUT']);

function networkCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current && typeof current === 'object'; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

function networkMessage(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current; depth += 1) {
    if (current instanceof Error || (typeof current === 'object' && current !== null && 'message' in current)) {
      const message = String((current as { message: unknown }).message);
      if (message && !parts.includes(message)) parts.push(message);
      current = (current as { cause?: unknown }).cause;
    } else {
      parts.push(String(current));
      break;
    }
  }
  return parts.join(': ') || 'unknown network error';
}

type Outcome =
  | { kind: 'ok'; response: OpenApiResponse }
  | { kind: 'retry'; error: Error; reason: string; requestId?: string; retryAfterSeconds?: number; timedOut?: boolean };

/**
 * Creates a client for one product and region that signs (V3 by default, or V1), sends with ky, retries
 * with exponential backoff and full jitter, and maps error bodies onto core's typed errors.
 * Options are checked here, before any request; a bad option is a `ConfigurationError` naming it.
 * @example
 * const client = createOpenApiClient({ product: 'ecs', region: 'cn-hangzhou', endpoint: 'http://127.0.0.1:8080',
 *   credentials: { accessKeyId: 'id', accessKeySecret: 'secret' } });
 * const { text } = await client.call({ action: 'DescribeInvocations', query: { RegionId: 'cn-hangzhou', PageSize: 10 } });
 */
export function createOpenApiClient(options: OpenApiClientOptions): OpenApiClient {
  return createClient(options);
}

/**
 * Another RPC API (STS) through the same transport: its name (for messages), API version and endpoint.
 * `anonymous` calls are sent unsigned, without an AccessKey (STS AssumeRoleWithOIDC).
 */
export interface RpcService {
  name: string;
  version: string;
  endpoint: string;
  anonymous?: boolean;
}

/** A client of another RPC API (STS) through this transport; no hooks, for internal use by the credential providers. */
export function createServiceClient(
  service: RpcService,
  options: Omit<OpenApiClientOptions, 'product' | 'endpoint' | 'hooks' | 'profile' | 'env' | 'configPath'>,
): OpenApiClient {
  // The product slot only names the API in messages; service clients have no hooks, which carry a Product.
  return createClient({ ...options, product: 'ecs', endpoint: service.endpoint }, service);
}

function createClient(options: OpenApiClientOptions, service?: RpcService): OpenApiClient {
  const settings = parseOptions(options);
  const product = (service ? service.name : settings.product) as Product;
  assertRegion(settings.region);
  const region = settings.region;
  const target = resolveEndpoint(settings.endpoint ?? defaultEndpoint(product, region));
  const version = service ? service.version : PRODUCT_APIS[product].version;
  const signatureVersion = settings.signatureVersion ?? 'v3';
  const format = settings.format ?? 'json';
  const timeoutMs = settings.timeoutMs ?? DEFAULTS.timeoutMs;
  const deadlineMs = settings.deadlineMs ?? DEFAULTS.deadlineMs;
  const retry = settings.retry === false ? { maxAttempts: 1, baseDelayMs: 0, maxDelayMs: 0 } : { ...DEFAULTS, ...settings.retry };
  const hooks = service ? {} : (options.hooks ?? {});
  const userAgent = settings.userAgent ? `${USER_AGENT} ${settings.userAgent}` : USER_AGENT;
  const fetchImpl = options.fetch;
  const maxResponseBytes = settings.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;

  // Fixed credentials are checked once, now; providers and credential clients per call; the default chain
  // is resolved once, lazily, into a provider that caches and refreshes temporary credentials.
  const given = options.credentials;
  const fixed = given !== undefined && typeof given !== 'function' && !isCredentialsClient(given) ? parseCredentials(given) : undefined;
  if (fixed) registerSecrets([fixed.accessKeySecret, fixed.securityToken]);
  let chain: Promise<CredentialsProvider> | undefined;
  const credentialsFor = async (): Promise<Credentials | undefined> => {
    if (service?.anonymous) return undefined;
    if (fixed) return fixed;
    if (given !== undefined) return resolveCredentials({ credentials: given });
    chain ??= resolveCredentialsProvider({
      profile: settings.profile,
      env: settings.env,
      configPath: settings.configPath,
      ...(settings.stsEndpoint ? { stsEndpoint: settings.stsEndpoint } : {}),
      ...(settings.metadataEndpoint ? { metadataEndpoint: settings.metadataEndpoint } : {}),
      ...(options.onCredentialsWarning ? { onWarning: options.onCredentialsWarning } : {}),
      ...(fetchImpl ? { fetch: fetchImpl } : {}),
    }).catch((error: unknown) => {
      chain = undefined;
      throw error;
    });
    const provider = await chain;
    return provider();
  };

  const emit = <K extends keyof OpenApiHooks>(name: K, event: Parameters<NonNullable<OpenApiHooks[K]>>[0]): void => {
    const hook = hooks[name] as ((payload: typeof event) => void) | undefined;
    if (!hook) return;
    // A request id or a reason is the server's text and may echo a secret.
    const safe = Object.fromEntries(Object.entries(event).map(([key, value]) => [key, typeof value === 'string' ? redactSecrets(value) : value])) as typeof event;
    try {
      hook(safe);
    } catch {
      // A logging hook must not change the outcome of the call.
    }
  };

  async function buildRequest(
    action: string,
    method: 'GET' | 'POST',
    query: Record<string, string>,
    body: Record<string, string>,
    credentials: Credentials | undefined,
  ): Promise<{ url: string; displayUrl: string; headers: Record<string, string>; body?: string }> {
    const headers: Record<string, string> = { 'user-agent': userAgent };
    const hasBody = method === 'POST' && Object.keys(body).length > 0;
    const bodyText = hasBody ? encodePairs(body) : undefined;
    if (hasBody) headers['content-type'] = 'application/x-www-form-urlencoded';

    if (!credentials) {
      // Anonymous (AssumeRoleWithOIDC): the RPC common parameters, no AccessKey and no signature.
      const urlParameters = { Action: action, Version: version, Format: format === 'xml' ? 'XML' : 'JSON', SignatureNonce: nonce(), Timestamp: timestamp(), ...query };
      const url = `${target.origin}/?${encodePairs(urlParameters)}`;
      return { url, displayUrl: url, headers, body: bodyText };
    }

    if (signatureVersion === 'v1') {
      const common: Record<string, string> = {
        Action: action,
        Version: version,
        Format: format === 'xml' ? 'XML' : 'JSON',
        AccessKeyId: credentials.accessKeyId,
        SignatureMethod: 'HMAC-SHA1',
        SignatureVersion: '1.0',
        SignatureNonce: nonce(),
        Timestamp: timestamp(),
      };
      if (credentials.securityToken) common.SecurityToken = credentials.securityToken;
      const urlParameters = { ...common, ...query };
      const signature = await signV1({ method, parameters: { ...urlParameters, ...(hasBody ? body : {}) }, accessKeySecret: credentials.accessKeySecret });
      const display = { ...urlParameters, AccessKeyId: '***', Signature: '***', ...(credentials.securityToken ? { SecurityToken: '***' } : {}) };
      return {
        url: `${target.origin}/?${encodePairs({ ...urlParameters, Signature: signature })}`,
        displayUrl: `${target.origin}/?${encodePairs(display).replace(/%2A%2A%2A/g, '***')}`,
        headers,
        body: bodyText,
      };
    }

    const urlParameters = format === 'xml' ? { ...query, Format: 'XML' } : { ...query };
    const payloadHash = bodyText === undefined ? EMPTY_BODY_SHA256 : await sha256Hex(bodyText);
    Object.assign(headers, {
      host: target.host,
      accept: format === 'xml' ? 'application/xml' : 'application/json',
      'x-acs-action': action,
      'x-acs-version': version,
      'x-acs-date': timestamp(),
      'x-acs-signature-nonce': nonce(),
      'x-acs-content-sha256': payloadHash,
    });
    if (credentials.securityToken) {
      headers['x-acs-security-token'] = credentials.securityToken;
      headers['x-acs-accesskey-id'] = credentials.accessKeyId;
    }
    const { authorization } = await signV3({
      method,
      pathname: '/',
      query: urlParameters,
      headers,
      payloadHash,
      accessKeyId: credentials.accessKeyId,
      accessKeySecret: credentials.accessKeySecret,
    });
    headers.authorization = authorization;
    // fetch derives Host from the URL (the same host[:port] that was signed) and may refuse to set it.
    delete headers.host;
    const queryText = encodePairs(urlParameters);
    const url = `${target.origin}/${queryText ? `?${queryText}` : ''}`;
    return { url, displayUrl: url, headers, body: bodyText };
  }

  async function attemptOnce(
    request: { action: string; method: 'GET' | 'POST'; idempotent: boolean; signal?: AbortSignal },
    built: { url: string; displayUrl: string; headers: Record<string, string>; body?: string },
    attempt: number,
    attemptTimeoutMs: number,
    redact: Redactor,
  ): Promise<Outcome> {
    const { action, method, idempotent } = request;
    const attemptStop = attemptSignal(attemptTimeoutMs, request.signal);
    const signal = attemptStop.signal;
    emit('onRequest', { product, action, attempt, method, url: built.displayUrl });
    const started = Date.now();
    let response: Response;
    let text: string;
    try {
      const sent = ky(built.url, {
        method,
        headers: built.headers,
        body: built.body,
        retry: 0,
        timeout: false,
        throwHttpErrors: false,
        redirect: 'manual',
        signal,
        // ky hands fetch a Request that carries the signal; Node 20's fetch loses such a signal after a
        // garbage collection, but keeps one passed in the init.
        fetch: (input, init) => (fetchImpl ?? globalThis.fetch)(input, { ...init, signal }),
      });
      // Whatever fetch does with the signal, the attempt ends when it fires; a response that comes later is dropped.
      sent.then((late) => (signal.aborted ? late.body?.cancel().catch(() => undefined) : undefined)).catch(() => undefined);
      response = await untilAborted(sent, signal);
      text = await readResponseText(response, {
        signal,
        maxBytes: maxResponseBytes,
        tooLarge: (limit) =>
          new ResponseTooLargeError({
            maxBytes: limit,
            httpStatus: response.status,
            message: `${product} ${action}: the response body is larger than the ${limit} byte limit (maxResponseBytes); reading stopped`,
          }),
      });
    } catch (error) {
      const stop = attemptStop.stopped();
      if (stop === 'caller' || request.signal?.aborted) throw new AbortedError(`${product} ${action}: aborted`, { cause: request.signal?.reason });
      if (stop === 'timeout') {
        const failure = new TimeoutError({ timeoutMs: attemptTimeoutMs, message: `${product} ${action}: attempt ${attempt} got no answer within ${attemptTimeoutMs} ms` });
        if (!idempotent) throw failure;
        return { kind: 'retry', error: failure, reason: `timeout after ${attemptTimeoutMs} ms`, timedOut: true };
      }
      if (ResponseTooLargeError.isInstance(error)) throw error;
      const code = networkCode(error);
      const message = redact(networkMessage(error));
      // A fresh cause: the original may quote the URL, which carries the token under V1.
      const failure = new InvocationsError(`${product} ${action}: network error: ${message}`, {
        cause: Object.assign(new Error(message), code ? { code } : {}),
      });
      if (!idempotent && !(code && NOT_SENT_CODES.has(code))) throw failure;
      return { kind: 'retry', error: failure, reason: `network error: ${message}` };
    } finally {
      attemptStop.done();
    }

    const status = response.status;
    const headerRequestId = response.headers.get('x-acs-request-id')?.trim() || undefined;
    const foundRequestId = headerRequestId ?? findRequestId(text);
    // The server's text: a request id may carry anything, a secret included.
    const requestId = foundRequestId === undefined ? undefined : redact(foundRequestId);
    emit('onResponse', { product, action, attempt, status, ...(requestId ? { requestId } : {}), durationMs: Date.now() - started });

    if (status >= 200 && status < 300) {
      const trimmed = text.trim();
      const complete = format === 'json' ? trimmed.startsWith('{') && trimmed.endsWith('}') : trimmed.startsWith('<') && trimmed.endsWith('>');
      if (complete) return { kind: 'ok', response: { text, format, status, ...(requestId ? { requestId } : {}), attempts: attempt } };
      const failure = new DecodeError({
        reason: trimmed === '' ? 'the body is empty' : `the body is cut off or not ${format === 'json' ? 'JSON' : 'XML'}`,
        body: redact(text),
        requestId,
        httpStatus: status,
      });
      if (!idempotent) throw failure;
      return { kind: 'retry', error: failure, reason: failure.reason, requestId };
    }

    const retryAfter = retryAfterSeconds(response.headers);
    const transient = status === 429 || status >= 500;
    let decoded: unknown;
    let decodeFailure: DecodeError | undefined;
    try {
      // Error bodies come as JSON even when XML was asked for (and the other way round): go by the body.
      decoded = decodeBody(text, { format: text.trimStart().startsWith('<') ? 'xml' : 'json', requestId, httpStatus: status });
    } catch (error) {
      decodeFailure = error as DecodeError;
    }
    const fields = decoded && typeof decoded === 'object' ? (decoded as Record<string, unknown>) : undefined;
    const code = fields ? stringField(fields, 'Code', 'code') : undefined;
    if (!fields || !code) {
      const failure = new DecodeError({
        reason: `HTTP ${status} ${decodeFailure ? `with an undecodable body: ${decodeFailure.reason}` : 'with a body that is not an error body (no Code)'}`,
        body: redact(text),
        requestId,
        httpStatus: status,
      });
      if (transient && (idempotent || status === 429)) return { kind: 'retry', error: failure, reason: `HTTP ${status}`, requestId, retryAfterSeconds: retryAfter };
      throw failure;
    }
    const throttled = code.includes('Throttling') || status === 429;
    const failure = new ApiError({
      code: redact(code),
      message: redact(stringField(fields, 'Message', 'message') ?? ''),
      httpStatus: status,
      requestId: redactOptional(redact, stringField(fields, 'RequestId', 'requestId')) ?? requestId,
      hostId: redactOptional(redact, stringField(fields, 'HostId', 'hostId')),
      recommend: redactOptional(redact, stringField(fields, 'Recommend', 'recommend')),
      product,
      action,
      attempts: attempt,
      retryAfterSeconds: retryAfter,
    });
    // Throttling means the request was turned away before it ran, so even a non-idempotent call may retry.
    if (throttled || (transient && idempotent)) {
      return { kind: 'retry', error: failure, reason: `${failure.code} (HTTP ${status})`, requestId: failure.requestId, retryAfterSeconds: retryAfter };
    }
    throw failure;
  }

  async function call(input: OpenApiRequest): Promise<OpenApiResponse> {
    const request = parseInput(requestSchema, input, `${product} request`);
    const { action } = request;
    const method = request.method ?? 'POST';
    const idempotent = request.idempotent ?? true;
    const signal = request.signal;
    const query = toWire(request.query, 'query');
    const body = toWire(request.body, 'body');
    for (const name of Object.keys(body)) {
      if (name in query) throw new ConfigurationError(`body.${name}: also given in query`);
    }
    const urlQuery = method === 'GET' ? { ...query, ...body } : query;
    const formBody = method === 'GET' ? {} : body;

    const abort = (): never => {
      throw new AbortedError(`${product} ${action}: aborted`, { cause: signal?.reason });
    };
    if (signal?.aborted) abort();
    const deadline = Date.now() + deadlineMs;
    const credentials = await credentialsFor();
    if (signal?.aborted) abort();
    if (credentials) registerSecrets([credentials.accessKeySecret, credentials.securityToken]);
    const redact = createRedactor(credentials ? [credentials.accessKeySecret, credentials.securityToken] : []);

    let last: Extract<Outcome, { kind: 'retry' }> | undefined;
    let attempts = 0;
    for (let attempt = 1; attempt <= retry.maxAttempts; attempt += 1) {
      const remaining = deadline - Date.now();
      if (remaining <= 0) break;
      const built = await buildRequest(action, method, urlQuery, formBody, credentials);
      attempts = attempt;
      const outcome = await attemptOnce({ action, method, idempotent, signal }, built, attempt, Math.min(timeoutMs, remaining), redact);
      if (outcome.kind === 'ok') return outcome.response;
      last = outcome;
      if (attempt === retry.maxAttempts) break;

      const ceiling = Math.min(retry.maxDelayMs, retry.baseDelayMs * 2 ** (attempt - 1));
      const delayMs = Math.round(
        outcome.retryAfterSeconds !== undefined ? Math.min(outcome.retryAfterSeconds * 1000, retry.maxDelayMs) : Math.random() * ceiling,
      );
      // No point sleeping past the deadline: give up now with the last error.
      if (Date.now() + delayMs >= deadline) break;
      emit('onRetry', { product, action, attempt, delayMs, reason: outcome.reason, ...(outcome.requestId ? { requestId: outcome.requestId } : {}) });
      try {
        await sleep(delayMs, signal);
      } catch {
        abort();
      }
    }

    if (!last || (last.timedOut && Date.now() >= deadline)) {
      throw new TimeoutError(
        { timeoutMs: deadlineMs, message: `${product} ${action}: no answer within the ${deadlineMs} ms deadline after ${attempts} attempt${attempts === 1 ? '' : 's'}` },
        last ? { cause: last.error } : undefined,
      );
    }
    if (last.timedOut) {
      throw new TimeoutError(
        { timeoutMs, message: `${product} ${action}: gave up after ${attempts} attempt${attempts === 1 ? '' : 's'}; the last got no answer within ${(last.error as TimeoutError).timeoutMs} ms` },
        { cause: last.error },
      );
    }
    throw last.error;
  }

  return { product, region, endpoint: target.origin, call };
}

function redactOptional(redact: Redactor, value: string | undefined): string | undefined {
  return value === undefined ? undefined : redact(value);
}
