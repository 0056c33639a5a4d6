import { InvalidQueryError } from '@invocations/core';
import { describe, expect, it } from 'vitest';
import { createSourceClient } from './source-options.js';

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
