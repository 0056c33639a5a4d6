import { InvalidArgumentError } from 'commander';
import { INVOCATION_STATUSES, PRODUCTS, normalizeInvocationStatus, type Product } from '@invocations/core';

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
  if (!/^\d+$/.test(value.trim()) || Number(value) < 1) throw new InvalidArgumentError('expected a whole number of at least 1');
  return Number(value);
}

/** Parses a non-negative integer option such as `--seed` or `--port`. */
export function parseNonNegativeInteger(value: string): number {
  if (!/^\d+$/.test(value.trim())) throw new InvalidArgumentError('expected a whole number of at least 0');
  return Number(value);
}

const units: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** Parses a duration such as `90s`, `15m`, `2h`, `3d`, `1w` into milliseconds. */
export function parseDuration(value: string): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h|d|w)$/.exec(value.trim());
  if (!match) throw new InvalidArgumentError(`'${value}' is not a duration: use a number and a unit, e.g. 30s, 15m, 2h, 3d`);
  const amount = Number(match[1]) * (units[match[2] as string] as number);
  if (amount <= 0) throw new InvalidArgumentError('the duration must be more than 0');
  return amount;
}

/** A `--since` value: either a duration back from now or an absolute time. */
export type Since = { kind: 'duration'; ms: number } | { kind: 'time'; at: number };

/** Parses `--since`: a duration (`2h`, `3d`) or an ISO-8601 time (`2025-01-31T08:00:00Z`). */
export function parseSince(value: string): Since {
  if (/^\d+(?:\.\d+)?(ms|s|m|h|d|w)$/.test(value.trim())) return { kind: 'duration', ms: parseDuration(value) };
  if (/^\d{4}-\d{2}-\d{2}/.test(value.trim())) {
    const at = Date.parse(value.trim());
    if (Number.isFinite(at)) return { kind: 'time', at };
  }
  throw new InvalidArgumentError(`'${value}' is neither a duration (2h, 3d) nor an ISO time (2025-01-31T08:00:00Z)`);
}

/** The earliest creation time a `--since` value lets through, in epoch milliseconds. */
export function sinceCutoff(since: Since, now: number): number {
  return since.kind === 'duration' ? now - since.ms : since.at;
}
