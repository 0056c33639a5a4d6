import { describe, expect, it } from 'vitest';
import {
  INVOCATION_STATUSES,
  INVOKE_STATUSES,
  invocationSchema,
  invocationTargetSchema,
  normalizeInvocationStatus,
  normalizeInvokeStatus,
  normalizeRepeatMode,
  normalizeTargetStatus,
  parseInput,
  PRODUCTS,
  REPEAT_MODES,
  TARGET_KINDS,
  TARGET_STATUSES,
  type Invocation,
} from '@invocations/core';

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

  // Every rule of the model, one field at a time: an adapter that builds a bad record is caught here.
  const invocationRules: [string, unknown][] = [
    ['product', 'gce'],
    ['region', ''],
    ['invokeId', ''],
    ['commandId', ''],
    ['commandName', ''],
    ['commandDescription', ''],
    ['commandType', ''],
    ['commandContent', 1],
    ['parameters', []],
    ['repeatMode', ''],
    ['frequency', ''],
    ['username', ''],
    ['workingDir', ''],
    ['timeoutSeconds', 1.5],
    ['timed', 'false'],
    ['createdAt', ''],
    ['status', ''],
    ['invokeStatus', ''],
    ['extra', 'x'],
  ];
  it.each(invocationRules)('rejects an invocation whose %s is %j', (field, value) => {
    const result = invocationSchema.safeParse({ ...full, [field]: value });
    expect(result.error?.issues.map((issue) => issue.path.join('.'))).toStrictEqual([field]);
  });

  const targetRules: [string, unknown][] = [
    ['id', ''],
    ['kind', 'vm'],
    ['status', ''],
    ['legacyStatus', ''],
    ['exitCode', 1.5],
    ['output', 1],
    ['droppedBytes', 0.5],
    ['droppedBytes', -1],
    ['errorCode', ''],
    ['rawErrorCode', 1],
    ['errorInfo', ''],
    ['createdAt', ''],
    ['startedAt', ''],
    ['finishedAt', ''],
    ['stoppedAt', ''],
    ['updatedAt', ''],
    ['repeats', -1],
    ['repeats', 1.5],
    ['timed', 'no'],
    ['extra', 'x'],
  ];
  it.each(targetRules)('rejects a target whose %s is %j', (field, value) => {
    const result = invocationTargetSchema.safeParse({ ...full.targets[0], [field]: value });
    expect(result.error?.issues.map((issue) => issue.path.join('.'))).toStrictEqual([field]);
  });

  it('accepts the smallest values each rule allows', () => {
    const target = { ...full.targets[0], id: 'i', status: 'X', legacyStatus: 'X', exitCode: -1, output: '', droppedBytes: 0, errorCode: 'E', rawErrorCode: '', errorInfo: 'i', repeats: 0, kind: 'node' as const };
    expect(invocationTargetSchema.parse(target)).toStrictEqual(target);
    const small = { ...full, region: 'r', invokeId: 't', commandContent: '', status: 'S', timeoutSeconds: 0, product: 'swas' as const, targets: [target] };
    expect(invocationSchema.parse(small)).toStrictEqual(small);
  });
});

describe('the documented values', () => {
  it('are listed in their documented spelling (design.md, products.md)', () => {
    expect(PRODUCTS).toStrictEqual(['ecs', 'swas', 'eflo']);
    expect(TARGET_KINDS).toStrictEqual(['instance', 'node']);
    expect(TARGET_STATUSES).toStrictEqual(['Pending', 'Scheduled', 'Running', 'Stopping', 'Success', 'Invalid', 'Aborted', 'Failed', 'Timeout', 'Error', 'Cancelled', 'Terminated']);
    expect(INVOCATION_STATUSES).toStrictEqual(['Pending', 'Scheduled', 'Running', 'Stopping', 'Stopped', 'Success', 'Failed', 'PartialFailed']);
    expect(INVOKE_STATUSES).toStrictEqual(['Running', 'Finished', 'Failed', 'PartialFailed', 'Stopping', 'Stopped']);
    expect(REPEAT_MODES).toStrictEqual(['Once', 'Period', 'NextRebootOnly', 'EveryReboot', 'DryRun']);
  });

  it.each([
    ['normalizeTargetStatus', normalizeTargetStatus, TARGET_STATUSES],
    ['normalizeInvocationStatus', normalizeInvocationStatus, INVOCATION_STATUSES],
    ['normalizeInvokeStatus', normalizeInvokeStatus, INVOKE_STATUSES],
    ['normalizeRepeatMode', normalizeRepeatMode, REPEAT_MODES],
  ] as const)('%s spells each value as documented, in any case, and keeps an unknown one trimmed', (_name, normalize, values) => {
    for (const value of values) {
      expect(normalize(value)).toBe(value);
      expect(normalize(` ${value.toUpperCase()} `)).toBe(value);
      expect(normalize(value.toLowerCase())).toBe(value);
    }
    expect(normalize(' Hourly ')).toBe('Hourly');
  });
});
