import { readFileSync } from 'node:fs';
import { DecodeError } from '@invocations/core';
import { describe, expect, it } from 'vitest';
import { decodeBody, findRequestId } from './decode.js';
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
