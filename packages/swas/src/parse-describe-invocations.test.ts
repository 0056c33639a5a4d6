import { readFileSync } from 'node:fs';
import { DecodeError, InvalidQueryError, invocationSchema } from '@invocations/core';
import { describe, expect, it } from 'vitest';
import { parseDescribeInvocations } from './parse-describe-invocations.js';

const fixture = (name: string) => readFileSync(new URL(`../test/fixtures/${name}`, import.meta.url), 'utf8');
const SEED_INSTANCE = '3a658ca270df4df39f22e289b338****';

describe('parseDescribeInvocations (SWAS)', () => {
  it('maps the seed 001 JSON example: the queried instance is the one target', () => {
    const parsed = parseDescribeInvocations(fixture('swas-seed-001.json'), { instanceId: SEED_INSTANCE, region: 'cn-hangzhou' });
    expect(parsed).toMatchObject({ requestId: '30637AD6-D977-4833-A54C-CC89483E****', totalCount: 10, pageNumber: 1, pageSize: 10 });
    expect('nextToken' in parsed).toBe(false);
    expect(parsed.invocations).toEqual([
      {
        product: 'swas',
        region: 'cn-hangzhou',
        invokeId: 't-hz02p9545t6****',
        commandName: 'testname',
        commandType: 'RunShellScript',
        commandContent: 'ls',
        parameters: {},
        timed: false,
        createdAt: '2022-07-11T06:37:16Z',
        status: 'Success',
        invokeStatus: 'Finished',
        targets: [{ id: SEED_INSTANCE, kind: 'instance', status: 'Success', droppedBytes: 0, repeats: 0 }],
      },
    ]);
    for (const invocation of parsed.invocations) invocationSchema.parse(invocation);
  });

  it('reads the seed 001 XML example, whose fields sit directly under <Invocations>, to the same result', () => {
    const json = parseDescribeInvocations(fixture('swas-seed-001.json'), { instanceId: SEED_INSTANCE, region: 'cn-hangzhou' });
    const xml = parseDescribeInvocations(fixture('swas-seed-001.xml'), { format: 'xml', instanceId: SEED_INSTANCE, region: 'cn-hangzhou' });
    expect(xml).toEqual(json);
  });

  it('reads Parameters as a map, repeated <Invocations> elements, and computes Timeout as Failed', () => {
    const json = parseDescribeInvocations(fixture('swas-parameters-map.json'), { instanceId: 'i-web' });
    const xml = parseDescribeInvocations(fixture('swas-parameters-map.xml'), { format: 'xml', instanceId: 'i-web' });
    expect(json.invocations).toHaveLength(2);
    const [running, timedOut] = json.invocations;
    expect(running?.parameters).toEqual({ name: 'world', count: 3 });
    // XML carries no types: the map's values arrive as text. Everything else is the same.
    expect(xml.invocations[0]?.parameters).toEqual({ name: 'world', count: '3' });
    expect({ ...xml, invocations: xml.invocations.map((invocation) => ({ ...invocation, parameters: {} })) }).toEqual({
      ...json,
      invocations: json.invocations.map((invocation) => ({ ...invocation, parameters: {} })),
    });
    expect(running?.commandContent).toBe('echo {{name}}');
    expect(running?.status).toBe('Running');
    expect(timedOut?.parameters).toEqual({});
    // SWAS's InvocationStatus is per instance: Timeout is the target's, the invocation is Failed.
    expect(timedOut?.targets[0]?.status).toBe('Timeout');
    expect(timedOut?.status).toBe('Failed');
    expect(timedOut?.invokeStatus).toBe('Failed');
  });

  it('reads an empty page in both formats', () => {
    for (const [name, format] of [
      ['swas-empty.json', 'json'],
      ['swas-empty.xml', 'xml'],
    ] as const) {
      expect(parseDescribeInvocations(fixture(name), { format, instanceId: 'i-1' })).toEqual({
        requestId: 'D5A3C2E6-7F8B-4C9D-AEBF-2A3B4C5D6E7F',
        invocations: [],
        totalCount: 0,
        pageNumber: 1,
        pageSize: 10,
      });
    }
  });

  it('keeps CommandContent as sent when told the body is plain text', () => {
    const parsed = parseDescribeInvocations(fixture('swas-seed-001.json'), { instanceId: 'i-1', contentEncoding: 'PlainText' });
    expect(parsed.invocations[0]?.commandContent).toBe('bHM=');
  });

  it('needs the instance id, since the response does not carry it', () => {
    // The type requires it; a JavaScript caller that leaves it out gets the error.
    const parse = parseDescribeInvocations as (body: string, options?: object) => unknown;
    expect(() => parse(fixture('swas-seed-001.json'))).toThrow(InvalidQueryError);
    expect(() => parse(fixture('swas-seed-001.json'), {})).toThrow(/instanceId: is required/);
  });

  it('rejects a body of the wrong shape with a DecodeError naming the field', () => {
    const body = JSON.stringify({ RequestId: 'r-1', TotalCount: 'many', Invocations: [] });
    expect(() => parseDescribeInvocations(body, { instanceId: 'i-1' })).toThrow(DecodeError);
    expect(() => parseDescribeInvocations(body, { instanceId: 'i-1' })).toThrow(/TotalCount/);
    const noId = JSON.stringify({ RequestId: 'r-2', Invocations: [{ CommandName: 'x' }] });
    expect(() => parseDescribeInvocations(noId, { instanceId: 'i-1' })).toThrow(/Invocations\.0\.InvokeId is missing/);
  });

  it('keeps an unknown status as sent and treats it as still running', () => {
    const body = JSON.stringify({ RequestId: 'r-3', Invocations: [{ InvokeId: 't-1', InvocationStatus: 'Paused', InvokeStatus: 'running' }] });
    const [invocation] = parseDescribeInvocations(body, { instanceId: 'i-1' }).invocations;
    expect(invocation?.targets[0]?.status).toBe('Paused');
    expect(invocation?.status).toBe('Running');
    expect(invocation?.invokeStatus).toBe('Running');
  });
});
