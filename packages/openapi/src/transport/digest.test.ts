import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as node from './digest-node.js';
import * as web from './digest-web.js';

// signing.test.ts checks the published vectors through whichever `#digest` this runtime picks (Node:
// digest-node.ts); here the Web Crypto twin, which browsers and workers get, must give the same bytes.
describe('#digest: node:crypto and Web Crypto agree', () => {
  it('on the empty body and a known vector', async () => {
    for (const impl of [node, web]) {
      await expect(impl.sha256HexOf('')).resolves.toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
      expect(Buffer.from(await impl.hmacOf('SHA-256', 'key', 'The quick brown fox jumps over the lazy dog')).toString('hex')).toBe(
        'f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8',
      );
    }
  });
  // Keys are never empty (credentials refuse an empty AccessKeySecret; V1 signs with `secret&`); Web Crypto refuses one.
  it('on generated text (lone surrogates included) and bytes', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'binary', minLength: 1, maxLength: 80 }), fc.string({ unit: 'binary', maxLength: 300 }), fc.uint8Array({ maxLength: 100 }), async (key, message, bytes) => {
        expect(await node.sha256HexOf(message)).toBe(await web.sha256HexOf(message));
        expect(await node.sha256HexOf(bytes)).toBe(await web.sha256HexOf(bytes));
        for (const hash of ['SHA-1', 'SHA-256'] as const) {
          expect(Buffer.from(await node.hmacOf(hash, key, message))).toEqual(Buffer.from(await web.hmacOf(hash, key, message)));
        }
      }),
      { numRuns: 150 },
    );
    // Web Crypto's calls are asynchronous; on a loaded CI machine 150 runs take seconds, not milliseconds.
  }, 90_000);
});
