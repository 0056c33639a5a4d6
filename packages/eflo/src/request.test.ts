import { parseInput } from '@invocations/core';
import { describe, expect, it } from 'vitest';
import { efloDescribeInvocationsRequestSchema, efloQuerySchema } from './request.js';

describe('efloQuerySchema', () => {
  it('says clearly that eflo cannot list without invoke ids', () => {
    expect(() => parseInput(efloQuerySchema, {}, 'eflo list')).toThrow(/invokeIds: is required: the eflo API cannot list invocations/);
  });

  it.each(['commandId', 'commandName', 'commandType', 'invokeStatus', 'repeatMode', 'resourceGroupId'])('rejects %s, which eflo cannot filter on', (field) => {
    expect(() => parseInput(efloQuerySchema, { invokeIds: ['t-1'], [field]: 'x' })).toThrow(new RegExp(`${field}: eflo DescribeInvocations cannot filter`));
  });

  it('accepts ids, a node, output and a page size (which has no effect)', () => {
    expect(parseInput(efloQuerySchema, { invokeIds: ['t-1'], targetId: 'e01-x', includeOutput: true, pageSize: 10 })).toEqual({
      invokeIds: ['t-1'],
      targetId: 'e01-x',
      includeOutput: true,
      pageSize: 10,
    });
  });
});

describe('efloDescribeInvocationsRequestSchema', () => {
  it('gives the form-body parameters, no RegionId', () => {
    expect(efloDescribeInvocationsRequestSchema.parse({ invokeId: 't-1', nodeId: 'e01-x', includeOutput: true, contentEncoding: 'plaintext' })).toEqual({
      InvokeId: 't-1',
      NodeId: 'e01-x',
      IncludeOutput: 'true',
      ContentEncoding: 'PlainText',
    });
  });

  it('needs the invoke id', () => {
    expect(() => parseInput(efloDescribeInvocationsRequestSchema, { invokeId: ' ' })).toThrow(/invokeId: is required/);
  });
});
