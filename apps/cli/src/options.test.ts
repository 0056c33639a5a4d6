import { InvalidArgumentError } from 'commander';
import { describe, expect, it } from 'vitest';
import {
  MAX_WAIT_MS,
  formatDuration,
  parseDuration,
  parseEndpoint,
  parseIsoTime,
  parseOutputFormat,
  parsePort,
  parseProducts,
  parseProfile,
  parseRegions,
  parseSeed,
  parseSince,
  parseStatuses,
  parseWireFormat,
  sinceCutoff,
} from './options.js';

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

  it('reads --output and --format in any case, as --status is', () => {
    expect(parseOutputFormat('JSON')).toBe('json');
    expect(parseOutputFormat(' NdJson ')).toBe('ndjson');
    expect(() => parseOutputFormat('yaml')).toThrow(/expected one of table, json, ndjson/);
    expect(parseWireFormat('XML')).toBe('xml');
    expect(() => parseWireFormat('csv')).toThrow(/expected one of json, xml/);
  });

  it('takes ports from 0 to 65535 and seeds from 0 to 2^32-1', () => {
    expect(parsePort('0')).toBe(0);
    expect(parsePort('65535')).toBe(65_535);
    for (const bad of ['70000', '65536', '-1', '80a', '']) expect(() => parsePort(bad), bad).toThrow(/port from 0 .* to 65535/);
    expect(parseSeed('4294967295')).toBe(4_294_967_295);
    for (const bad of ['4294967296', '1.5', '-3', 'x']) expect(() => parseSeed(bad), bad).toThrow(/whole number from 0 to 4294967295/);
  });

  it('refuses an empty --profile and an endpoint the transport would refuse, in the flag\'s words', () => {
    expect(parseProfile(' work ')).toBe('work');
    expect(() => parseProfile('  ')).toThrow(/profile name/);
    expect(parseEndpoint('http://127.0.0.1:8790')).toBe('http://127.0.0.1:8790');
    expect(parseEndpoint('127.0.0.1:8790')).toBe('127.0.0.1:8790');
    expect(() => parseEndpoint('http://127.0.0.1:8790/api')).toThrow(/without a path/);
    expect(() => parseEndpoint('ftp://127.0.0.1')).toThrow(/^scheme ftp is not supported/);
  });
});

describe('durations', () => {
  it('reads one unit or several, largest first, with fractions', () => {
    expect(parseDuration('90s')).toBe(90_000);
    expect(parseDuration('2h')).toBe(7_200_000);
    expect(parseDuration('1h30m')).toBe(5_400_000);
    expect(parseDuration('1.5h')).toBe(5_400_000);
    expect(parseDuration('2d12h30m15s500ms')).toBe(2 * 86_400_000 + 12 * 3_600_000 + 30 * 60_000 + 15_500);
    expect(parseDuration('0.3s')).toBe(300);
    expect(parseDuration('1w')).toBe(604_800_000);
  });

  it('refuses what is not a duration, naming the form', () => {
    for (const bad of ['2 hours', '1h 30m', '30m1h', '1m1m', '5', 'h', '1H', '-5s', '1e3s', '1h30', 'abc5m', '']) {
      expect(() => parseDuration(bad), bad).toThrow(/is not a duration: use numbers with units ms, s, m, h, d, w, largest first/);
    }
  });

  it('refuses zero, less than a millisecond, fractions of one, and more than a timer can hold', () => {
    expect(() => parseDuration('0s')).toThrow(/shorter than 1 ms/);
    expect(() => parseDuration('0.0001ms')).toThrow(/shorter than 1 ms/);
    expect(() => parseDuration('1.5ms')).toThrow(/not a whole number of milliseconds/);
    expect(() => parseDuration('99999999999999d')).toThrow(/longer than the most allowed here, 24d20h31m23s647ms/);
    expect(parseDuration('24d')).toBe(24 * 86_400_000);
    expect(() => parseDuration('25d')).toThrow(/longer than/);
    expect(formatDuration(MAX_WAIT_MS)).toBe('24d20h31m23s647ms');
  });
});

describe('--since', () => {
  const now = Date.parse('2025-02-01T00:00:00Z');

  it('reads a duration back from now, up to ten years', () => {
    expect(sinceCutoff(parseSince('3d'), now)).toBe(Date.parse('2025-01-29T00:00:00Z'));
    expect(sinceCutoff(parseSince('1d12h'), now)).toBe(Date.parse('2025-01-30T12:00:00Z'));
    expect(parseSince('30d')).toEqual({ kind: 'duration', ms: 30 * 86_400_000 });
    expect(() => parseSince('99999999999999d')).toThrow(/longer than/);
  });

  it('reads ISO dates (midnight UTC) and times with a zone', () => {
    expect(sinceCutoff(parseSince('2025-01-31T08:00:00Z'), now)).toBe(Date.parse('2025-01-31T08:00:00Z'));
    expect(parseIsoTime('2025-01-31')).toBe(Date.parse('2025-01-31T00:00:00Z'));
    expect(parseIsoTime('2025-01-31T16:00+08:00')).toBe(Date.parse('2025-01-31T08:00:00Z'));
    expect(parseIsoTime('2025-01-31 08:00:00.250z')).toBe(Date.parse('2025-01-31T08:00:00.250Z'));
    expect(parseIsoTime('2024-02-29')).toBe(Date.parse('2024-02-29T00:00:00Z'));
  });

  it('refuses days and times that do not exist instead of rolling them over', () => {
    expect(() => parseSince('2025-02-30')).toThrow(/2025-02 has no day 30/);
    expect(() => parseSince('2025-02-29')).toThrow(/2025-02 has no day 29/);
    expect(() => parseSince('2025-04-31T00:00:00Z')).toThrow(/has no day 31/);
    expect(() => parseSince('2025-13-01')).toThrow(/month 13 does not exist/);
    expect(() => parseSince('2025-00-10')).toThrow(/month 00 does not exist/);
    expect(() => parseSince('2025-01-31T24:00:00Z')).toThrow(/not a time of day/);
    expect(() => parseSince('2025-01-31T08:60Z')).toThrow(/not a time of day/);
    expect(() => parseSince('2025-01-31T08:00:60Z')).toThrow(/not a time of day/);
    expect(() => parseSince('2025-01-31T08:00+25:00')).toThrow(/not a time zone offset/);
  });

  it('refuses a time without a zone and what is neither form', () => {
    expect(() => parseSince('2025-01-31T08:00:00')).toThrow(/no zone: add Z \(UTC\) or an offset/);
    expect(() => parseSince('2025-1-31')).toThrow(/not an ISO time/);
    expect(() => parseSince('yesterday')).toThrow(/neither a duration/);
  });
});
