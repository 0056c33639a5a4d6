import { inspect, isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from 'vitest';
import type { InvocationTarget } from '@invocations/core';
import { LAZY_OUTPUT_FROM } from './lazy-output.js';
import { applyTargetDetails } from './map-target.js';
import { decodeBase64Text } from './wire.js';

// A log of mostly ASCII lines and a Chinese one, as outputs are; long enough to be decoded on first read.
const LOG = `${'Reading package lists... Done\n中文输出：命令执行完成\n'.repeat(40)}`;
const LOG_BASE64 = Buffer.from(LOG, 'utf8').toString('base64');

const base = (): InvocationTarget => ({ id: 'i-1', kind: 'instance', status: 'Success', droppedBytes: 0, repeats: 1 });
const wire = { ExitCode: 0, Output: LOG_BASE64, CreationTime: '2024-03-12T06:00:00Z' };
const lazyTarget = (): InvocationTarget => applyTargetDetails(base(), wire, { product: 'ecs', base64: true });
// What the same target was before outputs were deferred: a plain object with the decoded text.
const eager = (): InvocationTarget => ({ ...base(), exitCode: 0, output: LOG, createdAt: '2024-03-12T06:00:00Z' });

describe('a long Base64 output, decoded on first read', () => {
  it('is deferred only from LAZY_OUTPUT_FROM characters on, and only when Base64 was asked for', () => {
    expect(LOG_BASE64.length).toBeGreaterThanOrEqual(LAZY_OUTPUT_FROM);
    expect(Object.getOwnPropertyDescriptor(lazyTarget(), 'output')?.get).toBeTypeOf('function');
    const short = Buffer.from('x'.repeat(((LAZY_OUTPUT_FROM / 4) * 3) - 3)).toString('base64');
    expect(short.length).toBe(LAZY_OUTPUT_FROM - 4);
    expect(Object.getOwnPropertyDescriptor(applyTargetDetails(base(), { Output: short }, { product: 'ecs', base64: true }), 'output')).toMatchObject({
      value: 'x'.repeat(((LAZY_OUTPUT_FROM / 4) * 3) - 3),
    });
    const plain = applyTargetDetails(base(), { Output: LOG_BASE64 }, { product: 'ecs', base64: false });
    expect(Object.getOwnPropertyDescriptor(plain, 'output')).toMatchObject({ value: LOG_BASE64 });
    // Exactly the threshold is deferred.
    const atThreshold = Buffer.from('y'.repeat((LAZY_OUTPUT_FROM / 4) * 3)).toString('base64');
    expect(atThreshold.length).toBe(LAZY_OUTPUT_FROM);
    expect(Object.getOwnPropertyDescriptor(applyTargetDetails(base(), { Output: atThreshold }, { product: 'ecs', base64: true }), 'output')?.get).toBeTypeOf('function');
  });

  it('decodes padded text at once, so an output that decodes to nothing is still dropped with dropEmptyOutput', () => {
    // '77u/' is a lone byte order mark, which decoding drops: the text is ''.
    for (const padded of [`${' '.repeat(LAZY_OUTPUT_FROM)}77u/`, `77u/${'\n'.repeat(LAZY_OUTPUT_FROM)}`, `\u00a0${'\u00a0'.repeat(LAZY_OUTPUT_FROM)}77u/`]) {
      expect(decodeBase64Text(padded)).toBe('');
      const target = applyTargetDetails(base(), { Output: padded }, { product: 'ecs', base64: true, dropEmptyOutput: true });
      expect('output' in target).toBe(false);
      expect(applyTargetDetails(base(), { Output: padded }, { product: 'ecs', base64: true }).output).toBe('');
    }
    // Laid out on lines (XML), long Base64 is decoded at once and reads the same.
    const laidOut = applyTargetDetails(base(), { Output: `\n      ${LOG_BASE64}\n    ` }, { product: 'ecs', base64: true });
    expect(Object.getOwnPropertyDescriptor(laidOut, 'output')).toMatchObject({ value: LOG });
  });

  it('reads as the text decodeBase64Text gives, every time, in the usual place among the keys', () => {
    const target = lazyTarget();
    expect(Object.keys(target)).toEqual(Object.keys(eager()));
    expect(target.output).toBe(LOG);
    expect(target.output).toBe(LOG);
    expect(target).toEqual(eager());
    expect(target).toStrictEqual(eager());
    expect(isDeepStrictEqual(lazyTarget(), eager())).toBe(true);
  });

  it('keeps text that is not Base64 as sent, like an eager output', () => {
    const notBase64 = `${'OutPutTestmsg '.repeat(80)}`;
    expect(notBase64.length).toBeGreaterThan(LAZY_OUTPUT_FROM);
    expect(applyTargetDetails(base(), { Output: notBase64 }, { product: 'eflo', base64: true }).output).toBe(decodeBase64Text(notBase64));
    expect(decodeBase64Text(notBase64)).toBe(notBase64);
  });

  it('survives JSON, structuredClone and spread as plain data, without the Base64 text', () => {
    expect(JSON.parse(JSON.stringify(lazyTarget()))).toEqual(eager());
    expect(JSON.stringify(lazyTarget())).toBe(JSON.stringify(eager()));
    const cloned = structuredClone(lazyTarget());
    expect(Object.getOwnPropertyDescriptor(cloned, 'output')).toMatchObject({ value: LOG });
    expect(cloned).toStrictEqual(eager());
    const spread = { ...lazyTarget() };
    expect(Object.getOwnPropertySymbols(spread)).toEqual([]);
    expect(spread).toStrictEqual(eager());
    expect(Object.assign({}, lazyTarget())).toStrictEqual(eager());
  });

  it('prints its text in util.inspect (console.log), not [Getter/Setter], also inside a page', () => {
    const page = (target: InvocationTarget) => inspect({ invocations: [{ targets: [target] }] }, { depth: 5, maxStringLength: 60 });
    expect(page(lazyTarget())).not.toContain('Getter');
    expect(page(lazyTarget())).toContain("output: 'Reading package lists... Done\\n");
    expect(page(lazyTarget())).toBe(page(eager()));
    // Past inspect's depth it is an [Object] like any other.
    expect(inspect({ a: { b: { c: lazyTarget() } } })).toBe(inspect({ a: { b: { c: eager() } } }));
    expect(inspect(lazyTarget(), { maxStringLength: 30 })).toBe(inspect(eager(), { maxStringLength: 30 }));
  });

  it('takes an assignment and a delete like a data property', () => {
    const target = lazyTarget();
    target.output = 'replaced';
    expect(target.output).toBe('replaced');
    expect(JSON.parse(JSON.stringify(target))).toEqual({ ...eager(), output: 'replaced' });
    const before = lazyTarget();
    expect(before.output).toBe(LOG);
    before.output = 'after a read';
    expect(before.output).toBe('after a read');
    const removed = lazyTarget();
    delete removed.output;
    expect('output' in removed).toBe(false);
    expect(JSON.parse(JSON.stringify(removed))).toEqual((({ output: _, ...rest }) => rest)(eager()));
  });

  it('reads the same from a frozen target, and refuses a write to it as a frozen data property does', () => {
    const frozen = Object.freeze(lazyTarget());
    expect(frozen.output).toBe(LOG);
    expect(frozen.output).toBe(LOG);
    expect(() => {
      (frozen as { output?: string }).output = 'x';
    }).toThrow(new TypeError("Cannot assign to read only property 'output' of object"));
    expect(frozen.output).toBe(LOG);
    const sealed = Object.seal(lazyTarget());
    expect(sealed.output).toBe(LOG);
    sealed.output = 'sealed, still writable';
    expect(sealed.output).toBe('sealed, still writable');
  });

  it('lets go of the Base64 text at the first read, and reads undefined once its hidden property is removed', () => {
    const target = lazyTarget();
    const [hidden] = Object.getOwnPropertySymbols(target).filter((symbol) => symbol.description === 'invocations.output.base64');
    const record = target as unknown as Record<symbol, unknown>;
    expect(record[hidden!]).toBe(LOG_BASE64);
    expect(target.output).toBe(LOG);
    expect(record[hidden!]).not.toBe(LOG_BASE64);
    const stripped = lazyTarget();
    expect(delete (stripped as unknown as Record<symbol, unknown>)[hidden!]).toBe(true);
    expect(stripped.output).toBeUndefined();
  });

  it('still reads right on a copy made from its property descriptors', () => {
    const original = lazyTarget();
    const copy = Object.defineProperties({}, Object.getOwnPropertyDescriptors(original)) as InvocationTarget;
    expect(copy.output).toBe(LOG);
    copy.output = 'copy only';
    expect(original.output).toBe(LOG);
  });
});
