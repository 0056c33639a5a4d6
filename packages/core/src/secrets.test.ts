import { inspect } from 'node:util';
import { ApiError, ConfigurationError, DecodeError, InvocationsError, registerSecrets, redactSecrets, secretForms, TimeoutError } from '@invocations/core';
import { describe, expect, it } from 'vitest';

// Everything a reader of the error can see: message, stack, own fields, inspect (with the cause chain).
function visible(error: unknown): string {
  return [String((error as Error).message), String((error as Error).stack), JSON.stringify(error), inspect(error, { depth: 10 })].join('\n');
}

describe('redactSecrets and the errors built after registerSecrets', () => {
  const token = 'STS.CAIS/tok+en=Zx9/Q2w';
  const secret = 'core-secret-7Hq"\\x';
  registerSecrets([token, secret, undefined, '']);

  it('redacts the secret as is, JSON-escaped, with \\/ and \\u escapes, percent-encoded and in Base64 at any offset', () => {
    const forms = [
      token,
      JSON.stringify(token).slice(1, -1).replace(/\//g, '\\/'),
      token.replace(/[^A-Za-z0-9]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`),
      encodeURIComponent(token),
      encodeURIComponent(encodeURIComponent(token)),
      encodeURIComponent(token).replace(/%[0-9A-F]{2}/g, (escape) => escape.toLowerCase()),
      JSON.stringify(secret).slice(1, -1),
    ];
    for (const form of forms) expect(redactSecrets(`a ${form} b`), form).toBe('a *** b');
    for (const prefix of ['', 'x', 'xy']) {
      const encoded = Buffer.from(`${prefix}${token}!!`).toString('base64');
      const out = redactSecrets(encoded);
      expect(out).toContain('***');
      // At most the two partial groups at the edges are left: never the bytes of the token.
      expect(Buffer.from(out.replace('***', ''), 'base64').toString('latin1')).not.toContain(token.slice(0, 6));
    }
  });

  it('redacts a 4-character secret and ignores shorter ones', () => {
    registerSecrets(['q7Z!', 'ab']);
    expect(redactSecrets('x q7Z! y q7Z%21 ab')).toBe('x *** y *** ab');
    expect(secretForms('abc')).toEqual([]);
  });

  it('redacts the user info of a URL, also one that does not parse', () => {
    expect(redactSecrets('endpoint: "http://user:pw@[bad" is not valid')).toBe('endpoint: "http://***@[bad" is not valid');
    expect(redactSecrets('see https://a:b@c@host:1/x')).toBe('see https://***@host:1/x');
  });

  it('keeps the secret out of every error class: message, fields, stack, JSON and inspect', () => {
    const errors = [
      new ApiError({ code: `Bad.${token}`, message: `token ${token}`, httpStatus: 400, requestId: token, hostId: token, recommend: token }),
      new DecodeError({ reason: `no ${token}`, body: `{"SecurityToken":"${JSON.stringify(token).slice(1, -1).replace(/\//g, '\\/')}"}`, requestId: token }),
      new TimeoutError({ timeoutMs: 5, message: `late ${token}` }),
      new ConfigurationError(`endpoint: "http://u:${secret}@[bad"`),
    ];
    for (const error of errors) {
      const text = visible(error);
      expect(text).not.toContain(token);
      expect(text).not.toContain(secret);
      expect(text).toContain('***');
    }
  });

  it('redacts a secret that straddles the excerpt cut, and finds the excerpt after a long run of spaces', () => {
    const body = `${'a'.repeat(195)}${token}`;
    const error = new DecodeError({ reason: 'x', body });
    expect(error.excerpt).not.toContain(token.slice(0, 5));
    const spaced = new DecodeError({ reason: 'x', body: `${' '.repeat(100_000)}{"a":"${token}"}` });
    expect(spaced.excerpt).toBe('{"a":"***"}');
  });

  it('copies a cause chain that shows a secret, and keeps a clean cause as it is', () => {
    const clean = new Error('plain');
    expect(new InvocationsError('x', { cause: clean }).cause).toBe(clean);
    const inner = Object.assign(new Error(`inner ${token}`), { code: 'E_X' });
    const outer = new Error('outer', { cause: inner });
    const error = new InvocationsError('wrapped', { cause: outer });
    expect(visible(error)).not.toContain(token);
    expect(((error.cause as Error).cause as Error & { code: string }).code).toBe('E_X');
    expect(new InvocationsError('s', { cause: `reason ${token}` }).cause).toBe('reason ***');
  });
});
