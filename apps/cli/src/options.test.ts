import { InvalidArgumentError } from 'commander';
import { describe, expect, it } from 'vitest';
import { parseDuration, parseProducts, parseRegions, parseSince, parseStatuses, sinceCutoff } from './options.js';

describe('option parsers', () => {
  it('reads products comma-separated and repeated, any case, without duplicates', () => {
    expect(parseProducts('ecs,SWAS', parseProducts('ecs'))).toEqual(['ecs', 'swas']);
    expect(() => parseProducts('ecs,vpc')).toThrow(/unknown product 'vpc'/);
  });

  it('reads regions comma-separated and rejects what is not a region id', () => {
    expect(parseRegions('cn-shanghai', parseRegions('cn-hangzhou, cn-beijing'))).toEqual(['cn-hangzhou', 'cn-beijing', 'cn-shanghai']);
    expect(() => parseRegions('Hangzhou')).toThrow(InvalidArgumentError);
  });

  it('normalises statuses and names the allowed values for an unknown one', () => {
    expect(parseStatuses('failed,partialfailed')).toEqual(['Failed', 'PartialFailed']);
    expect(() => parseStatuses('done')).toThrow(/unknown status 'done': expected Pending, Scheduled, Running/);
  });

  it('reads durations and --since as a duration or an ISO time', () => {
    expect(parseDuration('90s')).toBe(90_000);
    expect(parseDuration('2h')).toBe(7_200_000);
    expect(() => parseDuration('2 hours')).toThrow(/not a duration/);
    const now = Date.parse('2025-02-01T00:00:00Z');
    expect(sinceCutoff(parseSince('3d'), now)).toBe(Date.parse('2025-01-29T00:00:00Z'));
    expect(sinceCutoff(parseSince('2025-01-31T08:00:00Z'), now)).toBe(Date.parse('2025-01-31T08:00:00Z'));
    expect(() => parseSince('yesterday')).toThrow(/neither a duration/);
  });
});
