import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { mergeInvocationResult, joinInstanceRecords } from './map-invocation.js';
import { parseDescribeInvocationResult } from './parse-describe-invocation-result.js';
import { parseDescribeInvocations } from './parse-describe-invocations.js';

const fixture = (name: string) => readFileSync(new URL(`../test/fixtures/${name}`, import.meta.url), 'utf8');

describe('parseDescribeInvocationResult (SWAS)', () => {
  it('maps the SDK example: Base64 output YWRtaW4K is "admin\\n", FinishedTime, InvokeUser', () => {
    const json = parseDescribeInvocationResult(fixture('swas-describe-invocation-result.json'));
    expect(json).toEqual({
      requestId: '20758A-585D-4A41-A9B2-28DA8F4F****',
      result: {
        invokeId: 't-bj02prjje65****',
        instanceId: 'ace0706b2ac4454d984295a94213****',
        username: 'root',
        reportedStatus: 'Success',
        target: {
          id: 'ace0706b2ac4454d984295a94213****',
          kind: 'instance',
          status: 'Success',
          legacyStatus: 'Finished',
          exitCode: 0,
          output: 'admin\n',
          droppedBytes: 0,
          repeats: 0,
          startedAt: '2022-07-11T06:37:16Z',
          finishedAt: '2022-07-11T06:37:17Z',
        },
      },
    });
    expect(parseDescribeInvocationResult(fixture('swas-describe-invocation-result.xml'), { format: 'xml' })).toEqual(json);
  });

  it('maps a failed run: exit code, canonical error code, sentence as sent', () => {
    const json = parseDescribeInvocationResult(fixture('swas-describe-invocation-result-error.json'));
    expect(json.result?.target).toMatchObject({
      status: 'Failed',
      exitCode: 2,
      output: "ls: cannot access '/nope': No such file or directory\n",
      errorCode: 'ExitCodeNonzero',
      rawErrorCode: 'ExitCodeNonzero',
      errorInfo: 'the command execution exit code is not zero',
    });
    expect(parseDescribeInvocationResult(fixture('swas-describe-invocation-result-error.xml'), { format: 'xml' })).toEqual(json);
  });

  it('reads null error fields as no error and keeps a zone-less time as sent (quirk 13)', () => {
    const json = parseDescribeInvocationResult(fixture('swas-describe-invocation-result-running.json'));
    expect(json.result?.target).toEqual({
      id: '3a658ca270df4df39f22e289b338****',
      kind: 'instance',
      status: 'Running',
      legacyStatus: 'Running',
      output: '',
      droppedBytes: 0,
      repeats: 0,
      startedAt: '2023-04-27T10:11:58',
    });
    const xml = parseDescribeInvocationResult(fixture('swas-describe-invocation-result-running.xml'), { format: 'xml' });
    expect(xml).toEqual(json);
  });

  it('merges into the listed invocation: the target gains the detail, the invocation the user and a new status', () => {
    const [listed] = parseDescribeInvocations(fixture('swas-parameters-map.json'), { instanceId: '3a658ca270df4df39f22e289b338****' }).invocations;
    const { result } = parseDescribeInvocationResult(fixture('swas-describe-invocation-result-error.json'));
    if (!listed || !result) throw new Error('fixtures changed');
    const merged = mergeInvocationResult({ ...listed, invokeId: 't-hz02p9545t7b' }, result);
    expect(merged.username).toBe('admin');
    expect(merged.status).toBe('Failed');
    expect(merged.targets).toEqual([{ ...result.target, id: '3a658ca270df4df39f22e289b338****' }]);
    expect(listed.targets[0]?.status).toBe('Running');
    // Keys in the order ECS and eflo records have them (username before the creation time), so
    // `-o json` prints every product's records alike.
    expect(Object.keys(merged)).toStrictEqual(['product', 'invokeId', 'parameters', 'timed', 'status', 'targets', 'region', 'commandName', 'commandType', 'commandContent', 'username', 'createdAt', 'invokeStatus'].filter((key) => key !== 'region' || 'region' in merged));
    expect(Object.keys(mergeInvocationResult(merged, result))).toStrictEqual(Object.keys(merged));
  });

  it('joins one invocation read on two instances into one invocation with two targets', () => {
    const a = parseDescribeInvocations(fixture('swas-seed-001.json'), { instanceId: 'i-a' }).invocations[0];
    const b = parseDescribeInvocations(fixture('swas-parameters-map.json'), { instanceId: 'i-b' }).invocations[1];
    if (!a || !b) throw new Error('fixtures changed');
    const joined = joinInstanceRecords([a, { ...b, invokeId: a.invokeId }]);
    expect(joined.targets.map((target) => [target.id, target.status])).toEqual([
      ['i-a', 'Success'],
      ['i-b', 'Timeout'],
    ]);
    expect(joined.status).toBe('PartialFailed');
    expect(joined.invokeStatus).toBe('PartialFailed');
  });
});
