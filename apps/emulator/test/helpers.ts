import { randomUUID } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { EMPTY_BODY_SHA256, percentEncode, sha256Hex, signV1, signV3 } from '@invocations/openapi';
import type { Emulator } from '../src/index.js';

export const VERSIONS = { ecs: '2014-05-26', swas: '2020-06-01', eflo: '2022-12-15' } as const;

export interface CallOptions {
  product: keyof typeof VERSIONS;
  action: string;
  /** API parameters in the URL query. */
  query?: Record<string, string>;
  /** API parameters in a form body. */
  body?: Record<string, string>;
  method?: 'GET' | 'POST';
  scheme?: 'v1' | 'v3' | 'none';
  format?: string;
  /** Host header to send (default the emulator's HOST:PORT). */
  host?: string;
  accessKeyId?: string;
  accessKeySecret?: string;
  timestamp?: string;
  nonce?: string;
  version?: string;
  /** Send this body instead of the signed one (to test tampering). */
  sendBody?: string;
}

export interface CallResult {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json: any;
  /** The body exactly as received. */
  bytes: Buffer;
}

/** `YYYY-MM-DDThh:mm:ssZ` of a time. */
export function wireTime(ms: number = Date.now()): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function form(record: Record<string, string>): string {
  return Object.entries(record)
    .map(([name, value]) => `${percentEncode(name)}=${percentEncode(value)}`)
    .join('&');
}

/** Sends a request signed with @invocations/openapi's V1 or V3 signing, over node:http. */
export async function call(emulator: Emulator, options: CallOptions): Promise<CallResult> {
  const method = options.method ?? 'POST';
  const scheme = options.scheme ?? 'v3';
  const accessKeyId = options.accessKeyId ?? emulator.credentials.accessKeyId;
  const accessKeySecret = options.accessKeySecret ?? emulator.credentials.accessKeySecret;
  const host = options.host ?? emulator.endpoint;
  const version = options.version ?? VERSIONS[options.product];
  let query: Record<string, string> = { ...options.query };
  if (options.format) query.Format = options.format;
  const bodyText = options.body ? form(options.body) : '';
  const headers: Record<string, string> = { host };
  if (options.body) headers['content-type'] = 'application/x-www-form-urlencoded';
  const nonce = options.nonce ?? randomUUID();
  const timestamp = options.timestamp ?? wireTime();

  if (scheme === 'v1') {
    query = {
      Action: options.action,
      Version: version,
      AccessKeyId: accessKeyId,
      SignatureMethod: 'HMAC-SHA1',
      SignatureVersion: '1.0',
      SignatureNonce: nonce,
      Timestamp: timestamp,
      ...query,
    };
    const signature = await signV1({ method, parameters: { ...query, ...options.body }, accessKeySecret });
    query.Signature = signature;
  } else if (scheme === 'v3') {
    Object.assign(headers, {
      'x-acs-action': options.action,
      'x-acs-version': version,
      'x-acs-date': timestamp,
      'x-acs-signature-nonce': nonce,
      'x-acs-content-sha256': bodyText ? await sha256Hex(bodyText) : EMPTY_BODY_SHA256,
    });
    const signed = await signV3({ method, pathname: '/', query, headers, payloadHash: headers['x-acs-content-sha256'] as string, accessKeyId, accessKeySecret });
    headers.authorization = signed.authorization;
  } else {
    query = { Action: options.action, Version: version, ...query };
  }
  const search = form(query);
  return sendRaw(emulator, method, `/${search ? `?${search}` : ''}`, headers, options.sendBody ?? bodyText);
}

/** Sends a request with exactly this method, path, headers and body over node:http; the answer as text and JSON (when it parses). */
export function sendRaw(target: Emulator, method: string, path: string, headers: Record<string, string>, body = ''): Promise<CallResult> {
  return new Promise<CallResult>((resolve, reject) => {
    const req = httpRequest({ host: target.host, port: target.port, method, path, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const bytes = Buffer.concat(chunks);
        const text = bytes.toString('utf8');
        let json: unknown;
        try {
          json = JSON.parse(text);
        } catch {
          json = undefined;
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json, bytes });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}
