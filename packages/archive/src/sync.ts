import type { Kysely } from 'kysely';
import { AbortedError, NotFoundError, type Invocation, type InvocationSource, type Product } from '@invocations/core';
import type { ArchiveDatabase } from './schema.js';
import { parseTime } from './rows.js';
import { writeBatch } from './write.js';

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
  /** Invocations per transaction (default 500). */
  batchSize?: number;
  /** `get` calls in flight while re-reading (default 4). */
  concurrency?: number;
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
 * by in the listing is re-read with `get`. Each batch is its own transaction. The watermark moves
 * only when the source is done, so a sync killed halfway re-lists that stretch next time (the
 * upserts are idempotent) instead of skipping it.
 */
export async function syncSource(
  db: Kysely<ArchiveDatabase>,
  source: InvocationSource,
  options: SyncOptions & { keepOutput: boolean },
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
  let batch: Invocation[] = [];
  // One batch is written while the next is read: a sync takes about as long as the slower of the
  // two, not their sum. At most one write is in flight, and a failed write stops the sync.
  let writing: Promise<void> = Promise.resolve();
  const flush = async (phase: SyncProgress['phase']) => {
    if (batch.length === 0) return;
    const pending = batch;
    batch = [];
    const previous = writing;
    // Chained, so batches commit in order and the last promise stands for all of them.
    writing = previous.then(async () => {
      result.written += await writeBatch(db, pending, { keepOutput: options.keepOutput, region });
      report(phase);
    });
    // Nobody awaits it until the next flush: keep a rejection from counting as unhandled meanwhile.
    writing.catch(() => undefined);
    await previous;
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
        batch.push(invocation);
        if (batch.length >= batchSize) await flush('list');
      }
      await flush('list');
      await writing;
    }

    const stale = open.map((row) => row.invoke_id).filter((id) => !seen.has(id));
    let next = 0;
    const worker = async () => {
      while (next < stale.length) {
        if (signal?.aborted) throw new AbortedError('archive sync aborted');
        const invokeId = stale[next++] as string;
        try {
          batch.push(await source.get(invokeId, signal ? { signal } : {}));
          result.refreshed++;
        } catch (error) {
          if (!NotFoundError.isInstance(error)) throw error;
          gone.push(invokeId);
        }
        if (batch.length >= batchSize) await flush('refresh');
      }
    };
    await Promise.all(Array.from({ length: Math.min(options.concurrency ?? 4, stale.length) }, worker));
    await flush('refresh');
    await writing;
  } catch (error) {
    // Let a batch already being written finish (or fail) before the error leaves: nothing runs on after the call.
    await writing.catch(() => undefined);
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

