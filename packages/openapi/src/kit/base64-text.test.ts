import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as node from './base64-text-node.js';
import * as web from './base64-text-web.js';

// wire.test.ts checks decodeBase64Text through whichever `#base64-text` this runtime picks (Node:
// base64-text-node.ts); here both twins must give exactly what the strict reference gives.
const fatal = new TextDecoder('utf-8', { fatal: true });
// Strict = Buffer re-encodes to the same text; then a fatal TextDecoder (which drops a leading BOM).
function reference(text: string): string | undefined {
  if (text.length % 4 !== 0) return undefined;
  const bytes = Buffer.from(text, 'base64');
  if (bytes.toString('base64') !== text) return undefined;
  try {
    return fatal.decode(bytes);
  } catch {
    return undefined;
  }
}

const LINES = ['Reading package lists... Done', '● nginx.service - active', '中文输出：命令执行完成', 'df -h', '😀 done', '', 'Ünïcödé ✓'];
const base64Of = (text: string): string => Buffer.from(text, 'utf8').toString('base64');

describe.each([
  ['node', node.base64Utf8],
  ['web', web.base64Utf8],
])('base64Utf8 (%s)', (_name, base64Utf8) => {
  it('decodes UTF-8, drops a leading byte order mark only', () => {
    expect(base64Utf8('5Lit5paH')).toBe('中文');
    expect(base64Utf8('ZWNobyAxMjM=')).toBe('echo 123');
    expect(base64Utf8('77u/YQ==')).toBe('a');
    expect(base64Utf8(base64Of('\uFEFFa\uFEFF'))).toBe('a\uFEFF');
    expect(base64Utf8(base64Of('x\n中文\n● y'))).toBe('x\n中文\n● y');
  });
  it('refuses what is not strict, canonical, padded Base64 or not UTF-8', () => {
    for (const text of ['QR==', 'QUJ=', 'ab-_', 'YQ\n=', 'Y\tQ=', 'YWJj\nZGVm', '====', 'Q===', '=QQ=', 'QQ=A', 'YQ', 'QQ==QQ==', 'Y Q=', '/w==', '5Lit5pa中']) {
      expect(base64Utf8(text)).toBeUndefined();
    }
  });
  it('decodes many runs, long runs and outputs past the reused buffer like TextDecoder', () => {
    const many = '中 '.repeat(500);
    const long = '中'.repeat(2000);
    const big = `${'a'.repeat(70_000)}● ${'b'.repeat(10)}`;
    for (const text of [many, long, big, `${long}x`, 'a'.repeat(100_000)]) expect(base64Utf8(base64Of(text))).toBe(text);
    expect(base64Utf8(Buffer.concat([Buffer.from(big), Buffer.from([0xff])]).toString('base64'))).toBeUndefined();
  });
  it('agrees with the strict reference on generated text', () => {
    const base64Chars = fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/='.split(''), ' ', '\n', '-', '_', '*', '中');
    const output = fc.array(fc.constantFrom(...LINES), { maxLength: 40 }).map((lines) => lines.join('\n'));
    const corruptedBytes = fc.tuple(output, fc.nat(2_000), fc.integer({ min: 0x80, max: 0xff })).map(([text, at, byte]) => {
      const bytes = Buffer.from(text, 'utf8');
      if (bytes.length > 0) bytes[at % bytes.length] = byte;
      return bytes.toString('base64');
    });
    const text = fc.oneof(
      fc.uint8Array({ maxLength: 64 }).map((bytes) => Buffer.from(bytes).toString('base64')),
      fc.string({ maxLength: 64 }).map(base64Of),
      output.map(base64Of),
      corruptedBytes,
      fc.array(base64Chars, { maxLength: 24 }).map((chars) => chars.join('')),
      fc.tuple(output, fc.nat(3_000), base64Chars).map(([value, at, char]) => {
        const encoded = base64Of(value);
        const index = encoded.length === 0 ? 0 : at % encoded.length;
        return encoded.slice(0, index) + char + encoded.slice(index + 1);
      }),
      fc.string({ minLength: 1, maxLength: 24 }),
    );
    fc.assert(
      fc.property(text, (value) => {
        if (value === '') return;
        expect(base64Utf8(value)).toBe(reference(value));
      }),
      { numRuns: 10_000 },
    );
  });
});
