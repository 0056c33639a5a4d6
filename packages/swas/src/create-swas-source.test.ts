import { ConfigurationError } from '@invocations/core';
import { describe, expect, it } from 'vitest';
import { createSwasSource } from './index.js';

const base = { region: 'cn-hangzhou', endpoint: 'http://127.0.0.1:9', credentials: { accessKeyId: 'id', accessKeySecret: 'secret' } };

function thrown(create: () => unknown): unknown {
  try {
    create();
  } catch (caught) {
    return caught;
  }
  return undefined;
}

describe('createSwasSource options', () => {
  it.each<[string, object, RegExp]>([
    ['pageSize', { pageSize: 0 }, /pageSize: must be at least 1/],
    ['maxPages', { maxPages: 1.5 }, /maxPages: must be an integer/],
    ['timeoutMs', { timeoutMs: -5 }, /timeoutMs/],
    // SWAS has no NextToken and no ContentEncoding: refused with the reason, not dropped.
    ['paging', { paging: 'token' }, /paging: must be concurrent or sequential/],
    ['contentEncoding', { contentEncoding: 'PlainText' }, /contentEncoding: is not an option of this source: SWAS has no ContentEncoding/],
  ])('a bad %s is a ConfigurationError naming it', (_name, extra, message) => {
    const error = thrown(() => createSwasSource({ ...base, ...extra }));
    expect(ConfigurationError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(message);
  });
});
