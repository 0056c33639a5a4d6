import { createHash, createHmac } from 'node:crypto';

// Hashes for request signing in Node: node:crypto, synchronous and without Web Crypto's per-call
// job and promise machinery (Web Crypto's digest, importKey and sign were a tenth of a listing's
// client CPU). Same results as digest-web.ts (signing.test.ts checks both against the same vectors).

/** Lowercase hex SHA-256 of a UTF-8 string or of bytes. */
export async function sha256HexOf(data: string | Uint8Array): Promise<string> {
  return createHash('sha256').update(data).digest('hex');
}

/** HMAC of a UTF-8 message with a UTF-8 key. */
export async function hmacOf(hash: 'SHA-1' | 'SHA-256', key: string, message: string): Promise<Uint8Array> {
  return createHmac(hash === 'SHA-1' ? 'sha1' : 'sha256', key).update(message, 'utf8').digest();
}
