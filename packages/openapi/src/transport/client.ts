import { AbortedError, ConfigurationError, parseInput, parseOptions, PRODUCTS, type Product, redactSecrets, registerSecrets } from '@invocations/core';
import * as z from 'zod/mini';
import type { EmitHook } from './attempt.js';
import {
  type Credentials,
  type CredentialsInput,
  type CredentialsProvider,
  isCredentialsClient,
  parseCredentials,
  resolveCredentials,
  resolveCredentialsProvider,
} from './credentials.js';
import { assertRegion, defaultEndpoint, PRODUCT_APIS, resolveEndpoint } from './endpoints.js';
import { createRedactor, type Redactor } from './redact.js';
import { createRequestBuilder, toWire } from './request-builder.js';
import { DEFAULT_MAX_RESPONSE_BYTES } from './response-body.js';
import { sendWithRetries } from './retry-loop.js';
import { defaultSend } from '#send';
import { sendWithFetch } from './send-fetch.js';

/** Hooks for logging and metrics. Payloads never carry a secret, a token, a signature or an AccessKey id. */
export interface OpenApiHooks {
  /** Before each attempt is sent. `url` has the Signature, SecurityToken and AccessKeyId values replaced by `***`. */
  onRequest?(event: { product: Product; action: string; attempt: number; method: 'GET' | 'POST'; url: string }): void;
  /** When an attempt got an HTTP response (any status). */
  onResponse?(event: { product: Product; action: string; attempt: number; status: number; requestId?: string; durationMs: number }): void;
  /**
   * When attempt number `attempt` failed and another follows after `delayMs`. `throttled`: the service
   * turned it away by core's rule (`isThrottlingAnswer`: a `Throttling` code or HTTP 429).
   */
  onRetry?(event: { product: Product; action: string; attempt: number; delayMs: number; reason: string; throttled: boolean; requestId?: string }): void;
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
  /** A fetch implementation. Default: node:http/node:https in Node, the global fetch elsewhere. */
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
  /** The body as UTF-8 text, decoded on first read (the kit's readers parse a large listing from the bytes instead). */
  readonly text: string;
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

const positiveMs = z.number().check(z.positive());
const optionsSchema = z.object({
  product: z.enum(PRODUCTS),
  region: z.string(),
  endpoint: z.optional(z.string()),
  credentials: z.optional(z.union([z.custom<CredentialsInput>((value) => typeof value === 'function', 'must be credentials or a function'), z.catchall(z.object({}), z.unknown())])),
  profile: z.optional(z.string()),
  signatureVersion: z.optional(z.enum(['v3', 'v1'])),
  format: z.optional(z.enum(['json', 'xml'])),
  timeoutMs: z.optional(positiveMs),
  deadlineMs: z.optional(positiveMs),
  maxResponseBytes: z.optional(z.number().check(z.int('must be a whole number of bytes')).check(z.positive('must be positive'))),
  retry: z.optional(z.union([
      z.literal(false),
      z.object({
        maxAttempts: z.optional(z.number().check(z.int()).check(z.gte(1)).check(z.lte(20))),
        baseDelayMs: z.optional(z.number().check(z.gte(0))),
        maxDelayMs: z.optional(z.number().check(z.gte(0))),
      }),
    ])),
  hooks: z.optional(z.object({
      onRequest: z.optional(z.custom<unknown>((value) => typeof value === 'function', 'must be a function')),
      onResponse: z.optional(z.custom<unknown>((value) => typeof value === 'function', 'must be a function')),
      onRetry: z.optional(z.custom<unknown>((value) => typeof value === 'function', 'must be a function')),
    })),
  fetch: z.optional(z.custom<typeof fetch>((value) => typeof value === 'function', 'must be a function')),
  userAgent: z.optional(z.string()),
  env: z.optional(z.record(z.string(), z.optional(z.string()))),
  configPath: z.optional(z.string()),
  stsEndpoint: z.optional(z.string()),
  metadataEndpoint: z.optional(z.string()),
  onCredentialsWarning: z.optional(z.custom<unknown>((value) => typeof value === 'function', 'must be a function')),
});

const parameterValue = z.union([z.string(), z.number(), z.boolean(), z.undefined()]);
// Names are checked here, not by the record's key schema: zod reports a bad key only as "Invalid key in record".
const parameters = z.record(z.string(), parameterValue).check(
  z.refine((values) => !Object.hasOwn(values, ''), 'parameter names must not be empty'),
);
const requestSchema = z.object({
  action: z.string().check(z.regex(/^[A-Za-z][A-Za-z0-9]*$/, 'must be an API name such as DescribeInvocations')),
  query: z.optional(parameters),
  body: z.optional(parameters),
  method: z.optional(z.enum(['POST', 'GET'])),
  idempotent: z.optional(z.boolean()),
  signal: z.optional(z.custom<AbortSignal>((value) => typeof value === 'object' && value !== null && 'aborted' in value, 'must be an AbortSignal')),
});

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
  const settings = parseOptions(optionsSchema, options, 'openapi client options');
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
  // A given fetch is used as it is (tests and users wrap it); otherwise the runtime's default (`#send`).
  const send = fetchImpl ? sendWithFetch(() => fetchImpl) : defaultSend;
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

  const emit: EmitHook = (name, event) => {
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

  // The redactor of the last credentials seen: building one lists every encoded form of each secret,
  // which cost about as much per call as signing (profiled); fixed credentials, and a provider's
  // cached ones, repeat from call to call.
  let lastSecrets: readonly [string | undefined, string | undefined] | undefined;
  let lastRedactor = createRedactor([]);
  const redactorFor = (credentials: Credentials | undefined): Redactor => {
    const secret = credentials?.accessKeySecret;
    const token = credentials?.securityToken;
    // Every call: it keeps these among the registry's most recent secrets (a cheap lookup once known).
    if (credentials) registerSecrets([secret, token]);
    if (lastSecrets === undefined || lastSecrets[0] !== secret || lastSecrets[1] !== token) {
      lastRedactor = createRedactor([secret, token]);
      lastSecrets = [secret, token];
    }
    return lastRedactor;
  };

  const build = createRequestBuilder({ origin: target.origin, host: target.host, version, format, signatureVersion, userAgent });

  async function call(input: OpenApiRequest): Promise<OpenApiResponse> {
    const request = parseInput(requestSchema, input, `${product} request`);
    const { action, signal } = request;
    const method = request.method ?? 'POST';
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
    const redact = redactorFor(credentials);
    return sendWithRetries({
      context: { product, action, format, idempotent: request.idempotent ?? true, maxResponseBytes, send, redact, emit, signal },
      policy: retry,
      timeoutMs,
      deadlineMs,
      deadline,
      origin: target.origin,
      build: () => build(action, method, urlQuery, formBody, credentials),
    });
  }

  return { product, region, endpoint: target.origin, call };
}
