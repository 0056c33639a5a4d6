import { AbortedError, InvalidQueryError } from '@invocations/core';
import { describe, expect, it } from 'vitest';
import { createSourceClient, linkAbort, scopeSignal } from './source-options.js';

describe('createSourceClient', () => {
  it('checks maxPages (a whole number, 1 to 1,000,000) before any request and hands it on', () => {
    const base = { region: 'cn-hangzhou', endpoint: 'http://127.0.0.1:9', credentials: { accessKeyId: 'id', accessKeySecret: 'secret' } };
    expect(() => createSourceClient('ecs', { ...base, maxPages: 0 }, { context: 'test' })).toThrow(InvalidQueryError);
    expect(() => createSourceClient('ecs', { ...base, maxPages: 2.5 }, { context: 'test' })).toThrow(/maxPages: must be an integer/);
    expect(() => createSourceClient('ecs', { ...base, maxPages: 1_000_001 }, { context: 'test' })).toThrow(/maxPages: must be at most 1000000/);
    expect(createSourceClient('ecs', { ...base, maxPages: 7 }, { context: 'test' }).maxPages).toBe(7);
    expect(createSourceClient('ecs', base, { context: 'test' }).maxPages).toBeUndefined();
  });
});

describe('scopeSignal', () => {
  it('follows the outer signal until released, and lets go of it then', () => {
    const outer = new AbortController();
    const released = scopeSignal(outer.signal);
    released.release();
    const live = scopeSignal(outer.signal);
    outer.abort(new Error('stop'));
    expect(live.signal?.aborted).toBe(true);
    expect(released.signal?.aborted).toBe(false);
    expect(scopeSignal(outer.signal).signal?.aborted).toBe(true);
    expect(scopeSignal(undefined).signal).toBeUndefined();
  });

  it('works beside linkAbort: aborting the listing aborts the request', () => {
    const caller = new AbortController();
    const link = linkAbort(caller.signal);
    const scoped = scopeSignal(link.signal);
    caller.abort();
    expect(scoped.signal?.aborted).toBe(true);
    expect(() => link.check()).toThrow(AbortedError);
  });
});
