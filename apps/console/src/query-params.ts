import { INVOCATION_STATUSES, PRODUCTS, normalizeInvocationStatus, parseInput, type KnownInvocationStatus, type Product } from '@invocations/core';
import * as z from 'zod';

// Query strings come from a browser (or anyone who can reach the port): every parameter is checked
// here, and a wrong one is an InvalidQueryError naming the parameter and the rule (HTTP 400).

const text = z.string().trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters');

/** `a,b,c` -> ['a', 'b', 'c'], each checked by `item`. */
function commaList<T extends z.ZodType<unknown, string>>(item: T) {
  return z
    .string()
    .transform((value) => value.split(',').map((part) => part.trim()).filter((part) => part !== ''))
    .pipe(z.array(item).min(1, 'must hold at least one value').max(50, 'must hold at most 50 values'));
}

const product = z.string().transform((value, context): Product => {
  const lower = value.toLowerCase();
  if (!(PRODUCTS as readonly string[]).includes(lower)) {
    context.addIssue({ code: 'custom', message: `must be one of ${PRODUCTS.join(', ')}` });
    return z.NEVER;
  }
  return lower as Product;
});

const status = z.string().transform((value, context): KnownInvocationStatus => {
  const normalized = normalizeInvocationStatus(value);
  if (!(INVOCATION_STATUSES as readonly string[]).includes(normalized)) {
    context.addIssue({ code: 'custom', message: `must be one of ${INVOCATION_STATUSES.join(', ')} (any case)` });
    return z.NEVER;
  }
  return normalized as KnownInvocationStatus;
});

const region = z.string().regex(/^[a-z0-9-]{1,64}$/, 'must be a region id such as cn-hangzhou');

/** An ISO-8601 date or time (`2025-01-31`, `2025-01-31T08:00:00Z`) as epoch milliseconds. */
const time = z.string().transform((value, context) => {
  const ms = /^\d{4}-\d{2}-\d{2}([T ][0-9:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(value.trim()) ? Date.parse(value.trim()) : Number.NaN;
  if (!Number.isFinite(ms)) {
    context.addIssue({ code: 'custom', message: 'must be an ISO-8601 date or time, e.g. 2025-01-31 or 2025-01-31T08:00:00Z' });
    return z.NEVER;
  }
  return ms;
});

function limit(max: number, fallback: number) {
  return z
    .string()
    .regex(/^\d{1,7}$/, 'must be a whole number')
    .transform(Number)
    .pipe(z.number().int().min(1, 'must be at least 1').max(max, `must be at most ${max}`))
    .default(fallback);
}

function ordered(value: { since?: number | undefined; until?: number | undefined }, context: z.RefinementCtx): void {
  if (value.since !== undefined && value.until !== undefined && value.since >= value.until) {
    context.addIssue({ code: 'custom', path: ['until'], message: 'must be after since' });
  }
}

/** The filters of `GET /api/invocations` (and, with `cursor`, `GET /api/history`). */
const filterShape = {
  product: commaList(product).optional(),
  region: commaList(region).optional(),
  status: commaList(status).optional(),
  /** Part of the command name (any case), or a command id exactly. */
  command: text.optional(),
  /** An instance or node id. */
  target: text.optional(),
  since: time.optional(),
  until: time.optional(),
};

/** Most invocations one list answer holds. */
export const MAX_LIST_LIMIT = 1_000;
/** The list's default size: a screenful or two, cheap to re-read every few seconds. */
export const DEFAULT_LIST_LIMIT = 200;

const listSchema = z.strictObject({ ...filterShape, limit: limit(MAX_LIST_LIMIT, DEFAULT_LIST_LIMIT) }).superRefine(ordered);
const historySchema = z
  .strictObject({ ...filterShape, limit: limit(1_000, 100), cursor: z.string().min(1).max(500, 'must be at most 500 characters').optional() })
  .superRefine(ordered);
const statsSchema = z
  .strictObject({
    groupBy: z.enum(['command', 'target', 'product', 'day'], { message: 'must be one of command, target, product, day' }).default('command'),
    product: filterShape.product,
    region: filterShape.region,
    since: filterShape.since,
    until: filterShape.until,
    limit: limit(10_000, 100),
  })
  .superRefine(ordered);

/** The list filters after checking. */
export type ListFilters = z.output<typeof listSchema>;
/** The history filters after checking. */
export type HistoryFilters = z.output<typeof historySchema>;
/** The stats parameters after checking. */
export type StatsParams = z.output<typeof statsSchema>;

function plain(params: URLSearchParams): Record<string, string> {
  const object: Record<string, string> = {};
  // A repeated parameter is joined, so `status=a&status=b` reads as `status=a,b`.
  for (const [key, value] of params) object[key] = key in object ? `${object[key]},${value}` : value;
  return object;
}

/** Reads `GET /api/invocations`'s parameters; an InvalidQueryError names each wrong one. */
export function parseListParams(params: URLSearchParams): ListFilters {
  return parseInput(listSchema, plain(params), 'GET /api/invocations');
}

/** Reads `GET /api/history`'s parameters. */
export function parseHistoryParams(params: URLSearchParams): HistoryFilters {
  return parseInput(historySchema, plain(params), 'GET /api/history');
}

/** Reads `GET /api/stats`'s parameters. */
export function parseStatsParams(params: URLSearchParams): StatsParams {
  return parseInput(statsSchema, plain(params), 'GET /api/stats');
}
