import { ConfigurationError } from '@invocations/core';
import { describe, expect, it } from 'vitest';
import { createEfloSource } from './index.js';

const base = { region: 'cn-wulanchabu', endpoint: 'http://127.0.0.1:9', credentials: { accessKeyId: 'id', accessKeySecret: 'secret' } };

describe('createEfloSource options', () => {
  it.each<[string, object, RegExp]>([
    ['concurrency', { concurrency: 65 }, /concurrency: must be at most 64/],
    ['contentEncoding', { contentEncoding: 'Hex' }, /contentEncoding/],
    ['timeoutMs', { timeoutMs: 0 }, /timeoutMs/],
    // eflo DescribeInvocations does not page: the paging options are refused, not dropped.
    ['pageSize', { pageSize: 10 }, /pageSize: is not an option of this source: eflo DescribeInvocations does not page/],
    ['paging', { paging: 'sequential' }, /paging: is not an option of this source/],
    ['maxPages', { maxPages: 5 }, /maxPages: is not an option of this source/],
  ])('a bad %s is a ConfigurationError naming it', (_name, extra, message) => {
    let error: unknown;
    try {
      createEfloSource({ ...base, ...extra });
    } catch (caught) {
      error = caught;
    }
    expect(ConfigurationError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(message);
  });

  it('takes the options it has', () => {
    expect(createEfloSource({ ...base, concurrency: 4, contentEncoding: 'PlainText' }).product).toBe('eflo');
  });
});
