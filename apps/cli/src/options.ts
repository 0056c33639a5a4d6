import { InvalidArgumentError } from 'commander';
import { INVOCATION_STATUSES, PRODUCTS, normalizeInvocationStatus, type Product } from '@invocations/core';
import { resolveEndpoint } from '@invocations/openapi';

/** Output formats: a table for people, the canonical model as JSON or one JSON object per line. */
export const OUTPUT_FORMATS = ['table', 'json', 'ndjson'] as const;
/** One of {@link OUTPUT_FORMATS}. */
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

/** Options every command accepts. */
export interface GlobalOptions {
  output: OutputFormat;
  profile?: string;
  endpoint?: string;
  format?: 'json' | 'xml';
  debug?: boolean;
  emulator?: boolean;
  seed?: number;
}

/** The id of the demo invocation the emulator's seeded data always holds (running from the start, to `watch`). */
export const DEMO_INVOKE_ID = 't-hzdemowatch0001';

function splitList(value: string): string[] {
  return value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item.length > 0);
}

/** Parses `--product ecs,swas` (repeatable) into products, rejecting unknown names. */
export function parseProducts(value: string, previous: Product[] = []): Product[] {
  const items = splitList(value).map((item) => item.toLowerCase());
  if (items.length === 0) throw new InvalidArgumentError(`expected one or more of ${PRODUCTS.join(', ')}`);
  for (const item of items) {
    if (!(PRODUCTS as readonly string[]).includes(item)) throw new InvalidArgumentError(`unknown product '${item}': expected ${PRODUCTS.join(', ')}`);
  }
  return [...new Set([...previous, ...(items as Product[])])];
}

/** Parses one product (`get`, `watch`). */
export function parseProduct(value: string): Product {
  const item = value.trim().toLowerCase();
  if (!(PRODUCTS as readonly string[]).includes(item)) throw new InvalidArgumentError(`unknown product '${value}': expected one of ${PRODUCTS.join(', ')}`);
  return item as Product;
}

const regionPattern = /^[a-z]{2,}(-[a-z0-9]+)+$/;

/** Parses `--region` (repeatable, comma-separated), checking each looks like a region id. */
export function parseRegions(value: string, previous: string[] = []): string[] {
  const items = splitList(value);
  if (items.length === 0) throw new InvalidArgumentError('expected a region id such as cn-hangzhou');
  for (const item of items) {
    if (!regionPattern.test(item)) throw new InvalidArgumentError(`'${item}' is not a region id (e.g. cn-hangzhou)`);
  }
  return [...new Set([...previous, ...items])];
}

/** Parses a repeatable, comma-separated list of ids (`--invoke-id`). */
export function parseIdList(value: string, previous: string[] = []): string[] {
  const items = splitList(value);
  if (items.length === 0) throw new InvalidArgumentError('expected an id');
  return [...new Set([...previous, ...items])];
}

/** Parses `--status` (comma-separated, any case) into canonical overall statuses. */
export function parseStatuses(value: string, previous: string[] = []): string[] {
  const items = splitList(value);
  if (items.length === 0) throw new InvalidArgumentError(`expected one or more of ${INVOCATION_STATUSES.join(', ')}`);
  const statuses = items.map((item) => {
    const status = normalizeInvocationStatus(item);
    if (!(INVOCATION_STATUSES as readonly string[]).includes(status)) {
      throw new InvalidArgumentError(`unknown status '${item}': expected ${INVOCATION_STATUSES.join(', ')}`);
    }
    return status;
  });
  return [...new Set([...previous, ...statuses])];
}

/** Parses a positive integer option such as `--limit`. */
export function parsePositiveInteger(value: string): number {
  if (!/^\d+$/.test(value.trim()) || Number(value) < 1 || !Number.isSafeInteger(Number(value))) {
    throw new InvalidArgumentError('expected a whole number of at least 1');
  }
  return Number(value);
}

/** The largest `--seed`: the emulator's generator keeps 32 bits of it. */
export const MAX_SEED = 2 ** 32 - 1;

/** Parses `--seed`: a whole number from 0 to {@link MAX_SEED}. */
export function parseSeed(value: string): number {
  const text = value.trim();
  if (!/^\d+$/.test(text) || Number(text) > MAX_SEED) throw new InvalidArgumentError(`expected a whole number from 0 to ${MAX_SEED}`);
  return Number(text);
}

/** Parses `--port`: a TCP port from 0 (a free one) to 65535. */
export function parsePort(value: string): number {
  const text = value.trim();
  if (!/^\d+$/.test(text) || Number(text) > 65_535) throw new InvalidArgumentError('expected a port from 0 (a free one) to 65535');
  return Number(text);
}

/** Parses `--output` in any case (`-o JSON`), naming the choices otherwise. */
export function parseOutputFormat(value: string): OutputFormat {
  const item = value.trim().toLowerCase();
  if (!(OUTPUT_FORMATS as readonly string[]).includes(item)) throw new InvalidArgumentError(`expected one of ${OUTPUT_FORMATS.join(', ')}`);
  return item as OutputFormat;
}

/** The wire formats `--format` asks of the API. */
export const WIRE_FORMATS = ['json', 'xml'] as const;

/** Parses `--format` in any case (`--format XML`). */
export function parseWireFormat(value: string): (typeof WIRE_FORMATS)[number] {
  const item = value.trim().toLowerCase();
  if (!(WIRE_FORMATS as readonly string[]).includes(item)) throw new InvalidArgumentError(`expected one of ${WIRE_FORMATS.join(', ')}`);
  return item as (typeof WIRE_FORMATS)[number];
}

/** Parses `--profile`: a profile name of ~/.aliyun/config.json, not empty. */
export function parseProfile(value: string): string {
  const name = value.trim();
  if (name === '') throw new InvalidArgumentError('expected a profile name of ~/.aliyun/config.json');
  return name;
}

/**
 * Checks an endpoint (`--endpoint`, `INVOCATIONS_ENDPOINT`) as the transport will read it:
 * `host[:port]` (https) or `http(s)://host[:port]`, nothing after the port.
 */
export function parseEndpoint(value: string): string {
  try {
    resolveEndpoint(value);
  } catch (error) {
    const reason = error instanceof Error ? error.message.replace(/^endpoint:\s*/, '') : String(error);
    throw new InvalidArgumentError(reason);
  }
  return value.trim();
}

/** Milliseconds per duration unit, largest first: the order the parts of `1h30m` must come in. */
const DURATION_UNITS = [
  ['w', 604_800_000],
  ['d', 86_400_000],
  ['h', 3_600_000],
  ['m', 60_000],
  ['s', 1_000],
  ['ms', 1],
] as const;

/** The longest `--timeout` or `--interval`: Node's timers hold at most 2^31-1 ms (24 days 20 hours). */
export const MAX_WAIT_MS = 2 ** 31 - 1;
/** The longest duration `--since` goes back: ten years of 365 days. */
export const MAX_SINCE_MS = 3_650 * 86_400_000;

const durationExample = 'use numbers with units ms, s, m, h, d, w, largest first, e.g. 90s, 15m, 1h30m, 3d';

/**
 * Parses a duration such as `90s`, `1.5h`, `1h30m` or `2d12h` into whole milliseconds. Parts come
 * largest unit first, each unit once; the total must be at least 1 ms, a whole number of ms, and at
 * most `max` (default {@link MAX_WAIT_MS}).
 */
export function parseDuration(value: string, max: number = MAX_WAIT_MS): number {
  const text = value.trim();
  const parts = [...text.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h|d|w)/g)];
  if (parts.length === 0 || parts.map((part) => part[0]).join('') !== text) {
    throw new InvalidArgumentError(`'${value}' is not a duration: ${durationExample}`);
  }
  let total = 0;
  let previous = -1;
  for (const [, amount, unit] of parts) {
    const index = DURATION_UNITS.findIndex(([name]) => name === unit);
    if (index <= previous) throw new InvalidArgumentError(`'${value}' is not a duration: ${durationExample}`);
    previous = index;
    total += Number(amount) * (DURATION_UNITS[index] as (typeof DURATION_UNITS)[number])[1];
  }
  // Sums of decimal fractions carry float noise (0.1s + 0.2s): round to the microsecond before judging.
  const rounded = Math.round(total * 1_000) / 1_000;
  if (rounded < 1) throw new InvalidArgumentError(`'${value}' is shorter than 1 ms`);
  if (!Number.isInteger(rounded)) throw new InvalidArgumentError(`'${value}' is not a whole number of milliseconds`);
  if (rounded > max) throw new InvalidArgumentError(`'${value}' is longer than the most allowed here, ${formatDuration(max)}`);
  return rounded;
}

/** A duration in ms as the largest units that fit, e.g. `24d20h31m23s647ms`. */
export function formatDuration(ms: number): string {
  let rest = ms;
  let text = '';
  for (const [unit, size] of DURATION_UNITS) {
    if (unit === 'w') continue;
    const count = Math.floor(rest / size);
    if (count > 0) text += `${count}${unit}`;
    rest -= count * size;
  }
  return text || '0ms';
}

/** A `--since` value: either a duration back from now or an absolute time. */
export type Since = { kind: 'duration'; ms: number } | { kind: 'time'; at: number };

const isoTime = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})?)?$/i;

/**
 * Parses an ISO-8601 date (`2025-01-31`, midnight UTC) or time (`2025-01-31T08:00:00Z`,
 * `2025-01-31T16:00+08:00`) strictly: a day that does not exist (`2025-02-30`), hour 24, second 60
 * or a time without a zone is refused rather than rolled over or guessed.
 */
export function parseIsoTime(value: string): number {
  const text = value.trim();
  const match = isoTime.exec(text);
  if (!match) throw new InvalidArgumentError(`'${value}' is not an ISO time such as 2025-01-31 or 2025-01-31T08:00:00Z`);
  const [, year, month, day, hour, minute, second, fraction, zone] = match;
  const y = Number(year);
  const mo = Number(month);
  const d = Number(day);
  const lastDay = new Date(Date.UTC(y, mo, 0)).getUTCDate();
  if (mo < 1 || mo > 12) throw new InvalidArgumentError(`'${value}': month ${month} does not exist`);
  if (d < 1 || d > lastDay) throw new InvalidArgumentError(`'${value}': ${year}-${month} has no day ${day}`);
  if (hour === undefined) return Date.UTC(y, mo - 1, d);
  if (zone === undefined) throw new InvalidArgumentError(`'${value}' has a time but no zone: add Z (UTC) or an offset such as +08:00`);
  const h = Number(hour);
  const mi = Number(minute);
  const s = Number(second ?? 0);
  if (h > 23 || mi > 59 || s > 59) throw new InvalidArgumentError(`'${value}': ${hour}:${minute}${second === undefined ? '' : `:${second}`} is not a time of day`);
  let offsetMs = 0;
  if (zone.toUpperCase() !== 'Z') {
    const offset = /^([+-])(\d{2}):?(\d{2})$/.exec(zone) as RegExpExecArray;
    const offsetHours = Number(offset[2]);
    const offsetMinutes = Number(offset[3]);
    if (offsetHours > 23 || offsetMinutes > 59) throw new InvalidArgumentError(`'${value}': ${zone} is not a time zone offset`);
    offsetMs = (offset[1] === '-' ? -1 : 1) * (offsetHours * 60 + offsetMinutes) * 60_000;
  }
  const ms = fraction === undefined ? 0 : Math.floor(Number(`0.${fraction}`) * 1_000);
  return Date.UTC(y, mo - 1, d, h, mi, s, ms) - offsetMs;
}

/** Parses `--since`: a duration back from now (`2h`, `3d`, `1d12h`) or an ISO-8601 date or time. */
export function parseSince(value: string): Since {
  const text = value.trim();
  if (/^\d{4}-/.test(text)) return { kind: 'time', at: parseIsoTime(text) };
  if (/^\d+(?:\.\d+)?(ms|s|m|h|d|w)/.test(text)) return { kind: 'duration', ms: parseDuration(text, MAX_SINCE_MS) };
  throw new InvalidArgumentError(`'${value}' is neither a duration (2h, 3d, 1d12h) nor an ISO time (2025-01-31, 2025-01-31T08:00:00Z)`);
}

/** The earliest creation time a `--since` value lets through, in epoch milliseconds. */
export function sinceCutoff(since: Since, now: number): number {
  return since.kind === 'duration' ? now - since.ms : since.at;
}
