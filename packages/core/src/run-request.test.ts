import { describe, expect, it } from 'vitest';
import { base64Length, checkRunRequest, commandBase64Bytes, encodeBase64Text, placeholderNames, InvalidQueryError, newClientToken, parametersEnabled, parseInput, runRequestSchema, WIRE_COMMAND_TYPES, type RunLimits } from '@invocations/core';

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

  it('maps each command type to its wire Type', () => {
    expect(WIRE_COMMAND_TYPES).toStrictEqual({ shell: 'RunShellScript', bat: 'RunBatScript', powershell: 'RunPowerShellScript' });
    expect(parse({ command: 'dir', targets: ['i-1'], type: 'powershell' }).type).toBe('powershell');
  });

  it('names the rule of each empty or too long field', () => {
    expect(issuesOf({ command: 'x', targets: ['i-1', '  '], workingDir: '', username: '', name: '', clientToken: '' })).toEqual([
      'targets.1: must not be empty',
      'workingDir: must not be empty',
      'username: must not be empty',
      'name: must not be empty',
      'clientToken: must not be empty',
      'clientToken: must be printable ASCII',
    ]);
    expect(issuesOf({ command: 'x', targets: ['i-1'], tags: [{ key: '' }, { key: 'k'.repeat(65) }, { key: 'k', value: 'v'.repeat(129) }] })).toEqual([
      'tags.0.key: must not be empty',
      'tags.1.key: must be at most 64 characters',
      'tags.2.value: must be at most 128 characters',
    ]);
    // A key and a value of more than one character, at their limits.
    const tags = [{ key: 'k'.repeat(64), value: 'v'.repeat(128) }, { key: 'env', value: 'prod' }];
    expect(parse({ command: 'x', targets: ['i-1'], tags }).tags).toStrictEqual(tags);
  });

  it('names a bad parameter name rather than "Invalid key in record"', () => {
    expect(issuesOf({ command: 'x', targets: ['i-1'], parameters: { '': 'a', ['p'.repeat(65)]: 'b' } })).toEqual([
      'parameters: keys must not be empty',
      `parameters.${'p'.repeat(65)}: keys must be at most 64 characters`,
    ]);
    const parameters = { ['p'.repeat(64)]: 'a', ab: 'b' };
    expect(parse({ command: 'x', targets: ['i-1'], parameters }).parameters).toStrictEqual(parameters);
  });

  it('refuses parameters with enableParameter false in so many words, and accepts false alone', () => {
    expect(issuesOf({ command: 'x', targets: ['i-1'], parameters: { a: 'b' }, enableParameter: false })).toEqual([
      'parameters: needs enableParameter (false was given, so the values would never be used)',
    ]);
    expect(parse({ command: 'x', targets: ['i-1'], enableParameter: false })).toStrictEqual({ command: 'x', type: 'shell', targets: ['i-1'], enableParameter: false });
  });

  it('takes a ClientToken of printable ASCII only, from its first character to its last', () => {
    expect(issuesOf({ command: 'x', targets: ['i-1'], clientToken: 'äbc' })).toEqual(['clientToken: must be printable ASCII']);
    expect(issuesOf({ command: 'x', targets: ['i-1'], clientToken: 'abc\n' })).toEqual(['clientToken: must be printable ASCII']);
    expect(parse({ command: 'x', targets: ['i-1'], clientToken: ' ~a' }).clientToken).toBe(' ~a');
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
    // Only a name that starts with ACS:: is built in.
    expect(placeholderNames('{{ myACS::x }} {{acs::RegionId}}')).toEqual(['myacs::x']);
  });
});

describe('checkRunRequest', () => {
  const limits = { maxTargets: 2, maxCommandBase64Bytes: 16, maxParameters: 1, maxPlaceholders: 1, types: ['shell'] as const, unsupported: ['tags'] as const };
  function messages(input: unknown, given: RunLimits = limits): string[] {
    try {
      checkRunRequest(input, given, 'demo');
    } catch (error) {
      if (InvalidQueryError.isInstance(error)) return error.issues.map((issue) => `${issue.path}: ${issue.message}`);
      throw error;
    }
    return [];
  }

  it('accepts a request within the limits', () => {
    expect(checkRunRequest({ command: 'echo hi', targets: ['a', 'b'] }, limits, 'demo')).toStrictEqual({ command: 'echo hi', type: 'shell', targets: ['a', 'b'] });
    expect(messages({ command: 'echo hi', targets: ['a', 'b'] })).toEqual([]);
    // As many parameters and placeholders as allowed, with a name of two to 64 characters.
    const roomy = { ...limits, maxCommandBase64Bytes: 1_000 };
    expect(messages({ command: '{{ab}}', targets: ['a'], parameters: { ab: '1' } }, roomy)).toEqual([]);
    expect(messages({ command: `{{${'n'.repeat(64)}}}`, targets: ['a'], enableParameter: true }, roomy)).toEqual([]);
    // Placeholders are not checked when parameters are off: {{a b}} is then plain text.
    expect(messages({ command: '{{a b}}', targets: ['a'] })).toEqual([]);
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
    // A long name is quoted up to 70 characters.
    expect(messages({ command: `{{${'n'.repeat(65)}${'m'.repeat(100)}}}`, targets: ['a'], enableParameter: true }, { ...limits, maxCommandBase64Bytes: 1_000 })).toEqual([
      `command: placeholder {{${'n'.repeat(65)}mmmmm}} must use a-zA-Z0-9-_ and at most 64 characters`,
    ]);
  });

  it('says which product refused the request, and lists every allowed type', () => {
    const error = (() => {
      try {
        checkRunRequest({ command: 'x', targets: ['a'], type: 'powershell' }, { maxCommandBase64Bytes: 100, maxParameters: 0, maxPlaceholders: 0, types: ['shell', 'bat'] }, 'demo');
      } catch (caught) {
        return caught as Error;
      }
      throw new Error('expected an error');
    })();
    expect(error.message).toBe('demo run: invalid query: type: must be shell or bat on demo');
    expect(InvalidQueryError.isInstance(error)).toBe(true);
  });

  it('applies no target, type or field rule a product does not state', () => {
    const open = { maxCommandBase64Bytes: 100, maxParameters: 0, maxPlaceholders: 0 };
    const many = Array.from({ length: 1_000 }, (_, index) => `i-${index}`);
    const request = { command: 'x', targets: many, type: 'bat', tags: [{ key: 'k' }], name: 'n', description: 'd', username: 'u', workingDir: '/w', clientToken: 't' };
    expect(checkRunRequest(request, open, 'demo')).toMatchObject({ targets: many, type: 'bat', name: 'n' });
    expect(commandBase64Bytes({ command: 'abc', parameters: { a: 'b' } })).toBe(4 + 12);
  });
});
