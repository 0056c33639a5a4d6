import { describe, expect, it } from 'vitest';
import type { InvocationTarget } from '@invocations/core';
import { applyInvocationDetails, applyTargetDetails, sentFields, targetStatusOf } from './map-target.js';

const base = (): InvocationTarget => ({ id: 'i-1', kind: 'instance', status: 'Failed', droppedBytes: 0, repeats: 0 });

describe('targetStatusOf', () => {
  it('prefers InvocationStatus in the documented spelling and reads the legacy status otherwise', () => {
    expect(targetStatusOf('success', 'Failed')).toBe('Success');
    expect(targetStatusOf(undefined, 'Finished')).toBe('Success');
    expect(targetStatusOf(undefined, 'Stopped')).toBe('Terminated');
    expect(targetStatusOf(undefined, 'Brand-new')).toBe('Brand-new');
  });
});

describe('applyTargetDetails', () => {
  it('copies exit code, decoded output, the canonical error, times and timed; absent stays absent', () => {
    const target = applyTargetDetails(
      base(),
      { ExitCode: 1, Output: 'aGVsbG8=', ErrorCode: ' NodeNotExists', ErrorInfo: 'the specified node does not exists', StartTime: '2024-01-01T00:00:00Z', Timed: false },
      { product: 'eflo', base64: true },
    );
    expect(target).toEqual({
      ...base(),
      exitCode: 1,
      output: 'hello',
      errorCode: 'TargetNotExists',
      rawErrorCode: ' NodeNotExists',
      errorInfo: 'the specified node does not exists',
      startedAt: '2024-01-01T00:00:00Z',
      timed: false,
    });
  });

  it('keeps plain-text output as sent', () => {
    expect(applyTargetDetails(base(), { Output: 'aGVsbG8=' }, { product: 'ecs', base64: false }).output).toBe('aGVsbG8=');
  });
});

describe('applyInvocationDetails', () => {
  it('copies the shared invocation fields in the documented spelling, decoding Base64 content', () => {
    const invocation = applyInvocationDetails(
      { product: 'eflo', invokeId: 't-1', parameters: {}, timed: false, status: 'Success', targets: [] },
      { CommandName: 'n', CommandContent: 'ZWNobyAxMjM=', RepeatMode: 'once', InvokeStatus: 'finished', Timeout: 60 },
      { base64: true },
    );
    expect(invocation).toEqual({
      product: 'eflo',
      invokeId: 't-1',
      parameters: {},
      timed: false,
      status: 'Success',
      targets: [],
      commandName: 'n',
      commandContent: 'echo 123',
      repeatMode: 'Once',
      invokeStatus: 'Finished',
      timeoutSeconds: 60,
    });
  });
});

describe('sentFields', () => {
  it('copies only the fields that were sent, under their names, and makes no empty extra', () => {
    const names = [
      ['OssOutputUri', 'ossOutputUri'],
      ['OssOutputStatus', 'ossOutputStatus'],
    ] as const;
    expect(sentFields({ OssOutputUri: undefined }, names)).toBeUndefined();
    expect(sentFields({ OssOutputStatus: 'Finished', Other: 'x' }, names)).toEqual({ ossOutputStatus: 'Finished' });
    expect(sentFields({ OssOutputUri: '' }, names, { tags: {} })).toEqual({ tags: {}, ossOutputUri: '' });
  });
});
