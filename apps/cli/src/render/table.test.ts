import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import type { Invocation } from '@invocations/core';
import { createColors } from './colors.js';
import { escapeControls, escapeControlsInText, toSafeJson } from './escape.js';
import { formatAge, invocationRow, listColumns, renderInvocationTable, renderTargetTable } from './invocation.js';
import { createTableWriter, planTable, renderTable } from './table.js';
import { renderWatchView } from './watch-view.js';

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
    expect(planTable(columns, [['t-0123456789', 'a very long command name']], 25).widths).toEqual([12, 11]);
    expect(planTable(columns, [['t-0123456789', 'a very long command name']], 10).widths).toEqual([12, 5]);
    expect(planTable(columns, [['t-0123456789', 'a very long command name']]).widths).toEqual([12, 24]);
  });

  it('tighten the gaps, then hide optional columns, before a column goes below its readable width', () => {
    const columns = [
      { header: 'ID' },
      { header: 'NAME', shrink: 'truncate' as const, minWidth: 4, readableWidth: 10 },
      { header: 'AGE', optional: true },
      { header: 'STATUS' },
    ];
    const row = ['t-0123456789', 'a-rather-long-name', '3d', 'PartialFailed'];
    expect(planTable(columns, [row], 60)).toMatchObject({ widths: [12, 18, 3, 13], visible: [true, true, true, true], gap: 2 });
    expect(planTable(columns, [row], 41)).toMatchObject({ widths: [12, 10, 3, 13], visible: [true, true, true, true], gap: 1 });
    expect(planTable(columns, [row], 37)).toMatchObject({ widths: [12, 10, 3, 13], visible: [true, true, false, true], gap: 1 });
    expect(planTable(columns, [row], 30)).toMatchObject({ widths: [12, 4, 3, 13], visible: [true, true, false, true] });
  });

  it('fit the list table into 80 columns with the command readable and the counts on one line', () => {
    const now = Date.parse('2025-02-01T00:00:00Z');
    const rows = [
      invocation({ invokeId: 't-hz0jdfwd9f8abcde', targets: invocation({}).targets.slice(0, 3).concat(invocation({}).targets[3]!) }),
      invocation({ product: 'swas', region: 'cn-shanghai', invokeId: 't-sh0abc', commandName: '安装软件包', status: 'Success' }),
    ];
    const text = renderInvocationTable(rows, { width: 80, colors: plain, now });
    const lines = text.split('\n');
    for (const line of lines) expect(stringWidth(line)).toBeLessThanOrEqual(80);
    expect(lines[0]).toMatch(/^PRODUCT\s+REGION\s+INVOKE ID\s+COMMAND\s+STATUS\s+TARGETS$/);
    expect(lines).toHaveLength(3); // nothing wraps
    expect(lines[1]).toMatch(/^ecs {5}cn-hangzhou t-hz0jdfwd9f8abcde install-ng… PartialFailed 3 ok \/ 1 failed$/);
    // A longer summary than the common one is cut at the edge rather than wrapped.
    expect(lines[2]).toMatch(/^swas {4}cn-shanghai t-sh0abc {11}安装软件包 {2}Success {7}3 ok \/ 1 faile…$/);
    // Wide enough: every column, two spaces apart, the whole name.
    const wide = renderInvocationTable(rows, { width: 140, colors: plain, now }).split('\n');
    expect(wide[0]).toMatch(/^PRODUCT  REGION  +INVOKE ID  +COMMAND  +AGE  STATUS  +TARGETS$/);
    expect(wide[1]).toContain('install-nginx-and-restart-the-service-everywhere  2h');
  });

  it('stream rows: the first rows decide the widths, later ones line up, an over-long command is cut and an id pushes right', () => {
    const written: string[] = [];
    const writer = createTableWriter(listColumns(plain), { width: 100, sampleSize: 2, write: (text) => written.push(text) });
    const now = Date.parse('2025-02-01T00:00:00Z');
    writer.push(invocationRow(invocation({ commandName: 'short' }), now));
    expect(written).toEqual([]); // held until the sample is complete
    writer.push(invocationRow(invocation({ commandName: 'also-short' }), now));
    expect(written).toHaveLength(1);
    writer.push(invocationRow(invocation({ commandName: 'x'.repeat(60) }), now));
    writer.push(invocationRow(invocation({ invokeId: 't-a-much-longer-invoke-id-than-before' }), now));
    expect(writer.end()).toBe(4);
    const lines = written.join('').split('\n').filter(Boolean);
    expect(lines).toHaveLength(5);
    const statusAt = lines[1]!.indexOf('PartialFailed');
    expect(lines[2]!.indexOf('PartialFailed')).toBe(statusAt);
    expect(lines[3]!.indexOf('PartialFailed')).toBe(statusAt);
    expect(lines[3]).toContain('…');
    expect(lines[4]).toContain('t-a-much-longer-invoke-id-than-before');
    for (const line of lines) expect(stringWidth(line)).toBeLessThanOrEqual(100);
  });

  it('render 200,000 rows without a RangeError (no spread of every row into Math.max)', () => {
    const rows = Array.from({ length: 200_000 }, (_, index) => [`t-${index}`, index % 7 === 0 ? 'a longer name' : 'name']);
    const text = renderTable([{ header: 'ID' }, { header: 'NAME', shrink: 'truncate' }], rows, { width: 40 });
    expect(text.split('\n')).toHaveLength(200_001);
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

describe('server text', () => {
  const hostile = 'deploy\u001b]0;pwned\u0007\u001b]52;c;Y3VybCBldmls\u0007\u009b31m\u202e';

  it('is shown with every control character escaped in one-line cells', () => {
    expect(escapeControls(hostile)).toBe('deploy\\x1b]0;pwned\\x07\\x1b]52;c;Y3VybCBldmls\\x07\\x9b31m\\u202e');
    expect(escapeControls('a\nb\tc\rd')).toBe('a\\nb\\tc\\rd');
    expect(escapeControls('plain 安装')).toBe('plain 安装');
  });

  it('keeps line feeds and tabs of command output, and escapes the rest', () => {
    expect(escapeControlsInText('one\r\ntwo\tthree\rfour\u001b[2J')).toBe('one\ntwo\tthree\\rfour\\x1b[2J');
  });

  it('is escaped in the list table, the target table and the watch view', () => {
    const bad = invocation({
      commandName: hostile,
      targets: [{ id: 'i-1\u001b[2J', kind: 'instance', status: 'Failed', errorCode: 'E\u0007', errorInfo: 'boom\u009d', droppedBytes: 0, repeats: 1 }],
    });
    const views = [
      renderInvocationTable([bad], { colors: plain, now: 0 }),
      renderTargetTable(bad.targets, { colors: plain }),
      renderWatchView(bad, { colors: plain, elapsedMs: 0 }).join('\n'),
    ];
    for (const view of views) expect(view).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202e]/);
    expect(views[0]).toContain('deploy\\x1b]0;');
    expect(views[1]).toContain('i-1\\x1b[2J');
  });

  it('is JSON with C1 controls escaped too, which parses back to the same value', () => {
    const value = { name: hostile, text: '\u0085\u007f' };
    const json = toSafeJson(value, 2);
    expect(json).not.toMatch(/[\u007f-\u009f]/);
    expect(json).toContain('\\u009b31m');
    expect(JSON.parse(json)).toEqual(value);
    // JSON.stringify alone leaves them raw: the reason for the extra step.
    expect(JSON.stringify(value)).toMatch(/[\u007f-\u009f]/);
  });
});

describe('watch with many targets', () => {
  const many = invocation({
    targets: Array.from({ length: 1_000 }, (_, index) => ({
      id: `e01-cn-node${String(index).padStart(4, '0')}`,
      kind: 'node' as const,
      status: index === 700 ? 'Failed' : index % 3 === 0 ? 'Running' : 'Success',
      ...(index === 700 ? { exitCode: 1, errorCode: 'ExitCodeNonzero' } : {}),
      droppedBytes: 0,
      repeats: 1,
    })),
  });

  it('keeps the live view to the terminal height, failed and running targets first', () => {
    const lines = renderWatchView(many, { width: 80, height: 30, colors: plain, elapsedMs: 0 });
    expect(lines.length).toBeLessThanOrEqual(30);
    expect(lines.join('\n')).toContain('e01-cn-node0700');
    expect(lines.at(-1)).toMatch(/and \d+ more targets/);
    for (const line of lines) expect(stringWidth(line)).toBeLessThanOrEqual(80);
  });

  it('renders every target for get', () => {
    expect(renderTargetTable(many.targets, { width: 80, colors: plain }).split('\n')).toHaveLength(1_001);
  });
});
