import { sha256Hex, signV1, signV3, V3_ALGORITHM } from '@invocations/openapi';
import { EmulatorApiError, missingCommonParameter } from './errors.js';
import type { ParsedRequest } from './request.js';
import type { Clock, EmulatorCredentials } from './types.js';

/** Allowed gap between the request's timestamp and the server's time (protocol.md §5.3: 15 minutes). */
export const TIMESTAMP_WINDOW_MS = 15 * 60 * 1000;

const timestampPattern = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d+)?Z$/;

/** Which signature scheme a request used. */
export type SignatureScheme = 'v1' | 'v3';

/** Finds the secret of an AccessKey id (a Map does; the server adds the temporary keys it issued). */
export interface KeyLookup {
  get(accessKeyId: string): string | undefined;
}

/** The outcome of a successful verification. */
export interface VerifiedRequest {
  scheme: SignatureScheme;
  accessKeyId: string;
}

/** Longest nonce accepted: the SDKs send 32 to 64 characters (protocol.md §0.3), so 128 leaves room. */
export const MAX_NONCE_LENGTH = 128;

/** Default number of nonces remembered at once. */
export const DEFAULT_MAX_NONCES = 100_000;

/** Why a nonce was refused. */
export type NonceVerdict = 'ok' | 'used' | 'expired';

/**
 * Remembers nonces per AccessKey for twice the timestamp window. A request is accepted while
 * |now - timestamp| <= window, and it was first accepted within the window of its timestamp, so a
 * replay stays refusable until insertion + 2 windows inclusive; an entry is dropped only once that
 * time has strictly passed (a request signed 15 minutes ahead is no longer replayable at exactly 30).
 *
 * The cache holds at most `maxEntries`. When full, the oldest entry goes and its request timestamp
 * raises a floor: every later request signed at or before the floor is refused as expired, so an
 * evicted nonce can never be replayed. Only signed requests add nonces, so only a key holder can fill it.
 */
export class NonceCache {
  private readonly seen = new Map<string, { expiry: number; signedAt: number }>();
  private floor = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly clock: Clock,
    private readonly ttlMs: number = 2 * TIMESTAMP_WINDOW_MS,
    private readonly maxEntries: number = DEFAULT_MAX_NONCES,
  ) {
    if (!Number.isInteger(maxEntries) || maxEntries < 1) throw new RangeError(`maxNonces must be an integer >= 1, got ${String(maxEntries)}`);
  }

  /** Records a nonce signed at `signedAt` (epoch ms); 'used' when seen already, 'expired' when at or under the eviction floor. */
  check(accessKeyId: string, nonce: string, signedAt: number): NonceVerdict {
    const now = this.clock.now();
    this.prune(now);
    const key = `${accessKeyId}\u0000${nonce}`;
    if (this.seen.has(key)) return 'used';
    if (signedAt <= this.floor) return 'expired';
    while (this.seen.size >= this.maxEntries) {
      const oldest = this.seen.entries().next().value as [string, { expiry: number; signedAt: number }];
      this.seen.delete(oldest[0]);
      this.floor = Math.max(this.floor, oldest[1].signedAt);
    }
    this.seen.set(key, { expiry: now + this.ttlMs, signedAt });
    return 'ok';
  }

  /** Records a nonce; false when it was already used (or can no longer be told apart from a used one). */
  use(accessKeyId: string, nonce: string, signedAt: number = this.clock.now()): boolean {
    return this.check(accessKeyId, nonce, signedAt) === 'ok';
  }

  /** Number of nonces remembered. */
  get size(): number {
    return this.seen.size;
  }

  private prune(now: number): void {
    // Insertion order is expiry order, so stop at the first live entry.
    for (const [key, entry] of this.seen) {
      if (entry.expiry >= now) break;
      this.seen.delete(key);
    }
  }
}

function signatureMismatch(detail?: string): EmulatorApiError {
  return new EmulatorApiError(
    400,
    'SignatureDoesNotMatch',
    `Specified signature is not matched with our calculation.${detail ? ` ${detail}` : ''}`,
  );
}

function checkTimestamp(value: string, clock: Clock): number {
  const match = timestampPattern.exec(value);
  const time = match ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(time)) {
    throw new EmulatorApiError(400, 'InvalidTimeStamp.Format', 'Specified time stamp or date value is not well formatted.');
  }
  if (Math.abs(clock.now() - time) > TIMESTAMP_WINDOW_MS) {
    throw timestampExpired();
  }
  return time;
}

function timestampExpired(): EmulatorApiError {
  return new EmulatorApiError(400, 'InvalidTimeStamp.Expired', 'Specified time stamp or date value is expired.');
}

function checkNonceShape(nonce: string): void {
  // Guess (README): the documents give no limit or code; the SDKs send 32 to 64 characters.
  if (nonce.length > MAX_NONCE_LENGTH) {
    throw new EmulatorApiError(400, 'InvalidParameter', `The specified parameter "SignatureNonce" is not valid: at most ${MAX_NONCE_LENGTH} characters.`);
  }
}

function recordNonce(nonces: NonceCache, accessKeyId: string, nonce: string, signedAt: number): void {
  const verdict = nonces.check(accessKeyId, nonce, signedAt);
  if (verdict === 'used') throw new EmulatorApiError(400, 'SignatureNonceUsed', 'Specified signature nonce was used already.');
  if (verdict === 'expired') throw timestampExpired();
}

/**
 * Headers a V3 request must sign when it sends them: `host`, `content-type` and every `x-acs-*`
 * header. The V3 documents say "all common request headers except Authorization, when present,
 * must be signed" (protocol.md §2.1, help.aliyun.com roa-style-request-body-signature-mechanism), and
 * the SDK signs exactly this set (openapi-core getAuthorization). Without the rule a captured request
 * could be re-sent with another x-acs-action.
 */
function mustBeSigned(name: string): boolean {
  return name === 'host' || name === 'content-type' || name.startsWith('x-acs-');
}

function secretOf(accessKeyId: string, keys: KeyLookup): string {
  const secret = keys.get(accessKeyId);
  // Live captures show 404 for an unknown key (the docs say 400), protocol.md §5.3.
  if (secret === undefined) throw new EmulatorApiError(404, 'InvalidAccessKeyId.NotFound', 'Specified access key is not found.');
  return secret;
}

function constantTimeEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let index = 0; index < a.length; index++) diff |= a.charCodeAt(index) ^ b.charCodeAt(index);
  return diff === 0;
}

function parseAuthorization(header: string): { accessKeyId: string; signedHeaders: string[]; signature: string } {
  const rest = header.slice(V3_ALGORITHM.length).trim();
  const fields: Record<string, string> = {};
  for (const part of rest.split(',')) {
    const eq = part.indexOf('=');
    if (eq > 0) fields[part.slice(0, eq).trim()] = part.slice(eq + 1).trim();
  }
  const accessKeyId = fields.Credential;
  const signedHeaders = fields.SignedHeaders;
  const signature = fields.Signature;
  if (!accessKeyId || !signedHeaders || !signature) {
    throw new EmulatorApiError(400, 'InvalidAuthorization', 'The Authorization header is not well formed.');
  }
  return { accessKeyId, signedHeaders: signedHeaders.split(';'), signature };
}

/** True when the request carries a V3 `Authorization: ACS3-HMAC-SHA256 ...` header. */
export function isV3Request(request: ParsedRequest): boolean {
  return (request.headers.authorization ?? '').startsWith(V3_ALGORITHM);
}

async function verifyV3(
  request: ParsedRequest,
  keys: KeyLookup,
  nonces: NonceCache,
  clock: Clock,
): Promise<VerifiedRequest> {
  const auth = parseAuthorization(request.headers.authorization ?? '');
  const secret = secretOf(auth.accessKeyId, keys);
  const date = request.headers['x-acs-date'];
  if (!date) throw missingCommonParameter('x-acs-date');
  const signedAt = checkTimestamp(date, clock);
  const nonce = request.headers['x-acs-signature-nonce'];
  if (!nonce) throw missingCommonParameter('x-acs-signature-nonce');
  checkNonceShape(nonce);
  const payloadHash = await sha256Hex(new Uint8Array(request.rawBody));
  const declaredHash = request.headers['x-acs-content-sha256'];
  if (declaredHash !== undefined && declaredHash.toLowerCase() !== payloadHash) {
    throw signatureMismatch('The x-acs-content-sha256 header does not match the body.');
  }
  const signedSet = new Set(auth.signedHeaders);
  if (!signedSet.has('host')) throw signatureMismatch('The host header must be signed.');
  for (const name of Object.keys(request.headers)) {
    if (mustBeSigned(name) && !signedSet.has(name)) throw signatureMismatch(`The ${name} header must be signed.`);
  }
  const signed: Record<string, string> = {};
  for (const name of auth.signedHeaders) {
    const value = request.headers[name];
    if (value === undefined) throw signatureMismatch(`Signed header ${name} is missing.`);
    signed[name] = value;
  }
  const expected = await signV3({
    method: request.method,
    pathname: request.pathname,
    query: request.query,
    headers: signed,
    payloadHash: declaredHash ?? payloadHash,
    accessKeyId: auth.accessKeyId,
    accessKeySecret: secret,
  });
  if (expected.signedHeaders !== auth.signedHeaders.join(';') || !constantTimeEqual(expected.signature, auth.signature)) {
    throw signatureMismatch();
  }
  recordNonce(nonces, auth.accessKeyId, nonce, signedAt);
  return { scheme: 'v3', accessKeyId: auth.accessKeyId };
}

async function verifyV1(
  request: ParsedRequest,
  keys: KeyLookup,
  nonces: NonceCache,
  clock: Clock,
): Promise<VerifiedRequest> {
  const params = request.params;
  for (const name of ['AccessKeyId', 'Signature', 'SignatureNonce']) {
    if (!params[name]) throw missingCommonParameter(name);
  }
  const timestamp = params.Timestamp ?? params.TimeStamp;
  if (!timestamp) throw missingCommonParameter('Timestamp');
  const accessKeyId = params.AccessKeyId as string;
  const secret = secretOf(accessKeyId, keys);
  if (params.SignatureMethod && params.SignatureMethod !== 'HMAC-SHA1') {
    throw new EmulatorApiError(400, 'InvalidSignatureMethod', 'Specified signature method is not supported.');
  }
  const signedAt = checkTimestamp(timestamp, clock);
  checkNonceShape(params.SignatureNonce as string);
  const { Signature: signature, ...signedParams } = params;
  const expected = await signV1({ method: request.method, parameters: signedParams, accessKeySecret: secret });
  if (!constantTimeEqual(expected, signature as string)) throw signatureMismatch();
  recordNonce(nonces, accessKeyId, params.SignatureNonce as string, signedAt);
  return { scheme: 'v1', accessKeyId };
}

/**
 * Verifies a request's V3 (`Authorization` header) or V1 (`Signature` parameter) signature against
 * the configured keys; throws the service's error otherwise. The nonce is recorded only once the
 * signature is right, so a forged request cannot burn a client's nonce.
 */
export async function verifyRequest(
  request: ParsedRequest,
  keys: KeyLookup,
  nonces: NonceCache,
  clock: Clock,
): Promise<VerifiedRequest> {
  if (isV3Request(request)) return verifyV3(request, keys, nonces, clock);
  if (request.params.Signature !== undefined || request.params.AccessKeyId !== undefined) {
    return verifyV1(request, keys, nonces, clock);
  }
  throw missingCommonParameter('AccessKeyId');
}
