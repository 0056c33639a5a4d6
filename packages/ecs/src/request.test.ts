import { InvalidQueryError, parseInput } from '@invocations/core';
import { describe, expect, it } from 'vitest';
import { ecsDescribeInvocationsRequestSchema, ecsQuerySchema } from './request.js';

function issuesOf(run: () => unknown) {
  try {
    run();
  } catch (error) {
    if (InvalidQueryError.isInstance(error)) return error.issues;
    throw error;
  }
  throw new Error('expected an InvalidQueryError');
}

const params = (input: Parameters<typeof ecsDescribeInvocationsRequestSchema.parse>[0]) => ecsDescribeInvocationsRequestSchema.parse(input);

describe('ecsQuerySchema', () => {
  it('normalises enum values case-insensitively to the documented spelling', () => {
    const query = ecsQuerySchema.parse({ invokeStatus: 'partialfailed', repeatMode: 'EVERYREBOOT', commandType: 'runshellscript' });
    expect(query).toMatchObject({ invokeStatus: 'PartialFailed', repeatMode: 'EveryReboot', commandType: 'RunShellScript' });
    for (const status of ['Running', 'Finished', 'Failed', 'PartialFailed', 'Stopped', 'Success', 'Stopping', 'Pending', 'Scheduled']) {
      expect(ecsQuerySchema.parse({ invokeStatus: status.toLowerCase() }).invokeStatus).toBe(status);
    }
  });

  it('rejects unknown values, naming the field and the accepted values', () => {
    const issues = issuesOf(() => parseInput(ecsQuerySchema, { invokeStatus: 'Done' }));
    expect(issues).toEqual([{ path: 'invokeStatus', message: expect.stringContaining('must be one of Running, Finished') }]);
    // Seed 003's request example has the typo `RunShellScrip`: a caller's typo is an error, not a silent no-match.
    expect(issuesOf(() => parseInput(ecsQuerySchema, { commandType: 'RunShellScrip' }))[0]?.path).toBe('commandType');
  });

  it('includeOutput needs invokeIds or targetId', () => {
    const issues = issuesOf(() => parseInput(ecsQuerySchema, { includeOutput: true, commandId: 'c-1' }));
    expect(issues).toEqual([{ path: 'includeOutput', message: expect.stringContaining('needs invokeIds or targetId') }]);
    expect(ecsQuerySchema.parse({ includeOutput: true, targetId: 'i-1' }).includeOutput).toBe(true);
    expect(ecsQuerySchema.parse({ includeOutput: true, invokeIds: ['t-1'] }).includeOutput).toBe(true);
  });

  it('checks tags and page size with the core rules plus ECS tag-key prefixes', () => {
    expect(issuesOf(() => parseInput(ecsQuerySchema, { tags: [{ key: 'acs:owner' }] }))).toEqual([
      { path: 'tags.0.key', message: 'must not start with aliyun or acs:' },
    ]);
    expect(issuesOf(() => parseInput(ecsQuerySchema, { pageSize: 51 }))).toEqual([{ path: 'pageSize', message: 'must be at most 50' }]);
    expect(issuesOf(() => parseInput(ecsQuerySchema, { colour: 'red' }))[0]?.message).toMatch(/colour/);
  });
});

describe('ecsDescribeInvocationsRequestSchema', () => {
  it('maps every filter onto its wire parameter', () => {
    const query = ecsQuerySchema.parse({
      targetId: 'i-bp1',
      commandId: 'c-1',
      commandName: 'deploy',
      commandType: 'RunShellScript',
      invokeStatus: 'finished',
      timed: false,
      repeatMode: 'Period',
      resourceGroupId: 'rg-1',
      tags: [{ key: 'env', value: 'prod' }, { key: 'team' }],
      includeOutput: true,
    });
    expect(params({ regionId: 'cn-hangzhou', invokeId: 't-1', query, contentEncoding: 'base64', pageNumber: 2, pageSize: 50 })).toEqual({
      RegionId: 'cn-hangzhou',
      InvokeId: 't-1',
      CommandId: 'c-1',
      CommandName: 'deploy',
      CommandType: 'RunShellScript',
      Timed: 'false',
      InvokeStatus: 'Finished',
      InstanceId: 'i-bp1',
      RepeatMode: 'Period',
      ResourceGroupId: 'rg-1',
      'Tag.1.Key': 'env',
      'Tag.1.Value': 'prod',
      'Tag.2.Key': 'team',
      ContentEncoding: 'Base64',
      IncludeOutput: 'true',
      PageNumber: '2',
      PageSize: '50',
    });
  });

  it('sends only what was asked: no InvokeStatus (seed 003 "default Running") and no Timed when absent', () => {
    // Seed 003 documents InvokeStatus as defaulting to Running; sending it would hide finished runs.
    expect(params({ regionId: 'cn-hangzhou', query: ecsQuerySchema.parse({}) })).toEqual({ RegionId: 'cn-hangzhou' });
  });

  it('token paging sends MaxResults/NextToken, and mixing the two styles is rejected', () => {
    const query = ecsQuerySchema.parse({});
    expect(params({ regionId: 'cn-hangzhou', query, maxResults: 20, nextToken: 'abc' })).toEqual({ RegionId: 'cn-hangzhou', MaxResults: '20', NextToken: 'abc' });
    const issues = issuesOf(() => parseInput(ecsDescribeInvocationsRequestSchema, { regionId: 'cn-hangzhou', query, pageNumber: 1, nextToken: 'abc' }));
    expect(issues).toEqual([{ path: 'nextToken', message: 'pageNumber/pageSize and maxResults/nextToken exclude each other' }]);
  });

  it('checks the page limits', () => {
    const query = ecsQuerySchema.parse({});
    expect(issuesOf(() => parseInput(ecsDescribeInvocationsRequestSchema, { regionId: 'r', query, pageSize: 0 }))).toEqual([
      { path: 'pageSize', message: 'must be at least 1' },
    ]);
    expect(issuesOf(() => parseInput(ecsDescribeInvocationsRequestSchema, { regionId: 'r', query, maxResults: 51 }))).toEqual([
      { path: 'maxResults', message: 'must be at most 50' },
    ]);
    expect(issuesOf(() => parseInput(ecsDescribeInvocationsRequestSchema, { regionId: ' ', query }))[0]?.path).toBe('regionId');
  });
});
