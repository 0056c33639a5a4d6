import { describe, expect, it } from 'vitest';
import { invocationQuerySchema, parseInput, tagFilterSchema, type InvocationQuery } from '@invocations/core';

// Every rule of the canonical query, with the message it gives: a caller reads these messages to
// fix a call, so each one is pinned (issue 19: the query schema scored 24% under mutation testing).
function problem(query: unknown): string {
  try {
    parseInput(invocationQuerySchema, query, 'q');
  } catch (error) {
    return (error as Error).message;
  }
  return 'accepted';
}

describe('invocationQuerySchema', () => {
  it('accepts every field at its limits', () => {
    const query: InvocationQuery = {
      invokeIds: ['t-1'],
      targetId: 'i-1',
      commandId: 'c-1',
      commandName: 'n',
      commandType: 'RunShellScript',
      invokeStatus: 'Running',
      timed: false,
      repeatMode: 'Once',
      resourceGroupId: 'rg-1',
      tags: Array.from({ length: 20 }, (_, index) => ({ key: `k${index}`.padEnd(64, 'k'), value: 'v'.repeat(128) })),
      includeOutput: true,
      pageSize: 50,
    };
    expect(parseInput(invocationQuerySchema, query)).toStrictEqual(query);
    expect(parseInput(invocationQuerySchema, { pageSize: 1 })).toStrictEqual({ pageSize: 1 });
    expect(parseInput(invocationQuerySchema, {})).toStrictEqual({});
    expect(parseInput(invocationQuerySchema, { tags: [{ key: 'k' }], invokeIds: ['a', 'b'] })).toStrictEqual({ tags: [{ key: 'k' }], invokeIds: ['a', 'b'] });
    expect(parseInput(invocationQuerySchema, { tags: [{ key: 'k', value: '' }] })).toStrictEqual({ tags: [{ key: 'k', value: '' }] });
  });

  it.each([
    [{ invokeIds: [] }, 'invokeIds: must hold at least one id'],
    [{ invokeIds: ['t-1', ''] }, 'invokeIds.1: must not be empty'],
    [{ targetId: '' }, 'targetId: must not be empty'],
    [{ commandId: '' }, 'commandId: must not be empty'],
    [{ commandName: '' }, 'commandName: must not be empty'],
    [{ commandType: '' }, 'commandType: must not be empty'],
    [{ invokeStatus: '' }, 'invokeStatus: must not be empty'],
    [{ repeatMode: '' }, 'repeatMode: must not be empty'],
    [{ resourceGroupId: '' }, 'resourceGroupId: must not be empty'],
    [{ tags: Array.from({ length: 21 }, (_, index) => ({ key: `k${index}` })) }, 'tags: must hold at most 20 tags'],
    [{ tags: [{ key: '' }] }, 'tags.0.key: must not be empty'],
    [{ tags: [{ key: 'k'.repeat(65) }] }, 'tags.0.key: must be at most 64 characters'],
    [{ tags: [{ key: 'k', value: 'v'.repeat(129) }] }, 'tags.0.value: must be at most 128 characters'],
    [{ pageSize: 0 }, 'pageSize: must be at least 1'],
    [{ pageSize: 51 }, 'pageSize: must be at most 50'],
    [{ pageSize: 2.5 }, 'pageSize: must be an integer'],
  ])('rejects %j: %s', (query, message) => {
    expect(problem(query)).toBe(`q: invalid query: ${message}`);
  });

  it('rejects fields it does not know, in the query and in a tag, rather than ignoring them', () => {
    expect(problem({ status: 'Running' })).toMatch(/^q: invalid query: Unrecognized key: "status"/);
    expect(problem({ tags: [{ key: 'k', Value: 'v' }] })).toMatch(/^q: invalid query: tags\.0: Unrecognized key: "Value"/);
    expect(tagFilterSchema.safeParse({ key: 'k', extra: 1 }).success).toBe(false);
  });

  it('rejects values of the wrong type', () => {
    expect(problem({ timed: 'true' })).toMatch(/^q: invalid query: timed: /);
    expect(problem({ includeOutput: 1 })).toMatch(/^q: invalid query: includeOutput: /);
    expect(problem({ invokeIds: 't-1' })).toMatch(/^q: invalid query: invokeIds: /);
  });
});
