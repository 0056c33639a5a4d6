import { describe, expect, it } from 'vitest';
import { NonceCache, TIMESTAMP_WINDOW_MS } from './auth.js';
import { publishedKeyWarning } from './browser-guard.js';
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

  it('still refuses a replay at exactly twice the window, and forgets it 1 ms later', () => {
    const clock = createManualClock(0);
    const cache = new NonceCache(clock);
    expect(cache.check('ak', 'n', TIMESTAMP_WINDOW_MS)).toBe('ok');
    clock.advance(2 * TIMESTAMP_WINDOW_MS);
    expect(cache.check('ak', 'n', TIMESTAMP_WINDOW_MS)).toBe('used');
    clock.advance(1);
    expect(cache.check('ak', 'other', clock.now())).toBe('ok');
    expect(cache.size).toBe(1);
  });

  it('evicts the oldest beyond maxEntries and refuses anything signed at or before what it evicted', () => {
    const clock = createManualClock(1_000_000);
    const cache = new NonceCache(clock, 2 * TIMESTAMP_WINDOW_MS, 2);
    expect(cache.check('ak', 'a', 10)).toBe('ok');
    expect(cache.check('ak', 'b', 20)).toBe('ok');
    expect(cache.check('ak', 'c', 30)).toBe('ok');
    expect(cache.size).toBe(2);
    expect(cache.check('ak', 'a', 10)).toBe('expired');
    expect(cache.check('ak', 'z', 9)).toBe('expired');
    expect(cache.check('ak', 'b', 20)).toBe('used');
    expect(cache.check('ak', 'd', 11)).toBe('ok');
  });
});

describe('publishedKeyWarning', () => {
  it('warns for addresses beyond this machine only', () => {
    for (const host of ['127.0.0.1', '127.1.2.3', '::1', 'localhost', 'app.localhost']) expect(publishedKeyWarning(host), host).toBeUndefined();
    for (const host of ['0.0.0.0', '192.168.1.5', '::', 'my-laptop.lan']) expect(publishedKeyWarning(host), host).toMatch(/published/);
  });
});
