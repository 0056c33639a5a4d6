// The decoders inflate only as fast as they are read: a bomb written whole into them holds a buffer's
// worth of output, not the whole inflated body (undici's own deflate step does not: it forwards all).
import { PassThrough, type Readable } from 'node:stream';
import { brotliCompressSync, deflateRawSync, deflateSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { decodedBody } from './content-coding-node.js';

const INFLATED = 64 * 1024 * 1024;
const zeros = Buffer.alloc(INFLATED);

async function readAll(stream: Readable): Promise<number> {
  let bytes = 0;
  for await (const chunk of stream) bytes += (chunk as Buffer).byteLength;
  return bytes;
}

describe('decodedBody', () => {
  it.each([
    ['gzip', gzipSync(zeros)],
    ['deflate', deflateSync(zeros)],
    ['deflate', deflateRawSync(zeros)],
    ['br', brotliCompressSync(zeros)],
  ])('%s: a bomb written at once stays a buffer deep until it is read, then inflates whole', async (coding, bomb) => {
    const wire = new PassThrough();
    const decoded = decodedBody(wire, 200, coding);
    wire.end(bomb);
    // Time for every step to do all it would do unread.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(decoded.readableLength).toBeLessThanOrEqual(256 * 1024);
    expect(await readAll(decoded)).toBe(INFLATED);
  });

  it('is the body itself for no coding, an unknown one, or a status without a body', () => {
    const wire = new PassThrough();
    expect(decodedBody(wire, 200, null)).toBe(wire);
    expect(decodedBody(wire, 200, '')).toBe(wire);
    expect(decodedBody(wire, 200, 'gzip, zstd')).toBe(wire);
    expect(decodedBody(wire, 200, 'gzip,')).toBe(wire);
    expect(decodedBody(wire, 204, 'gzip')).toBe(wire);
    expect(decodedBody(wire, 304, 'gzip')).toBe(wire);
    expect(() => decodedBody(wire, 200, 'gzip,gzip,gzip,gzip,gzip,gzip')).toThrow(/too many content-encodings/);
  });

  it('an empty deflate body ends empty', async () => {
    const wire = new PassThrough();
    const decoded = decodedBody(wire, 200, 'deflate');
    wire.end();
    expect(await readAll(decoded)).toBe(0);
  });

  it('a broken stream fails with zlib’s error, which keeps its code', async () => {
    const wire = new PassThrough();
    const decoded = decodedBody(wire, 200, 'gzip');
    wire.end(Buffer.from('not gzip at all'));
    await expect(readAll(decoded)).rejects.toMatchObject({ code: 'Z_DATA_ERROR' });
  });
});
