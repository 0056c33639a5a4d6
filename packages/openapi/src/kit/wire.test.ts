import { DecodeError } from '@invocations/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { MAX_NESTING_DEPTH } from '../transport/nesting.js';
import { decodeBase64Text, parseParameters, wireBoolean, wireInteger, wireList, wireString, wireTime, wrappedList } from './wire.js';

describe('wireString', () => {
  it('trims and turns empty or whitespace-only text into undefined', () => {
    expect(wireString.parse('  abc ')).toBe('abc');
    expect(wireString.parse('')).toBeUndefined();
    expect(wireString.parse(' \t\n ')).toBeUndefined();
    expect(wireString.parse(undefined)).toBeUndefined();
    expect(wireString.parse(null)).toBeUndefined();
  });
  it('keeps numeric-looking strings as sent', () => {
    expect(wireString.parse('007')).toBe('007');
    expect(wireString.parse('1e5')).toBe('1e5');
  });
  it('rejects non-strings', () => {
    expect(wireString.safeParse(5).success).toBe(false);
    expect(wireString.safeParse({}).success).toBe(false);
  });
});

describe('wireTime', () => {
  it('trims tabs and newlines and keeps the text as sent, never adding a zone', () => {
    expect(wireTime.parse('\t2020-01-19T09:15:46Z\n')).toBe('2020-01-19T09:15:46Z');
    expect(wireTime.parse(' 2020-01-19T09:15:46 ')).toBe('2020-01-19T09:15:46');
    expect(wireTime.parse('2020-01-19T09:15:46+08:00')).toBe('2020-01-19T09:15:46+08:00');
    expect(wireTime.parse('')).toBeUndefined();
  });
});

describe('wireBoolean', () => {
  it('accepts booleans and true/false strings in any case', () => {
    expect(wireBoolean.parse(true)).toBe(true);
    expect(wireBoolean.parse(false)).toBe(false);
    expect(wireBoolean.parse('true')).toBe(true);
    expect(wireBoolean.parse('True')).toBe(true);
    expect(wireBoolean.parse('FALSE')).toBe(false);
    expect(wireBoolean.parse(' false ')).toBe(false);
    expect(wireBoolean.parse('')).toBeUndefined();
    expect(wireBoolean.parse(undefined)).toBeUndefined();
  });
  it('rejects anything else, naming the value', () => {
    const result = wireBoolean.safeParse('yes');
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toContain('"yes"');
    expect(wireBoolean.safeParse(1).success).toBe(false);
  });
});

describe('wireInteger', () => {
  it('accepts numbers and decimal integer strings', () => {
    expect(wireInteger.parse(0)).toBe(0);
    expect(wireInteger.parse(-1)).toBe(-1);
    expect(wireInteger.parse('0')).toBe(0);
    expect(wireInteger.parse('-1')).toBe(-1);
    expect(wireInteger.parse(' 3 ')).toBe(3);
    expect(wireInteger.parse('')).toBeUndefined();
    expect(wireInteger.parse(null)).toBeUndefined();
  });
  it('rejects exponents, fractions, text and unsafe integers', () => {
    for (const value of ['1e5', '1.5', 'abc', '0x10', 1.5, Number.NaN, '99999999999999999999']) {
      expect(wireInteger.safeParse(value).success, String(value)).toBe(false);
    }
  });
  it('reads integers of several digits, with a sign, up to the largest safe one', () => {
    expect(wireInteger.parse('123')).toBe(123);
    expect(wireInteger.parse('+42')).toBe(42);
    expect(wireInteger.parse(' -1700 ')).toBe(-1700);
    expect(wireInteger.parse('007')).toBe(7);
    expect(wireInteger.parse(String(Number.MAX_SAFE_INTEGER))).toBe(Number.MAX_SAFE_INTEGER);
    expect(wireInteger.parse(Number.MIN_SAFE_INTEGER)).toBe(Number.MIN_SAFE_INTEGER);
    expect(wireInteger.parse(undefined)).toBeUndefined();
    expect(wireInteger.parse(' \t')).toBeUndefined();
  });
  it('rejects what is only partly an integer, and unsafe numbers, naming the value', () => {
    for (const value of ['12a', 'a12', '1 2', '--1', '+', '-', '1.', '.5', '10e2', '0x1F', '1_000', String(Number.MAX_SAFE_INTEGER + 2)]) {
      expect(wireInteger.safeParse(value).success, value).toBe(false);
    }
    expect(wireInteger.safeParse(2 ** 53).success).toBe(false);
    expect(wireInteger.safeParse(Number.POSITIVE_INFINITY).success).toBe(false);
    expect(wireInteger.safeParse(true).success).toBe(false);
    expect(wireInteger.safeParse('1e5').error?.issues[0]?.message).toBe('expected an integer, got "1e5"');
    expect(wireInteger.safeParse(1.5).error?.issues[0]?.message).toBe('expected an integer, got 1.5');
  });
  it('reports a refused value as one issue of code "custom"', () => {
    const issues = (result: { error?: { issues: ReadonlyArray<{ code: string; message: string }> } }) =>
      (result.error?.issues ?? []).map(({ code, message }) => ({ code, message }));
    expect(issues(wireInteger.safeParse(' 1e5 '))).toStrictEqual([{ code: 'custom', message: 'expected an integer, got " 1e5 "' }]);
    expect(issues(wireInteger.safeParse(0.5))).toStrictEqual([{ code: 'custom', message: 'expected an integer, got 0.5' }]);
    expect(issues(wireBoolean.safeParse('yes'))).toStrictEqual([{ code: 'custom', message: 'expected true or false (any case), got "yes"' }]);
  });
});

describe('wireList', () => {
  const list = wireList(z.object({ Id: z.string() }));
  it('keeps arrays, wraps one object, and reads empty as []', () => {
    expect(list.parse([{ Id: 'a' }, { Id: 'b' }])).toEqual([{ Id: 'a' }, { Id: 'b' }]);
    expect(list.parse({ Id: 'a' })).toEqual([{ Id: 'a' }]);
    expect(list.parse('')).toEqual([]);
    expect(list.parse(undefined)).toEqual([]);
    expect(list.parse(null)).toEqual([]);
  });
  it('still checks the items', () => {
    expect(list.safeParse([{ Id: 1 }]).success).toBe(false);
  });
});

describe('wrappedList', () => {
  const list = wrappedList('Tag', z.object({ Key: z.string() }));
  it('reads the wrapped items: an array, one bare element (XML), or an empty wrapper as []', () => {
    expect(list.parse({ Tag: [{ Key: 'a' }, { Key: 'b' }] })).toEqual([{ Key: 'a' }, { Key: 'b' }]);
    expect(list.parse({ Tag: { Key: 'a' } })).toEqual([{ Key: 'a' }]);
    expect(list.parse({ Tag: [] })).toEqual([]);
    expect(list.parse('')).toEqual([]);
    expect(list.parse('  ')).toEqual([]);
    expect(list.parse(null)).toEqual([]);
    expect(list.parse(undefined)).toEqual([]);
  });
  it('still checks the wrapper and the items', () => {
    expect(list.safeParse({ Tag: [{ Key: 1 }] }).success).toBe(false);
    expect(list.safeParse(42).success).toBe(false);
  });
});

describe('decodeBase64Text', () => {
  it('decodes Base64 as UTF-8, Chinese included', () => {
    const text = '你好，世界\nhello';
    expect(decodeBase64Text(Buffer.from(text, 'utf8').toString('base64'))).toBe(text);
    expect(decodeBase64Text('ZWNobyAxMjM=')).toBe('echo 123');
  });
  it('keeps text that is not Base64 unchanged (the seed 003 examples)', () => {
    expect(decodeBase64Text('cnBtIC1xYSB8IGdyZXAgdnNm****')).toBe('cnBtIC1xYSB8IGdyZXAgdnNm****');
    expect(decodeBase64Text('OutPutTestmsg')).toBe('OutPutTestmsg');
    expect(decodeBase64Text('')).toBe('');
  });
  it('keeps text that is only loosely Base64 unchanged (no padding, inner spaces, stray characters)', () => {
    for (const text of ['YQ', 'Y Q==', 'ZWNobyAx#MjM=', 'YQ==YQ==']) expect(decodeBase64Text(text)).toBe(text);
  });
  it('keeps Base64 whose bytes are not UTF-8 unchanged', () => {
    const notUtf8 = Buffer.from([0xff, 0xfe, 0xfd]).toString('base64');
    expect(decodeBase64Text(notUtf8)).toBe(notUtf8);
  });
  it('keeps non-canonical, URL-safe and whitespace-broken Base64 unchanged', () => {
    for (const text of ['QR==', 'QUJ=', 'ab-_', 'YQ\n=', 'Y\tQ=', 'YWJj\nZGVm', '====', 'Q===', '=QQ=', 'QQ=A']) expect(decodeBase64Text(text)).toBe(text);
  });
  it('drops a UTF-8 byte order mark like TextDecoder does', () => {
    expect(decodeBase64Text(Buffer.from('\uFEFFhello', 'utf8').toString('base64'))).toBe('hello');
  });
  it('decodes a 16 MB field without throwing', () => {
    const huge = Buffer.alloc(12 * 1024 * 1024, 'a').toString('base64');
    expect(decodeBase64Text(huge)).toHaveLength(12 * 1024 * 1024);
    expect(decodeBase64Text(`${huge}#`)).toHaveLength(huge.length + 1);
  });
  // base64-text.test.ts holds the generated cases, for the Node and the web twin alike.
});

describe('parseParameters', () => {
  it('parses a JSON object string or copies a map', () => {
    expect(parseParameters('{"name":"Jack","n":1}')).toEqual({ name: 'Jack', n: 1 });
    expect(parseParameters({ name: 'Jack' })).toEqual({ name: 'Jack' });
    expect(parseParameters('{}')).toEqual({});
  });
  it('reads absent or empty as {}', () => {
    expect(parseParameters(undefined)).toEqual({});
    expect(parseParameters(null)).toEqual({});
    expect(parseParameters('  ')).toEqual({});
  });
  it('keeps text that is not a JSON object under _raw', () => {
    expect(parseParameters('name=Jack')).toEqual({ _raw: 'name=Jack' });
    expect(parseParameters('[1,2]')).toEqual({ _raw: '[1,2]' });
  });
  it('refuses a JSON string (or a map) nested deeper than the depth limit with a DecodeError naming it', () => {
    const deep = (levels: number) => `${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`;
    expect(parseParameters(deep(MAX_NESTING_DEPTH))).toHaveProperty('a');
    for (const value of [deep(MAX_NESTING_DEPTH + 1), deep(200_000), JSON.parse(deep(200_000)) as unknown]) {
      let caught: unknown;
      try {
        parseParameters(value);
      } catch (error) {
        caught = error;
      }
      expect(DecodeError.isInstance(caught), String(caught)).toBe(true);
      expect((caught as DecodeError).reason).toMatch(/nested deeper than 128 levels/);
    }
  });
  it('names what was nested too deep: the JSON string, or the map', () => {
    const reasonOf = (value: unknown) => {
      try {
        parseParameters(value);
      } catch (error) {
        return (error as DecodeError).reason;
      }
      return undefined;
    };
    const deep = `${'{"a":'.repeat(MAX_NESTING_DEPTH + 1)}1${'}'.repeat(MAX_NESTING_DEPTH + 1)}`;
    expect(reasonOf(deep)).toBe(`Parameters (a JSON string) is nested deeper than ${MAX_NESTING_DEPTH} levels (the nesting depth limit)`);
    expect(reasonOf(JSON.parse(deep))).toBe(`Parameters is nested deeper than ${MAX_NESTING_DEPTH} levels (the nesting depth limit)`);
  });
  it('keeps JSON that is null, a number, a string or a boolean under _raw', () => {
    expect(parseParameters('null')).toStrictEqual({ _raw: 'null' });
    expect(parseParameters('42')).toStrictEqual({ _raw: '42' });
    expect(parseParameters('"x"')).toStrictEqual({ _raw: '"x"' });
    expect(parseParameters('true')).toStrictEqual({ _raw: 'true' });
  });
  it('keeps a value that is neither text nor a map under _raw', () => {
    expect(parseParameters(42)).toStrictEqual({ _raw: 42 });
    expect(parseParameters(false)).toStrictEqual({ _raw: false });
    expect(parseParameters([{ name: 'x' }])).toStrictEqual({ _raw: [{ name: 'x' }] });
  });
  it('copies a map rather than handing out the decoded body', () => {
    const sent = { name: 'Jack' };
    const parsed = parseParameters(sent);
    expect(parsed).toStrictEqual({ name: 'Jack' });
    expect(parsed).not.toBe(sent);
  });
});
