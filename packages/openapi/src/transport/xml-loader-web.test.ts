import { describe, expect, it } from 'vitest';
import * as node from './xml-loader-node.js';
import * as web from './xml-loader-web.js';

// The browser/worker loader, run here in Node: nothing until asked, then one import shared by every caller.
describe('the XML parser loader for browsers and workers', () => {
  it('has no parser before a load, and the same parser for concurrent loads after', async () => {
    expect(web.loadedXmlParser()).toBeUndefined();
    const [first, second] = await Promise.all([web.loadXmlParser(), web.loadXmlParser()]);
    expect(first).toBe(second);
    expect(web.loadedXmlParser()).toBe(first);
    expect(await web.loadXmlParser()).toBe(first);
    expect(first('<R><Ids><Id>007</Id></Ids></R>', ['Id'])).toEqual({ R: { Ids: { Id: ['007'] } } });
  });

  it('loads the same parser that Node has from the start', async () => {
    expect(node.loadedXmlParser()).toBe(await web.loadXmlParser());
    expect(await node.loadXmlParser()).toBe(node.loadedXmlParser());
  });
});
