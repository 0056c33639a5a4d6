import { InvalidQueryError, parseInput } from '@invocations/core';
import { describe, expect, it } from 'vitest';
import { swasDescribeInvocationsRequestSchema, swasQuerySchema } from './request.js';

describe('swasQuerySchema', () => {
  it.each(['commandId', 'commandName', 'commandType', 'repeatMode', 'resourceGroupId'])('rejects %s, which SWAS cannot filter on', (field) => {
    expect(() => parseInput(swasQuerySchema, { [field]: 'x' }, 'swas list')).toThrow(new RegExp(`${field}: SWAS DescribeInvocations cannot filter`));
  });

  it('rejects timed and tags too', () => {
    try {
      parseInput(swasQuerySchema, { timed: false, tags: [{ key: 'a' }] });
      expect.unreachable();
    } catch (error) {
      expect(InvalidQueryError.isInstance(error)).toBe(true);
      expect((error as InvalidQueryError).issues.map((issue) => issue.path)).toEqual(['timed', 'tags']);
    }
  });

  it('takes Running, Finished, Failed in any case and nothing else', () => {
    expect(parseInput(swasQuerySchema, { invokeStatus: 'finished' }).invokeStatus).toBe('Finished');
    expect(() => parseInput(swasQuerySchema, { invokeStatus: 'Stopped' })).toThrow(/invokeStatus: must be one of Running, Finished, Failed/);
    expect(() => parseInput(swasQuerySchema, { invokeStatus: 'PartialFailed' })).toThrow(/invokeStatus/);
  });
});

describe('swasDescribeInvocationsRequestSchema', () => {
  it('turns a checked query into wire parameters', () => {
    const query = parseInput(swasQuerySchema, { invokeStatus: 'running' });
    expect(swasDescribeInvocationsRequestSchema.parse({ regionId: 'cn-hangzhou', instanceId: 'i-1', query, pageNumber: 2, pageSize: 50 })).toEqual({
      RegionId: 'cn-hangzhou',
      InstanceId: 'i-1',
      InvokeStatus: 'Running',
      PageNumber: '2',
      PageSize: '50',
    });
  });

  it('requires the instance and keeps PageSize within 1..50', () => {
    expect(() => parseInput(swasDescribeInvocationsRequestSchema, { regionId: 'cn-hangzhou', instanceId: '', query: {} })).toThrow(/instanceId: is required/);
    expect(() => parseInput(swasDescribeInvocationsRequestSchema, { regionId: 'cn-hangzhou', instanceId: 'i', query: {}, pageSize: 51 })).toThrow(
      /pageSize: must be at most 50/,
    );
  });
});
