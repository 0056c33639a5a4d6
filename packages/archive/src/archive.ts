import { z } from 'zod';
import { type Kysely, sql } from 'kysely';
import { invocationSchema, parseInput, type Invocation, type InvocationSource } from '@invocations/core';
import { connect } from './connect.js';
import {
  archiveQuerySchema,
  archiveStatsSchema,
  openArchiveSchema,
  pruneSchema,
  type ArchiveQuery,
  type ArchiveStatsQuery,
  type OpenArchiveOptions,
  type PruneOptions,
} from './inputs.js';
import { dropKeptBuffers } from './buffer-pool.js';
import { describeLocation, resolveArchiveLocation, type ArchiveLocation } from './location.js';
import { migrate } from './migrations.js';
import { queryInvocations, type ArchivePage } from './read.js';
import type { ArchiveDatabase } from './schema.js';
import { computeStats, type ArchiveStats } from './stats.js';
import { readSyncState, syncSource, type SyncOptions, type SyncResult } from './sync.js';
import { writeBatch, writeLock } from './write.js';

/** The watermark of one (product, region), as `archive.syncState()` reports it. */
export interface SyncState {
  product: string;
  region: string;
  /** Newest createdAt a completed sync has seen (ISO). */
  watermark?: string;
  lastStartedAt?: string;
  lastFinishedAt?: string;
}

/** An open archive. Close it when done (it holds a pool or the embedded database). */
export interface Archive {
  /** 'embedded' (PGlite, in memory or a directory) or 'server' (PostgreSQL). */
  readonly kind: 'embedded' | 'server';
  /** Where it lives: the directory, `memory://`, or the server URL without its password. */
  readonly location: string;
  /**
   * Incremental sync from each source, one after the other: new invocations since the watermark,
   * and every invocation not terminal at the last sync re-read until it is. A source that fails is
   * listed in `failures`; the others still sync. Aborting throws an `AbortedError`; committed
   * batches stay.
   */
  sync(sources: readonly InvocationSource[], options?: SyncOptions): Promise<SyncResult>;
  /**
   * Archives invocations as they were seen elsewhere (`get`, `run`): eflo cannot list, so this is
   * how its invocations reach the archive; a later sync re-reads the non-terminal ones. Returns how
   * many were written: new or changed (a record already archived as it is now is not written again).
   */
  record(invocations: readonly Invocation[]): Promise<number>;
  /** Archived invocations, newest first, one page at a time (pass `nextCursor` back as `cursor`). */
  query(query?: ArchiveQuery): Promise<ArchivePage>;
  /** Counts per status and the failure rate, per command, target, product or UTC day. */
  stats(query: ArchiveStatsQuery): Promise<ArchiveStats>;
  /** Removes invocations created before `olderThan`, with their targets; returns how many. */
  prune(options: PruneOptions): Promise<number>;
  /** The watermark of each (product, region) synced so far. */
  syncState(): Promise<SyncState[]>;
  /** Closes the pool or the embedded database. */
  close(): Promise<void>;
}

const sourcesSchema = z.array(
  z.custom<InvocationSource>(
    (value) =>
      typeof value === 'object' &&
      value !== null &&
      typeof (value as InvocationSource).list === 'function' &&
      typeof (value as InvocationSource).get === 'function' &&
      typeof (value as InvocationSource).product === 'string' &&
      typeof (value as InvocationSource).region === 'string',
    { message: 'must be an InvocationSource (product, region, list, get)' },
  ),
);

const syncOptionsSchema = z.strictObject({
  signal: z.custom<AbortSignal>((value) => value instanceof AbortSignal, { message: 'must be an AbortSignal' }).optional(),
  onProgress: z.custom<SyncOptions['onProgress']>((value) => typeof value === 'function', { message: 'must be a function' }).optional(),
  batchSize: z.number().int('must be an integer').min(1, 'must be at least 1').max(10_000, 'must be at most 10000').optional(),
  concurrency: z.number().int('must be an integer').min(1, 'must be at least 1').max(64, 'must be at most 64').optional(),
  writeConcurrency: z.number().int('must be an integer').min(1, 'must be at least 1').max(16, 'must be at most 16').optional(),
});

// Writes in flight by default: two server cores at work; PGlite has one connection (more would only wait).
const DEFAULT_WRITE_CONCURRENCY = { server: 2, embedded: 1 } as const;

const recordSchema = z.array(invocationSchema);

const handles = new WeakMap<Archive, Kysely<ArchiveDatabase>>();

/** The Kysely handle behind an archive (tests and benchmarks reach the tables through it). */
export function databaseOf(archive: Archive): Kysely<ArchiveDatabase> {
  const db = handles.get(archive);
  if (!db) throw new Error('not an open archive');
  return db;
}

/**
 * Opens (and creates or migrates) an archive.
 *
 * | `url` | store |
 * | --- | --- |
 * | absent | embedded PostgreSQL (PGlite) in the user's data directory; `INVOCATIONS_ARCHIVE_URL` overrides |
 * | a path or `file:` URL | embedded, in that directory |
 * | `memory://` | embedded, in memory (tests) |
 * | `postgres://...` | a PostgreSQL server, through a `pg` pool |
 *
 * @example
 * const archive = await openArchive({ url: 'memory://' });
 * await archive.record([invocation]);
 * const { invocations } = await archive.query({ targetId: 'i-bp1example', since: '2025-01-01T00:00:00Z' });
 * await archive.close();
 */
export async function openArchive(options: OpenArchiveOptions = {}): Promise<Archive> {
  const parsed = parseInput(openArchiveSchema, options, 'openArchive');
  const location: ArchiveLocation = resolveArchiveLocation(parsed.url, parsed.env ?? process.env);
  const db = await connect(location, parsed.poolSize === undefined ? {} : { poolSize: parsed.poolSize });
  try {
    await migrate(db as Kysely<unknown>);
  } catch (error) {
    await db.destroy().catch(() => undefined);
    throw error;
  }
  const keepOutput = parsed.keepOutput;
  // `pg` sends a Buffer parameter in binary format, which a write's batch uses (see batch-arrays.ts); PGlite takes text.
  const binary = location.kind === 'server';
  const archive: Archive = {
    kind: location.kind === 'server' ? 'server' : 'embedded',
    location: describeLocation(location),
    async sync(sources, syncOptions = {}) {
      const list = parseInput(sourcesSchema, sources, 'archive.sync');
      const checked = parseInput(syncOptionsSchema, syncOptions, 'archive.sync');
      const result: SyncResult = { sources: [], failures: [] };
      for (const source of list) {
        try {
          result.sources.push(
            await syncSource(db, source, {
              ...checked,
              writeConcurrency: checked.writeConcurrency ?? DEFAULT_WRITE_CONCURRENCY[archive.kind],
              keepOutput,
              binary,
              // Embedded, the database dies with this process: its batches wait for the flush (see syncSource).
              durable: location.kind !== 'server',
            }),
          );
        } catch (error) {
          if (checked.signal?.aborted) throw error;
          result.failures.push({ product: source.product, region: source.region, error });
        }
      }
      return result;
    },
    async record(invocations) {
      return writeBatch(db, parseInput(recordSchema, invocations, 'archive.record'), { keepOutput, binary });
    },
    async query(query = {}) {
      return queryInvocations(db, parseInput(archiveQuerySchema, query, 'archive.query'));
    },
    async stats(query) {
      const input = parseInput(archiveStatsSchema, query, 'archive.stats');
      return computeStats(db, {
        groupBy: input.groupBy,
        limit: input.limit,
        ...(input.product ? { product: input.product } : {}),
        ...(input.region ? { region: input.region } : {}),
        ...(input.since ? { since: input.since } : {}),
        ...(input.until ? { until: input.until } : {}),
      });
    },
    async prune(pruneOptions) {
      const { olderThan } = parseInput(pruneSchema, pruneOptions, 'archive.prune');
      // Targets go in the same statement (there is no foreign key to cascade, see migration 0004). It
      // deletes in the order of sort_at, not of the writes' keys: it runs alone (see write.ts's WRITE_LOCK).
      return db.transaction().execute(async (transaction) => {
        await sql`select ${writeLock(true)}`.execute(transaction);
        const { rows } = await sql<{ pruned: number }>`with gone as (delete from invocations where sort_at < ${olderThan} returning id),
          targets_gone as (delete from targets where invocation_id in (select id from gone))
          select count(*)::int as pruned from gone`.execute(transaction);
        return Number(rows[0]?.pruned ?? 0);
      });
    },
    async syncState() {
      const rows = await readSyncState(db);
      return rows.map((row) => ({
        product: row.product,
        region: row.region,
        ...(row.high_created_at ? { watermark: row.high_created_at.toISOString() } : {}),
        ...(row.last_started_at ? { lastStartedAt: row.last_started_at.toISOString() } : {}),
        ...(row.last_finished_at ? { lastFinishedAt: row.last_finished_at.toISOString() } : {}),
      }));
    },
    async close() {
      handles.delete(archive);
      dropKeptBuffers();
      await db.destroy();
    },
  };
  handles.set(archive, db);
  return archive;
}
