import { z } from 'zod';
import { PRODUCTS, normalizeInvocationStatus } from '@invocations/core';

/** What {@link timeInputSchema} accepts. */
export type TimeInput = Date | string | number;

/** A point in time: a Date, an ISO-8601 string with a zone, or epoch milliseconds. */
export const timeInputSchema = z
  .custom<TimeInput>(() => true)
  .transform((value, context) => {
    const ms =
      value instanceof Date
        ? value.getTime()
        : typeof value === 'number'
          ? value
          : typeof value === 'string' && /^\d{4}-\d{2}-\d{2}/.test(value)
            ? Date.parse(value)
            : Number.NaN;
    if (!Number.isFinite(ms)) {
      context.addIssue({ code: 'custom', message: 'must be a Date, an ISO-8601 time (2025-01-31T08:00:00Z) or epoch milliseconds' });
      return z.NEVER;
    }
    return new Date(ms);
  });

const nonEmpty = z.string().trim().min(1, 'must not be empty');
/** One value or several: `'ecs'` or `['ecs', 'swas']`. */
function oneOrMany<T extends z.ZodType>(item: T) {
  // A single value is read as a list of one, so each item is checked by the same rule (its issue names `field.0`).
  return z.preprocess((value) => (Array.isArray(value) ? value : [value]), z.array(item).min(1, 'must hold at least one value'));
}

const productInput = z.string().transform((value, context) => {
  const product = value.trim().toLowerCase();
  if (!(PRODUCTS as readonly string[]).includes(product)) {
    context.addIssue({ code: 'custom', message: `must be one of ${PRODUCTS.join(', ')}` });
    return z.NEVER;
  }
  return product;
});

const cursorSchema = z.string().transform((value, context) => {
  try {
    const decoded = JSON.parse(Buffer.from(value, 'base64url').toString('utf8')) as unknown;
    const parsed = z.tuple([z.number().int(), z.number().int().positive()]).parse(decoded);
    return { sortAt: new Date(parsed[0]), id: parsed[1] };
  } catch {
    context.addIssue({ code: 'custom', message: 'is not a cursor returned by query' });
    return z.NEVER;
  }
});

/** Writes a keyset cursor: the last row's sort time and id. */
export function encodeCursor(sortAt: Date, id: number): string {
  return Buffer.from(JSON.stringify([sortAt.getTime(), id]), 'utf8').toString('base64url');
}

function ordered(input: { since?: Date | undefined; until?: Date | undefined }, context: z.RefinementCtx): void {
  if (input.since && input.until && input.since >= input.until) {
    context.addIssue({ code: 'custom', path: ['until'], message: 'must be after since' });
  }
}

/** Input of `archive.query`. */
export const archiveQuerySchema = z
  .strictObject({
    product: oneOrMany(productInput).optional(),
    region: oneOrMany(nonEmpty).optional(),
    /** Overall statuses, any case (`failed` is Failed). */
    status: oneOrMany(nonEmpty.transform((value) => normalizeInvocationStatus(value))).optional(),
    /** Only invocations that ran on this instance or node. */
    targetId: nonEmpty.optional(),
    /** Only this command name (exact). */
    commandName: nonEmpty.optional(),
    /** Only command names containing this text (any case). */
    commandNameContains: nonEmpty.optional(),
    commandId: nonEmpty.optional(),
    invokeIds: z.array(nonEmpty).min(1, 'must hold at least one id').max(1_000, 'must hold at most 1000 ids').optional(),
    /** Created at or after this time. */
    since: timeInputSchema.optional(),
    /** Created before this time. */
    until: timeInputSchema.optional(),
    limit: z.number().int('must be an integer').min(1, 'must be at least 1').max(1_000, 'must be at most 1000').default(100),
    cursor: cursorSchema.optional(),
  })
  .superRefine(ordered);
/** What `archive.query` accepts. */
export type ArchiveQuery = z.input<typeof archiveQuerySchema>;
/** `archive.query`'s input after validation. */
export type ParsedArchiveQuery = z.output<typeof archiveQuerySchema>;

/** What `archive.stats` can group by. */
export const STATS_GROUPS = ['command', 'target', 'product', 'day'] as const;
/** One of {@link STATS_GROUPS}. */
export type StatsGroup = (typeof STATS_GROUPS)[number];

/** Input of `archive.stats`. */
export const archiveStatsSchema = z
  .strictObject({
    groupBy: z.enum(STATS_GROUPS, { message: `must be one of ${STATS_GROUPS.join(', ')}` }),
    product: oneOrMany(productInput).optional(),
    region: oneOrMany(nonEmpty).optional(),
    since: timeInputSchema.optional(),
    until: timeInputSchema.optional(),
    /** At most this many groups (the largest first; days come oldest first). */
    limit: z.number().int('must be an integer').min(1, 'must be at least 1').max(100_000, 'must be at most 100000').default(1_000),
  })
  .superRefine(ordered);
/** What `archive.stats` accepts. */
export type ArchiveStatsQuery = z.input<typeof archiveStatsSchema>;

/** Input of `archive.prune`. */
export const pruneSchema = z.strictObject({
  /** Invocations created before this time are removed, with their targets. */
  olderThan: timeInputSchema,
});
/** What `archive.prune` accepts. */
export type PruneOptions = z.input<typeof pruneSchema>;

/** Input of `openArchive`. */
export const openArchiveSchema = z.strictObject({
  url: z.string().optional(),
  /** Keep target output text (default true); false keeps only its SHA-256 and size. */
  keepOutput: z.boolean().default(true),
  /** Connections to a server (default 4); the embedded store has one. */
  poolSize: z.number().int('must be an integer').min(1, 'must be at least 1').max(64, 'must be at most 64').optional(),
  /** Where INVOCATIONS_ARCHIVE_URL is read (default process.env). */
  // process.env is not a plain object, so a record schema would refuse it.
  env: z
    .custom<Record<string, string | undefined>>((value) => typeof value === 'object' && value !== null && !Array.isArray(value), { message: 'must be an object of environment variables' })
    .optional(),
});
/** What `openArchive` accepts. */
export type OpenArchiveOptions = z.input<typeof openArchiveSchema>;
