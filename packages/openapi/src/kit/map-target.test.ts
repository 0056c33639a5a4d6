import { describe, expect, it } from 'vitest';
import type { InvocationTarget } from '@invocations/core';
import { fastInvocationFields, fastTargetFields } from './fast-wire.js';
import { applyInvocationDetails, applyTargetDetails, mapWireInvocation, mapWireTarget, sentFields, targetStatusOf } from './map-target.js';

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

// The records are made by constructors (so V8 never allocates them in the old generation by an
// allocation-site decision); to a caller they must stay plain objects, keys in the model's order.
describe('decoded records are plain objects', () => {
  const isPlain = (value: object) => Object.getPrototypeOf(value) === Object.prototype && value.constructor === Object;

  it('mapWireTarget and mapWireInvocation give plain objects with the literal key order', () => {
    const target = mapWireTarget({ InvocationStatus: 'Success', Repeats: 2 }, { id: 'i-1', legacyStatus: 'Finished', kind: 'instance', product: 'ecs', base64: false });
    expect(isPlain(target)).toBe(true);
    expect(Object.keys(target)).toEqual(['id', 'kind', 'status', 'droppedBytes', 'repeats', 'legacyStatus']);
    expect(target).toStrictEqual({ id: 'i-1', kind: 'instance', status: 'Success', droppedBytes: 0, repeats: 2, legacyStatus: 'Finished' });
    const invocation = mapWireInvocation({ InvokeId: 't-1', InvocationStatus: 'Success' }, [target], { product: 'ecs', timed: false, base64: false });
    expect(isPlain(invocation)).toBe(true);
    expect(Object.keys(invocation)).toEqual(['product', 'invokeId', 'parameters', 'timed', 'status', 'targets']);
    expect(structuredClone(invocation)).toStrictEqual(invocation);
  });

  it('the fast readers give plain records with every field', () => {
    const target = fastTargetFields({ InvocationStatus: ' Success ', Output: 'aGk=' });
    expect(isPlain(target)).toBe(true);
    expect(Object.keys(target)).toHaveLength(13);
    expect(target).toStrictEqual({ ...target, InvocationStatus: 'Success', Output: 'aGk=' });
    const invocation = fastInvocationFields({ InvokeId: 't-1' });
    expect(isPlain(invocation)).toBe(true);
    expect(invocation.InvokeId).toBe('t-1');
    expect(Object.keys(invocation)).toHaveLength(13);
  });
});
