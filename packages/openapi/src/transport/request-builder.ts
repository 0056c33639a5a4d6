import { ConfigurationError } from '@invocations/core';
import type { Credentials } from './credentials.js';
import { EMPTY_BODY_SHA256, percentEncode, sha256Hex, signV1, signV3 } from './signing.js';

/** One attempt's request, signed: what is sent, and the URL with every credential value replaced by `***` (for hooks). */
export interface BuiltRequest {
  url: string;
  displayUrl: string;
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  body?: string;
}

/** What every request of one client shares. */
export interface RequestBuilderSettings {
  /** `http(s)://host[:port]` */
  origin: string;
  /** `host[:port]`, as signed. */
  host: string;
  /** The API version, e.g. `2014-05-26`. */
  version: string;
  format: 'json' | 'xml';
  signatureVersion: 'v3' | 'v1';
  userAgent: string;
}

/** Builds and signs one attempt: each attempt gets a fresh nonce and date, so each is built anew. */
export type RequestBuilder = (
  action: string,
  method: 'GET' | 'POST',
  query: Record<string, string>,
  body: Record<string, string>,
  credentials: Credentials | undefined,
) => Promise<BuiltRequest>;

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

/** API parameters as wire text (`undefined` left out); a common parameter the client sets itself is a `ConfigurationError`. */
export function toWire(record: Record<string, string | number | boolean | undefined> | undefined, where: string): Record<string, string> {
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
  // toISOString always ends in `.sssZ`.
  return `${new Date().toISOString().slice(0, -5)}Z`;
}

function nonce(): string {
  return globalThis.crypto.randomUUID();
}

/** The request builder of one client: anonymous (no AccessKey, no signature), V1 (signature in the query) or V3 (headers). */
export function createRequestBuilder(settings: RequestBuilderSettings): RequestBuilder {
  const { origin, host, version, format, signatureVersion, userAgent } = settings;
  const formatName = format === 'xml' ? 'XML' : 'JSON';
  return async (action, method, query, body, credentials) => {
    const headers: Record<string, string> = { 'user-agent': userAgent };
    const hasBody = method === 'POST' && Object.keys(body).length > 0;
    const bodyText = hasBody ? encodePairs(body) : undefined;
    if (hasBody) headers['content-type'] = 'application/x-www-form-urlencoded';

    if (!credentials) {
      // Anonymous (AssumeRoleWithOIDC): the RPC common parameters, no AccessKey and no signature.
      const urlParameters = { Action: action, Version: version, Format: formatName, SignatureNonce: nonce(), Timestamp: timestamp(), ...query };
      const url = `${origin}/?${encodePairs(urlParameters)}`;
      return { url, displayUrl: url, method, headers, body: bodyText };
    }

    if (signatureVersion === 'v1') {
      const common: Record<string, string> = {
        Action: action,
        Version: version,
        Format: formatName,
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
        url: `${origin}/?${encodePairs({ ...urlParameters, Signature: signature })}`,
        displayUrl: `${origin}/?${encodePairs(display).replace(/%2A%2A%2A/g, '***')}`,
        method,
        headers,
        body: bodyText,
      };
    }

    const urlParameters = format === 'xml' ? { ...query, Format: 'XML' } : { ...query };
    const payloadHash = bodyText === undefined ? EMPTY_BODY_SHA256 : await sha256Hex(bodyText);
    Object.assign(headers, {
      host,
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
    const url = `${origin}/${queryText ? `?${queryText}` : ''}`;
    return { url, displayUrl: url, method, headers, body: bodyText };
  };
}
