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

  describe('the round trips', () => {
    // A clock the test moves: each request "takes" the round trip the test gives it.
    function timedWindow(max: number) {
      let time = 0;
      const window = createAdaptiveWindow({ max, isThrottled, now: () => time });
      const answerAfter = (roundTrip: number) =>
        window.track(() => {
          time += roundTrip;
          return Promise.resolve('ok');
        });
      return { window, answerAfter };
    }
    // One round: `size` answers, the one at `index` taking `roundTripOf(size, index)`.
    async function round(timed: ReturnType<typeof timedWindow>, roundTripOf: (size: number, index: number) => number) {
      const size = timed.window.size;
      for (let index = 0; index < size; index += 1) await timed.answerAfter(roundTripOf(size, index));
      return timed.window.size;
    }

    it('stays at its most while answers take the network round trip and no longer (a distant service)', async () => {
      const timed = timedWindow(16);
      const sizes = [];
      for (let index = 0; index < 10; index += 1) sizes.push(await round(timed, () => 30 + (index % 3)));
      expect(sizes).toEqual(Array(10).fill(16));
    });

    it('stays at its most when a server answers a round one page after the other, the first at the network round trip', async () => {
      const timed = timedWindow(16);
      // 30 ms away, 2 ms per answer: the round's answers spread from 30 to 60 ms (a mean of 45, which
      // would read as 16 * (1 - 30 / 45) = 5.3 queued), but the quickest waited behind nothing.
      const sizes = [];
      for (let index = 0; index < 10; index += 1) sizes.push(await round(timed, (_size, place) => 30 + 2 * place));
      expect(sizes).toEqual(Array(10).fill(16));
    });

    it('gives one back per round when even the quickest answer of a round waited', async () => {
      const timed = timedWindow(16);
      await timed.answerAfter(30);
      // Each round's first answer comes 30 ms late (a queue left from round to round), the rest spread after it.
      const sizes = [];
      for (let index = 0; index < 14; index += 1) sizes.push(await round(timed, (_size, place) => 60 + 2 * place));
      // The first round also counts the lone first answer, the quickest of that round: it moves nothing.
      expect(sizes.slice(0, 4)).toEqual([16, 15, 14, 13]);
      // Then down to where 4 wait by the estimate, 8 * (1 - 30 / 60), and no further.
      expect(sizes.slice(-5)).toEqual([8, 8, 8, 8, 8]);
    });

    it('gives one back per round while requests queue behind each other (a busy local server), until about 4 wait', async () => {
      const timed = timedWindow(16);
      // A server that answers one request per 2 ms: with `size` in flight each waits about size * 2 ms.
      await timed.answerAfter(2);
      const sizes = [];
      for (let index = 0; index < 16; index += 1) sizes.push(await round(timed, (size) => size * 2));
      // The first round also counts the lone first answer, the quickest of that round: it moves nothing.
      expect(sizes.slice(0, 4)).toEqual([16, 15, 14, 13]);
      // Down to where 4 wait by the estimate: 5 * (1 - 2 / 10).
      expect(sizes.slice(-4)).toEqual([5, 5, 5, 5]);
    });

    it('does not go below 4 by the round trips alone', async () => {
      const timed = timedWindow(16);
      await timed.answerAfter(2);
      // 10 ms per request in flight: with 4, each still waits 40 ms against the fastest 2.
      const sizes = [];
      for (let index = 0; index < 16; index += 1) sizes.push(await round(timed, (size) => size * 10));
      expect(sizes.slice(-4)).toEqual([4, 4, 4, 4]);
      expect(Math.min(...sizes)).toBe(4);
    });

    it('holds between the two bounds, and grows again once the queue is gone', async () => {
      const timed = timedWindow(16);
      timed.window.throttled();
      expect(timed.window.size).toBe(8);
      // No queue: one more per round.
      expect(await round(timed, () => 10)).toBe(9);
      // 9 * (1 - 10 / 15) = 3 requests queued: neither grows nor shrinks.
      expect(await round(timed, () => 15)).toBe(9);
      // Queued well past 4: one back per round.
      expect(await round(timed, () => 40)).toBe(8);
      expect(await round(timed, () => 40)).toBe(7);
      // The queue is gone: back up one per round.
      expect(await round(timed, () => 10)).toBe(8);
      expect(await round(timed, () => 10.5)).toBe(9);
    });

    it('takes round trips within a millisecond of the fastest as noise, whatever their ratio', async () => {
      const timed = timedWindow(8);
      await timed.answerAfter(0.1);
      // 0.9 against 0.1 ms would be 7 of 8 queued by the ratio alone.
      expect(await round(timed, () => 0.9)).toBe(8);
    });
  });
});

