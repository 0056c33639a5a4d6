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
});
