import { XMLParser } from 'fast-xml-parser';
import { MAX_NESTING_DEPTH } from './nesting.js';
import { isPlainWellFormedXml } from './xml-scan.js';

// fast-xml-parser and everything that configures it. Loaded on demand in browsers and workers (see
// xml-loader-web.ts): requests ask for JSON unless the caller chose XML, so most pages never need it.

const parserCache = new Map<string, XMLParser>();

function xmlParser(arrayTags: readonly string[]): XMLParser {
  const key = arrayTags.join('\u0000');
  return parserCache.get(key) ?? createParser(arrayTags, key);
}

function createParser(arrayTags: readonly string[], key: string): XMLParser {
  const names = new Set(arrayTags);
  // Stryker disable next-line MethodExpression,StringLiteral: which tags may end a path only narrows the shortcut in isArray (speed only)
  const dotted = arrayTags.filter((tag) => tag.includes('.'));
  // Whether some path entry ends with this element's name: only then is its path worth building
  // (the path string costs more than the rest of the check, and most elements are not lists).
  const endsSomePath = new Map<string, boolean>();
  const mayEndPath = (name: string): boolean => {
    // Stryker disable next-line StringLiteral: a wider match only lets more names through the shortcut (speed only)
    const known = endsSomePath.get(name) ?? dotted.some((tag) => tag.endsWith(`.${name}`));
    // Stryker disable next-line ConditionalExpression,EqualityOperator: the bound of a cache only affects speed and memory
    if (endsSomePath.size < 1024) endsSomePath.set(name, known);
    return known;
  };
  const parser = new XMLParser({
    ignoreAttributes: true,
    // Stryker disable next-line BooleanLiteral: with attributes ignored the parser leaves the declaration out either way
    ignoreDeclaration: true,
    ignorePiTags: true,
    // Every value stays the exact string sent: "007" stays "007", "1e5" stays "1e5", " x " keeps its spaces.
    parseTagValue: false,
    // Stryker disable next-line BooleanLiteral: attributes are ignored (above), so there is no attribute value to parse
    parseAttributeValue: false,
    trimValues: false,
    processEntities: true,
    // Also decodes numeric references (&#20013;), which the XML-only entity table leaves alone.
    htmlEntities: true,
    // Its count leaves out the element being opened: this refuses exactly what is deeper than the limit.
    maxNestedTags: MAX_NESTING_DEPTH - 1,
    isArray: (name, jpath) => {
      if (names.has(name)) return true;
      // Stryker disable next-line ConditionalExpression: a shortcut past building the path; when it lets a name through, the check below still decides
      if (!mayEndPath(name)) return false;
      // The path below the root; a root element (no dot) is its own name, which `names` lacks (checked above).
      const path = String(jpath);
      return names.has(path.slice(path.indexOf('.') + 1));
    },
  });
  // Stryker disable next-line ConditionalExpression,EqualityOperator: the bound of a cache only affects speed and memory
  if (parserCache.size < 32) parserCache.set(key, parser);
  return parser;
}

/**
 * Parses an XML document with every value kept a string and the `arrayTags` always arrays. fast-xml-parser
 * alone accepts some cut-off documents: the quick scan vouches for the usual body, and anything else goes
 * through the parser's validator, which also words the error. Throws the parser's error as is.
 */
export function parseXmlDocument(text: string, arrayTags: readonly string[]): unknown {
  return xmlParser(arrayTags).parse(text, !isPlainWellFormedXml(text));
}
