import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseTime } from './rows.js';

const pad = (value: number, width: number) => String(value).padStart(width, '0');

describe('parseTime', () => {
  it('reads the services’ YYYY-MM-DDTHH:MM:SSZ exactly as Date.parse, out-of-range fields included', () => {
    // Each field one past its range too (and 24:00, and years before 100, which Date.UTC would map to 19xx).
    const stamp = fc
      .tuple(fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 }), fc.integer({ min: 0, max: 25 }), fc.integer({ min: 0, max: 60 }), fc.integer({ min: 0, max: 60 }))
      .map(([y, mo, d, h, mi, s]) => `${pad(y, 4)}-${pad(mo, 2)}-${pad(d, 2)}T${pad(h, 2)}:${pad(mi, 2)}:${pad(s, 2)}Z`);
    fc.assert(
      fc.property(stamp, (text) => {
        const expected = Date.parse(text);
        expect(parseTime(text)).toBe(Number.isFinite(expected) ? expected : null);
      }),
      { numRuns: 5_000 },
    );
  });

  it('leaves other forms and other characters in that shape to Date.parse', () => {
    for (const text of ['2020-02-31T00:00:00Z', '2020-01-01T24:00:00Z', '0099-01-01T00:00:00Z', '2020-01-01T00:00:00.5Z', '2020-01-01 00:00:00Z', '2020-0a-01T00:00:00Z', '2020-01-01T00:00:00+', '+02020-01-01T00:00:00Z']) {
      const expected = Date.parse(text);
      expect(parseTime(text), text).toBe(Number.isFinite(expected) ? expected : null);
    }
    expect(parseTime('-271821-04-20T00:00:00Z')).toBeNull();
    expect(parseTime(undefined)).toBeNull();
    expect(parseTime('not a time')).toBeNull();
  });
});
