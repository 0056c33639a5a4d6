import { describe, expect, it } from 'vitest';
import { renderJsonParts } from './render-json.js';

describe('renderJsonParts', () => {
  it('gives exactly the text of JSON.stringify, left-out values and all', () => {
    const odd: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
    odd.b = 1;
    odd.a = 'x';
    const bodies: Record<string, unknown>[] = [
      {},
      { RequestId: 'R', Code: 'InvalidParameter', Message: 'quote " and \\ and \u2028 and 中文 and \ud800' },
      { skipped: undefined, fn: () => 1, sym: Symbol('s'), kept: null, n: Number.NaN, inf: Infinity, neg: -0 },
      { list: [undefined, () => 1, Symbol('s'), 1, 'a', [], {}, [[1, [2]]]], date: new Date(0), odd },
      { Invocations: { Invocation: [{ InvokeId: 't-1', Tags: { Tag: [] } }, { InvokeId: 't-2', Timed: false }] }, TotalCount: 2 },
      { Invocations: [{ a: { b: { c: { d: [1, { e: undefined }] } } } }], 10: 'numeric keys first', z: true },
      { withToJson: { toJSON: () => ({ replaced: true }) }, map: new Map([[1, 2]]) },
    ];
    for (const body of bodies) expect(renderJsonParts(body).join('')).toBe(JSON.stringify(body));
  });

  it('cuts a large listing into parts of a few dozen KB, never one string of the whole page', () => {
    const target = { InstanceId: 'i-x', Output: 'x'.repeat(300) };
    const body = { TotalCount: 50, Invocations: { Invocation: Array.from({ length: 50 }, (_, index) => ({ InvokeId: `t-${index}`, InvokeInstances: { InvokeInstance: Array(10).fill(target) } })) } };
    const parts = renderJsonParts(body);
    expect(parts.join('')).toBe(JSON.stringify(body));
    expect(parts.length).toBeGreaterThan(3);
    // Each part holds at most one item beyond the 32 K mark: well under V8's 128 KB large-object size.
    for (const part of parts) expect(part.length).toBeLessThan(64 * 1024);
  });
});
