import { DecodeError } from '@invocations/core';
import { XMLParser } from 'fast-xml-parser';
import { MAX_NESTING_DEPTH, nestingExceeds, nestingReason } from './nesting.js';
import { isPlainWellFormedXml } from './xml-scan.js';

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

const parserCache = new Map<string, XMLParser>();

function xmlParser(arrayTags: readonly string[]): XMLParser {
  const key = arrayTags.join('\u0000');
  let parser = parserCache.get(key);
  if (parser) return parser;
  const names = new Set(arrayTags);
  const dotted = arrayTags.filter((tag) => tag.includes('.'));
  // Whether some path entry ends with this element's name: only then is its path worth building
  // (the path string costs more than the rest of the check, and most elements are not lists).
  const endsSomePath = new Map<string, boolean>();
  const mayEndPath = (name: string): boolean => {
    let known = endsSomePath.get(name);
    if (known === undefined) {
      known = dotted.some((tag) => tag.endsWith(`.${name}`));
      if (endsSomePath.size < 1024) endsSomePath.set(name, known);
    }
    return known;
  };
  parser = new XMLParser({
    ignoreAttributes: true,
    ignoreDeclaration: true,
    ignorePiTags: true,
    // Every value stays the exact string sent: "007" stays "007", "1e5" stays "1e5", " x " keeps its spaces.
    parseTagValue: false,
    parseAttributeValue: false,
    trimValues: false,
    processEntities: true,
    // Also decodes numeric references (&#20013;), which the XML-only entity table leaves alone.
    htmlEntities: true,
    // Its count leaves out the element being opened: this refuses exactly what is deeper than the limit.
    maxNestedTags: MAX_NESTING_DEPTH - 1,
    isArray: (name, jpath) => {
      if (names.has(name)) return true;
      if (!mayEndPath(name)) return false;
      const path = String(jpath);
      const dot = path.indexOf('.');
      return dot >= 0 && names.has(path.slice(dot + 1));
    },
  });
  if (parserCache.size < 32) parserCache.set(key, parser);
  return parser;
}

// With trimValues off, the indentation between elements shows up as a whitespace-only '#text' next to
// the real children; it carries no data.
function dropLayoutText(value: unknown): unknown {
  if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index += 1) value[index] = dropLayoutText(value[index]);
    return value;
  }
  if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    for (const key of Object.keys(record)) {
      if (key === '#text' && typeof record[key] === 'string' && (record[key] as string).trim() === '') delete record[key];
      else record[key] = dropLayoutText(record[key]);
    }
  }
  return value;
}

const requestIdPattern = /"RequestId"\s*:\s*"([^"\\]{1,128})"|<RequestId>([^<]{1,128})<\/RequestId>/;

/** The request id found in a (possibly broken) JSON or XML body, without decoding it. */
export function findRequestId(text: string): string | undefined {
  const match = requestIdPattern.exec(text.length > 65_536 ? text.slice(0, 65_536) : text);
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
    cause === undefined ? undefined : { cause },
  );
}

/**
 * Decodes a response body into plain data. JSON goes through `JSON.parse`; XML through fast-xml-parser
 * with every value kept a string, the `arrayTags` always arrays, and the root element
 * (`<DescribeInvocationsResponse>`, `<Error>`) unwrapped so both formats give the same shape.
 * Anything else (empty, an HTML page, a cut-off body, a body that is not an object) is a `DecodeError`
 * with a short excerpt.
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
  const message = error instanceof Error ? error.message : String(error);
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

function decodeXml(text: string, options: DecodeBodyOptions): unknown {
  let document: unknown;
  try {
    // fast-xml-parser alone accepts some cut-off documents. The quick scan vouches for the usual body;
    // anything else goes through the parser's validator (`true`), which also words the error.
    document = xmlParser(options.arrayTags ?? []).parse(text, !isPlainWellFormedXml(text));
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    if (/Maximum nested tags exceeded/i.test(detail)) fail(nestingReason('the XML body'), text, options);
    fail(`invalid XML (cut off or not XML): ${detail}`, text, options, error);
  }
  const roots = document !== null && typeof document === 'object' ? Object.keys(document) : [];
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
