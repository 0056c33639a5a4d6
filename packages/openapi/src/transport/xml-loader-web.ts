import type { XmlDocumentParser } from './xml-loader.js';

// Browsers, workers and edge runtimes: fast-xml-parser (about 60 KB minified with its helpers) comes in
// with a dynamic import the first time a body is XML, so bundlers split it into a lazy chunk.

let loaded: XmlDocumentParser | undefined;
let loading: Promise<XmlDocumentParser> | undefined;

/** The parser once a load finished, else undefined. */
export function loadedXmlParser(): XmlDocumentParser | undefined {
  return loaded;
}

/** Imports the parser once; concurrent callers share the import, and a failed one (a chunk that did not download) is tried again next time. */
export function loadXmlParser(): Promise<XmlDocumentParser> {
  if (loaded) return Promise.resolve(loaded);
  loading ??= import('./xml-document.js').then(
    (module) => {
      loaded = module.parseXmlDocument;
      return loaded;
    },
    (error: unknown) => {
      loading = undefined;
      throw error;
    },
  );
  return loading;
}
