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
const range = (from: number, to: number): number[] => Array.from({ length: to - from }, (_, index) => from + index);

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
  // Under 512 characters the Node twin counts the non-ASCII bytes first and stops after the last run.
  it('decodes a short output whatever its last run is, and refuses one whose bad bytes come after good runs', () => {
    for (const text of ['ascii only\n', '中', 'a中', '中a', 'x\n中文\ny', `${'中 '.repeat(40)}tail`, `tail ${'é'.repeat(60)}`, '\uFEFF中 x']) {
      expect(base64Utf8(base64Of(text))).toBe(reference(base64Of(text)));
    }
    for (const bytes of [[0xc3, 0xa9, 0x20, 0xff], [0xc3, 0xa9, 0x20, 0xe4, 0xb8], [0x61, 0xc3, 0xa9, 0x61, 0xed, 0xa0, 0x80, 0x61], [0x80, 0x61, 0xc3, 0xa9]]) {
      expect(base64Utf8(Buffer.from(bytes).toString('base64'))).toBeUndefined();
    }
  });
  it('decodes many runs, long runs and outputs past the reused buffer like TextDecoder', () => {
    const many = '中 '.repeat(500);
    const long = '中'.repeat(2000);
    const big = `${'a'.repeat(70_000)}● ${'b'.repeat(10)}`;
    for (const text of [many, long, big, `${long}x`, 'a'.repeat(100_000)]) expect(base64Utf8(base64Of(text))).toBe(text);
    expect(base64Utf8(Buffer.concat([Buffer.from(big), Buffer.from([0xff])]).toString('base64'))).toBeUndefined();
  });
  // Long enough (512 characters and more) for the Node twin's own decoder; each case is checked
  // against the strict reference, so the same cases hold for both twins.
  it('decodes a character at every offset of a long output, and two characters near each other', () => {
    for (const filler of [600, 601, 602, 603]) {
      const positions = [...range(0, 40), ...range(296, 336), ...range(filler - 40, filler + 1)];
      for (const char of ['é', 'Ā', '中', '…', '😀', '\uFEFF']) {
        for (const at of positions) {
          const text = `${'x'.repeat(at)}${char}${'y'.repeat(filler - at)}`;
          expect(base64Utf8(base64Of(text))).toBe(reference(base64Of(text)));
          if (filler !== 600 || (at >= 20 && at < 296) || at >= 316) continue;
          for (const gap of range(0, 7)) {
            const two = `${'x'.repeat(at)}${char}${'y'.repeat(gap)}${char}${'z'.repeat(filler - at)}`;
            expect(base64Utf8(base64Of(two))).toBe(reference(base64Of(two)));
          }
        }
      }
    }
  });
  it('refuses a long output with invalid UTF-8 at any offset', () => {
    const broken = [[0xff], [0x80], [0xc3], [0xe4, 0xb8], [0xf0, 0x9f, 0x98], [0xc0, 0x80], [0xed, 0xa0, 0x80], [0xe4, 0x41, 0xad]];
    for (const filler of [600, 603]) {
      for (const bytes of broken) {
        for (const at of [...range(0, 20), ...range(300, 320), ...range(filler - 20, filler + 1)]) {
          const encoded = Buffer.concat([Buffer.alloc(at, 'x'), Buffer.from(bytes), Buffer.alloc(filler - at, 'y')]).toString('base64');
          expect(base64Utf8(encoded)).toBeUndefined();
          // The same after a valid character a few bytes before (the scan resumes mid-word there).
          for (const gap of [1, 2, 3, 4, 5]) {
            if (at < gap + 2) continue;
            const after = Buffer.concat([Buffer.alloc(at - gap - 2, 'x'), Buffer.from('é'), Buffer.alloc(gap, 'x'), Buffer.from(bytes), Buffer.alloc(filler - at, 'y')]);
            expect(base64Utf8(after.toString('base64'))).toBeUndefined();
          }
        }
      }
    }
  });
  it('agrees with the reference at lengths around 512 characters, padded or not', () => {
    for (const size of range(376, 392)) {
      for (const tail of ['', '中', 'é']) {
        const encoded = base64Of(`${'a'.repeat(size)}${tail}`);
        expect(base64Utf8(encoded)).toBe(reference(encoded));
        for (const cut of [1, 2, 3]) expect(base64Utf8(encoded.slice(0, -cut))).toBe(reference(encoded.slice(0, -cut)));
        for (const extra of ['A', 'AA', 'AAA', '=', 'A=', '==']) expect(base64Utf8(encoded + extra)).toBe(reference(encoded + extra));
      }
    }
  });
  it('refuses a long output holding a character outside the strict alphabet anywhere', () => {
    for (const size of [600, 601, 602]) {
      const encoded = base64Of(`${'a'.repeat(size / 2)}中${'b'.repeat(size / 2)}`);
      const at = [0, 1, 2, 3, 100, 401, encoded.length - 4, encoded.length - 3, encoded.length - 2, encoded.length - 1];
      for (const index of at) {
        for (const char of ['-', '_', ' ', '\n', '\t', '\r', '=', '*', '.', '中', 'é', 'Ā', '\u2028', '\u00ad']) {
          const changed = encoded.slice(0, index) + char + encoded.slice(index + 1);
          expect(base64Utf8(changed)).toBe(reference(changed));
        }
      }
      expect(base64Utf8(`${encoded.slice(0, 400)}====${encoded.slice(404)}`)).toBeUndefined();
    }
  });
  it('refuses non-canonical trailing bits in a long output (one and two padding characters)', () => {
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
    for (const [size, index, unused] of [[602, -2, 0b11], [601, -3, 0b1111]] as const) {
      const encoded = base64Of('a'.repeat(size));
      const at = encoded.length + index;
      const value = alphabet.indexOf(encoded.charAt(at));
      expect(base64Utf8(encoded)).toBe('a'.repeat(size));
      for (let bits = 1; bits <= unused; bits += 1) {
        const changed = encoded.slice(0, at) + alphabet.charAt(value | bits) + encoded.slice(at + 1);
        // The same bytes, spelled with bits that a canonical encoder leaves 0.
        expect(Buffer.from(changed, 'base64').equals(Buffer.from(encoded, 'base64'))).toBe(true);
        expect(base64Utf8(changed)).toBeUndefined();
      }
      for (const char of alphabet) {
        const changed = encoded.slice(0, at) + char + encoded.slice(at + 1);
        expect(base64Utf8(changed)).toBe(reference(changed));
      }
    }
  });
  it('drops a byte order mark only at the very start of a long output', () => {
    const filler = 'a'.repeat(600);
    const cases = [`\uFEFF${filler}`, `\uFEFF中${filler}`, `\uFEFF\uFEFF${filler}`, `${filler}\uFEFF`, `a\uFEFF${filler}`, `中\uFEFF${filler}`, `中${filler}`, `é${filler}`];
    for (const text of [...cases, ...cases.map((value) => `${value}${'中 '.repeat(80)}`), `\uFEFF${'中'.repeat(400)}`, `中${'中'.repeat(400)}`]) {
      expect(base64Utf8(base64Of(text))).toBe(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
    }
  });
  it('decodes a run of millions of bytes, at the start or after ASCII (too many characters to build in one call)', () => {
    for (const text of ['中'.repeat(1_500_000), `a${'中'.repeat(1_500_000)}b`]) expect(base64Utf8(base64Of(text))).toBe(text);
  });
  it('refuses invalid UTF-8 past many runs or in a run too long to decode alone', () => {
    const invalid = [[0xff], [0xed, 0xa0, 0x80], [0xc0, 0x80], [0xe4, 0xb8]];
    for (const bytes of invalid) {
      const afterMany = Buffer.concat([Buffer.from('中 '.repeat(100)), Buffer.from(bytes)]);
      const inLong = Buffer.concat([Buffer.from('中'.repeat(400)), Buffer.from(bytes), Buffer.from('a')]);
      const manyAfter = Buffer.concat([Buffer.from('a'), Buffer.from(bytes), Buffer.from(' 中'.repeat(100))]);
      for (const value of [afterMany, inLong, manyAfter]) expect(base64Utf8(value.toString('base64'))).toBeUndefined();
    }
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

// The Node twin decodes into one reused buffer (up to 64 KiB) and gives a larger output its own.
describe('base64Utf8 (node): the reused buffer', () => {
  it('reads only the current output: nothing left from a longer one, nothing from the reused buffer when the output has its own', () => {
    const sizes = [4095, 4096, 4097, 65_535, 65_536, 65_537, 70_000];
    for (const size of sizes) {
      for (const text of [`${'a'.repeat(size)}`, `${'a'.repeat(size)}中`, `中${'a'.repeat(size)}`, `${'a'.repeat(size - 1000)}é${'b'.repeat(1000)}`]) {
        expect(node.base64Utf8(base64Of(text))).toBe(text);
      }
    }
    // The reused buffer full of ASCII, then an output too large for it with one character early on.
    expect(node.base64Utf8(base64Of('a'.repeat(65_000)))).toBe('a'.repeat(65_000));
    const own = `${'a'.repeat(1000)}中${'b'.repeat(70_000)}`;
    expect(node.base64Utf8(base64Of(own))).toBe(own);
    // Non-ASCII bytes left past the end of a shorter output must not show through.
    expect(node.base64Utf8(base64Of('中'.repeat(20_000)))).toBe('中'.repeat(20_000));
    for (const size of [5001, 5002, 5003, 5004]) expect(node.base64Utf8(base64Of('c'.repeat(size)))).toBe('c'.repeat(size));
    expect(node.base64Utf8(base64Of('中'.repeat(20_000)))).toBe('中'.repeat(20_000));
    for (const size of [5001, 5002, 5003]) expect(node.base64Utf8(base64Of(`${'c'.repeat(size)}é`))).toBe(`${'c'.repeat(size)}é`);
  });
});
