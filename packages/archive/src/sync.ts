import type { Kysely } from 'kysely';
import { AbortedError, NotFoundError, type Invocation, type InvocationSource, type Product } from '@invocations/core';
import type { ArchiveDatabase } from './schema.js';
import { parseTime } from './rows.js';
import { INVOCATIONS_PER_STATEMENT, TARGETS_PER_STATEMENT, writeBatch } from './write.js';
import { writeQueue } from './write-queue.js';

/** Progress of `archive.sync`, reported after each batch is committed and as each source ends. */
export interface SyncProgress {
  product: Product;
  region: string;
  /** 'list': reading the source's listing; 'refresh': re-reading invocations that were not terminal; 'done'. */
  phase: 'list' | 'refresh' | 'done';
  /** Invocations read from the listing so far. */
  listed: number;
  /** Invocations re-read with `get` so far. */
  refreshed: number;
  /** Invocations written (committed) so far, for this source: new ones and changed ones (a report that changes nothing writes nothing). */
  written: number;
}

/** Options of `archive.sync`. */
export interface SyncOptions {
  /** Stops the sync; batches already committed stay, and the next sync picks up from there. */
  signal?: AbortSignal;
  onProgress?: (progress: SyncProgress) => void;
  /** Invocations per transaction (default 500; one transaction holds at most 2,000 invocations and 20,000 targets). */
  batchSize?: number;
  /** `get` calls in flight while re-reading (default 4). */
  concurrency?: number;
  /**
   * Batches written at once, each in its own transaction on its own connection (default 2 on a
   * server, 1 embedded: PGlite has one connection). Batches that hold the same invocation are
   * written one after the other, in the order they were read.
   */
  writeConcurrency?: number;
}

/** What one source's sync did. */
export interface SourceSyncResult {
  product: Product;
  region: string;
  listed: number;
  refreshed: number;
  written: number;
  /** Invocations the service no longer knows (expired there); the archive keeps them and stops re-reading them. */
  gone: number;
  /** The watermark after this sync: the newest createdAt seen (ISO), if any. */
  watermark?: string;
}

/** What `archive.sync` returns: per source, and the sources that failed (the others still synced). */
export interface SyncResult {
  sources: SourceSyncResult[];
  failures: { product: Product; region: string; error: unknown }[];
}

/**
 * How far before the watermark a listing keeps reading: records created in the same instant as the
 * newest one seen, or listed slightly out of order by the service, are read again rather than missed.
 */
export const WATERMARK_OVERLAP_MS = 10 * 60_000;

// eflo's API cannot list (it answers only with ids): the archive re-reads what it already knows.
function canList(source: InvocationSource): boolean {
  return source.product !== 'eflo';
}

/**
 * Syncs one source. Listing newest first, it stops a little before the watermark of the last
 * completed sync; then every invocation that was not terminal at the last sync and did not come
 * by in the listing is re-read with `get`. Each batch is its own transaction, and several may be
 * in flight. The watermark moves only when the source is done and every batch has committed, so a
 * sync killed halfway re-lists that stretch next time (the upserts are idempotent) instead of
 * skipping it.
 */
export async function syncSource(
  db: Kysely<ArchiveDatabase>,
  source: InvocationSource,
  options: SyncOptions & { keepOutput: boolean; binary: boolean; durable: boolean },
): Promise<SourceSyncResult> {
  const { product, region } = source;
  const batchSize = options.batchSize ?? 500;
  const signal = options.signal;
  const state = await db.selectFrom('sync_state').selectAll().where('product', '=', product).where('region', '=', region).executeTakeFirst();
  const open = await db
    .selectFrom('invocations')
    .select('invoke_id')
    .where('product', '=', product)
    .where('region', '=', region)
    .where('terminal', '=', false)
    .where('gone_at', 'is', null)
    .execute();
  await db
    .insertInto('sync_state')
    .values({ product, region, high_created_at: null, last_started_at: new Date(), last_finished_at: null })
    .onConflict((conflict) => conflict.columns(['product', 'region']).doUpdateSet({ last_started_at: new Date() }))
    .execute();

  const result: SourceSyncResult = { product, region, listed: 0, refreshed: 0, written: 0, gone: 0 };
  const report = (phase: SyncProgress['phase']) =>
    options.onProgress?.({ product, region, phase, listed: result.listed, refreshed: result.refreshed, written: result.written });
  // Batches are written while the next ones are read: a sync takes about as long as the slower of
  // the two, not their sum. Up to writeConcurrency writes are in flight (each one statement, see
  // write.ts, so their locks never deadlock); a failed write stops the sync, and the call returns
  // only once every write it started has ended.
  const writes = writeQueue<{ invocations: Invocation[]; phase: SyncProgress['phase'] }>(options.writeConcurrency ?? 1, async (pending) => {
    // Not `written += await ...`: that reads `written` before the await, and writes in flight end in any order.
    // On a server a batch does not wait for the WAL flush at commit: with a write or two in flight
    // that wait left the server's CPU idle, and a sync ran at about 4,700 invocations a second
    // against 5,600 without it (bench/README.md). A client killed after a commit loses nothing (the
    // server has it). A crash of the server itself may lose its last fraction of a second of
    // batches, but the watermark is written after every batch, in a transaction that does wait and
    // so flushes all the WAL before it, and is then lost with them: the next sync lists that stretch
    // again. Embedded (PGlite) the database is this process, which a kill takes down with it: there
    // every batch waits (`durable`), so what was reported written stays written.
    const written = await writeBatch(db, pending.invocations, { keepOutput: options.keepOutput, region, binary: options.binary, durable: options.durable });
    result.written += written;
    report(pending.phase);
  });
  const perBatch = Math.min(batchSize, INVOCATIONS_PER_STATEMENT);
  let batch: Invocation[] = [];
  let batchTargets = 0;
  const flush = async (phase: SyncProgress['phase']) => {
    if (batch.length === 0) return;
    const pending = batch;
    batch = [];
    batchTargets = 0;
    await writes.push({ invocations: pending, phase }, pending.map((invocation) => invocation.invokeId));
  };
  // A batch is cut before it outgrows one statement, so each batch is one transaction of one statement.
  const add = async (invocation: Invocation, phase: SyncProgress['phase']) => {
    if (batch.length > 0 && batchTargets + invocation.targets.length > TARGETS_PER_STATEMENT) await flush(phase);
    batch.push(invocation);
    batchTargets += invocation.targets.length;
    if (batch.length >= perBatch) await flush(phase);
  };

  // Epoch milliseconds, as parseTime gives them.
  let newest = state?.high_created_at?.getTime() ?? null;
  const seen = new Set<string>();
  const gone: string[] = [];
  try {
    if (canList(source)) {
      const stopBefore = state?.high_created_at ? state.high_created_at.getTime() - WATERMARK_OVERLAP_MS : undefined;
      for await (const invocation of source.list({}, signal ? { signal } : {})) {
        const created = parseTime(invocation.createdAt);
        // Listings come newest first: past the watermark, the rest was archived by an earlier sync.
        if (stopBefore !== undefined && created !== null && created < stopBefore) break;
        if (created !== null && (newest === null || created > newest)) newest = created;
        seen.add(invocation.invokeId);
        result.listed++;
        await add(invocation, 'list');
      }
      await flush('list');
    }

    const stale = open.map((row) => row.invoke_id).filter((id) => !seen.has(id));
    let next = 0;
    const worker = async () => {
      while (next < stale.length) {
        if (signal?.aborted) throw new AbortedError('archive sync aborted');
        const invokeId = stale[next++] as string;
        let refreshed: Invocation;
        try {
          refreshed = await source.get(invokeId, signal ? { signal } : {});
        } catch (error) {
          if (!NotFoundError.isInstance(error)) throw error;
          gone.push(invokeId);
          continue;
        }
        result.refreshed++;
        await add(refreshed, 'refresh');
      }
    };
    await Promise.all(Array.from({ length: Math.min(options.concurrency ?? 4, stale.length) }, worker));
    await flush('refresh');
    await writes.drain();
  } catch (error) {
    // Let the batches already being written finish (or fail) before the error leaves: nothing runs on after the call.
    await writes.close();
    throw error;
  }
  if (gone.length > 0) {
    await db
      .updateTable('invocations')
      .set({ gone_at: new Date() })
      .where('product', '=', product)
      .where('region', '=', region)
      .where('invoke_id', 'in', gone)
      .execute();
    result.gone = gone.length;
  }
  await db
    .updateTable('sync_state')
    .set({ high_created_at: newest === null ? null : new Date(newest), last_finished_at: new Date() })
    .where('product', '=', product)
    .where('region', '=', region)
    .execute();
  if (newest !== null) result.watermark = new Date(newest).toISOString();
  report('done');
  return result;
}

/** Reads the sync state of every (product, region) the archive has synced. */
export async function readSyncState(db: Kysely<ArchiveDatabase>) {
  return db.selectFrom('sync_state').selectAll().orderBy('product').orderBy('region').execute();
}

