import { DecodeError } from '@invocations/core';
import * as z from 'zod';
import { nestingExceeds, nestingReason } from '../transport/nesting.js';
import { utf8FromBinary } from './utf8-binary.js';

// Wire helpers shared by the three adapters. Each scalar helper is `.optional()` so an absent key is
// fine inside `z.object` (zod 4 marks keys optional by the schema, not by its output). The services are sloppy in known ways (products.md,
// quirks): XML sends every value as text, booleans come as "True"/"false", empty elements decode to
// '', a one-element XML list decodes to a bare object, times carry stray whitespace. These helpers
// accept exactly those variations and nothing wider, so a real shape change still fails loudly.

const empty = (value: unknown): boolean =>
  value === undefined || value === null || (typeof value === 'string' && value.trim() === '');

/**
 * A string field: trimmed; `''`, whitespace-only, `null` and absent become `undefined`. Numbers are
 * not accepted: JSON always sends these fields as strings, and XML values stay strings, so
 * "007" or "1e5" come through untouched.
 */
export const wireString = z
  .union([z.string(), z.null(), z.undefined()])
  .transform((value): string | undefined => (empty(value) ? undefined : (value as string).trim()))
  .optional();

/**
 * A time field (ISO-8601 as sent): trimmed of spaces, tabs and newlines, otherwise kept exactly as sent.
 * No zone is ever added or guessed; `''` and absent become `undefined`.
 */
export const wireTime = wireString;

/**
 * A boolean field: `true`/`false`, or the strings `"true"`/`"false"` in any case and with stray spaces.
 * Absent, `null` and `''` become `undefined`; anything else (`"yes"`, `1`) is an error.
 */
export const wireBoolean = z
  .union([z.boolean(), z.string(), z.null(), z.undefined()])
  .transform((value, context): boolean | undefined => {
    if (typeof value === 'boolean') return value;
    if (empty(value)) return undefined;
    const text = (value as string).trim().toLowerCase();
    if (text === 'true') return true;
    if (text === 'false') return false;
    context.issues.push({ code: 'custom', message: `expected true or false (any case), got ${JSON.stringify(value)}`, input: value });
    return z.NEVER;
  })
  .optional();

const integerText = /^[+-]?\d+$/;

/**
 * An integer field: a number, or a string holding a decimal integer (`"0"`, `"-1"`, `" 3 "`).
 * Exponents (`"1e5"`), fractions and anything non-numeric are errors: every integer field of the three
 * APIs is a plain count, code or size. Absent, `null` and `''` become `undefined`.
 */
export const wireInteger = z
  .union([z.number(), z.string(), z.null(), z.undefined()])
  .transform((value, context): number | undefined => {
    if (typeof value === 'number') {
      if (Number.isSafeInteger(value)) return value;
      context.issues.push({ code: 'custom', message: `expected an integer, got ${value}`, input: value });
      return z.NEVER;
    }
    if (empty(value)) return undefined;
    const text = (value as string).trim();
    const parsed = integerText.test(text) ? Number(text) : Number.NaN;
    if (Number.isSafeInteger(parsed)) return parsed;
    context.issues.push({ code: 'custom', message: `expected an integer, got ${JSON.stringify(value)}`, input: value });
    return z.NEVER;
  })
  .optional();

/**
 * A wrapped list's items: an array; a single object (XML decodes a one-element list to the bare
 * element); `''`, `null` or absent (an empty `<Invocations/>` element) become `[]`.
 */
export function wireList<Item extends z.ZodType>(item: Item) {
  return z.preprocess((value) => {
    if (Array.isArray(value)) return value;
    if (empty(value)) return [];
    return [value];
  }, z.array(item));
}

/**
 * A wrapped list (`{ Invocation: [...] }`) read as its items: `wrappedList('Invocation', item)`.
 * An empty wrapper element (`<Invocations/>`, decoded as `''`), `null` or absent gives `[]`; the
 * inner list is read by {@link wireList}.
 */
export function wrappedList<Item extends z.ZodType>(name: string, item: Item) {
  return z
    .preprocess((value) => (empty(value) ? {} : value), z.object({ [name]: wireList(item) } as Record<string, ReturnType<typeof wireList<Item>>>))
    .transform((value) => value[name] as z.output<Item>[]);
}

const BASE64_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
// The bytes of strict, canonical, padded Base64 as a binary string (one char per byte), or undefined.
// atob (native in Node and browsers) rejects characters outside the alphabet and misplaced '='; it
// skips ASCII whitespace and accepts unpadded input, which the length checks below rule out (a skipped
// character or missing padding always yields fewer bytes than the padded length promises). The last
// check rejects non-canonical trailing bits ("QR==") so every platform agrees with Buffer's round trip.
function base64Binary(text: string): string | undefined {
  const length = text.length;
  // Stryker disable next-line ConditionalExpression: a shortcut; the byte count check below refuses such a length too (length / 4 is then not whole)
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
 * Decodes Base64 text as UTF-8 (Chinese text included). Text that is not strict Base64 (with padding),
 * or whose bytes are not valid UTF-8, is returned unchanged: the services sometimes send plain text
 * even when Base64 was asked for (seed 003's own examples `cnBtIC1xYSB8IGdyZXAgdnNm****` and
 * `OutPutTestmsg`), and dropping or garbling it would lose data. Whitespace around the text is ignored.
 * @example decodeBase64Text('5Lit5paH') // '中文'
 */
export function decodeBase64Text(text: string): string {
  const trimmed = text.trim();
  if (trimmed === '') return text;
  const binary = base64Binary(trimmed);
  // Stryker disable next-line ConditionalExpression: utf8FromBinary(undefined) gives undefined too, so `?? text` below returns the text; the check is for the type
  if (binary === undefined) return text;
  return utf8FromBinary(binary) ?? text;
}

/**
 * Custom parameters as an object: a JSON object string (`'{"name":"x"}'`, ECS and eflo) or a map
 * (SWAS). Absent, `null` and `''` give `{}`. A string that is not a JSON object is never thrown away:
 * it comes back as `{ _raw: text }`, so the caller still sees what the service sent. A string nested
 * deeper than `MAX_NESTING_DEPTH` is a `DecodeError`.
 */
export function parseParameters(value: unknown): Record<string, unknown> {
  if (empty(value)) return {};
  if (typeof value === 'string') {
    try {
      const parsed: unknown = JSON.parse(value);
      if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) {
        // The string is JSON inside JSON: the body's depth limit holds for it as well.
        if (nestingExceeds(parsed)) throw new DecodeError({ reason: nestingReason('Parameters (a JSON string)'), body: value });
        return parsed as Record<string, unknown>;
      }
    } catch (error) {
      if (DecodeError.isInstance(error)) throw error;
      // not JSON: kept raw below
    }
    return { _raw: value };
  }
  if (typeof value === 'object' && !Array.isArray(value)) {
    if (nestingExceeds(value)) throw new DecodeError({ reason: nestingReason('Parameters') });
    return { ...(value as Record<string, unknown>) };
  }
  return { _raw: value };
}
