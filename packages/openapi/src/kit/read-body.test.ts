import { DecodeError, InvalidQueryError } from '@invocations/core';
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { caseInsensitiveEnum } from './enum-schema.js';
import { checkFormat, readBody } from './read-body.js';
import { wireInteger, wireString, wrappedList } from './wire.js';

const schema = z.object({
  RequestId: wireString,
  Items: wrappedList('Item', z.object({ Id: wireString, Size: wireInteger })),
});

describe('readBody', () => {
  it('reads JSON and XML alike', () => {
    const json = readBody(schema, '{"RequestId":"r1","Items":{"Item":[{"Id":"a","Size":1}]}}', { format: 'json', action: 'ListItems' });
    const xml = readBody(schema, '<ListItemsResponse><RequestId>r1</RequestId><Items><Item><Id>a</Id><Size>1</Size></Item></Items></ListItemsResponse>', {
      format: 'xml',
      arrayTags: ['Items.Item'],
      action: 'ListItems',
    });
    expect(json).toEqual({ RequestId: 'r1', Items: [{ Id: 'a', Size: 1 }] });
    expect(xml).toEqual(json);
  });

  it('names the field and the rule in a DecodeError, with the request id', () => {
    const body = '{"RequestId":"r2","Items":{"Item":[{"Id":"a","Size":"big"}]}}';
    let error: unknown;
    try {
      readBody(schema, body, { format: 'json', action: 'ListItems' });
    } catch (caught) {
      error = caught;
    }
    expect(DecodeError.isInstance(error)).toBe(true);
    expect(String((error as Error).message)).toMatch(/not a ListItems response: Items\.Item\.0\.Size: expected an integer/);
    expect((error as DecodeError).requestId).toBe('r2');
  });

  it('says so when an error body came where a response was expected', () => {
    expect(() => readBody(z.object({ Items: z.array(z.string()) }), '{"RequestId":"r3","Code":"Throttling","Message":"slow down"}', { format: 'json', action: 'ListItems' })).toThrow(
      /an error response \(Throttling\) where a ListItems response was expected/,
    );
  });

  it('uses the fast reader when it fits and the schema otherwise', () => {
    const fast = () => ({ RequestId: 'fast', Items: [] });
    expect(readBody(schema, '{}', { format: 'json', action: 'ListItems', fast })).toEqual({ RequestId: 'fast', Items: [] });
    expect(readBody(schema, '{"RequestId":"slow"}', { format: 'json', action: 'ListItems', fast: () => undefined })).toEqual({ RequestId: 'slow', Items: [] });
  });
});

describe('checkFormat', () => {
  it('defaults to json and rejects anything but json or xml', () => {
    expect(checkFormat(undefined, 'x')).toBe('json');
    expect(checkFormat('xml', 'x')).toBe('xml');
    expect(() => checkFormat('yaml', 'parseX')).toThrow(InvalidQueryError);
  });
});

describe('caseInsensitiveEnum', () => {
  it('gives the documented spelling for any case and names the values otherwise', () => {
    const encoding = caseInsensitiveEnum(['Base64', 'PlainText'], ' (the service knows no other)');
    expect(encoding.parse(' plaintext ')).toBe('PlainText');
    const result = encoding.safeParse('hex');
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toBe('must be one of Base64, PlainText (any case) (the service knows no other), got "hex"');
  });
});
