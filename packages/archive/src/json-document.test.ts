import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { binaryDocumentOf, dropKeptBuffers } from './json-document.js';
import { noNulJson } from './rows.js';

// What the server receives as text: the whole chunk stringified, escapes mended.
const textOf = (chunk: readonly object[]) => noNulJson(JSON.stringify(chunk));
const jsonbOf = (chunk: readonly object[]) => Buffer.concat([Buffer.from([1]), Buffer.from(textOf(chunk), 'utf8')]);

describe('binaryDocumentOf', () => {
  it('is jsonb’s version byte and the UTF-8 of the chunk’s JSON, for any text (NUL, lone surrogates, pairs, multi-byte)', () => {
    const text = fc.oneof(fc.string({ unit: 'binary' }), fc.string({ unit: 'grapheme' }), fc.constantFrom('\u0000', '\ud800', '\udc00x', '😀', '\\u0000', 'é'.repeat(3000)));
    const record = fc.record({ id: text, name: fc.option(text), targets: fc.array(fc.tuple(text, fc.integer(), fc.option(text)), { maxLength: 5 }) });
    fc.assert(
      fc.property(fc.array(record, { maxLength: 20 }), (chunk) => {
        const document = binaryDocumentOf(chunk);
        expect(document.value.equals(jsonbOf(chunk))).toBe(true);
        expect(document.textLength).toBe(JSON.stringify(chunk).length);
        document.release();
      }),
      { numRuns: 300 },
    );
  });

  it('keeps a document’s bytes until it is released, while later documents reuse released buffers', () => {
    const big = (tag: string, size: number) => Array.from({ length: size }, (_, index) => ({ tag, index, text: `${tag}-${index}-${'x'.repeat(500)}` }));
    const first = binaryDocumentOf(big('first', 200));
    const second = binaryDocumentOf(big('second', 200));
    // Neither released: each has its own buffer.
    expect(first.value.equals(jsonbOf(big('first', 200)))).toBe(true);
    expect(second.value.equals(jsonbOf(big('second', 200)))).toBe(true);
    first.release();
    first.release(); // twice is once: the buffer is not handed out to two documents
    const third = binaryDocumentOf(big('third', 150));
    const fourth = binaryDocumentOf(big('fourth', 150));
    expect(second.value.equals(jsonbOf(big('second', 200)))).toBe(true);
    expect(third.value.equals(jsonbOf(big('third', 150)))).toBe(true);
    expect(fourth.value.equals(jsonbOf(big('fourth', 150)))).toBe(true);
    // A larger chunk after smaller ones grows past the kept buffers, with the same bytes.
    const large = binaryDocumentOf(big('large', 2_000));
    expect(large.value.equals(jsonbOf(big('large', 2_000)))).toBe(true);
    for (const document of [second, third, fourth, large]) document.release();
  });

  it('reuses a released buffer, and lets the kept ones go once dropped (an archive closing)', () => {
    // Past Buffer's 4 KiB pool, so each allocation has an ArrayBuffer of its own; many small
    // invocations, as a sync writes them.
    const chunk = Array.from({ length: 100 }, (_, index) => ({ index, text: 'x'.repeat(200) }));
    // None kept from the tests before: the one this test releases is the one it gets back.
    dropKeptBuffers();
    const one = binaryDocumentOf(chunk);
    const buffer = one.value.buffer;
    one.release();
    const two = binaryDocumentOf(chunk);
    expect(two.value.buffer === buffer).toBe(true);
    two.release();
    dropKeptBuffers();
    const three = binaryDocumentOf(chunk);
    expect(three.value.buffer === buffer).toBe(false);
    expect(three.value.equals(jsonbOf(chunk))).toBe(true);
    three.release();
  });
});
