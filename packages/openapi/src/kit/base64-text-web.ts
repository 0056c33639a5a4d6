// Base64 text for browsers, workers and every runtime without Buffer; Node gets base64-text-node.ts
// through the package's `#base64-text` import. atob is native there, and utf8FromBinary decodes only
// the non-ASCII runs of the bytes (utf8-binary.ts says why).
import { utf8FromBinary } from './utf8-binary.js';

const BASE64_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

// The bytes of strict, canonical, padded Base64 as a binary string (one char per byte), or undefined.
// atob rejects characters outside the alphabet and misplaced '='; it skips ASCII whitespace and
// accepts unpadded input, which the length checks below rule out (a skipped character or missing
// padding always yields fewer bytes than the padded length promises). The last check rejects
// non-canonical trailing bits ("QR==") so every platform agrees with Buffer's round trip.
/** The bytes of strict, canonical, padded Base64 as a binary string (one char per byte), or `undefined`. */
export function base64Binary(text: string): string | undefined {
  const length = text.length;
  // Stryker disable next-line ConditionalExpression: a shortcut; without it the byte count below refuses such a length (three quarters of it is not whole)
  if (length % 4 !== 0) return undefined;
  let binary: string;
  try {
    binary = atob(text);
  } catch {
    return undefined;
  }
  const padding = text.charCodeAt(length - 1) !== 61 ? 0 : text.charCodeAt(length - 2) !== 61 ? 1 : 2;
  if (binary.length !== (length / 4) * 3 - padding) return undefined;
  if (padding === 1 && (BASE64_ALPHABET.indexOf(text.charAt(length - 2)) & 0b11) !== 0) return undefined;
  if (padding === 2 && (BASE64_ALPHABET.indexOf(text.charAt(length - 3)) & 0b1111) !== 0) return undefined;
  return binary;
}

/**
 * The UTF-8 text that strict, canonical, padded Base64 `text` (already trimmed, not empty) holds, or
 * `undefined` when it is not such Base64 or its bytes are not valid UTF-8 (what a fatal TextDecoder
 * refuses). A leading byte order mark is dropped, as TextDecoder does.
 */
export function base64Utf8(text: string): string | undefined {
  const binary = base64Binary(text);
  // Stryker disable next-line ConditionalExpression: `false` hands undefined to utf8FromBinary, whose regular expression reads it as 'undefined' (no run) and returns it as it is
  return binary === undefined ? undefined : utf8FromBinary(binary);
}
