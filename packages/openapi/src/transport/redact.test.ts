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
});
