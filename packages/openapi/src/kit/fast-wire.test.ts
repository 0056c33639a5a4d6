import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  fastBoolean,
  fastContent,
  fastInteger,
  fastList,
  fastRecord,
  fastRequiredString,
  fastString,
  fastWrappedList,
  giveUp,
  readFast,
} from './fast-wire.js';
import { wireBoolean, wireInteger, wireList, wireString, wrappedList } from './wire.js';

// The fast readers promise to accept exactly what their zod twins accept and to give the same value
// (fast-wire.ts). The adapters' read-wire tests check that on whole bodies; these check it value by
// value, so the kit's own tests can fail on a change of a fast reader.

/** What a reader makes of a value: its result, or "gave up". */
function fast<Output>(read: () => Output): { value: Output | undefined } | 'gave up' {
  let ran = false;
  const result = readFast(() => {
    const value = read();
    ran = true;
    return value;
  });
  return ran ? { value: result } : 'gave up';
}

/** What a zod schema makes of a value, in the same shape. */
function slow(schema: z.core.$ZodType, value: unknown): { value: unknown } | 'gave up' {
  const result = z.safeParse(schema, value);
  return result.success ? { value: result.data } : 'gave up';
}

// Every variation the services send, and the shapes that must be refused.
const samples: unknown[] = [
  undefined,
  null,
  '',
  ' ',
  ' \t\n',
  'abc',
  '  abc ',
  '007',
  '1e5',
  '0x10',
  '1.5',
  '12a',
  'a12',
  '1 2',
  '+',
  '-',
  '--1',
  '0',
  '-0',
  '+42',
  ' -1700 ',
  '123',
  '9007199254740991',
  '9007199254740993',
  '99999999999999999999',
  'true',
  'True',
  ' FALSE ',
  'false',
  'yes',
  'null',
  0,
  -1,
  42,
  1.5,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  2 ** 53,
  Number.MAX_SAFE_INTEGER,
  true,
  false,
  {},
  { a: 1 },
  [],
  ['a'],
];

const label = (value: unknown): string => (typeof value === 'number' || value === undefined ? String(value) : JSON.stringify(value));

describe('the fast readers agree with their zod twins', () => {
  it.each(samples.map((value) => [label(value), value]))('fastString, wireString on %s', (_label, value) => {
    expect(fast(() => fastString(value))).toStrictEqual(slow(wireString, value));
  });

  it.each(samples.map((value) => [label(value), value]))('fastRequiredString, wireString.pipe(z.string()) on %s', (_label, value) => {
    expect(fast(() => fastRequiredString(value))).toStrictEqual(slow(z.pipe(wireString, z.string()), value));
  });

  it.each(samples.map((value) => [label(value), value]))('fastContent, z.string().nullish() on %s', (_label, value) => {
    expect(fast(() => fastContent(value))).toStrictEqual(slow(z.string().nullish().transform((text) => text ?? undefined), value));
  });

  it.each(samples.map((value) => [label(value), value]))('fastBoolean, wireBoolean on %s', (_label, value) => {
    expect(fast(() => fastBoolean(value))).toStrictEqual(slow(wireBoolean, value));
  });

  it.each(samples.map((value) => [label(value), value]))('fastInteger, wireInteger on %s', (_label, value) => {
    expect(fast(() => fastInteger(value))).toStrictEqual(slow(wireInteger, value));
  });

  it.each(samples.map((value) => [label(value), value]))('fastRecord, z.object({}) on %s', (_label, value) => {
    const result = fast(() => fastRecord(value));
    expect(result === 'gave up' ? 'gave up' : 'accepted').toBe(slow(z.object({}), value) === 'gave up' ? 'gave up' : 'accepted');
    if (result !== 'gave up') expect(result.value).toBe(value); // the record itself, not a copy
  });

  it('fastInteger and wireInteger agree on generated integer-like text', () => {
    const digits = fc.string({ unit: fc.constantFrom('0', '1', '9', '+', '-', ' ', 'e', '.', 'x'), maxLength: 8 });
    fc.assert(
      fc.property(fc.oneof(digits, fc.integer().map(String), fc.bigInt().map(String)), (text) => {
        expect(fast(() => fastInteger(text))).toStrictEqual(slow(wireInteger, text));
      }),
      { numRuns: 300 },
    );
  });

  it('reads several-digit and signed integers', () => {
    expect(fastInteger('123')).toBe(123);
    expect(fastInteger('+42')).toBe(42);
    expect(fastInteger(' -1700 ')).toBe(-1700);
    expect(fastInteger('9007199254740991')).toBe(Number.MAX_SAFE_INTEGER);
    for (const text of ['1e5', '0x10', '12a', 'a12', '9007199254740993']) expect(fast(() => fastInteger(text))).toBe('gave up');
  });
});

describe('fastList and fastWrappedList', () => {
  const item = (value: unknown): string => fastRequiredString(fastRecord(value).Id);
  const itemSchema = z.object({ Id: z.pipe(wireString, z.string()) }).transform((value) => value.Id);
  const lists: unknown[] = [[{ Id: 'a' }, { Id: 'b' }], { Id: 'a' }, '', ' ', null, undefined, [], [{ Id: 1 }], 'x', 42, [{ Id: '' }]];

  it.each(lists.map((value) => [label(value), value]))('fastList agrees with wireList on %s', (_label, value) => {
    expect(fast(() => fastList(value, item))).toStrictEqual(slow(wireList(itemSchema), value));
  });

  const wrapped: unknown[] = [
    { Tag: [{ Id: 'a' }, { Id: 'b' }] },
    { Tag: { Id: 'a' } },
    { Tag: [] },
    { Tag: '' },
    {},
    '',
    '  ',
    null,
    undefined,
    42,
    [],
    'x',
    { Tag: [{ Id: 1 }] },
  ];

  it.each(wrapped.map((value) => [label(value), value]))('fastWrappedList agrees with wrappedList on %s', (_label, value) => {
    expect(fast(() => fastWrappedList(value, 'Tag', item))).toStrictEqual(slow(wrappedList('Tag', itemSchema), value));
  });

  it('reads the items in order, each through the item reader', () => {
    expect(fastWrappedList({ Tag: [{ Id: ' a ' }, { Id: 'b' }] }, 'Tag', item)).toStrictEqual(['a', 'b']);
    expect(fastList({ Id: 'c' }, item)).toStrictEqual(['c']);
    expect(fastWrappedList({ Other: [{ Id: 'a' }] }, 'Tag', item)).toStrictEqual([]);
  });
});

describe('readFast', () => {
  it('gives undefined when the reader gave up, and the value otherwise', () => {
    expect(readFast(() => giveUp())).toBeUndefined();
    expect(readFast(() => 'read')).toBe('read');
  });

  it('lets any other error through', () => {
    const error = new RangeError('a bug in a reader');
    expect(() =>
      readFast(() => {
        throw error;
      }),
    ).toThrow(error);
    expect(() =>
      readFast(() => {
        throw undefined;
      }),
    ).toThrow();
  });
});
