// Alibaba Cloud RPC request signing, V1 (HMAC-SHA1) and V3 (ACS3-HMAC-SHA256).
// The hashes come through the package's `#digest` import: node:crypto in Node (digest-node.ts), Web
// Crypto everywhere else (digest-web.ts), so the same code signs in Node, browsers and workers, and
// the emulator verifies with exactly these functions.
import { hmacOf, sha256HexOf } from '#digest';

/** The `x-acs-content-sha256` of an empty body. */
export const EMPTY_BODY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

/** The V3 algorithm name, the first word of the `Authorization` header. */
export const V3_ALGORITHM = 'ACS3-HMAC-SHA256';

// A lone surrogate would make encodeURIComponent throw; TextEncoder turns it into U+FFFD, so do the same here.
const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * RFC 3986 percent-encoding as Alibaba Cloud signs it: UTF-8 bytes, only `A-Z a-z 0-9 - _ . ~` left as
 * they are, uppercase hex, a space as `%20` (never `+`).
 * @example percentEncode(" a!*'()~") // '%20a%21%2A%27%28%29~'
 */
export function percentEncode(value: string): string {
  return encodeURIComponent(value.replace(loneSurrogate, '\uFFFD')).replace(
    /[!'()*]/g,
    (character) => `%${character.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

// JS sort on the raw names (the default sort compares UTF-16 code units), as the official SDK does; for
// ASCII names this is byte order.
function sortedKeys(record: Record<string, string>): string[] {
  return Object.keys(record).sort();
}

/**
 * The V1 canonicalized query string: every parameter except `Signature`, sorted by name,
 * `percentEncode(name)=percentEncode(value)` joined with `&`.
 */
export function canonicalizeV1(parameters: Record<string, string>): string {
  return sortedKeys(parameters)
    .filter((name) => name !== 'Signature')
    .map((name) => `${percentEncode(name)}=${percentEncode(parameters[name] ?? '')}`)
    .join('&');
}

function toHex(bytes: Uint8Array): string {
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/** Lowercase hex SHA-256 of a UTF-8 string or of bytes (the V3 `x-acs-content-sha256`). */
export async function sha256Hex(data: string | Uint8Array): Promise<string> {
  return sha256HexOf(data);
}

/**
 * The V1 (HMAC-SHA1, `SignatureVersion=1.0`) signature: Base64 of HMAC-SHA1 with key `secret&` over
 * `METHOD&%2F&percentEncode(canonicalizeV1(parameters))`. For POST, `parameters` is the URL query and
 * the form body together. A `Signature` entry in `parameters` is ignored.
 * @example await signV1({ method: 'GET', parameters, accessKeySecret: 'testsecret' }) // 'OLeaidS1JvxuMvnyHOwuJ+uX5qY='
 */
export async function signV1(input: {
  method: string;
  parameters: Record<string, string>;
  accessKeySecret: string;
}): Promise<string> {
  const stringToSign = `${input.method}&${percentEncode('/')}&${percentEncode(canonicalizeV1(input.parameters))}`;
  return toBase64(await hmacOf('SHA-1', `${input.accessKeySecret}&`, stringToSign));
}

/** What {@link signV3} returns. */
export interface V3Signature {
  /** The whole `Authorization` header value. */
  authorization: string;
  /** Lowercase hex HMAC-SHA256. */
  signature: string;
  /** Sorted lowercase header names joined with `;`. */
  signedHeaders: string;
  /** The canonical request that was hashed, for debugging a mismatch. */
  canonicalRequest: string;
}

/** True for the headers V3 signs: `host`, `content-type` and every `x-acs-*` header. */
export function isV3SignedHeader(name: string): boolean {
  const lower = name.toLowerCase();
  return lower === 'host' || lower === 'content-type' || lower.startsWith('x-acs-');
}

function canonicalUri(pathname: string): string {
  return pathname.replace(/\+/g, '%20').replace(/\*/g, '%2A').replace(/%7E/g, '~');
}

/**
 * The V3 (ACS3-HMAC-SHA256) signature. `query` holds the raw (decoded) URL query parameters; form-body
 * parameters are NOT in it, only their hash in `payloadHash`. Of `headers`, `host`, `content-type` and
 * `x-acs-*` are signed (names compared case-insensitively; duplicates are sorted and joined with `,`).
 */
export async function signV3(input: {
  method: string;
  pathname: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  payloadHash: string;
  accessKeyId: string;
  accessKeySecret: string;
}): Promise<V3Signature> {
  // The SDK leaves query names unencoded, the V3 doc encodes them; identical for every name these APIs use.
  const canonicalQuery = sortedKeys(input.query)
    .map((name) => `${percentEncode(name)}=${percentEncode(input.query[name] ?? '')}`)
    .join('&');

  const grouped = new Map<string, string[]>();
  for (const [name, value] of Object.entries(input.headers)) {
    if (!isV3SignedHeader(name)) continue;
    const lower = name.toLowerCase();
    const values = grouped.get(lower) ?? [];
    values.push(String(value).trim());
    grouped.set(lower, values);
  }
  const names = [...grouped.keys()].sort();
  // `names` are grouped's own keys.
  const canonicalHeaders = names.map((name) => `${name}:${(grouped.get(name) as string[]).sort().join(',')}\n`).join('');
  const signedHeaders = names.join(';');

  const canonicalRequest = [
    input.method,
    canonicalUri(input.pathname),
    canonicalQuery,
    canonicalHeaders,
    signedHeaders,
    input.payloadHash,
  ].join('\n');
  const stringToSign = `${V3_ALGORITHM}\n${await sha256Hex(canonicalRequest)}`;
  const signature = toHex(await hmacOf('SHA-256', input.accessKeySecret, stringToSign));
  return {
    authorization: `${V3_ALGORITHM} Credential=${input.accessKeyId},SignedHeaders=${signedHeaders},Signature=${signature}`,
    signature,
    signedHeaders,
    canonicalRequest,
  };
}
