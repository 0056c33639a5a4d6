import type { XmlDocumentParser } from './xml-loader.js';
import { parseXmlDocument } from './xml-document.js';

// Node: a server or a CLI pays nothing for having the parser from the start, and every synchronous
// decode of XML works without a load first.

/** The parser: always loaded in Node. */
export function loadedXmlParser(): XmlDocumentParser | undefined {
  return parseXmlDocument;
}

/** The parser: always loaded in Node. */
export async function loadXmlParser(): Promise<XmlDocumentParser> {
  return parseXmlDocument;
}
