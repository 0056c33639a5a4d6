import { ConfigurationError } from '@invocations/core';
import { describe, expect, it } from 'vitest';
import { cliWording, formatError } from './errors.js';

describe('messages in the CLI\'s words', () => {
  it('names flags, not library options', () => {
    expect(cliWording('profile work (chosen by the profile option) is not in /h/.aliyun/config.json (profiles: default)')).toBe(
      'profile work (chosen by --profile) is not in /h/.aliyun/config.json (profiles: default)',
    );
    expect(cliWording('no Alibaba Cloud credentials found: looked at the credentials option, the environment variables A with B, and /h/c.json (does not exist)')).toBe(
      'no Alibaba Cloud credentials found: looked at the environment variables A with B, and /h/c.json (does not exist)',
    );
    expect(cliWording('no Alibaba Cloud credentials found: looked at the credentials option and the environment variables A')).toBe(
      'no Alibaba Cloud credentials found: looked at the environment variables A',
    );
    expect(cliWording('profile work was asked for, but /h/c.json does not exist')).toBe('--profile work was asked for, but /h/c.json does not exist');
    expect(formatError(new ConfigurationError('openapi client options: endpoint: must be a host'))).toBe('error: --endpoint: must be a host');
  });
});
