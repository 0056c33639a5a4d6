import { ApiError, redactSecrets } from '@invocations/core';
import { describe, expect, it } from 'vitest';
import { createRefreshingProvider, MAX_REFRESH_MARGIN_MS, refreshMarginMs, type TemporaryCredentials } from './refreshing-credentials.js';

function issuer(now: () => number, lifetimeMs: number) {
  let issued = 0;
  let fail: Error | undefined;
  return {
    get issued() {
      return issued;
    },
    failWith(error: Error | undefined) {
      fail = error;
    },
    async fetch(): Promise<TemporaryCredentials> {
      issued++;
      await new Promise((resolve) => setTimeout(resolve, 5));
      if (fail) throw fail;
      return { accessKeyId: `STS.key${issued}`, accessKeySecret: `secret-number-${issued}`, securityToken: `token-number-${issued}`, expiresAt: now() + lifetimeMs };
    },
  };
}

describe('refreshMarginMs', () => {
  it('is a quarter of the lifetime, at most three minutes, jittered down to half', () => {
    expect(refreshMarginMs(3_600_000, 1)).toBe(MAX_REFRESH_MARGIN_MS);
    expect(refreshMarginMs(3_600_000, 0)).toBe(MAX_REFRESH_MARGIN_MS / 2);
    expect(refreshMarginMs(4_000, 1)).toBe(1_000);
    expect(refreshMarginMs(4_000, 0)).toBe(500);
  });
});

describe('createRefreshingProvider', () => {
  it('fetches once for many waiting calls, serves the cache, and refreshes before expiry', async () => {
    let time = 1_000_000;
    const now = () => time;
    const source = issuer(now, 3_600_000);
    const provider = createRefreshingProvider(() => source.fetch(), { name: 'test', now, random: () => 0 });
    const first = await Promise.all(Array.from({ length: 50 }, () => provider()));
    expect(source.issued).toBe(1);
    expect(new Set(first.map((credentials) => credentials.accessKeyId))).toEqual(new Set(['STS.key1']));
    // Just before the refresh point (expiry minus 90 s with this jitter): the cache.
    time += 3_600_000 - 90_000 - 1;
    await provider();
    expect(source.issued).toBe(1);
    time += 1;
    const second = await Promise.all(Array.from({ length: 50 }, () => provider()));
    expect(source.issued).toBe(2);
    expect(second.every((credentials) => credentials.accessKeyId === 'STS.key2')).toBe(true);
  });

  it('keeps valid credentials when a refresh fails, reports once, and throws once nothing valid is left', async () => {
    let time = 0;
    const now = () => time;
    const source = issuer(now, 600_000);
    const warnings: string[] = [];
    const provider = createRefreshingProvider(() => source.fetch(), { name: 'STS AssumeRole (profile x)', now, random: () => 1, onWarning: (message) => warnings.push(message) });
    await provider();
    // The failure quotes what it was given, as a server's message might: the registered secret is redacted.
    source.failWith(new ApiError({ code: 'InternalError', message: 'boom secret-number-1', httpStatus: 500 }));
    time = 600_000 - 60_000;
    const kept = await Promise.all(Array.from({ length: 50 }, () => provider()));
    expect(kept.every((credentials) => credentials.accessKeyId === 'STS.key1')).toBe(true);
    expect(source.issued).toBe(2);
    time += 20_000;
    await provider();
    expect(source.issued).toBe(3);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^STS AssumeRole \(profile x\): refreshing the credentials failed \(.*InternalError.*\); the current ones stay in use for \d+ s more$/);
    expect(warnings[0]).not.toContain('secret-number-1');
    time = 600_000;
    await expect(provider()).rejects.toThrow(/InternalError/);
    source.failWith(undefined);
    await expect(provider()).resolves.toMatchObject({ accessKeyId: expect.stringMatching(/^STS\.key/) });
  });

  it('refuses credentials that arrive already expired, and registers what it fetched for redaction', async () => {
    const provider = createRefreshingProvider(async () => ({ accessKeyId: 'STS.x', accessKeySecret: 'fetched-secret-value', securityToken: 'fetched-token-value', expiresAt: Date.now() - 1 }), { name: 'test' });
    await expect(provider()).rejects.toThrow('test: the credentials received have already expired');
    expect(redactSecrets('fetched-secret-value fetched-token-value')).toBe('*** ***');
  });
});
