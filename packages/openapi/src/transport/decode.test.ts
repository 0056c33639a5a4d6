import { readFileSync } from 'node:fs';
import { DecodeError } from '@invocations/core';
import { describe, expect, it } from 'vitest';
import { decodeBody, decodeReceivedBody, findRequestId } from './decode.js';
import { jsonListPath } from './json-pieces.js';
import { ReceivedBody } from './response-body.js';
import { MAX_NESTING_DEPTH } from './nesting.js';

const fixture = (name: string) => readFileSync(new URL(`../../test/fixtures/${name}`, import.meta.url), 'utf8');
const arrayTags = ['Invocation', 'InvokeInstance'] as const;

function decodeError(run: () => unknown): DecodeError {
  try {
    run();
  } catch (error) {
    expect(DecodeError.isInstance(error)).toBe(true);
    return error as DecodeError;
  }
  throw new Error('expected a DecodeError');
}

describe('decodeBody: JSON', () => {
  it('decodes the seed example as sent (numbers and booleans keep their JSON types)', () => {
    const body = decodeBody(fixture('ecs-describe-invocations.json'), { format: 'json' }) as any;
    expect(body.RequestId).toBe('473469C7-AA6F-4DC5-B3DB-A3DC0DE3C83E');
    expect(body.TotalCount).toBe(1);
    expect(body.Invocations.Invocation[0].InvokeInstances.InvokeInstance[0].ExitCode).toBe(0);
    expect(body.Invocations.Invocation[0].Timed).toBe(false);
  });

  it('rejects a cut-off body, a non-object and an empty body with a DecodeError', () => {
    const text = fixture('ecs-describe-invocations.json');
    const cut = decodeError(() => decodeBody(text.slice(0, 120), { format: 'json' }));
    expect(cut.reason).toMatch(/invalid JSON/);
    expect(cut.requestId).toBe('473469C7-AA6F-4DC5-B3DB-A3DC0DE3C83E');
    expect(cut.excerpt.length).toBeLessThanOrEqual(201);
    expect(cut.message).toContain('body starts');
    expect(decodeError(() => decodeBody('[1,2]', { format: 'json' })).reason).toMatch(/an array/);
    expect(decodeError(() => decodeBody('"x"', { format: 'json' })).reason).toMatch(/string/);
    expect(decodeError(() => decodeBody('', { format: 'json' })).reason).toBe('the body is empty');
    expect(decodeError(() => decodeBody(' \n', { format: 'json', requestId: 'R-1', httpStatus: 200 })).requestId).toBe('R-1');
    expect(decodeError(() => decodeBody(' \n\t', { format: 'xml' })).reason).toBe('the body is empty');
  });

  it('recognises an HTML page from a proxy in either format', () => {
    const html = fixture('proxy-502.html');
    const json = decodeError(() => decodeBody(html, { format: 'json', httpStatus: 502 }));
    expect(json.reason).toMatch(/HTML page/);
    expect(json.httpStatus).toBe(502);
    expect(json.excerpt).toContain('502 Bad Gateway');
    expect(decodeError(() => decodeBody(html, { format: 'xml' })).reason).toMatch(/HTML page/);
    expect(decodeError(() => decodeBody('<html><body><p>x</p></body></html>', { format: 'xml' })).reason).toMatch(/HTML page/);
  });
});

describe('decodeBody: XML', () => {
  it('gives the seed XML the same shape as the seed JSON, every value a string', () => {
    const xml = decodeBody(fixture('ecs-describe-invocations.xml'), { format: 'xml', arrayTags }) as any;
    const json = decodeBody(fixture('ecs-describe-invocations.json'), { format: 'json' }) as any;
    const stringify = (value: unknown): unknown =>
      Array.isArray(value)
        ? value.map(stringify)
        : value !== null && typeof value === 'object'
          ? Object.fromEntries(Object.entries(value).map(([key, item]) => [key, stringify(item)]))
          : String(value);
    expect(xml).toEqual(stringify(json));
    expect(xml.TotalCount).toBe('1');
    expect(xml.Invocations.Invocation[0].InvokeInstances.InvokeInstance[0].ErrorInfo).toBe('');
    expect(Object.keys(xml)).not.toContain('#text');
  });

  it('keeps values exact: leading zeros, exponents, booleans, whitespace, entities, CDATA', () => {
    const body = decodeBody(
      `<?xml version="1.0" encoding="UTF-8"?>
<R>
  <A>007</A><B>1e5</B><C>true</C><D>  two  spaces \n</D><E>&lt;x&gt; &amp; &#20013;&#x6587; &quot;</E>
  <F><![CDATA[ <raw> & ]]></F><G/><H>-0</H><I>12345678901234567890</I>
</R>`,
      { format: 'xml' },
    );
    expect(body).toEqual({
      A: '007',
      B: '1e5',
      C: 'true',
      D: '  two  spaces \n',
      E: '<x> & 中文 "',
      F: ' <raw> & ',
      G: '',
      H: '-0',
      I: '12345678901234567890',
    });
  });

  it('makes the listed tags arrays whatever their count, by name or by path', () => {
    const one = '<R><List><Item><Id>1</Id></Item></List><Other><Item>x</Item></Other></R>';
    expect(decodeBody(one, { format: 'xml', arrayTags: ['Item'] })).toEqual({ List: { Item: [{ Id: '1' }] }, Other: { Item: ['x'] } });
    expect(decodeBody(one, { format: 'xml', arrayTags: ['List.Item'] })).toEqual({ List: { Item: [{ Id: '1' }] }, Other: { Item: 'x' } });
    const two = '<R><List><Item>a</Item><Item>b</Item></List></R>';
    expect(decodeBody(two, { format: 'xml' })).toEqual({ List: { Item: ['a', 'b'] } });
    expect(decodeBody('<R><List></List></R>', { format: 'xml', arrayTags: ['Item'] })).toEqual({ List: '' });
  });

  it('unwraps an <Error> root like a JSON error body', () => {
    expect(decodeBody(fixture('ecs-error.xml'), { format: 'xml' })).toEqual({
      RequestId: '540CFF28-407A-40B5-B6A5-74Bxxxxxxxxx',
      HostId: 'ecs.aliyuncs.com',
      Code: 'ServiceUnavailable',
      Message: 'The request has failed due to a temporary failure of the server.',
    });
    expect(decodeBody('<EmptyResponse/>', { format: 'xml' })).toEqual({});
  });

  it('rejects cut-off XML, text, several roots and a text-only root with a DecodeError', () => {
    const text = fixture('ecs-describe-invocations.xml');
    for (const length of [20, 200, text.length - 10]) {
      const error = decodeError(() => decodeBody(text.slice(0, length), { format: 'xml', arrayTags }));
      expect(error.reason).toMatch(/invalid XML/);
    }
    expect(decodeError(() => decodeBody(text.slice(0, 200), { format: 'xml' })).requestId).toBe('473469C7-AA6F-4DC5-B3DB-A3DC0DE3C83E');
    expect(decodeError(() => decodeBody('hello', { format: 'xml' })).reason).toMatch(/invalid XML/);
    expect(decodeError(() => decodeBody('<A>1</A><B>2</B>', { format: 'xml' })).reason).toMatch(/invalid XML/);
    expect(decodeError(() => decodeBody('<A>only text</A>', { format: 'xml' })).reason).toMatch(/only text/);
    expect(decodeError(() => decodeBody('{"RequestId":"x"}', { format: 'xml' })).reason).toMatch(/invalid XML/);
  });
});

describe('decodeBody: nesting depth', () => {
  it('refuses JSON and XML nested deeper than the limit with a DecodeError naming it; the limit itself is fine', () => {
    const json = (levels: number) => `{"a":${'['.repeat(levels - 1)}${']'.repeat(levels - 1)}}`;
    const xml = (levels: number) => `<R>${'<A>'.repeat(levels - 1)}x${'</A>'.repeat(levels - 1)}</R>`;
    expect(() => decodeBody(json(MAX_NESTING_DEPTH), { format: 'json' })).not.toThrow();
    expect(() => decodeBody(xml(MAX_NESTING_DEPTH), { format: 'xml' })).not.toThrow();
    // Its own list tags: a parser of its own (parsers are cached by their list tags), so this test sees the depth limit it is built with.
    expect(decodeError(() => decodeBody(xml(MAX_NESTING_DEPTH + 1), { format: 'xml', arrayTags: ['DepthOnly'] })).reason).toMatch(/the XML body is nested deeper/);
    for (const [format, body] of [
      ['json', json(MAX_NESTING_DEPTH + 1)],
      ['json', json(200_000)],
      ['xml', xml(MAX_NESTING_DEPTH + 1)],
      ['xml', xml(200_000)],
    ] as const) {
      const error = decodeError(() => decodeBody(body, { format }));
      expect(error.reason).toMatch(new RegExp(`the ${format.toUpperCase()} body is nested deeper than ${MAX_NESTING_DEPTH} levels`));
    }
  });

  it('does not quote a piece of the body from the V8 JSON error (it may hold half a secret)', () => {
    const error = decodeError(() => decodeBody('{"Token":"STS.half-of-a-secret" x}', { format: 'json' }));
    expect(error.reason).not.toContain('half-of');
    expect(String((error.cause as Error).message)).not.toContain('half-of');
  });
});

describe('findRequestId', () => {
  it('finds the id in JSON and XML text, even cut off', () => {
    expect(findRequestId('{"Code":"x", "RequestId" : "AB-1"')).toBe('AB-1');
    expect(findRequestId('<Error><RequestId>XY-2</RequestId><Co')).toBe('XY-2');
    expect(findRequestId('<html>')).toBeUndefined();
  });
});

describe('decodeBody and findRequestId: the details', () => {
  it('finds a request id with or without spaces around the colon, trimmed, up to 128 characters, in the first 64 KiB', () => {
    expect(findRequestId('{"RequestId":"A1"}')).toBe('A1');
    expect(findRequestId('{"RequestId":"Z"}')).toBe('Z');
    expect(findRequestId('<RequestId>Y</RequestId>')).toBe('Y');
    expect(findRequestId(`<RequestId>${'y'.repeat(128)}</RequestId>`)).toBe('y'.repeat(128));
    expect(findRequestId('{"RequestId" :\n "A2"}')).toBe('A2');
    expect(findRequestId('<RequestId> B3 </RequestId>')).toBe('B3');
    expect(findRequestId('<RequestId>   </RequestId>')).toBeUndefined();
    expect(findRequestId('{"RequestId":""}')).toBeUndefined();
    expect(findRequestId(`{"RequestId":"${'x'.repeat(128)}"}`)).toBe('x'.repeat(128));
    expect(findRequestId(`{"RequestId":"${'x'.repeat(129)}"}`)).toBeUndefined();
    expect(findRequestId(`<RequestId>${'y'.repeat(129)}</RequestId>`)).toBeUndefined();
    expect(findRequestId('{"RequestId":"a\\"b"}')).toBeUndefined();
    expect(findRequestId('{"requestid":"A"} <requestId>B</requestId>')).toBeUndefined();
    const tag = '<RequestId>C4</RequestId>';
    expect(findRequestId(`${' '.repeat(65_536 - tag.length)}${tag}`)).toBe('C4');
    expect(findRequestId(`${' '.repeat(65_537 - tag.length)}${tag}`)).toBeUndefined();
  });

  it('knows an HTML page by its first tag, in any case, after white space, and nothing else', () => {
    for (const page of [
      '<!DOCTYPE html><p>x</p>',
      '  \n<!doctype  HTML>',
      '<html>',
      '<HTML lang="en">',
      '<head><title>x</title></head>',
      '<head profile="x">',
      '<body>\n',
      '<body class="a">',
    ]) {
      expect(decodeError(() => decodeBody(page, { format: 'json' })).reason).toBe('got an HTML page, not an API response (a proxy or gateway answered?)');
    }
    // XML roots that only start like HTML are XML.
    for (const [body, root] of [
      ['<htmlx>1</htmlx>', 'htmlx'],
      ['<header><A>1</A></header>', 'header'],
      ['<bodyPart><A>1</A></bodyPart>', 'bodyPart'],
      ['<R><html>1</html></R>', 'R'],
    ] as const) {
      const decoded = (() => {
        try {
          return decodeBody(body, { format: 'xml' });
        } catch (error) {
          return (error as DecodeError).reason;
        }
      })();
      expect(decoded, root).not.toBe('got an HTML page, not an API response (a proxy or gateway answered?)');
    }
    expect(decodeBody('<header><A>1</A></header>', { format: 'xml' })).toStrictEqual({ A: '1' });
    expect(decodeBody('<R><html>1</html></R>', { format: 'xml' })).toStrictEqual({ html: '1' });
    // A root named html however it is spelled, even when the tag check above did not see it.
    expect(decodeError(() => decodeBody('<?xml version="1.0"?><Html><A>1</A></Html>', { format: 'xml' })).reason).toBe(
      'got an HTML page, not an API response (a proxy or gateway answered?)',
    );
  });

  it('puts the request id given, else the one in the body, the HTTP status and the body into the error', () => {
    const withGiven = decodeError(() => decodeBody('{"RequestId":"IN-BODY",', { format: 'json', requestId: 'GIVEN', httpStatus: 500 }));
    expect({ requestId: withGiven.requestId, httpStatus: withGiven.httpStatus }).toStrictEqual({ requestId: 'GIVEN', httpStatus: 500 });
    const fromBody = decodeError(() => decodeBody('{"RequestId":"IN-BODY",', { format: 'json' }));
    expect({ requestId: fromBody.requestId, httpStatus: fromBody.httpStatus }).toStrictEqual({ requestId: 'IN-BODY', httpStatus: undefined });
    expect(fromBody.excerpt).toBe('{"RequestId":"IN-BODY",');
    expect(fromBody.cause).toBeInstanceOf(SyntaxError);
    const notText = decodeError(() => decodeBody(42 as unknown as string, { format: 'json' }));
    expect({ reason: notText.reason, excerpt: notText.excerpt, cause: notText.cause }).toStrictEqual({ reason: 'the body is not text', excerpt: '', cause: undefined });
    // No cause at all, not a cause that is undefined.
    expect('cause' in notText).toBe(false);
    expect(decodeError(() => decodeBody('[]', { format: 'json' })).cause).toBeUndefined();
  });

  it('says what JSON value came instead of an object', () => {
    for (const [body, what] of [
      ['null', 'null'],
      ['[{"a":1}]', 'an array'],
      ['12', 'number'],
      ['true', 'boolean'],
      ['"s"', 'string'],
    ] as const) {
      expect(decodeError(() => decodeBody(body, { format: 'json' })).reason).toBe(`expected a JSON object, got ${what}`);
    }
  });

  it('keeps the position of a JSON error and drops the piece of the body V8 quotes, in both of its forms', () => {
    for (const [body, detail] of [
      ['{"a":', 'Unexpected end of JSON input'],
      ['{"a":1}x', 'Unexpected non-whitespace character after JSON at position 7'],
      ['secret-part', "Unexpected token 's' (not valid JSON)"],
      ['sec\nret-part', "Unexpected token 's' (not valid JSON)"],
      ['NaN', 'not valid JSON'],
    ] as const) {
      const error = decodeError(() => decodeBody(body, { format: 'json' }));
      expect(error.reason).toBe(`invalid JSON (cut off or not JSON): ${detail}`);
      expect(error.cause).toStrictEqual(new SyntaxError(detail));
    }
  });

  it('drops only the white-space text between elements, at every depth and in lists; other text stays', () => {
    const body = `<R>
  <List>
    <Item>
      <Id>1</Id>
    </Item>
    <Item><Id>2</Id></Item>
  </List>
  <Mixed>text<B>1</B></Mixed>
  <Space> </Space>
</R>`;
    expect(decodeBody(body, { format: 'xml', arrayTags: ['Item'] })).toStrictEqual({
      List: { Item: [{ Id: '1' }, { Id: '2' }] },
      Mixed: { '#text': 'text', B: '1' },
      Space: ' ',
    });
  });

  it('reads the first of several root elements of the same name as the root', () => {
    expect(decodeBody('<R><A>1</A></R>', { format: 'xml', arrayTags: ['R'] })).toStrictEqual({ A: '1' });
    expect(decodeError(() => decodeBody('<R>   x </R>', { format: 'xml', arrayTags: ['R'] })).reason).toBe('the XML root element <R> holds only text');
    expect(decodeBody('<R>  </R>', { format: 'xml', arrayTags: ['R'] })).toStrictEqual({});
  });

  it('names a cut-off XML body and keeps the parser error as the cause; nesting past the limit is named as such', () => {
    const error = decodeError(() => decodeBody('<R><A>1</A>', { format: 'xml', requestId: 'Q' }));
    expect(error.reason).toMatch(/^invalid XML \(cut off or not XML\): ./);
    expect(error.cause).toBeInstanceOf(Error);
    expect(error.reason).toContain((error.cause as Error).message);
    expect(error.requestId).toBe('Q');
    const deep = decodeError(() => decodeBody(`<R>${'<A>'.repeat(MAX_NESTING_DEPTH)}x${'</A>'.repeat(MAX_NESTING_DEPTH)}</R>`, { format: 'xml' }));
    expect(deep.cause).toBeUndefined();
  });
});

describe('decodeBody: what the XML parser leaves out', () => {
  it('drops attributes, the declaration and processing instructions; a path entry only matches below the root', () => {
    const body = '<?xml version="1.0"?><?style x?><R a="1"><A b="2">v</A><List><Item c="3">x</Item></List></R>';
    expect(decodeBody(body, { format: 'xml', arrayTags: ['List.Item'] })).toStrictEqual({ A: 'v', List: { Item: ['x'] } });
    expect(decodeBody(body, { format: 'xml', arrayTags: ['R.List.Item', 'R.A'] })).toStrictEqual({ A: 'v', List: { Item: 'x' } });
    expect(decodeBody('<R><A><Item>1</Item></A><B><Item>2</Item></B></R>', { format: 'xml', arrayTags: ['B.Item'] })).toStrictEqual({ A: { Item: '1' }, B: { Item: ['2'] } });
    expect(decodeBody('<R><A><Item>1</Item></A></R>', { format: 'xml', arrayTags: ['A.Item', 'B.Other'] })).toStrictEqual({ A: { Item: ['1'] } });
  });

  it('keeps a parser per list of tags: ["A", "B"] and ["AB"] are not the same', () => {
    expect(decodeBody('<R><A>1</A></R>', { format: 'xml', arrayTags: ['A', 'B'] })).toStrictEqual({ A: ['1'] });
    expect(decodeBody('<R><A>1</A></R>', { format: 'xml', arrayTags: ['AB'] })).toStrictEqual({ A: '1' });
  });
});

describe('decodeReceivedBody: a large JSON listing from its bytes', () => {
  const listPath = jsonListPath('Invocations', 'Invocation');
  const element = (index: number, extra: Record<string, unknown> = {}) => ({ InvokeId: `t-${index}`, CommandName: 'uptime', Output: 'aGVsbG8=', ...extra });
  // A body of exactly `bytes` bytes: enough elements, then spaces (JSON allows them after the value).
  function listing(bytes: number, extra: (index: number) => Record<string, unknown> = () => ({})): string {
    const elements: unknown[] = [];
    let text = '';
    for (let index = 0; ; index += 1) {
      const next = JSON.stringify({ RequestId: 'r-1', TotalCount: index + 1, Invocations: { Invocation: [...elements, element(index, extra(index))] } });
      if (Buffer.byteLength(next) > bytes) break;
      elements.push(element(index, extra(index)));
      text = next;
    }
    return text + ' '.repeat(bytes - Buffer.byteLength(text));
  }
  // The bytes in chunks of 1,000, as a socket might deliver them.
  function received(text: string): ReceivedBody {
    const bytes = new TextEncoder().encode(text);
    const chunks: Uint8Array[] = [];
    for (let offset = 0; offset < bytes.byteLength; offset += 1_000) chunks.push(bytes.subarray(offset, offset + 1_000));
    return new ReceivedBody(chunks, bytes.byteLength);
  }

  it('parses a listing of 64 KiB or more from the bytes (the text is never built), with the value JSON.parse gives', () => {
    const text = listing(64 * 1024);
    const body = received(text);
    expect(decodeReceivedBody(body, { format: 'json', listPath })).toEqual(JSON.parse(text));
    expect(body.hasBytes).toBe(true);
  });

  it('goes through the text below 64 KiB, without a list path, for XML, and once the text was read', () => {
    const small = received(listing(64 * 1024 - 1));
    expect(decodeReceivedBody(small, { format: 'json', listPath })).toEqual(JSON.parse(small.text()));
    expect(small.hasBytes).toBe(false);
    const text = listing(70 * 1024);
    const noPath = received(text);
    expect(decodeReceivedBody(noPath, { format: 'json' })).toEqual(JSON.parse(text));
    expect(noPath.hasBytes).toBe(false);
    const readBefore = received(text);
    readBefore.text();
    expect(decodeReceivedBody(readBefore, { format: 'json', listPath })).toEqual(JSON.parse(text));
    const xml = received(`<R><RequestId>r-1</RequestId>${' '.repeat(70 * 1024)}</R>`);
    expect(decodeReceivedBody(xml, { format: 'xml', listPath })).toEqual({ RequestId: 'r-1' });
    expect(xml.hasBytes).toBe(false);
  });

  it('parses a large body of another shape, or one that is not JSON, as the whole text', () => {
    const other = JSON.stringify({ RequestId: 'r-1', Items: Array.from({ length: 2_000 }, (_, index) => ({ Id: index, Name: 'x'.repeat(30) })) });
    expect(Buffer.byteLength(other)).toBeGreaterThan(64 * 1024);
    expect(decodeReceivedBody(received(other), { format: 'json', listPath })).toEqual(JSON.parse(other));
    const cut = listing(70 * 1024).trimEnd().slice(0, -2);
    const fromBytes = decodeError(() => decodeReceivedBody(received(cut), { format: 'json', listPath }));
    expect(fromBytes.reason).toBe(decodeError(() => decodeBody(cut, { format: 'json' })).reason);
  });

  it('decodes a string as decodeBody does', () => {
    const text = listing(70 * 1024);
    expect(decodeReceivedBody(text, { format: 'json', listPath })).toEqual(decodeBody(text, { format: 'json' }));
    expect(decodeError(() => decodeReceivedBody('', { format: 'json', listPath })).reason).toBe('the body is empty');
  });

  it('refuses an element nested past the limit with the error the whole text gets; the limit itself is fine', () => {
    // The element is at depth 4 (body, Invocations, the list, the element): `levels` arrays inside it.
    const nested = (levels: number) => (index: number) => (index === 3 ? { Deep: JSON.parse(`${'['.repeat(levels)}${']'.repeat(levels)}`) } : {});
    const atLimit = listing(70 * 1024, nested(MAX_NESTING_DEPTH - 4));
    expect(decodeReceivedBody(received(atLimit), { format: 'json', listPath })).toEqual(JSON.parse(atLimit));
    const past = listing(70 * 1024, nested(MAX_NESTING_DEPTH - 3));
    const fromBytes = decodeError(() => decodeReceivedBody(received(past), { format: 'json', listPath }));
    const fromText = decodeError(() => decodeBody(past, { format: 'json' }));
    expect(fromBytes.reason).toBe(fromText.reason);
    expect(fromBytes.reason).toMatch(new RegExp(`the JSON body is nested deeper than ${MAX_NESTING_DEPTH} levels`));
  });
});
