import { ConfigurationError } from '@invocations/core';
import { describe, expect, it } from 'vitest';
import { createSourceClient } from './source-options.js';

const base = { region: 'cn-hangzhou', endpoint: 'http://127.0.0.1:9', credentials: { accessKeyId: 'id', accessKeySecret: 'secret' } };
const paged = { context: 'test', paging: ['concurrent', 'token', 'sequential'], contentEncoding: true } as const;

describe('createSourceClient', () => {
  it('checks maxPages (a whole number, 1 to 1,000,000) before any request and hands it on', () => {
    expect(() => createSourceClient('ecs', { ...base, maxPages: 0 }, paged)).toThrow(ConfigurationError);
    expect(() => createSourceClient('ecs', { ...base, maxPages: 2.5 }, paged)).toThrow(/maxPages: must be an integer/);
    expect(() => createSourceClient('ecs', { ...base, maxPages: 1_000_001 }, paged)).toThrow(/maxPages: must be at most 1000000/);
    expect(createSourceClient('ecs', { ...base, maxPages: 7 }, paged).maxPages).toBe(7);
    expect(createSourceClient('ecs', base, paged).maxPages).toBeUndefined();
  });

  it('refuses, with the reason, an option the product does not have instead of dropping it', () => {
    const unpaged = { context: 'eflo test', paging: [], pagingNote: 'eflo DescribeInvocations does not page', contentEncoding: true } as const;
    expect(() => createSourceClient('eflo', { ...base, pageSize: 10 }, unpaged)).toThrow(/eflo test: pageSize: is not an option of this source: eflo DescribeInvocations does not page/);
    expect(() => createSourceClient('eflo', { ...base, paging: 'sequential' }, unpaged)).toThrow(ConfigurationError);
    const swas = { context: 'swas test', paging: ['concurrent', 'sequential'], pagingNote: 'SWAS has no NextToken', contentEncoding: false, contentEncodingNote: 'SWAS has no ContentEncoding' } as const;
    expect(() => createSourceClient('swas', { ...base, paging: 'token' }, swas)).toThrow(/paging: must be concurrent or sequential \(SWAS has no NextToken\)/);
    expect(() => createSourceClient('swas', { ...base, contentEncoding: 'PlainText' }, swas)).toThrow(/contentEncoding: is not an option of this source: SWAS has no ContentEncoding/);
    expect(createSourceClient('swas', { ...base, paging: 'sequential' }, swas).paging).toBe('sequential');
  });

  it('is a ConfigurationError for a bad reading option and for a bad client option alike', () => {
    expect(() => createSourceClient('ecs', { ...base, pageSize: 51 }, paged)).toThrow(ConfigurationError);
    expect(() => createSourceClient('ecs', { ...base, timeoutMs: -1 }, paged)).toThrow(ConfigurationError);
  });
});
