// UTF-8 bytes held in a binary string (one char per byte, what atob returns) read as text, for the
// Base64 outputs of every page. Command outputs are mostly ASCII with a few non-ASCII lines (Chinese
// messages, box-drawing characters). The ASCII stretches are already their own text, so they are kept
// as slices of the binary string, and only the non-ASCII runs are decoded, here in plain code: a run
// is a few dozen bytes, too short for a TextDecoder call to pay off. Decoding the whole output with
// TextDecoder (V8's UTF-8 decoder, one copy to bytes first) cost 1.5x JSON.parse of the page on a page
// of 2 KB outputs; this costs about half of that. Text with many runs (a Chinese log) goes to
// TextDecoder whole. The rules are TextDecoder's with `fatal: true`: anything it refuses is refused
// here (`undefined`), and a leading byte order mark is dropped like it does.

const nonAsciiRun = /[\x80-\xff]+/g;
const fatalUtf8 = new TextDecoder('utf-8', { fatal: true });

/** Past this many non-ASCII runs, or one run this long, TextDecoder over the whole text is cheaper. */
export const MAX_RUNS = 64;
/** See {@link MAX_RUNS}. Also keeps the arguments of {@link decodeRun}'s one `String.fromCharCode` call far below what overflows the stack (some hundreds of thousands). */
export const MAX_RUN_LENGTH = 1024;

const isContinuation = (byte: number): boolean => (byte & 0xc0) === 0x80;

/**
 * One run of bytes >= 0x80 of a binary string as text, or `undefined` when it is not whole, valid
 * UTF-8 (a multi-byte sequence never holds an ASCII byte, so a valid run ends exactly where a character does).
 * The run must be whole: the byte after `end` is ASCII or past the string. So a character cut at `end`
 * needs no bounds check: the byte read there (ASCII, or NaN past the string) is never a continuation byte.
 */
export function decodeRun(binary: string, start: number, end: number): string | undefined {
  const units: number[] = [];
  let index = start;
  while (index < end) {
    const lead = binary.charCodeAt(index);
    if (lead >= 0xc2 && lead <= 0xdf) {
      const b1 = binary.charCodeAt(index + 1);
      if (!isContinuation(b1)) return undefined;
      units.push(((lead & 0x1f) << 6) | (b1 & 0x3f));
      index += 2;
    } else if (lead >= 0xe0 && lead <= 0xef) {
      const b1 = binary.charCodeAt(index + 1);
      const b2 = binary.charCodeAt(index + 2);
      // E0 needs A0..BF next (no overlong form); ED needs 80..9F (no UTF-16 surrogates).
      if (!isContinuation(b1) || !isContinuation(b2) || (lead === 0xe0 && b1 < 0xa0) || (lead === 0xed && b1 > 0x9f)) return undefined;
      units.push(((lead & 0x0f) << 12) | ((b1 & 0x3f) << 6) | (b2 & 0x3f));
      index += 3;
    } else if (lead >= 0xf0 && lead <= 0xf4) {
      const b1 = binary.charCodeAt(index + 1);
      const b2 = binary.charCodeAt(index + 2);
      const b3 = binary.charCodeAt(index + 3);
      // F0 needs 90..BF next (no overlong form); F4 needs 80..8F (nothing past U+10FFFF).
      if (!isContinuation(b1) || !isContinuation(b2) || !isContinuation(b3) || (lead === 0xf0 && b1 < 0x90) || (lead === 0xf4 && b1 > 0x8f)) {
        return undefined;
      }
      const point = (((lead & 0x07) << 18) | ((b1 & 0x3f) << 12) | ((b2 & 0x3f) << 6) | (b3 & 0x3f)) - 0x10000;
      units.push(0xd800 | (point >> 10), 0xdc00 | (point & 0x3ff));
      index += 4;
    } else {
      return undefined;
    }
  }
  return String.fromCharCode.apply(null, units);
}

function decodeWhole(binary: string): string | undefined {
  const bytes = new Uint8Array(binary.length);
  // Stryker disable next-line EqualityOperator: `<=` writes one index past the array, which a typed array ignores
  for (let index = 0; index < binary.length; index += 1) bytes[index] = binary.charCodeAt(index);
  try {
    return fatalUtf8.decode(bytes);
  } catch {
    // Not UTF-8: undefined, below.
  }
  return undefined;
}

/**
 * The UTF-8 text held in a binary string (one char per byte, as `atob` returns), or `undefined` when
 * the bytes are not valid UTF-8 (exactly what `new TextDecoder('utf-8', { fatal: true })` refuses).
 * A leading byte order mark is dropped, as TextDecoder does. `nonAscii`, when the caller knows it
 * exactly (Node: `Buffer.byteLength(binary) - binary.length`, one native pass), is how many chars are
 * >= 0x80: text without any is returned without a search, and the search stops after the last run
 * instead of reading the rest of the text for one more (most outputs are ASCII, or end in ASCII).
 * @example utf8FromBinary(atob('5Lit5paH')) // '中文'
 */
export function utf8FromBinary(binary: string, nonAscii?: number): string | undefined {
  // Stryker disable next-line ConditionalExpression: `false` searches and finds no run: the same text
  if (nonAscii === 0) return binary;
  nonAsciiRun.lastIndex = 0;
  let match = nonAsciiRun.exec(binary);
  if (match === null) return binary;
  // Unknown (-1): never reaches 0, so the search goes on until it finds no run.
  let left = nonAscii ?? -1;
  let text = '';
  let done = 0;
  let runs = 0;
  do {
    const start = match.index;
    const end = start + match[0].length;
    // Stryker disable next-line all: past MAX_RUNS one TextDecoder call is cheaper; run by run or whole, the text is the same
    if (++runs > MAX_RUNS) return decodeWhole(binary);
    // Stryker disable next-line ConditionalExpression,EqualityOperator,ArithmeticOperator: `true`, `>=` and `end + start` only move the bound of the same choice (`false` and `<=`, decoding a run of millions of bytes in one call, are killed)
    if (end - start > MAX_RUN_LENGTH) return decodeWhole(binary);
    let decoded = decodeRun(binary, start, end);
    if (decoded === undefined) return undefined;
    if (start === 0 && decoded.charCodeAt(0) === 0xfeff) decoded = decoded.slice(1);
    text += binary.slice(done, start) + decoded;
    done = end;
    left -= end - start;
    // Stryker disable next-line ConditionalExpression: `false` searches the rest anyway and finds no run: the same text
    match = left === 0 ? null : nonAsciiRun.exec(binary);
  } while (match !== null);
  return text + binary.slice(done);
}
