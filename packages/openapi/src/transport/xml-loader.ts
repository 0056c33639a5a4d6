/**
 * How decode.ts reaches the XML parser. `#xml-parser` (package.json "imports") picks one per runtime:
 * Node gets `xml-loader-node.ts`, which has the parser from the start; browsers, workers and everything
 * else get `xml-loader-web.ts`, which imports it the first time a body is XML, so bundlers put
 * fast-xml-parser in a chunk of its own that a JSON-only page never downloads.
 */

/** Parses an XML document into plain data (see `parseXmlDocument` in xml-document.ts). */
export type XmlDocumentParser = (text: string, arrayTags: readonly string[]) => unknown;

/** What each runtime's loader module exports. */
export interface XmlParserLoader {
  /** The parser once loaded, else undefined: what a synchronous decode can use. */
  loadedXmlParser(): XmlDocumentParser | undefined;
  /** Loads the parser (once; a failed load is tried again on the next call). */
  loadXmlParser(): Promise<XmlDocumentParser>;
}
