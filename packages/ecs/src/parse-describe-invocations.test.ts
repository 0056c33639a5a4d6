import { readFileSync } from 'node:fs';
import { ApiError, DecodeError, aggregateStatus, invocationSchema, type Invocation } from '@invocations/core';
import { describe, expect, it } from 'vitest';
import type { ParseDescribeInvocationsOptions } from '@invocations/openapi/kit';
import { parseDescribeInvocations } from './parse-describe-invocations.js';

const fixture = (name: string) => readFileSync(new URL(`../test/fixtures/${name}`, import.meta.url), 'utf8');

/** Parses a case in both formats, checks each invocation against the canonical schema, and that JSON and XML agree. */
function parseBoth(name: string, options: Omit<ParseDescribeInvocationsOptions, 'format'> = {}) {
  const json = parseDescribeInvocations(fixture(`ecs-${name}.json`), { ...options, format: 'json' });
  const xml = parseDescribeInvocations(fixture(`ecs-${name}.xml`), { ...options, format: 'xml' });
  for (const invocation of [...json.invocations, ...xml.invocations]) invocationSchema.parse(invocation);
  expect(xml).toEqual(json);
  return json;
}

const only = (page: { invocations: Invocation[] }) => {
  expect(page.invocations).toHaveLength(1);
  return page.invocations[0] as Invocation;
};

describe('seed 003 examples (JSON and XML)', () => {
  it('map field by field, keeping the service status even where it disagrees with the targets', () => {
    const page = parseBoth('seed-003', { region: 'cn-hangzhou' });
    expect(page).toMatchObject({ requestId: '473469C7-AA6F-4DC5-B3DB-A3DC0DE3C83E', totalCount: 1, pageNumber: 1, pageSize: 10 });
    expect(page.nextToken).toBeUndefined();
    expect(only(page)).toEqual({
      product: 'ecs',
      region: 'cn-hangzhou',
      invokeId: 't-hz0jdfwd9f****',
      commandId: 'c-hz0jdfwcsr****',
      commandName: 'CommandTestName',
      commandType: 'RunShellScript',
      // Not Base64 (the seed masks it with ****): kept exactly as sent.
      commandContent: 'cnBtIC1xYSB8IGdyZXAgdnNm****',
      parameters: {},
      repeatMode: 'Once',
      username: 'root',
      timed: false,
      createdAt: '2020-01-19T09:15:46Z',
      // Seed quirk 18: overall Running while the only instance is Success; the service's value wins.
      status: 'Running',
      invokeStatus: 'Finished',
      targets: [
        {
          id: 'i-bp1i7gg30r52z2em****',
          kind: 'instance',
          status: 'Success',
          legacyStatus: 'Finished',
          exitCode: 0,
          // "OutPutTestmsg" is not Base64 although the response is: kept as sent.
          output: 'OutPutTestmsg',
          droppedBytes: 0,
          createdAt: '2019-12-20T06:15:54Z',
          startedAt: '2019-12-20T06:15:55Z',
          finishedAt: '2019-12-20T06:15:56Z',
          stoppedAt: '2020-01-19T09:15:47Z',
          updatedAt: '2020-01-19T09:15:47Z',
          repeats: 0,
          timed: false,
        },
      ],
    });
    // `Frequency` and the empty ErrorCode/ErrorInfo are absent, not ''.
    expect(aggregateStatus(only(page).targets.map((target) => target.status))).toBe('Success');
  });
});

describe('ECS quirks (products.md 15-23), each in JSON and XML', () => {
  it('15: empty elements and a lone space read as absent', () => {
    const invocation = only(parseBoth('empty-elements'));
    expect(invocation.frequency).toBeUndefined();
    expect('frequency' in invocation).toBe(false);
    const [target] = invocation.targets;
    expect(target?.errorCode).toBeUndefined();
    expect(target?.rawErrorCode).toBeUndefined();
    expect(target?.errorInfo).toBeUndefined();
  });

  it('an empty page (<Invocations/>) is an empty list', () => {
    const page = parseBoth('empty-list');
    expect(page).toEqual({ requestId: 'EMPTY-0000', invocations: [], totalCount: 0, pageNumber: 1, pageSize: 10 });
  });

  it('16: Timed in any case (True, TRUE) on the invocation and the target', () => {
    const invocation = only(parseBoth('timed-true'));
    expect(invocation.timed).toBe(true);
    expect(invocation.targets[0]?.timed).toBe(true);
    expect(invocation.repeatMode).toBe('Period');
    expect(invocation.frequency).toBe('0 */20 * * * *');
    expect(invocation.status).toBe('Scheduled');
    expect(invocation.targets[0]?.finishedAt).toBeUndefined();
  });

  it('17: lower-case statuses come out in the documented spelling', () => {
    const [first, second] = parseBoth('lowercase-statuses').invocations;
    expect(first).toMatchObject({ invokeId: 't-lower1', status: 'Success', invokeStatus: 'Finished', repeatMode: 'Once' });
    expect(first?.targets[0]).toMatchObject({ status: 'Success', legacyStatus: 'Finished' });
    expect(second).toMatchObject({ invokeId: 't-lower2', status: 'Running', invokeStatus: 'Running' });
    expect(second?.targets[0]).toMatchObject({ status: 'Running', legacyStatus: 'Running' });
  });

  it('one-element XML lists read like JSON arrays', () => {
    const page = parseBoth('one-element-lists');
    expect(page.invocations.map((invocation) => invocation.invokeId)).toEqual(['t-one1', 't-two2']);
    expect(page.invocations[0]?.targets.map((target) => target.id)).toEqual(['i-bp1aaaa0000000001']);
    expect(page.invocations[0]?.extra).toEqual({ tags: { team: 'ops' } });
    expect(page.invocations[1]?.targets.map((target) => target.id)).toEqual(['i-bp1aaaa0000000001', 'i-bp1aaaa0000000002']);
  });

  it('numeric-looking strings stay strings; numbers come from strings; ExitCode is a Long', () => {
    const invocation = only(parseBoth('numeric-strings', { contentEncoding: 'PlainText' }));
    expect(invocation.commandName).toBe('1e5');
    expect(invocation.username).toBe('0');
    expect(invocation.commandContent).toBe('00123');
    expect(invocation.parameters).toEqual({ port: '007' });
    expect(invocation.timeoutSeconds).toBe(60);
    expect(invocation.targets[0]).toMatchObject({ output: '007', exitCode: 3221225477, repeats: 2, droppedBytes: 0 });
  });

  it('"007" is not Base64, so it survives a Base64 response too', () => {
    const invocation = only(parseBoth('numeric-strings', { contentEncoding: 'Base64' }));
    expect(invocation.targets[0]?.output).toBe('007');
  });

  it('Base64 command and output decode as UTF-8, Chinese included', () => {
    const invocation = only(parseBoth('base64-chinese'));
    expect(invocation.commandContent).toBe('#!/bin/bash\necho "你好，世界"\n');
    expect(invocation.commandName).toBe('中文命令');
    expect(invocation.commandDescription).toBe('打印问候');
    expect(invocation.targets[0]?.output).toBe('你好，世界\n第二行 ✓\n');
  });

  it('PlainText leaves Base64-looking text alone', () => {
    const invocation = only(parseBoth('base64-chinese', { contentEncoding: 'PlainText' }));
    expect(invocation.commandContent).toBe(Buffer.from('#!/bin/bash\necho "你好，世界"\n').toString('base64'));
  });

  it('20: Dropped > 0 becomes droppedBytes, the output is the kept 24 KB', () => {
    const target = only(parseBoth('dropped')).targets[0];
    expect(target?.droppedBytes).toBe(1024);
    expect(target?.output).toBe('x'.repeat(24_576));
  });

  it('tags become a { key: value } map under extra (an empty TagValue is "")', () => {
    const invocation = only(parseBoth('tags'));
    expect(invocation.extra).toEqual({ tags: { env: 'prod', owner: '' }, resourceGroupId: 'rg-acfm000000001' });
  });

  it('OSS, container, launcher and termination fields land under extra', () => {
    const invocation = only(parseBoth('oss-output'));
    expect(invocation.workingDir).toBe('/home/admin');
    expect(invocation.extra).toEqual({
      containerId: 'ab141ddfbacfe02d9dbc25966ed971536124527097398d419a6746873fea****',
      containerName: 'test-container',
      launcher: 'python3 -u {{ACS::ScriptFileName|Ext(".py")}}',
      terminationMode: 'ProcessTree',
      ossOutputDelivery: 'oss://bucket/prefix',
    });
    expect(invocation.targets[0]?.extra).toEqual({
      ossOutputStatus: 'Finished',
      ossOutputUri: 'oss://bucket/prefix/t-hz0aaaa000001/i-bp1aaaa0000000001.txt',
    });
    // OssOutputUri is '' while delivery failed: absent, not ''.
    expect(invocation.targets[1]?.extra).toEqual({
      ossOutputStatus: 'Failed',
      ossOutputErrorCode: 'OssBucketNotExists',
      ossOutputErrorInfo: 'the bucket does not exist',
    });
  });

  it('unknown statuses and modes are kept as sent', () => {
    const invocation = only(parseBoth('unknown-status'));
    expect(invocation).toMatchObject({ status: 'Paused', invokeStatus: 'Dozing', repeatMode: 'DryRun' });
    expect(invocation.targets[0]).toMatchObject({ status: 'Hibernating', legacyStatus: 'Dozing' });
  });

  it('zero targets: the service status is kept; without one the status is computed (Pending)', () => {
    const [first, second] = parseBoth('zero-targets').invocations;
    expect(first).toMatchObject({ invokeId: 't-zero1', status: 'Pending', invokeStatus: 'Running', targets: [] });
    expect(second).toMatchObject({ invokeId: 't-zero2', status: 'Pending', targets: [] });
    expect(second?.invokeStatus).toBeUndefined();
  });

  it('an absent InvocationStatus is computed from the targets; a target with only the legacy status maps it', () => {
    const invocation = only(parseBoth('status-absent'));
    expect(invocation.targets.map((target) => target.status)).toEqual(['Success', 'Failed']);
    expect(invocation.status).toBe('PartialFailed');
    expect(invocation.invokeStatus).toBeUndefined();
  });

  it('ErrorCode / ErrorInfo variants map onto canonical codes, raw kept', () => {
    const targets = only(parseBoth('error-variants')).targets;
    const errors = targets.map(({ id, errorCode, rawErrorCode, errorInfo }) => ({ id, errorCode, rawErrorCode, errorInfo }));
    expect(errors).toEqual([
      { id: 'i-e1', errorCode: 'TargetNotExists', rawErrorCode: 'InstanceNotExists', errorInfo: 'the specified instance does not exists' },
      { id: 'i-e2', errorCode: 'ExitCodeNonzero', rawErrorCode: ' ExitCodeNonzero ', errorInfo: 'the command execution exit code is not zero' },
      { id: 'i-e3', errorCode: 'ExecutionTimeout', rawErrorCode: undefined, errorInfo: 'the command execution has been timeout' },
      {
        id: 'i-e4',
        errorCode: 'SecurityGroupRuleDenied',
        rawErrorCode: 'SecurityGroupRuleDenied',
        errorInfo: 'The security group rules denied access to the aliyun service.',
      },
      { id: 'i-e5', errorCode: 'BrandNewCode', rawErrorCode: 'BrandNewCode', errorInfo: 'something new happened' },
      { id: 'i-e6', errorCode: undefined, rawErrorCode: undefined, errorInfo: undefined },
    ]);
    expect(targets.map((target) => target.exitCode)).toEqual([undefined, 1, undefined, undefined, undefined, 0]);
  });

  it('times are trimmed (tabs, newlines, spaces) and otherwise kept as sent, zone or not', () => {
    const invocation = only(parseBoth('times'));
    expect(invocation.createdAt).toBe('2024-05-01T08:00:00Z');
    expect(invocation.targets[0]).toMatchObject({
      startedAt: '2024-05-01T08:00:01Z',
      finishedAt: '2024-05-01T16:00:03.156+08:00',
      stoppedAt: '2024-05-01T08:00:04',
    });
  });
});

describe('bodies that are not a listing', () => {
  it.each(['json', 'xml'] as const)('an error body (%s) is the ApiError it carries, with its code and request id', (format) => {
    const body = fixture(`ecs-error-body.${format}`);
    const error = (() => {
      try {
        parseDescribeInvocations(body, { format });
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    expect(ApiError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ code: 'InvalidParam.PageSize', requestId: 'ERR-0000-1111', action: 'DescribeInvocations' });
  });

  it('a cut-off body is a DecodeError', () => {
    const body = fixture('ecs-seed-003.json');
    expect(() => parseDescribeInvocations(body.slice(0, body.length / 2))).toThrow(DecodeError);
    const xml = fixture('ecs-seed-003.xml');
    expect(() => parseDescribeInvocations(xml.slice(0, xml.length / 2), { format: 'xml' })).toThrow(DecodeError);
  });

  it('a wrong type names the field', () => {
    const body = JSON.stringify({
      RequestId: 'r-1',
      Invocations: { Invocation: [{ InvokeId: 't-1', Timed: 'maybe', InvokeInstances: { InvokeInstance: [] } }] },
    });
    expect(() => parseDescribeInvocations(body)).toThrow(/Invocations\.Invocation\.0\.Timed: expected true or false/);
  });

  it('a target without any status is rejected rather than guessed', () => {
    const body = JSON.stringify({
      RequestId: 'r-1',
      Invocations: { Invocation: [{ InvokeId: 't-1', InvokeInstances: { InvokeInstance: [{ InstanceId: 'i-1' }] } }] },
    });
    expect(() => parseDescribeInvocations(body)).toThrow(/needs InvocationStatus or InstanceInvokeStatus/);
  });

  it('a missing InvokeId is rejected', () => {
    const body = JSON.stringify({ RequestId: 'r-1', Invocations: { Invocation: [{ InvokeId: '  ' }] } });
    expect(() => parseDescribeInvocations(body)).toThrow(/InvokeId/);
  });
});
