import { ConfigurationError } from '@invocations/core';
import { describe, expect, it } from 'vitest';
import { createEcsSource, type EcsSourceOptions } from './index.js';

const base = { region: 'cn-hangzhou', endpoint: 'http://127.0.0.1:9', credentials: { accessKeyId: 'id', accessKeySecret: 'secret' } };

describe('createEcsSource options', () => {
  // One class for every bad option, the reading ones (checked by the kit) and the client's (timeoutMs).
  it.each<[string, Partial<EcsSourceOptions>, RegExp]>([
    ['pageSize', { pageSize: 51 }, /pageSize: must be at most 50/],
    ['concurrency', { concurrency: 0 }, /concurrency: must be at least 1/],
    ['paging', { paging: 'random' as 'token' }, /paging: must be concurrent, token or sequential/],
    ['contentEncoding', { contentEncoding: 'gzip' as 'Base64' }, /contentEncoding/],
    ['timeoutMs', { timeoutMs: -1 }, /timeoutMs/],
    ['region', { region: ' ' }, /region: is required/],
  ])('a bad %s is a ConfigurationError naming it', (_name, extra, message) => {
    const error = (() => {
      try {
        createEcsSource({ ...base, ...extra });
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    expect(ConfigurationError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(message);
  });
});
