import { describe, expect, it } from 'vitest';
import { createAdaptiveWindow } from './adaptive-window.js';

class Throttled extends Error {}
const isThrottled = (error: unknown) => error instanceof Throttled;
const ok = () => Promise.resolve('ok');
const throttle = () => Promise.reject(new Throttled('Throttling.User'));

describe('createAdaptiveWindow', () => {
  it('starts at its most and stays there while every request is answered', async () => {
    const window = createAdaptiveWindow({ max: 16, isThrottled });
    expect(window.size).toBe(16);
    expect(window.max).toBe(16);
    for (let index = 0; index < 50; index += 1) await window.track(ok);
    expect(window.size).toBe(16);
  });

  it('halves on a throttled request, not below 1, and hands the error on', async () => {
    const window = createAdaptiveWindow({ max: 16, isThrottled });
    await expect(window.track(throttle)).rejects.toBeInstanceOf(Throttled);
    expect(window.size).toBe(8);
    const sizes: number[] = [];
    for (let index = 0; index < 5; index += 1) {
      // A request sent after the halving succeeds, so the next throttle is a new burst.
      await window.track(ok);
      window.throttled();
      sizes.push(window.size);
    }
    expect(sizes).toEqual([4, 2, 1, 1, 1]);
  });

  it('does not shrink for an error that is not throttling', async () => {
    const window = createAdaptiveWindow({ max: 8, isThrottled });
    await expect(window.track(() => Promise.reject(new Error('InternalError')))).rejects.toThrow('InternalError');
    expect(window.size).toBe(8);
  });

  it('halves once per burst: throttles of requests sent before the halving count as the same burst', async () => {
    const window = createAdaptiveWindow({ max: 16, isThrottled });
    // 16 requests in flight, 12 throttled before any answer: one halving, not four.
    for (let index = 0; index < 12; index += 1) window.throttled();
    expect(window.size).toBe(8);
    // More throttles than requests could have been in flight (16 in all since the halving): the smaller window is throttled too.
    for (let index = 0; index < 4; index += 1) window.throttled();
    expect(window.size).toBe(8);
    window.throttled();
    expect(window.size).toBe(4);
  });

  it('ends a burst only with the answer to a request sent after the halving', async () => {
    const window = createAdaptiveWindow({ max: 16, isThrottled });
    let answerOld!: (value: string) => void;
    const old = window.track(() => new Promise<string>((resolve) => (answerOld = resolve)));
    window.throttled();
    expect(window.size).toBe(8);
    answerOld('late');
    await old;
    // The old answer says nothing of the new size: the next throttle still belongs to the burst.
    window.throttled();
    expect(window.size).toBe(8);
    await window.track(ok);
    window.throttled();
    expect(window.size).toBe(4);
  });

  it('grows back by 1 per `size` answers in a row, up to its most', async () => {
    const window = createAdaptiveWindow({ max: 4, isThrottled });
    window.throttled();
    expect(window.size).toBe(2);
    const sizes: number[] = [];
    for (let index = 0; index < 12; index += 1) {
      await window.track(ok);
      sizes.push(window.size);
    }
    // 2 answers at 2 -> 3, 3 answers at 3 -> 4, then it stays at its most.
    expect(sizes).toEqual([2, 3, 3, 3, 4, 4, 4, 4, 4, 4, 4, 4]);
  });

  it('restarts the count of answers at each halving', async () => {
    const window = createAdaptiveWindow({ max: 8, isThrottled });
    window.throttled();
    expect(window.size).toBe(4);
    for (let index = 0; index < 3; index += 1) await window.track(ok);
    window.throttled();
    expect(window.size).toBe(2);
    await window.track(ok);
    expect(window.size).toBe(2);
    await window.track(ok);
    expect(window.size).toBe(3);
  });

  it('takes a whole number of at least 1 as its most', () => {
    expect(createAdaptiveWindow({ max: 0, isThrottled }).size).toBe(1);
    expect(createAdaptiveWindow({ max: 5.7, isThrottled }).max).toBe(5);
  });
});
