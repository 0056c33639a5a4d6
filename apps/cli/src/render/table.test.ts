import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import type { Invocation } from '@invocations/core';
import { createColors } from './colors.js';
import { formatAge, renderInvocationTable } from './invocation.js';
import { fitColumns } from './table.js';

const plain = createColors(false);

function invocation(overrides: Partial<Invocation>): Invocation {
  return {
    product: 'ecs',
    region: 'cn-hangzhou',
    invokeId: 't-hz0jdfwd9f8abcd',
    commandName: 'install-nginx-and-restart-the-service-everywhere',
    parameters: {},
    timed: false,
    createdAt: '2025-01-31T22:00:00Z',
    status: 'PartialFailed',
    targets: [
      { id: 'i-1', kind: 'instance', status: 'Success', exitCode: 0, droppedBytes: 0, repeats: 1 },
      { id: 'i-2', kind: 'instance', status: 'Success', exitCode: 0, droppedBytes: 0, repeats: 1 },
      { id: 'i-3', kind: 'instance', status: 'Success', exitCode: 0, droppedBytes: 0, repeats: 1 },
      { id: 'i-4', kind: 'instance', status: 'Failed', exitCode: 1, errorCode: 'ExitCodeNonzero', droppedBytes: 0, repeats: 1 },
      { id: 'i-5', kind: 'instance', status: 'Running', droppedBytes: 0, repeats: 0 },
    ],
    ...overrides,
  };
}

describe('tables', () => {
  it('shrink only the shrinkable columns, widest first, down to their minimum', () => {
    const columns = [{ header: 'ID' }, { header: 'NAME', shrink: 'truncate' as const, minWidth: 5 }];
    expect(fitColumns(columns, [['t-0123456789', 'a very long command name']], 25)).toEqual([12, 11]);
    expect(fitColumns(columns, [['t-0123456789', 'a very long command name']], 10)).toEqual([12, 5]);
    expect(fitColumns(columns, [['t-0123456789', 'a very long command name']])).toEqual([12, 24]);
  });

  it('fit the list table into 80 columns without cutting ids, status or counts', () => {
    const now = Date.parse('2025-02-01T00:00:00Z');
    const rows = [invocation({}), invocation({ product: 'swas', region: 'cn-shanghai', invokeId: 't-sh0abc', commandName: '安装软件包', status: 'Success' })];
    const text = renderInvocationTable(rows, { width: 80, colors: plain, now });
    const lines = text.split('\n');
    for (const line of lines) expect(stringWidth(line)).toBeLessThanOrEqual(80);
    expect(lines[0]).toMatch(/^PRODUCT\s+REGION\s+INVOKE ID\s+COMMAND\s+AGE\s+STATUS\s+TARGETS$/);
    expect(text).toContain('t-hz0jdfwd9f8abcd');
    expect(text).toContain('PartialFailed');
    expect(text).toContain('install');
    expect(text).toContain('…');
    // the counts wrap onto the next line rather than being cut
    expect(text.replace(/\s+/g, ' ')).toContain('3 ok / 1 failed / 1 active');
    expect(lines[1]).toContain('2h');
  });

  it('colour statuses only when colour is on', () => {
    const coloured = renderInvocationTable([invocation({})], { colors: createColors(true), now: 0 });
    expect(coloured).toContain('\u001b[');
    expect(renderInvocationTable([invocation({})], { colors: plain, now: 0 })).not.toContain('\u001b[');
  });

  it('write ages compactly', () => {
    const now = Date.parse('2025-02-01T00:00:00Z');
    expect(formatAge('2025-01-31T23:59:15Z', now)).toBe('45s');
    expect(formatAge('2025-01-29T00:00:00Z', now)).toBe('3d');
    expect(formatAge(undefined, now)).toBe('-');
    expect(formatAge('garbage', now)).toBe('-');
  });
});
