import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createOutput } from './output.js';

describe('createOutput', () => {
  it('gathers writes, waits for a slow stream when it pushes back, and leaves no listeners behind', async () => {
    const received: string[] = [];
    let maxPending = 0;
    const slow = new Writable({
      highWaterMark: 1024,
      write(chunk: Buffer, _encoding, callback) {
        received.push(chunk.toString('utf8'));
        setTimeout(callback, 1);
      },
    });
    const out = createOutput(slow);
    const line = `${'x'.repeat(1_000)}\n`;
    for (let index = 0; index < 2_000; index++) {
      const wait = out.write(line);
      maxPending = Math.max(maxPending, slow.writableLength);
      if (wait) await wait;
    }
    await out.flush();
    expect(received.join('')).toBe(line.repeat(2_000));
    // Chunks of about 64 KB, not 2,000 writes, and never more than one chunk waiting in the stream.
    expect(received.length).toBeLessThan(100);
    expect(maxPending).toBeLessThanOrEqual(70 * 1024);
    expect(slow.listenerCount('close') + slow.listenerCount('drain') + slow.listenerCount('error')).toBeLessThanOrEqual(3);
  });
});
