import { describe, expect, it } from 'vitest';
import { NonceCache, TIMESTAMP_WINDOW_MS } from './auth.js';
import { createManualClock } from './clock.js';

describe('NonceCache', () => {
  it('refuses a nonce twice per key, and forgets it after twice the timestamp window', () => {
    const clock = createManualClock(0);
    const cache = new NonceCache(clock);
    expect(cache.use('ak', 'n1')).toBe(true);
    expect(cache.use('ak', 'n1')).toBe(false);
    expect(cache.use('other', 'n1')).toBe(true);
    clock.advance(2 * TIMESTAMP_WINDOW_MS + 1);
    expect(cache.use('ak', 'n2')).toBe(true);
    expect(cache.size).toBe(1);
  });
});
