// Node's twin of base64-text-web.ts (the package's `#base64-text` import picks one per runtime), for
// the Base64 outputs of every page. Building the text is what costs: Buffer's UTF-8 decoder copies
// every byte into a new two-byte string (more than the official SDK's whole cast on a page of 2 KB
// outputs). Outputs are mostly ASCII with a few non-ASCII lines, so, as on the web path, the text is
// built from slices of one Latin-1 string (no copy) and only the non-ASCII runs are decoded. What
// Node adds: the bytes come from its native Base64 decoder into one reused buffer, where the runs are
// found four bytes at a time (the web path scans the string with a regular expression).
import { Buffer, isUtf8 } from 'node:buffer';
import { base64Binary } from './base64-text-web.js';
import { decodeRun, MAX_RUN_LENGTH, MAX_RUNS, utf8FromBinary } from './utf8-binary.js';

/**
 * Shorter Base64 goes the web twin's way (atob and a regular expression): below about this length
 * its one native call costs less than this path's several (measured on log outputs, Node 20).
 */
const SHORT_BASE64 = 512;

const BASE64_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
/** Outputs up to this size reuse one buffer; a larger one gets its own (so a 16 MB field is not kept). */
// Stryker disable next-line ArithmeticOperator: 64 / 1024 gives every output past 4 KiB a buffer of its own: the same bytes, more allocation
const SCRATCH_BYTES = 64 * 1024;
let scratch = Buffer.allocUnsafeSlow(4096);
let words = new Uint32Array(scratch.buffer, 0, scratch.length >> 2);

// Which buffer holds the bytes changes only allocation, so the mutants that pick a fresh one where the
// reused one would do (`false` and `<` on the first line, `true` and `>=` on the second) are equivalent;
// the ones that pick a buffer too small are killed, but share those mutators.
function bufferFor(length: number): Buffer {
  // Stryker disable next-line ConditionalExpression,EqualityOperator: a fresh buffer instead of the reused one (see above)
  if (length <= scratch.length) return scratch;
  // Stryker disable next-line ConditionalExpression,EqualityOperator: a buffer of its own instead of the reused one (see above)
  if (length > SCRATCH_BYTES) return Buffer.allocUnsafeSlow(length + 4);
  scratch = Buffer.allocUnsafeSlow(SCRATCH_BYTES);
  words = new Uint32Array(scratch.buffer, 0, scratch.length >> 2);
  return scratch;
}

// The decoded bytes of strict, canonical, padded Base64 in `bytes` (their count), or -1. Node's decoder
// is lenient: it reads a character past U+00FF by its low byte ('中' is U+4E2D, read as '-'), takes '-'
// and '_' (URL-safe Base64), and skips every other character outside the alphabet, '=' and whitespace
// included. So non-ASCII text and the URL-safe letters are ruled out first; a skipped character always
// leaves fewer bytes than the padded length promises, so the count rules those out; the last checks
// reject non-canonical trailing bits ("QR==") as Buffer's round trip does.
function decodeInto(bytes: Buffer, text: string): number {
  const length = text.length;
  if (length % 4 !== 0) return -1;
  const padding = text.charCodeAt(length - 1) !== 61 ? 0 : text.charCodeAt(length - 2) !== 61 ? 1 : 2;
  const expected = (length / 4) * 3 - padding;
  if (Buffer.byteLength(text) !== length || text.indexOf('-') !== -1 || text.indexOf('_') !== -1) return -1;
  if (bytes.write(text, 0, expected, 'base64') !== expected) return -1;
  if (padding === 1 && (BASE64_ALPHABET.indexOf(text.charAt(length - 2)) & 0b11) !== 0) return -1;
  if (padding === 2 && (BASE64_ALPHABET.indexOf(text.charAt(length - 3)) & 0b1111) !== 0) return -1;
  return expected;
}

// Node's Latin-1 slice, without the encoding lookup of toString('latin1') (typed here: @types/node leaves it out).
type Latin1Slicing = { latin1Slice(start: number, end: number): string };

/**
 * The UTF-8 text that strict, canonical, padded Base64 `text` (already trimmed, not empty) holds, or
 * `undefined` when it is not such Base64 or its bytes are not valid UTF-8 (what a fatal TextDecoder
 * refuses). A leading byte order mark is dropped, as TextDecoder does.
 */
export function base64Utf8(text: string): string | undefined {
  // Stryker disable next-line all: both ways give the same text (the tests hold both twins to one reference); the length only picks the faster
  if (text.length < SHORT_BASE64) {
    const binary = base64Binary(text);
    // How many of its chars are >= 0x80 (each is two bytes of UTF-8): none is the usual case, and then
    // the web twin's search for non-ASCII runs is skipped; otherwise it stops after the last run.
    return binary === undefined ? undefined : utf8FromBinary(binary, Buffer.byteLength(binary) - binary.length);
  }
  const bytes = bufferFor((text.length >> 2) * 3);
  const end = decodeInto(bytes, text);
  if (end === -1) return undefined;
  // Stryker disable next-line ConditionalExpression: `false` builds a new view of the reused buffer, the same words (`true`, reading the reused buffer's words for another buffer, is killed)
  const wordsOf = bytes === scratch ? words : new Uint32Array(bytes.buffer, bytes.byteOffset, bytes.length >> 2);
  let index = nextNonAscii(bytes, wordsOf, 0, end);
  const binary = (bytes as unknown as Latin1Slicing).latin1Slice(0, end);
  let built = '';
  let done = 0;
  let runs = 0;
  while (index < end) {
    // nextNonAscii found bytes[start] >= 0x80, so a run holds at least that byte: a scan that went wrong
    // makes a run that does not decode, rather than empty runs until MAX_RUNS.
    const start = index;
    // Stryker disable next-line AssignmentOperator: `index -= 1` makes an empty run before `start`, again each time, until MAX_RUNS sends the text to wholeText: the same text
    do index += 1;
    while (index < end && bytes[index]! >= 0x80);
    // Stryker disable next-line all: past MAX_RUNS one TextDecoder call is cheaper; run by run or whole, the text is the same
    if (++runs > MAX_RUNS) return wholeText(bytes, end);
    // Stryker disable next-line ConditionalExpression,EqualityOperator,ArithmeticOperator: `true`, `>=` and `index + start` only move the bound of the same choice (`false` and `<=`, decoding a run of millions of bytes in one call, are killed)
    if (index - start > MAX_RUN_LENGTH) return wholeText(bytes, end);
    let decoded = decodeRun(binary, start, index);
    if (decoded === undefined) return undefined;
    if (start === 0 && decoded.charCodeAt(0) === 0xfeff) decoded = decoded.slice(1);
    built += binary.slice(done, start) + decoded;
    done = index;
    index = nextNonAscii(bytes, wordsOf, index, end);
  }
  // All ASCII: '' + binary.slice(0) is `binary` itself (V8 copies neither).
  return built + binary.slice(done);
}

// The first byte >= 0x80 from `index` on (or `end`): byte by byte up to a word boundary, then four
// words at a time, one word at a time, and byte by byte in the last word.
function nextNonAscii(bytes: Buffer, wordsOf: Uint32Array, from: number, end: number): number {
  let index = from;
  // Stryker disable next-line ConditionalExpression,EqualityOperator: `true` and `<=` may read the bytes past `end` and return an index past it, which ends the runs all the same
  while (index < end && (index & 3) !== 0) {
    if (bytes[index]! >= 0x80) return index;
    index += 1;
  }
  if (index >= end) return end;
  const whole = end >> 2;
  let word = index >> 2;
  // Four words at a time only for speed: `false` and `<` leave the words to the loop below, and `word - 4`
  // steps past `whole` only over ASCII words (stopping where any is not), so the index it gives is past
  // `end` only when nothing non-ASCII is left. `word - 1` and the like skip a word unread and are killed.
  // Stryker disable next-line ConditionalExpression,EqualityOperator: see above
  while (word + 4 <= whole && ((wordsOf[word]! | wordsOf[word + 1]! | wordsOf[word + 2]! | wordsOf[word + 3]!) & 0x80808080) === 0) word += 4;
  // Stryker disable next-line ConditionalExpression,EqualityOperator: `false` leaves the words to the byte loop below; `<=` reads the last partial word, which the byte loop reads anyway
  while (word < whole && (wordsOf[word]! & 0x80808080) === 0) word += 1;
  index = word << 2;
  // Stryker disable next-line ConditionalExpression,EqualityOperator: `true` and `<=` may read past `end` when all is ASCII and return an index past it, which ends the runs all the same (`<= 0x80` is killed)
  while (index < end && bytes[index]! < 0x80) index += 1;
  return index;
}

function wholeText(bytes: Buffer, end: number): string | undefined {
  const view = bytes.subarray(0, end);
  if (!isUtf8(view)) return undefined;
  const decoded = view.toString('utf8');
  return decoded.charCodeAt(0) === 0xfeff ? decoded.slice(1) : decoded;
}
