import { describe, expect, it } from 'vitest';
import { formatTargetCounts, summarizeInvocation, TARGET_STATUSES } from '@invocations/core';
import { invocation, target } from '../test/memory-source.js';

describe('summarizeInvocation', () => {
  it('answers "which machines failed?" with exit codes and error codes', () => {
    const summary = summarizeInvocation(
      invocation('t-1', [
        target('i-1', 'Success'),
        target('i-2', 'Failed', { exitCode: 127, errorCode: 'ExitCodeNonzero', errorInfo: 'the command execution exit code is not zero' }),
        target('i-3', 'Success'),
        target('i-4', 'Timeout', { errorCode: 'ExecutionTimeout', rawErrorCode: 'ExecutionTimeout' }),
        target('i-5', 'Success'),
      ]),
    );
    expect(summary).toStrictEqual({
      product: 'ecs',
      invokeId: 't-1',
      status: 'PartialFailed',
      total: 5,
      byStatus: { Success: 3, Failed: 1, Timeout: 1 },
      succeeded: 3,
      failed: [
        { id: 'i-2', status: 'Failed', exitCode: 127, errorCode: 'ExitCodeNonzero', errorInfo: 'the command execution exit code is not zero' },
        { id: 'i-4', status: 'Timeout', errorCode: 'ExecutionTimeout' },
      ],
      stopped: [],
      active: [],
    });
    expect(formatTargetCounts(summary)).toBe('3 ok / 2 failed');
  });

  it('puts every documented status in exactly one class', () => {
    const targets = TARGET_STATUSES.map((status, index) => target(`i-${index}`, status));
    const summary = summarizeInvocation(invocation('t-1', targets));
    expect(summary.total).toBe(12);
    expect(summary.succeeded).toBe(1);
    expect(summary.failed.map((item) => item.status)).toStrictEqual(['Invalid', 'Aborted', 'Failed', 'Timeout', 'Error']);
    expect(summary.stopped.map((item) => item.status)).toStrictEqual(['Cancelled', 'Terminated']);
    expect(summary.active.map((item) => item.status)).toStrictEqual(['Pending', 'Scheduled', 'Running', 'Stopping']);
    expect(Object.values(summary.byStatus).every((count) => count === 1)).toBe(true);
    expect(formatTargetCounts(summary)).toBe('1 ok / 5 failed / 2 stopped / 4 active');
  });

  it('counts a status in any case under its documented spelling, and an unknown one as active', () => {
    const summary = summarizeInvocation(invocation('t-1', [target('i-1', 'success'), target('i-2', 'FAILED'), target('i-3', 'Rebooting')]));
    expect(summary.byStatus).toStrictEqual({ Success: 1, Failed: 1, Rebooting: 1 });
    expect(summary.succeeded).toBe(1);
    expect(summary.failed).toStrictEqual([{ id: 'i-2', status: 'Failed' }]);
    expect(summary.active).toStrictEqual([{ id: 'i-3', status: 'Rebooting' }]);
  });

  it('summarises an invocation without targets', () => {
    const summary = summarizeInvocation(invocation('t-1', []));
    expect(summary).toMatchObject({ total: 0, byStatus: {}, succeeded: 0, failed: [], stopped: [], active: [] });
    expect(formatTargetCounts(summary)).toBe('no targets');
  });
});

describe('formatTargetCounts', () => {
  it.each([
    [{ succeeded: 3, failed: 1, stopped: 0, active: 0 }, '3 ok / 1 failed'],
    [{ succeeded: 2, failed: 0, stopped: 0, active: 0 }, '2 ok'],
    [{ succeeded: 0, failed: 0, stopped: 1, active: 2 }, '1 stopped / 2 active'],
    [{ succeeded: 0, failed: 4, stopped: 0, active: 0 }, '4 failed'],
  ])('labels %o as "%s"', (counts, label) => {
    const entries = (count: number) => Array.from({ length: count }, (_, index) => ({ id: `i-${index}`, status: 'X' }));
    const summary = {
      total: counts.succeeded + counts.failed + counts.stopped + counts.active,
      succeeded: counts.succeeded,
      failed: entries(counts.failed),
      stopped: entries(counts.stopped),
      active: entries(counts.active),
    };
    expect(formatTargetCounts(summary)).toBe(label);
  });
});
