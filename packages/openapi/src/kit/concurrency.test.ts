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
