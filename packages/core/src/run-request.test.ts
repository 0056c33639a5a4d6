import { describe, expect, it } from 'vitest';
import { base64Length, checkRunRequest, commandBase64Bytes, encodeBase64Text, placeholderNames, InvalidQueryError, newClientToken, parametersEnabled, parseInput, runRequestSchema, WIRE_COMMAND_TYPES } from '@invocations/core';

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
    expect(
      issuesOf({
        command: 'x',
        targets: ['i-1'],
        name: 'n'.repeat(129),
        description: 'd'.repeat(513),
        workingDir: 'w'.repeat(201),
        username: 'u'.repeat(256),
        tags: Array.from({ length: 21 }, () => ({ key: 'k' })),
        timeoutSeconds: 10.5,
      }),
    ).toEqual([
      'timeoutSeconds: must be an integer',
      'workingDir: must be at most 200 characters',
      'username: must be at most 255 characters',
      'name: must be at most 128 characters',
      'description: must be at most 512 characters',
      'tags: must hold at most 20 tags',
    ]);
    expect(parse({ command: 'x', targets: ['i-1'], tags: [{ key: 'k' }], timeoutSeconds: 10, enableParameter: true }).tags).toEqual([{ key: 'k', value: '' }]);
    expect(parse({ command: 'x', targets: ['i-1'], timeoutSeconds: 86_400 }).timeoutSeconds).toBe(86_400);
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

describe('encodeBase64Text and placeholderNames', () => {
  it('encodes UTF-8 like Buffer does, at any size', () => {
    for (const text of ['', 'echo hi', '中文 ✓', 'x'.repeat(100_001)]) {
      expect(encodeBase64Text(text)).toBe(Buffer.from(text, 'utf8').toString('base64'));
      expect(encodeBase64Text(text).length).toBe(base64Length(text));
    }
  });

  it('lists custom names once, without built-ins', () => {
    expect(placeholderNames('echo {{ name }} {{NAME}} {{ACS::InstanceId}} {{other-1}}')).toEqual(['name', 'other-1']);
  });
});

describe('checkRunRequest', () => {
  const limits = { maxTargets: 2, maxCommandBase64Bytes: 16, maxParameters: 1, maxPlaceholders: 1, types: ['shell'] as const, unsupported: ['tags'] as const };
  function messages(input: unknown): string[] {
    try {
      checkRunRequest(input, limits, 'demo');
    } catch (error) {
      if (InvalidQueryError.isInstance(error)) return error.issues.map((issue) => `${issue.path}: ${issue.message}`);
      throw error;
    }
    return [];
  }

  it('accepts a request within the limits', () => {
    expect(messages({ command: 'echo hi', targets: ['a', 'b'] })).toEqual([]);
    // 12 bytes -> 16 after Base64: exactly the limit.
    expect(messages({ command: 'x'.repeat(12), targets: ['a'] })).toEqual([]);
  });

  it('names each product rule broken', () => {
    expect(messages({ command: 'x'.repeat(13), targets: ['a', 'b', 'c'], type: 'bat', tags: [{ key: 'k' }] })).toEqual([
      'targets: must hold at most 2 targets on demo (got 3)',
      'type: must be shell on demo',
      'command: must be at most 16 bytes after Base64 (with its parameters) on demo, got 20',
      'tags: is not supported by demo RunCommand',
    ]);
    expect(messages({ command: '{{a}}{{b}}', targets: ['a'], parameters: { a: '1', b: '2' } })).toEqual([
      'command: must be at most 16 bytes after Base64 (with its parameters) on demo, got 40',
      'parameters: must hold at most 1 parameters on demo (got 2)',
      'command: must use at most 1 {{placeholders}} (got 2)',
    ]);
    expect(messages({ command: '{{a b}}', targets: ['a'], enableParameter: true })).toEqual(['command: placeholder {{a b}} must use a-zA-Z0-9-_ and at most 64 characters']);
    expect(commandBase64Bytes({ command: 'abc', parameters: { a: 'b' } })).toBe(4 + 12);
  });
});
