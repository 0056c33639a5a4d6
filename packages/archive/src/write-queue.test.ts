import { describe, expect, it } from 'vitest';
import { writeQueue } from './write-queue.js';

/** A write the test finishes by hand: `started` lists the batches begun, `finish(name)` / `fail(name)` end one. */
function manualWrites() {
  const started: string[] = [];
  const ended: string[] = [];
  const pending = new Map<string, { resolve: () => void; reject: (error: unknown) => void }>();
  let inFlight = 0;
  let most = 0;
  const write = (name: string) =>
    new Promise<void>((resolve, reject) => {
      started.push(name);
      most = Math.max(most, ++inFlight);
      const done = () => {
        inFlight--;
        ended.push(name);
      };
      pending.set(name, {
        resolve: () => {
          done();
          resolve();
        },
        reject: (error) => {
          done();
          reject(error);
        },
      });
    });
  const tick = () => new Promise((resolve) => setImmediate(resolve));
  return {
    write,
    started,
    ended,
    most: () => most,
    tick,
    async finish(name: string) {
      pending.get(name)!.resolve();
      await tick();
    },
    async fail(name: string, error: unknown) {
      pending.get(name)!.reject(error);
      await tick();
    },
  };
}

describe('writeQueue', () => {
  it('keeps at most `limit` writes in flight, and push waits for a free slot', async () => {
    const writes = manualWrites();
    const queue = writeQueue(2, writes.write);
    await queue.push('a', ['1']);
    await queue.push('b', ['2']);
    let thirdStarted = false;
    const third = queue.push('c', ['3']).then(() => (thirdStarted = true));
    await writes.tick();
    expect(writes.started).toEqual(['a', 'b']);
    expect(thirdStarted).toBe(false);
    // Not in order: whichever ends first frees the slot.
    await writes.finish('b');
    await third;
    expect(writes.started).toEqual(['a', 'b', 'c']);
    await writes.finish('a');
    await writes.finish('c');
    await queue.drain();
    expect(writes.most()).toBe(2);
  });

  it('two pushes waiting together take one free slot each, never more than the limit', async () => {
    const writes = manualWrites();
    const queue = writeQueue(1, writes.write);
    await queue.push('a', ['1']);
    const waiting = [queue.push('b', ['2']), queue.push('c', ['3'])];
    await writes.finish('a');
    expect(writes.started).toEqual(['a', 'b']);
    await writes.finish('b');
    await Promise.all(waiting);
    await writes.finish('c');
    await queue.drain();
    expect(writes.most()).toBe(1);
  });

  it('a batch holding a key of one in flight starts only after it, so the later report is written last', async () => {
    const writes = manualWrites();
    const queue = writeQueue(3, writes.write);
    await queue.push('first', ['t-1', 't-2']);
    await queue.push('other', ['t-3']);
    await queue.push('again', ['t-9', 't-2']);
    await writes.tick();
    expect(writes.started).toEqual(['first', 'other']);
    await writes.finish('other');
    expect(writes.started).toEqual(['first', 'other']);
    await writes.finish('first');
    expect(writes.started).toEqual(['first', 'other', 'again']);
    await writes.finish('again');
    await queue.drain();
    expect(writes.ended).toEqual(['other', 'first', 'again']);
  });

  it('after a failed write nothing new starts: a waiting batch is dropped, push and drain throw that error', async () => {
    const writes = manualWrites();
    const queue = writeQueue(3, writes.write);
    const failure = new Error('write failed');
    await queue.push('a', ['1']);
    await queue.push('b', ['2']);
    await queue.push('after-a', ['1']);
    await writes.fail('a', failure);
    // 'after-a' waited for 'a' and is not written; 'b' was already running and ends normally.
    await expect(queue.push('c', ['3'])).rejects.toBe(failure);
    await writes.finish('b');
    await expect(queue.drain()).rejects.toBe(failure);
    expect(writes.started).toEqual(['a', 'b']);
  });

  it('close waits for the writes in flight and refuses later batches', async () => {
    const writes = manualWrites();
    const queue = writeQueue(2, writes.write);
    await queue.push('a', ['1']);
    let closed = false;
    const closing = queue.close().then(() => (closed = true));
    await writes.tick();
    expect(closed).toBe(false);
    await expect(queue.push('b', ['2'])).rejects.toThrow(/no batch is written after it/);
    await writes.finish('a');
    await closing;
    expect(writes.started).toEqual(['a']);
  });
});
