// Hashes for request signing in browsers, workers and edge runtimes: Web Crypto, no `node:` import.
// Node gets digest-node.ts through the package's `#digest` import (signing.ts explains why).

const encoder = new TextEncoder();

function subtle(): SubtleCrypto {
  const crypto = (globalThis as { crypto?: Crypto }).crypto;
  if (!crypto?.subtle) throw new Error('Web Crypto (globalThis.crypto.subtle) is not available in this runtime');
  return crypto.subtle;
}

function toHex(bytes: Uint8Array): string {
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/** Lowercase hex SHA-256 of a UTF-8 string or of bytes. */
export async function sha256HexOf(data: string | Uint8Array): Promise<string> {
  const bytes = typeof data === 'string' ? encoder.encode(data) : new Uint8Array(data);
  return toHex(new Uint8Array(await subtle().digest('SHA-256', bytes)));
}

/** HMAC of a UTF-8 message with a UTF-8 key. */
export async function hmacOf(hash: 'SHA-1' | 'SHA-256', key: string, message: string): Promise<Uint8Array> {
  const cryptoKey = await subtle().importKey('raw', encoder.encode(key), { name: 'HMAC', hash }, false, ['sign']);
  return new Uint8Array(await subtle().sign('HMAC', cryptoKey, encoder.encode(message)));
}
