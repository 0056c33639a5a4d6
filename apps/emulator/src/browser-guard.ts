import { isIP } from 'node:net';
import { EmulatorApiError } from './errors.js';

/** Origins a browser page may call the emulator from: a list of `scheme://host[:port]`, or '*' for any. */
export type AllowOrigins = readonly string[] | '*';

/** Headers a browser may send on a cross-origin request: what the SDKs sign, plus `accept`. */
const BASE_ALLOWED_HEADERS = [
  'authorization',
  'content-type',
  'accept',
  'x-acs-action',
  'x-acs-version',
  'x-acs-date',
  'x-acs-signature-nonce',
  'x-acs-content-sha256',
  'x-acs-security-token',
  'x-acs-accesskey-id',
  'x-acs-credentials-provider',
  'x-acs-retry-attempts',
  'x-acs-retry-delay',
];

/** Checks the `allowOrigins` option; returns it normalised (origins without a trailing slash). */
export function normaliseAllowOrigins(value: AllowOrigins | undefined): AllowOrigins | undefined {
  if (value === undefined || value === '*') return value;
  if (!Array.isArray(value)) throw new RangeError(`allowOrigins must be an array of origins or '*', got ${String(value)}`);
  return value.map((origin, index) => {
    if (origin === '*') return '*';
    let parsed: URL;
    try {
      parsed = new URL(origin);
    } catch {
      throw new RangeError(`allowOrigins[${index}] must be an origin such as http://127.0.0.1:5173, got "${origin}"`);
    }
    if ((parsed.protocol !== 'http:' && parsed.protocol !== 'https:') || parsed.pathname !== '/' || parsed.search || parsed.hash) {
      throw new RangeError(`allowOrigins[${index}] must be an origin such as http://127.0.0.1:5173, got "${origin}"`);
    }
    return parsed.origin;
  });
}

function hostnameOf(host: string): string {
  // A bare IPv6 address (a listen host such as `::1`) has colons but no port.
  if (isIP(host) !== 0) return host.toLowerCase();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(host);
  if (bracketed) return (bracketed[1] as string).toLowerCase();
  return host.replace(/:\d+$/, '').toLowerCase();
}

/**
 * True when a Host header names this emulator in a way no other site can: an IP literal, `localhost`
 * or `*.localhost` (which resolve to loopback only), a `*.aliyuncs.com` service name (the SDK endpoint
 * form, used to name an eflo region), or the name it listens on. A DNS-rebinding page reaches the
 * emulator under its own domain name, which none of these match.
 */
export function isEmulatorHost(host: string, listenHost: string): boolean {
  const name = hostnameOf(host);
  if (name === '') return false;
  if (isIP(name) !== 0) return true;
  if (name === 'localhost' || name.endsWith('.localhost')) return true;
  if (name === 'aliyuncs.com' || name.endsWith('.aliyuncs.com')) return true;
  return name === hostnameOf(listenHost);
}

/** True for an address outside the loopback range, to which the published key would open the emulator. */
export function isNonLoopbackHost(host: string): boolean {
  const name = hostnameOf(host);
  if (name === 'localhost' || name.endsWith('.localhost')) return false;
  if (isIP(name) === 4) return !name.startsWith('127.');
  if (isIP(name) === 6) return name !== '::1';
  return true;
}

/** The warning `--host` prints for an address beyond this machine while the published key is in use. */
export function publishedKeyWarning(host: string): string | undefined {
  if (!isNonLoopbackHost(host)) return undefined;
  return `warning: listening on ${host}, beyond this machine; the default AccessKey is published, so anyone who can reach this port can run commands here. Use --access-key-id/--access-key-secret with a secret of your own.`;
}

/** What the browser check decided for one request. */
export interface BrowserDecision {
  /** The value of Access-Control-Allow-Origin to send, when the request came from an allowed origin. */
  corsOrigin?: string;
}

/**
 * Refuses what a browser page on another site could send: a request whose `Origin` is not the
 * emulator's own and not allowed, a no-cors request marked `Sec-Fetch-Site: cross-site|same-site`
 * (an `<img>` or form GET carries no Origin), and a Host that is not the emulator's (DNS rebinding).
 * Non-browser clients (SDKs, curl) send neither Origin nor Sec-Fetch-Site and are not affected.
 */
export function checkBrowser(headers: Record<string, string | string[] | undefined>, allow: AllowOrigins | undefined, listenHost: string): BrowserDecision {
  const header = (name: string): string | undefined => {
    const value = headers[name];
    return Array.isArray(value) ? value[0] : value;
  };
  const host = header('host');
  const anyOrigin = allow === '*' || (Array.isArray(allow) && allow.includes('*'));
  if (host !== undefined && !anyOrigin && !isEmulatorHost(host, listenHost)) {
    throw new EmulatorApiError(403, 'Forbidden.Host', 'The Host header does not name this emulator (a DNS-rebinding guard); use 127.0.0.1 or localhost.');
  }
  const origin = header('origin');
  if (origin !== undefined) {
    if (anyOrigin || (Array.isArray(allow) && allow.includes(origin))) return { corsOrigin: origin };
    if (host !== undefined && origin.toLowerCase() === `http://${host.toLowerCase()}`) return {};
    throw new EmulatorApiError(403, 'Forbidden.Origin', `Requests from ${origin.slice(0, 200)} are refused; start the emulator with allowOrigins to let a page call it.`);
  }
  const site = header('sec-fetch-site');
  if ((site === 'cross-site' || site === 'same-site') && !anyOrigin) {
    throw new EmulatorApiError(403, 'Forbidden.Origin', 'Cross-site requests are refused; start the emulator with allowOrigins to let a page call it.');
  }
  return {};
}

/** CORS headers of an answer to an allowed origin. */
export function corsHeaders(origin: string): Record<string, string> {
  return { 'access-control-allow-origin': origin, 'access-control-expose-headers': 'x-acs-request-id', vary: 'Origin' };
}

/** The answer headers of a CORS preflight from an allowed origin. */
export function preflightHeaders(origin: string, requested: string | undefined): Record<string, string> {
  const allowed = new Set(BASE_ALLOWED_HEADERS);
  for (const name of (requested ?? '').split(',')) {
    const lower = name.trim().toLowerCase();
    if (lower.startsWith('x-acs-')) allowed.add(lower);
  }
  return {
    ...corsHeaders(origin),
    'access-control-allow-methods': 'GET, POST, OPTIONS',
    'access-control-allow-headers': [...allowed].join(', '),
    'access-control-max-age': '600',
  };
}
