import { describe, expect, it } from 'vitest';
import { createRedactor } from './redact.js';

describe('createRedactor', () => {
  it('hides a secret as is, percent-encoded once and twice', () => {
    const redact = createRedactor(['ab/c+d=', undefined]);
    expect(redact('x ab/c+d= y ab%2Fc%2Bd%3D z ab%252Fc%252Bd%253D')).toBe('x *** y *** z ***');
  });

  it('leaves text alone without secrets, and skips values too short to matter', () => {
    expect(createRedactor([])('plain')).toBe('plain');
    expect(createRedactor(['ab'])('abc')).toBe('abc');
  });

  it('redacts a secret of exactly four characters, and not one of three', () => {
    expect(createRedactor(['k9Z!'])('a k9Z! b k9Z%21 c')).toBe('a *** b *** c');
    expect(createRedactor(['k9Z'])('a k9Z b')).toBe('a k9Z b');
  });

  it('replaces overlapping secrets longest first, whatever order they were given in, so no tail is left', () => {
    // "abcd" is the start of "abcdefgh": replacing the short one first would leave "***efgh".
    for (const secrets of [['abcd', 'abcdefgh'], ['abcdefgh', 'abcd']]) {
      expect(createRedactor(secrets)('x abcdefgh y abcd z')).toBe('x *** y *** z');
    }
  });
});
