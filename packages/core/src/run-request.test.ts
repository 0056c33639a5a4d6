import { describe, expect, it } from 'vitest';
import { base64Length, InvalidQueryError, newClientToken, parametersEnabled, parseInput, runRequestSchema, WIRE_COMMAND_TYPES } from '@invocations/core';

const parse = (input: unknown) => parseInput(runRequestSchema, input, 'run');

function issuesOf(input: unknown): string[] {
  try {
    parse(input);
  } catch (error) {
    if (InvalidQueryError.isInstance(error)) return error.issues.map((issue) => `${issue.path}: ${issue.message}`);
    throw error;
  }
  throw new Error('expected an InvalidQueryError');
}

describe('runRequestSchema', () => {
  it('fills the defaults and keeps what was given', () => {
    const request = parse({ command: 'uptime', targets: ['i-1', ' i-2 '] });
    expect(request).toEqual({ command: 'uptime', type: 'shell', targets: ['i-1', 'i-2'] });
    expect(WIRE_COMMAND_TYPES[request.type]).toBe('RunShellScript');
    expect(parametersEnabled(request)).toBe(false);
    expect(parametersEnabled(parse({ command: 'echo {{a}}', targets: ['i-1'], parameters: { a: 'x' } }))).toBe(true);
  });

  it('names the field and the rule of each mistake', () => {
    expect(issuesOf({ command: '  ', targets: [] })).toEqual(['command: must not be empty', 'targets: must hold at least one target']);
    expect(issuesOf({ command: 'x', targets: ['i-1', 'i-1'] })).toEqual(['targets.1: must not repeat i-1']);
    expect(issuesOf({ command: 'x', targets: ['i-1'], timeoutSeconds: 5 })).toEqual(['timeoutSeconds: must be at least 10']);
    expect(issuesOf({ command: 'x', targets: ['i-1'], timeoutSeconds: 86_401 })).toEqual(['timeoutSeconds: must be at most 86400']);
    expect(issuesOf({ command: 'x', targets: ['i-1'], type: 'python' })).toEqual(['type: must be one of shell, bat, powershell']);
    expect(issuesOf({ command: 'x', targets: ['i-1'], clientToken: 'ä' })).toEqual(['clientToken: must be printable ASCII']);
    expect(issuesOf({ command: 'x', targets: ['i-1'], clientToken: 'a'.repeat(65) })).toEqual(['clientToken: must be at most 64 characters']);
    expect(issuesOf({ command: 'x', targets: ['i-1'], parameters: { a: 'b' }, enableParameter: false })[0]).toMatch(/^parameters: needs enableParameter/);
    expect(issuesOf({ command: 'x', targets: ['i-1'], extra: 1 })[0]).toMatch(/extra/);
  });

  it('generates distinct ASCII tokens the schema accepts', () => {
    const a = newClientToken();
    const b = newClientToken();
    expect(a).not.toBe(b);
    expect(parse({ command: 'x', targets: ['i-1'], clientToken: a }).clientToken).toBe(a);
  });

  it('measures Base64 length over UTF-8 bytes', () => {
    expect(base64Length('')).toBe(0);
    expect(base64Length('abc')).toBe(4);
    expect(base64Length('abcd')).toBe(8);
    expect(base64Length('中')).toBe(4); // three bytes
    expect(base64Length('中文')).toBe(8);
  });
});
