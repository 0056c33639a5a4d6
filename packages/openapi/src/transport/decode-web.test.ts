import { ConfigurationError } from '@invocations/core';
import { describe, expect, it, vi } from 'vitest';
import { decodeBody, isXmlDecoderLoaded, loadXmlDecoder } from './decode.js';

// decode.ts as browsers and workers get it: `#xml-parser` is the loader that imports the parser on
// demand (the real module; this test runs in Node, which would otherwise pick the eager one).
vi.mock('#xml-parser', () => import('./xml-loader-web.js'));

describe('decodeBody with the on-demand XML loader', () => {
  it('refuses XML with a ConfigurationError until loadXmlDecoder() finished, decodes JSON all along, then XML', async () => {
    expect(isXmlDecoderLoaded()).toBe(false);
    expect(decodeBody('{"RequestId":"1"}', { format: 'json' })).toStrictEqual({ RequestId: '1' });
    const error = (() => {
      try {
        decodeBody('<R><RequestId>1</RequestId></R>', { format: 'xml' });
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    expect(ConfigurationError.isInstance(error)).toBe(true);
    expect((error as Error).message).toBe(
      'XML decoding is loaded on demand in this runtime: await loadXmlDecoder() (from @invocations/openapi) before decoding an XML body synchronously',
    );
    await expect(loadXmlDecoder()).resolves.toBeUndefined();
    expect(isXmlDecoderLoaded()).toBe(true);
    expect(decodeBody('<R><RequestId>1</RequestId><Ids><Id>007</Id></Ids></R>', { format: 'xml', arrayTags: ['Id'] })).toStrictEqual({
      RequestId: '1',
      Ids: { Id: ['007'] },
    });
  });
});
