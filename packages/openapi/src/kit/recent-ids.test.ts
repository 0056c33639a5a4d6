import { describe, expect, it } from 'vitest';
import { createRecentIds } from './recent-ids.js';

describe('createRecentIds', () => {
  it('tells a repeat among the last `limit` ids, and forgets the oldest beyond them', () => {
    const recent = createRecentIds(3);
    expect(['a', 'b', 'c'].map((id) => recent.add(id))).toEqual([true, true, true]);
    expect(recent.add('a')).toBe(false); // 'a' is now the most recent: 'b' is the oldest
    expect(recent.add('d')).toBe(true); // forgets 'b'
    expect(recent.add('b')).toBe(true);
    expect(recent.add('d')).toBe(false);
  });

  it('remembers where each id was read; a repeat without a position keeps the one it had', () => {
    const recent = createRecentIds(2);
    expect(recent.add('a', { lo: 0, hi: 0 })).toBe(true);
    expect(recent.add('b')).toBe(true);
    expect(recent.positionOf('a')).toStrictEqual({ lo: 0, hi: 0 });
    expect(recent.positionOf('b')).toBeUndefined();
    expect(recent.add('a')).toBe(false);
    expect(recent.positionOf('a')).toStrictEqual({ lo: 0, hi: 0 });
    expect(recent.add('a', { lo: 5, hi: 7 })).toBe(false);
    expect(recent.positionOf('a')).toStrictEqual({ lo: 5, hi: 7 });
    recent.add('c');
    recent.add('d');
    expect(recent.positionOf('a')).toBeUndefined();
  });
});

