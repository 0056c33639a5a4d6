import { ConfigurationError, DecodeError } from '@invocations/core';
import { loadedXmlParser, loadXmlParser } from '#xml-parser';
import { type JsonListPath, parseJsonPieces } from './json-pieces.js';
import { MAX_NESTING_DEPTH, nestingExceeds, nestingReason } from './nesting.js';
import type { ReceivedBody } from './response-body.js';

/** Options of {@link decodeBody}. */
export interface DecodeBodyOptions {
  /** The body's format, as requested with `Format`. */
  format: 'json' | 'xml';
  /**
   * XML only: element names (e.g. `Invocation`) that are always arrays, even with one element. An entry
   * with a dot is a path below the root instead (e.g. `Invocations.Invocation`).
   */
  arrayTags?: readonly string[];
  /** The request id, when known from a header, for the error message. */
  requestId?: string;
  /** The HTTP status, when known, for the error. */
  httpStatus?: number;
}

// With trimValues off, the indentation between elements shows up as a whitespace-only '#text' next to
// the real children; it carries no data. Lists go through the same loop (their keys are indexes).
function dropLayoutText(value: unknown): unknown {
  if (typeof value !== 'object') return value;
  // Stryker disable next-line ConditionalExpression: the XML parser never gives null; the check is for the type
  if (value === null) return value;
  const record = value as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    // '#text' is always a string; \s is the set trim() removes.
    if (key === '#text' && /^\s*$/.test(record[key] as string)) delete record[key];
    else record[key] = dropLayoutText(record[key]);
  }
  return value;
}

const requestIdPattern = /"RequestId"\s*:\s*"([^"\\]{1,128})"|<RequestId>([^<]{1,128})<\/RequestId>/;

/** The request id found in a (possibly broken) JSON or XML body, without decoding it. */
export function findRequestId(text: string): string | undefined {
  const match = requestIdPattern.exec(text.slice(0, 65_536));
  const id = (match?.[1] ?? match?.[2])?.trim();
  return id ? id : undefined;
}

const HTML_PAGE = 'got an HTML page, not an API response (a proxy or gateway answered?)';

function looksLikeHtml(text: string): boolean {
  return /^\s*(<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>])/i.test(text);
}

function fail(reason: string, text: string, options: DecodeBodyOptions, cause?: unknown): never {
  throw new DecodeError(
    {
      reason,
      body: text,
      requestId: options.requestId ?? findRequestId(text),
      httpStatus: options.httpStatus,
    },
    // An undefined cause is left out by the error itself.
    { cause },
  );
}

/**
 * Decodes a response body into plain data. JSON goes through `JSON.parse`; XML through fast-xml-parser
 * with every value kept a string, the `arrayTags` always arrays, and the root element
 * (`<DescribeInvocationsResponse>`, `<Error>`) unwrapped so both formats give the same shape.
 * Anything else (empty, an HTML page, a cut-off body, a body that is not an object) is a `DecodeError`
 * with a short excerpt.
 * Outside Node an XML body needs {@link loadXmlDecoder} first (the client does it on its own); without it
 * decoding XML throws a `ConfigurationError`, never a wrong result.
 * @example decodeBody('<R><RequestId>1</RequestId><Ids><Id>007</Id></Ids></R>', { format: 'xml', arrayTags: ['Id'] })
 *   // { RequestId: '1', Ids: { Id: ['007'] } }
 */
export function decodeBody(text: string, options: DecodeBodyOptions): unknown {
  if (typeof text !== 'string') fail('the body is not text', '', options);
  if (text.trim() === '') fail('the body is empty', text, options);
  if (looksLikeHtml(text)) fail(HTML_PAGE, text, options);
  return options.format === 'xml' ? decodeXml(text, options) : decodeJson(text, options);
}

// V8 quotes a piece of the body in its message ('Unexpected token 'x', "...abc" is not valid JSON'):
// that piece may hold half a secret, which no redaction recognises. The position is all that is kept.
function jsonErrorDetail(error: unknown): string {
  // JSON.parse throws only SyntaxError.
  const message = (error as SyntaxError).message;
  return message.replace(/,\s*".*" is not valid JSON$/s, ' (not valid JSON)').replace(/^".*" is not valid JSON$/s, 'not valid JSON');
}

function decodeJson(text: string, options: DecodeBodyOptions): unknown {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const detail = jsonErrorDetail(error);
    // A fresh cause for the same reason as the detail above.
    fail(`invalid JSON (cut off or not JSON): ${detail}`, text, options, new SyntaxError(detail));
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    fail(`expected a JSON object, got ${value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value}`, text, options);
  }
  if (nestingExceeds(value)) fail(nestingReason('the JSON body'), text, options);
  return value;
}

/**
 * Loads the XML decoder. In Node it is always there; in browsers, workers and edge runtimes it is a
 * dynamic import (a lazy chunk of the bundle) that the client awaits on its own before any XML body is
 * decoded. Await it only before calling a synchronous decoder (`decodeBody`, an adapter's
 * `parseDescribeInvocations`) yourself with an XML body outside Node.
 * @example
 * await loadXmlDecoder();
 * const page = parseDescribeInvocations(xmlBody, { format: 'xml' });
 */
export async function loadXmlDecoder(): Promise<void> {
  await loadXmlParser();
}

/** Whether an XML body can be decoded synchronously now (always in Node; elsewhere once {@link loadXmlDecoder} finished). */
export function isXmlDecoderLoaded(): boolean {
  return loadedXmlParser() !== undefined;
}

function decodeXml(text: string, options: DecodeBodyOptions): unknown {
  const parse = loadedXmlParser();
  if (!parse) {
    // Not a DecodeError: the body may be fine. The caller decoded XML synchronously before loading the parser.
    throw new ConfigurationError(
      'XML decoding is loaded on demand in this runtime: await loadXmlDecoder() (from @invocations/openapi) before decoding an XML body synchronously',
    );
  }
  let document: unknown;
  try {
    // Stryker disable next-line ArrayDeclaration: a list tag named "Stryker was here" never occurs; [] is all that matters
    document = parse(text, options.arrayTags ?? []);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    if (/Maximum nested tags exceeded/i.test(detail)) fail(nestingReason('the XML body'), text, options);
    fail(`invalid XML (cut off or not XML): ${detail}`, text, options, error);
  }
  // The parser gives an object, and its validator (or the quick scan) refuses a document without exactly one
  // root: the check below stays against a change of parser.
  const roots = Object.keys(document as object);
  // Stryker disable next-line ConditionalExpression,StringLiteral: unreachable with this parser (see above)
  if (roots.length !== 1) fail(`expected one XML root element, found ${roots.length}`, text, options);
  const rootName = roots[0] as string;
  if (rootName.toLowerCase() === 'html') fail(HTML_PAGE, text, options);
  let root = (document as Record<string, unknown>)[rootName];
  if (Array.isArray(root)) root = root[0];
  if (typeof root === 'string') {
    if (root.trim() === '') return {};
    fail(`the XML root element <${rootName}> holds only text`, text, options);
  }
  return dropLayoutText(root);
}

/**
 * Bodies from this size on are parsed in pieces when they can be (json-pieces.ts): below it one
 * string of the whole body is cheap, and the scan would cost more than it saves.
 */
const PIECES_FROM = 64 * 1024;

/**
 * {@link decodeBody} of a body as the client read it (or of its text): a large JSON listing whose
 * array `listPath` leads to is parsed from the bytes in pieces, with exactly the value and the
 * checks of the whole text; anything else goes through the text.
 */
export function decodeReceivedBody(body: string | ReceivedBody, options: DecodeBodyOptions & { listPath?: JsonListPath }): unknown {
  if (typeof body === 'string') return decodeBody(body, options);
  if (options.format === 'json' && options.listPath !== undefined && body.hasBytes && body.byteLength >= PIECES_FROM) {
    const parsed = parseJsonPieces(body, options.listPath);
    // A top-level object, so neither empty nor an HTML page; its nesting is known from the scan.
    if (parsed !== undefined) {
      if (parsed.maxDepth > MAX_NESTING_DEPTH && nestingExceeds(parsed.value)) fail(nestingReason('the JSON body'), body.text(), options);
      return parsed.value;
    }
  }
  return decodeBody(body.text(), options);
}
