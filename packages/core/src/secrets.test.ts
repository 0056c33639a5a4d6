import { inspect } from 'node:util';
import { ApiError, ConfigurationError, DecodeError, InvocationsError, registerSecrets, redactSecrets, secretForms, TimeoutError } from '@invocations/core';
import { redactOptional, safeCause } from './secrets.js';
import { beforeEach, describe, expect, it } from 'vitest';

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

describe('secretForms', () => {
  it('lists every form, longest first: percent-encoded once and twice in both hex cases, JSON escapes of each, Base64 at each alignment', () => {
    expect(secretForms("w?'x y/z")).toStrictEqual([
      'w\\u0025253F\\u00252527x\\u00252520y\\u0025252Fz',
      'w\\u0025253f\\u00252527x\\u00252520y\\u0025252fz',
      'w\\u00253F\\u002527x\\u002520y\\u00252Fz',
      'w\\u00253f\\u002527x\\u002520y\\u00252fz',
      'w\\u00253F\\u0027x\\u002520y\\u00252Fz',
      'w\\u00253f\\u0027x\\u002520y\\u00252fz',
      'w\\u00253F\\u0027x\\u002by\\u00252Fz',
      'w\\u00253F\\u0027x\\u002By\\u00252Fz',
      'w\\u003f\\u0027x\\u0020y\\u002fz',
      'w\\u003F\\u0027x\\u0020y\\u002Fz',
      'w%253F%2527x%2520y%252Fz',
      'w%253f%2527x%2520y%252fz',
      'w%3F%27x%20y%2Fz',
      'w%3f%27x%20y%2fz',
      'w%3F\'x%20y%2Fz',
      'w%3f\'x%20y%2fz',
      'w%3F\'x+y%2Fz',
      'w?\'x y\\/z',
      'w?\'x y/z',
      'dz8neCB5',
      'Pyd4IHkv',
      'J3ggeS96',
    ]);
  });

  it('gives the URL-alphabet form of a Base64 fragment, percent-encodes *, and ignores what is not a string of four characters', () => {
    expect(secretForms('??>>')).toEqual(expect.arrayContaining(['Pz8-', 'Pz8+']));
    expect(secretForms('????')).toEqual(expect.arrayContaining(['Pz8_', 'Pz8/']));
    expect(secretForms('ab*cd')).toEqual(expect.arrayContaining(['ab%2Acd', 'ab%2acd', 'ab*cd']));
    for (const value of [undefined, null, 12_345_678, ['abcdef']]) expect(secretForms(value as unknown as string)).toStrictEqual([]);
  });
});

describe('the secret registry', () => {
  const key = Symbol.for('@invocations/secret-registry');

  it('lives on globalThis under a registered symbol, hidden from enumeration, so another copy of the package shares it', async () => {
    expect(Object.getOwnPropertyDescriptor(globalThis, key)).toMatchObject({ enumerable: false, configurable: true });
    // A second instance of this module, as a second installed copy would load.
    const copy = (await import(/* @vite-ignore */ `./secrets.js?copy=${Date.now()}`)) as typeof import('./secrets.js');
    expect(copy.registerSecrets).not.toBe(registerSecrets);
    copy.registerSecrets(['from-the-other-copy-91']);
    expect(redactSecrets('x from-the-other-copy-91 y')).toBe('x *** y');
  });

  it('redacts the longest of overlapping secrets whole, whichever was registered first', () => {
    registerSecrets(['Pw0rd-9', 'Pw0rd-9-and-more']);
    expect(redactSecrets('a Pw0rd-9-and-more b Pw0rd-9 c')).toBe('a *** b *** c');
  });

  it('skips what is not a secret without taking a place among the 64 kept', () => {
    registerSecrets([null as unknown as string, 12_345_678 as unknown as string, 'abc']);
    expect(redactSecrets('12345678 abc')).toBe('12345678 abc');
    const first = 'kept-secret-000';
    registerSecrets([first, ...Array.from({ length: 63 }, (_, index) => `filler-secret-${index}`)]);
    registerSecrets(['ab', 'cd', 'ef']);
    expect(redactSecrets(first)).toBe('***');
  });

  it('keeps the 64 most recent secrets, a secret registered again counting as recent', () => {
    const old = Array.from({ length: 64 }, (_, index) => `rotating-token-${String(index).padStart(2, '0')}`);
    registerSecrets(old);
    expect(old.every((secret) => redactSecrets(secret) === '***')).toBe(true);
    registerSecrets([old[0] as string, 'rotating-token-64']);
    expect(redactSecrets(old[0] as string)).toBe('***');
    expect(redactSecrets('rotating-token-64')).toBe('***');
    // The oldest not registered again made room.
    expect(redactSecrets(old[1] as string)).toBe(old[1]);
    expect(redactSecrets(old[2] as string)).toBe('***');
  });
});

describe('redactSecrets, redactOptional', () => {
  it('redacts the user info of any scheme, at the start of the text too, in any case', () => {
    expect(redactSecrets('https://user:pw@host/x')).toBe('https://***@host/x');
    expect(redactSecrets('proxy tn3270://user:pw@host')).toBe('proxy tn3270://***@host');
    expect(redactSecrets('HTTP://User:Pw@Host and z://u:p@h')).toBe('HTTP://***@Host and z://***@h');
    expect(redactSecrets('mail me at ops@example.com')).toBe('mail me at ops@example.com');
  });

  it('gives back what is not a string, and the empty string', () => {
    expect(redactSecrets(42 as unknown as string)).toBe(42);
    expect(redactSecrets(undefined as unknown as string)).toBeUndefined();
    expect(redactSecrets('')).toBe('');
    expect(redactOptional(undefined)).toBeUndefined();
    expect(redactOptional('see https://u:p@h')).toBe('see https://***@h');
  });
});

describe('safeCause', () => {
  const secret = 'cause-secret-Zq81';
  // Registered before each test: the registry test above rotates every secret out.
  beforeEach(() => registerSecrets([secret]));

  it('gives back a cause that shows nothing, and what is not an object or a string', () => {
    const clean = new Error('plain', { cause: new Error('inner') });
    expect(safeCause(clean)).toBe(clean);
    for (const value of [undefined, null, 7, true]) expect(safeCause(value)).toBe(value);
    expect(safeCause(`why ${secret}`)).toBe('why ***');
  });

  it('copies an Error that shows a secret, keeping its name, code and redacted stack', () => {
    const original = Object.assign(new Error(`login ${secret}`), { name: 'AuthError', code: 403 });
    const copy = safeCause(original) as Error & { code?: unknown };
    expect(copy).not.toBe(original);
    expect(copy.message).toBe('login ***');
    expect(copy.name).toBe('AuthError');
    expect(copy.code).toBe(403);
    expect(copy.stack).toBe((original.stack as string).replace(secret, '***'));
    const withObjectCode = safeCause(Object.assign(new Error(secret), { code: { nested: 1 } })) as Error & { code?: unknown };
    expect('code' in withObjectCode).toBe(false);
  });

  it('copies an Error whose stack alone shows the secret', () => {
    const original = new Error('plain');
    original.stack = `Error: plain\n    at login (${secret})`;
    const copy = safeCause(original) as Error;
    expect(copy).not.toBe(original);
    expect(copy.message).toBe('plain');
    expect(copy.stack).toBe('Error: plain\n    at login (***)');
  });

  it('replaces a plain object that shows a secret by an Error saying so', () => {
    const copy = safeCause({ token: secret }) as Error;
    expect(copy).toBeInstanceOf(Error);
    expect(copy.name).toBe('Error');
    expect(copy.message).toBe('[redacted value]');
    expect(copy.stack).toBe('Error: [redacted value]');
    const named = safeCause({ name: 'Weird', message: `m ${secret}`, code: 'E1' }) as Error & { code?: unknown };
    expect([named.name, named.message, named.stack, named.code]).toStrictEqual(['Weird', 'm ***', 'Weird: m ***', 'E1']);
  });

  it('redacts down a chain of nine causes, and cuts a longer or cyclic chain after the ninth', () => {
    let chain: Error = new Error(`deepest ${secret}`);
    for (let level = 0; level < 8; level++) chain = new Error(`level ${level}`, { cause: chain });
    let copy = safeCause(chain) as Error;
    for (let level = 0; level < 8; level++) copy = copy.cause as Error;
    expect(copy.message).toBe('deepest ***');
    expect('cause' in copy).toBe(false);
    // A clean chain of nine is kept as it is; one of ten is cut after the ninth.
    const clean = (levels: number): Error => {
      let error = new Error('clean 0');
      for (let level = 1; level < levels; level++) error = new Error(`clean ${level}`, { cause: error });
      return error;
    };
    const nine = clean(9);
    expect(safeCause(nine)).toBe(nine);
    let cut = safeCause(clean(10)) as Error;
    for (let level = 0; level < 8; level++) cut = cut.cause as Error;
    expect(cut.message).toBe('clean 1');
    expect('cause' in cut).toBe(false);

    const cyclic = new Error(`loop ${secret}`) as Error & { cause?: unknown };
    cyclic.cause = cyclic;
    const safe = safeCause(cyclic) as Error;
    expect(safe.message).toBe('loop ***');
    expect(JSON.stringify(inspect(safe, { depth: 20 }))).not.toContain(secret);
  });

  it('reads an object that cannot be written as JSON by its string form and stack', () => {
    const circular = new Error(`circular ${secret}`) as Error & { self?: unknown };
    circular.self = circular;
    expect((safeCause(circular) as Error).message).toBe('circular ***');
    const big = Object.assign(new Error('plain'), { size: 10n });
    big.stack = `Error: plain\n    at ${secret}`;
    expect((safeCause(big) as Error).stack).toBe('Error: plain\n    at ***');
  });
});
