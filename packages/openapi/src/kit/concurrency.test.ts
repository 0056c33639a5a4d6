import { describe, expect, it } from 'vitest';
import { createLimiter, mapConcurrently } from './concurrency.js';

const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('createLimiter', () => {
  it('runs at most `concurrency` tasks at once, the others in order', async () => {
    const limit = createLimiter(2);
    let active = 0;
    let most = 0;
    const started: number[] = [];
    await Promise.all(
      [0, 1, 2, 3, 4].map((index) =>
        limit(async () => {
          started.push(index);
          active += 1;
          most = Math.max(most, active);
          await tick(3);
          active -= 1;
        }),
      ),
    );
    expect(most).toBe(2);
    expect(started).toEqual([0, 1, 2, 3, 4]);
  });

  it('reads a moving bound before each start: fewer start while it is low, more once it grows', async () => {
    const bound = { size: 3, max: 3 };
    const limit = createLimiter(bound);
    let active = 0;
    const most: number[] = [];
    const gates: (() => void)[] = [];
    const task = () =>
      limit(async () => {
        active += 1;
        most.push(active);
        await new Promise<void>((resolve) => gates.push(resolve));
        active -= 1;
      });
    const all = Array.from({ length: 8 }, () => task());
    await tick(1);
    expect(active).toBe(3);
    bound.size = 1;
    // Three finish: none starts until fewer than the new bound run.
    for (const gate of gates.splice(0, 2)) gate();
    await tick(1);
    expect(active).toBe(1);
    gates.splice(0, 1)[0]?.();
    await tick(1);
    expect(active).toBe(1);
    bound.size = 3;
    gates.splice(0, 1)[0]?.();
    await tick(1);
    expect(active).toBe(3);
    while (gates.length > 0 || active > 0) {
      for (const gate of gates.splice(0)) gate();
      await tick(1);
    }
    await Promise.all(all);
    expect(Math.max(...most)).toBe(3);
  });

  it('frees the slot when a task rejects', async () => {
    const limit = createLimiter(1);
    await expect(limit(async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(limit(async () => 'next')).resolves.toBe('next');
  });
});

describe('mapConcurrently', () => {
  it('yields in input order with at most `concurrency` in flight', async () => {
    let active = 0;
    let most = 0;
    const results: number[] = [];
    for await (const value of mapConcurrently([5, 1, 4, 2, 3], 2, async (input) => {
      active += 1;
      most = Math.max(most, active);
      await tick(input);
      active -= 1;
      return input * 10;
    })) {
      results.push(value);
    }
    expect(results).toEqual([50, 10, 40, 20, 30]);
    expect(most).toBe(2);
  });

  it('reads a moving bound before each start and still yields in input order', async () => {
    const bound = { size: 4, max: 4 };
    let active = 0;
    const activeAtStart: number[] = [];
    const results: number[] = [];
    for await (const value of mapConcurrently(Array.from({ length: 12 }, (_, index) => index), bound, async (input) => {
      active += 1;
      activeAtStart[input] = active;
      await tick(2);
      active -= 1;
      // With the first result the bound drops to 1: the tasks already started run on, no new one joins them.
      if (input === 0) bound.size = 1;
      return input;
    })) {
      results.push(value);
    }
    expect(results).toEqual(Array.from({ length: 12 }, (_, index) => index));
    expect(activeAtStart.slice(0, 4)).toEqual([1, 2, 3, 4]);
    // Tasks 4.. start only once the three still running are done and yielded: alone.
    expect(activeAtStart.slice(4)).toEqual([1, 1, 1, 1, 1, 1, 1, 1]);
  });

  it('surfaces a task failure in order and leaves no unhandled rejection when stopped early', async () => {
    const seen: number[] = [];
    await expect(
      (async () => {
        for await (const value of mapConcurrently([1, 2, 3], 3, async (input) => {
          if (input === 2) throw new Error('page 2 failed');
          return input;
        })) {
          seen.push(value);
        }
      })(),
    ).rejects.toThrow('page 2 failed');
    expect(seen).toEqual([1]);
  });
});
