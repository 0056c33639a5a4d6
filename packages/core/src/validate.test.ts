import * as z from 'zod';
import { describe, expect, it } from 'vitest';
import { ConfigurationError, InvalidQueryError, parseInput, parseOptions, toQueryIssues } from '@invocations/core';

const schema = z.strictObject({
  name: z.string().min(1, 'must not be empty'),
  items: z.array(z.strictObject({ id: z.string().min(2, 'must be at least 2 characters') })).optional(),
});

function thrown(run: () => unknown): Error {
  try {
    run();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a throw');
}

describe('toQueryIssues', () => {
  it('joins each issue path with dots, indexes included, and keeps the rule as the message', () => {
    const result = schema.safeParse({ name: '', items: [{ id: 'ok' }, { id: 'x' }] });
    expect(result.success).toBe(false);
    expect(toQueryIssues(result.error?.issues ?? [])).toStrictEqual([
      { path: 'name', message: 'must not be empty' },
      { path: 'items.1.id', message: 'must be at least 2 characters' },
    ]);
    expect(toQueryIssues(z.string().safeParse(1).error?.issues ?? [])).toStrictEqual([{ path: '', message: 'Invalid input: expected string, received number' }]);
  });
});

describe('parseInput', () => {
  it('returns the parsed value', () => {
    expect(parseInput(schema, { name: 'a' })).toStrictEqual({ name: 'a' });
  });

  it('throws an InvalidQueryError naming each field, with the context when given', () => {
    const withContext = thrown(() => parseInput(schema, { name: '', items: [{ id: 'x' }] }, 'demo list'));
    expect(InvalidQueryError.isInstance(withContext)).toBe(true);
    expect(withContext.message).toBe('demo list: invalid query: name: must not be empty; items.0.id: must be at least 2 characters');
    expect((withContext as InvalidQueryError).issues).toStrictEqual([
      { path: 'name', message: 'must not be empty' },
      { path: 'items.0.id', message: 'must be at least 2 characters' },
    ]);
    expect(thrown(() => parseInput(schema, { name: '' })).message).toBe('invalid query: name: must not be empty');
  });
});

describe('parseOptions', () => {
  it('returns the parsed options', () => {
    expect(parseOptions(schema, { name: 'a' }, 'demo')).toStrictEqual({ name: 'a' });
  });

  it('throws a ConfigurationError listing paths and rules, never the values given', () => {
    const secret = 'not-a-name-but-a-secret-value';
    const error = thrown(() => parseOptions(schema, { name: '', items: [{ id: 'x' }], accessKeySecret: secret }, 'createDemoSource'));
    expect(ConfigurationError.isInstance(error)).toBe(true);
    expect(InvalidQueryError.isInstance(error)).toBe(false);
    expect(error.message).toBe('createDemoSource: name: must not be empty; items.0.id: must be at least 2 characters; (options): Unrecognized key: "accessKeySecret"');
    expect(error.message).not.toContain(secret);
    expect(thrown(() => parseOptions(schema, 'options', 'createDemoSource')).message).toBe('createDemoSource: (options): Invalid input: expected object, received string');
  });
});
