import { readFileSync } from 'node:fs';
import { ApiError, InvalidQueryError, invocationSchema } from '@invocations/core';
import { describe, expect, it } from 'vitest';
import type { ParseDescribeInvocationsOptions } from '@invocations/openapi/kit';
import { parseDescribeInvocations } from './parse-describe-invocations.js';

const fixture = (name: string) => readFileSync(new URL(`../test/fixtures/${name}`, import.meta.url), 'utf8');

// Every fixture exists as JSON and XML; both must map to the same invocations.
function both(name: string, options: ParseDescribeInvocationsOptions = {}) {
  const json = parseDescribeInvocations(fixture(`eflo-${name}.json`), options);
  const xml = parseDescribeInvocations(fixture(`eflo-${name}.xml`), { ...options, format: 'xml' });
  expect(xml).toEqual(json);
  for (const invocation of json.invocations) invocationSchema.parse(invocation);
  return json;
}

describe('parseDescribeInvocations (eflo)', () => {
  it('maps the seed 000 example field by field, quirks included (JSON and XML)', () => {
    const page = both('seed-000', { region: 'cn-wulanchabu' });
    expect(page).toEqual({
      requestId: '4FD06DF0-9167-5C6F-A145-F30CA4A15D54',
      invocations: [
        {
          product: 'eflo',
          region: 'cn-wulanchabu',
          invokeId: 't-ind3k9ytvvduoe8',
          commandName: 'CommandTestName',
          commandDescription: 'testDescription',
          // The seed masks its Base64 with ****: not Base64, so kept as sent.
          commandContent: 'cnBtIC1xYSB8IGdyZXAgdnNm****',
          parameters: {},
          repeatMode: 'Once',
          // Seed quirk 5: a cron Frequency next to RepeatMode Once; both kept as sent.
          frequency: '0 */20 * * * *',
          username: 'root',
          workingDir: '/home',
          timeoutSeconds: 60,
          timed: false,
          createdAt: '2020-01-19T09:15:46Z',
          // Seed quirk 4: the service says Success while its only node is Pending; its word is kept.
          status: 'Success',
          invokeStatus: 'Running',
          targets: [
            {
              id: 'e01-cn-lbj36wkp70b',
              kind: 'node',
              status: 'Pending',
              legacyStatus: 'Finished',
              exitCode: 0,
              output: 'OutPutTestmsg',
              droppedBytes: 0,
              errorCode: 'TargetNotExists',
              rawErrorCode: ' NodeNotExists',
              errorInfo: 'the specified node does not exists',
              createdAt: '2023-02-06T07:12:50Z',
              startedAt: '2019-12-20T06:15:55Z',
              finishedAt: '2023-02-06T07:12:50Z',
              stoppedAt: '2019-12-20T06:15:55Z',
              updatedAt: '2023-02-06T07:12:50Z',
              repeats: 0,
              timed: false,
            },
          ],
        },
      ],
    });
  });

  it('reads Timed as a string on nodes and derives the invocation flag from them', () => {
    const [invocation] = both('timed-string').invocations;
    expect(invocation?.targets.map((target) => [target.id, target.timed])).toEqual([
      ['e01-cn-timed-a', true],
      ['e01-cn-timed-b', false],
    ]);
    expect(invocation?.timed).toBe(true);
    expect(invocation?.repeatMode).toBe('Period');
    expect(invocation?.status).toBe('Scheduled');
  });

  it('reads ErrorCode "NodeNotExists:" (seed 002) as TargetNotExists, keeping the raw code', () => {
    const [node] = both('error-code-trailing-colon').invocations[0]?.targets ?? [];
    expect(node).toMatchObject({ errorCode: 'TargetNotExists', rawErrorCode: 'NodeNotExists:', errorInfo: 'the specified node does not exists' });
  });

  it('reads ErrorCode " NodeNotExists" (seed 000) as TargetNotExists', () => {
    const [node] = both('error-code-leading-space').invocations[0]?.targets ?? [];
    expect(node).toMatchObject({ errorCode: 'TargetNotExists', rawErrorCode: ' NodeNotExists' });
  });

  it('reads a boolean ErrorCode (SDK 1.2.x): true lets the sentence decide, false is no error', () => {
    const [failed, fine] = both('error-code-boolean').invocations[0]?.targets ?? [];
    expect(failed).toMatchObject({ errorCode: 'TargetNotRunning', errorInfo: 'the node is not running when create task' });
    expect(fine?.errorCode).toBeUndefined();
    expect(fine?.rawErrorCode).toBeUndefined();
    expect(fine?.errorInfo).toBeUndefined();
  });

  it('trims a trailing tab and newline from times and keeps offsets and fractions as sent', () => {
    const [invocation] = both('stop-time-tab-newline').invocations;
    expect(invocation?.createdAt).toBe('2024-05-06T02:28:00Z');
    expect(invocation?.targets[0]).toMatchObject({
      stoppedAt: '2024-05-06T02:29:00Z',
      finishedAt: '2023-04-10T10:53:46.156+08:00',
      exitCode: 143,
      errorCode: 'ExecutionInterrupted',
      status: 'Terminated',
    });
    expect(invocation?.status).toBe('Stopped');
  });

  it('maps ErrorInfo sentences to canonical codes, typos included; unknown ones are kept', () => {
    const targets = both('error-info-sentences').invocations[0]?.targets ?? [];
    expect(targets.map((target) => [target.id, target.errorCode, target.rawErrorCode, target.errorInfo])).toEqual([
      ['e01-cn-info-a', 'TargetReleased', undefined, 'the node has node when create task'],
      ['e01-cn-info-b', 'TargetReleased', undefined, 'the specified node has been released'],
      ['e01-cn-info-c', 'ClientNeedUpgrade', undefined, 'the aliyun service in the node need upgrade'],
      ['e01-cn-info-d', 'ExitCodeNonzero', undefined, 'the command execution exit code is not zero'],
      // eflo's file-sending codes have no canonical name: kept as sent.
      ['e01-cn-info-e', 'FileCreateFail', 'FileCreateFail', 'a sentence no document lists'],
      // "Null" is how eflo's documents spell "no error".
      ['e01-cn-info-f', undefined, undefined, undefined],
    ]);
  });

  it('computes the status when the service sent none, and normalises the case of statuses', () => {
    const [invocation] = both('status-computed').invocations;
    expect(invocation?.targets.map((target) => [target.status, target.legacyStatus])).toEqual([
      ['Success', 'Finished'],
      ['Cancelled', 'Stopped'],
    ]);
    expect(invocation?.status).toBe('Success');
    expect(invocation?.invokeStatus).toBe('Finished');
  });

  it('parses the Parameters JSON string and keeps plain text when PlainText was asked for', () => {
    const [invocation] = both('parameters-string', { contentEncoding: 'PlainText' }).invocations;
    expect(invocation?.parameters).toEqual({ name: 'world', count: 3 });
    expect(invocation?.commandContent).toBe('echo {{name}} {{count}}');
    expect(invocation?.targets[0]?.output).toBe('world 3\n');
  });

  it('decodes Base64 content and output as UTF-8 and reports Dropped', () => {
    const [invocation] = both('base64-output').invocations;
    expect(invocation?.commandContent).toBe('echo "héllo 世界"');
    expect(invocation?.targets[0]?.output).toBe('héllo 世界\n');
    expect(invocation?.targets[0]?.droppedBytes).toBe(120);
  });

  it('keeps Base64 text as sent when the body is known to be plain text', () => {
    const [invocation] = parseDescribeInvocations(fixture('eflo-base64-output.json'), { contentEncoding: 'plaintext' as 'PlainText' }).invocations;
    expect(invocation?.commandContent).toBe(Buffer.from('echo "héllo 世界"').toString('base64'));
  });

  it('reads an answer for an unknown id as no invocations', () => {
    expect(both('not-found')).toEqual({ requestId: '0A1B2C3D-0010-4000-8000-000000000010', invocations: [] });
  });

  it('rejects an error body, a body without Invocations and bad options, naming what was wrong', () => {
    const error = JSON.stringify({ RequestId: 'r-1', Code: 'InvalidParameter', Message: 'bad' });
    expect(() => parseDescribeInvocations(error)).toThrow(ApiError);
    expect(() => parseDescribeInvocations(error)).toThrow(/InvalidParameter \(HTTP 200\): bad \[request id r-1\]/);
    const noStatus = JSON.stringify({ RequestId: 'r-2', Invocations: { Invocation: [{ InvokeId: 't-1', InvokeNodes: { InvokeNode: [{ NodeId: 'n' }] } }] } });
    expect(() => parseDescribeInvocations(noStatus)).toThrow(/InvocationStatus: needs InvocationStatus or NodeInvokeStatus/);
    expect(() => parseDescribeInvocations('{}', { contentEncoding: 'Hex' as 'Base64' })).toThrow(InvalidQueryError);
    expect(() => parseDescribeInvocations('{}', { format: 'yaml' as 'json' })).toThrow(/format: must be 'json' or 'xml'/);
  });
});
