import { describe, expect, it } from 'vitest';
import { invocationSchema, invocationTargetSchema, parseInput, type Invocation } from '@invocations/core';

// Shaped after seed 003's JSON example, with every optional field present.
const full: Invocation = {
  product: 'ecs',
  region: 'cn-hangzhou',
  invokeId: 't-ind3k9ytvvduoe8',
  commandId: 'c-hz0jdfwcsr****',
  commandName: 'CommandTestName',
  commandDescription: 'testDescription',
  commandType: 'RunShellScript',
  commandContent: 'rpm -qa | grep vsftpd',
  parameters: { name: 'Jack', retries: 3, nested: { ok: true } },
  repeatMode: 'Once',
  frequency: '0 */20 * * * *',
  username: 'root',
  workingDir: '/home',
  timeoutSeconds: 60,
  timed: false,
  createdAt: '2020-01-19T09:15:46Z',
  status: 'Running',
  invokeStatus: 'Finished',
  targets: [
    {
      id: 'i-bp1i7gg30r52z2em****',
      kind: 'instance',
      status: 'Success',
      legacyStatus: 'Finished',
      exitCode: 0,
      output: 'OutPutTestmsg',
      droppedBytes: 0,
      errorCode: 'TargetNotExists',
      rawErrorCode: ' InstanceNotExists',
      errorInfo: 'the specified instance does not exists',
      createdAt: '2019-12-20T06:15:54Z',
      startedAt: '2019-12-20T06:15:55Z',
      finishedAt: '2019-12-20T06:15:56Z',
      stoppedAt: '2019-12-20T06:15:56Z',
      updatedAt: '2019-12-20T06:15:56Z',
      repeats: 0,
      timed: false,
      extra: { ossOutputStatus: 'Finished' },
    },
  ],
  extra: { launcher: 'python3 -u {{ACS::ScriptFileName|Ext(".py")}}' },
};

describe('invocationSchema', () => {
  it('round-trips through JSON unchanged (plain data, no classes, no Dates)', () => {
    const copy: unknown = JSON.parse(JSON.stringify(full));
    expect(invocationSchema.parse(copy)).toStrictEqual(full);
    expect(JSON.stringify(invocationSchema.parse(copy))).toBe(JSON.stringify(full));
  });

  it('round-trips the smallest invocation, leaving absent fields absent', () => {
    const small: Invocation = { product: 'eflo', invokeId: 't-1', parameters: {}, timed: false, status: 'Pending', targets: [] };
    const parsed = invocationSchema.parse(JSON.parse(JSON.stringify(small)));
    expect(parsed).toEqual(small);
    expect(Object.keys(parsed).sort()).toEqual(Object.keys(small).sort());
  });

  it('keeps unknown status and enum values from the service', () => {
    const future = {
      ...full,
      status: 'Paused',
      invokeStatus: 'Suspended',
      repeatMode: 'Hourly',
      targets: [{ ...full.targets[0], status: 'Rebooting', legacyStatus: 'Rebooting' }],
    };
    expect(invocationSchema.parse(future)).toEqual(future);
  });

  it('rejects a record without the required fields, naming each', () => {
    expect(() => parseInput(invocationSchema, { product: 'gce', invokeId: '', parameters: {}, timed: 'false', status: '', targets: [{}] })).toThrow(
      /product: .*; invokeId: .*; timed: .*; status: .*; targets\.0\.id: /,
    );
  });

  it('rejects an exit code that is not an integer and negative dropped counts', () => {
    const target = full.targets[0];
    expect(invocationTargetSchema.safeParse({ ...target, exitCode: 1.5 }).success).toBe(false);
    expect(invocationTargetSchema.safeParse({ ...target, droppedBytes: -1 }).success).toBe(false);
    expect(invocationTargetSchema.safeParse({ ...target, exitCode: 3_221_225_477 }).success).toBe(true); // 0xC0000005 on Windows
  });
});
