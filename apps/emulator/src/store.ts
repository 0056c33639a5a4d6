import type { Clock, Product, RetentionOptions, StoredInvocation } from './types.js';

/** Default retention: the seeds' "last 2 weeks, up to 100,000 records" (seed 001, seed 003). */
export const DEFAULT_RETENTION: Required<RetentionOptions> = { maxAgeMs: 14 * 24 * 60 * 60 * 1000, maxRecords: 100_000 };

/** Dropped slots at the front of a bucket are reclaimed once there are this many and they outnumber the live ones. */
const COMPACT_AFTER = 1024;

interface Bucket {
  /** Oldest first (by createdAt, ties in insertion order); the live records are `records[head..]`. */
  records: StoredInvocation[];
  /** Records before `head` were dropped by retention; kept until compaction so a drop costs O(1). */
  head: number;
  byId: Map<string, StoredInvocation>;
  /**
   * Records per target id, in the same order as `records`. Built on the first lookup by target, so a
   * store that is never asked by InstanceId pays nothing for it; kept up to date afterwards.
   */
  byTarget?: Map<string, StoredInvocation[]>;
}

/** First index in `list[from..]` whose record was created after `createdAt`. */
function upperBound(list: readonly StoredInvocation[], from: number, createdAt: number): number {
  let low = from;
  let high = list.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if ((list[mid] as StoredInvocation).createdAt <= createdAt) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** Index of `record` in `list[from..]` (sorted by createdAt), or -1. */
function indexOfRecord(list: readonly StoredInvocation[], from: number, record: StoredInvocation): number {
  let low = from;
  let high = list.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if ((list[mid] as StoredInvocation).createdAt < record.createdAt) low = mid + 1;
    else high = mid;
  }
  for (let index = low; index < list.length && (list[index] as StoredInvocation).createdAt === record.createdAt; index++) {
    if (list[index] === record) return index;
  }
  return -1;
}

function targetIdsOf(record: StoredInvocation): Set<string> {
  return new Set(record.targets.map((target) => target.id));
}

/**
 * Invocation records per product and region, oldest dropped first once a bucket is older than
 * `maxAgeMs` or larger than `maxRecords`. Reads are newest first; a page costs its own size, not the
 * bucket's, so listing a large store is not quadratic.
 */
export class InvocationStore {
  private readonly buckets = new Map<string, Bucket>();
  private readonly retention: Required<RetentionOptions>;

  constructor(private readonly clock: Clock, retention: RetentionOptions = {}) {
    this.retention = { ...DEFAULT_RETENTION, ...retention };
  }

  private bucket(product: Product, region: string): Bucket {
    const key = `${product}/${region}`;
    let bucket = this.buckets.get(key);
    if (!bucket) {
      bucket = { records: [], head: 0, byId: new Map() };
      this.buckets.set(key, bucket);
    }
    return bucket;
  }

  /** The bucket after retention, for reads. */
  private live(product: Product, region: string): Bucket {
    const bucket = this.bucket(product, region);
    this.prune(bucket);
    return bucket;
  }

  /** Records inserted since the store was made (never goes down; retention does not change it). */
  inserted = 0;

  /** Adds a record (replacing one with the same InvokeId), then applies retention. */
  insert(invocation: StoredInvocation): void {
    this.inserted++;
    const bucket = this.bucket(invocation.product, invocation.region);
    if (bucket.byId.has(invocation.invokeId)) this.remove(invocation.product, invocation.region, invocation.invokeId);
    const records = bucket.records;
    // Usually appended (created now); binary search keeps seeded or back-dated records in order.
    const at = upperBound(records, bucket.head, invocation.createdAt);
    if (at === records.length) records.push(invocation);
    else records.splice(at, 0, invocation);
    bucket.byId.set(invocation.invokeId, invocation);
    if (bucket.byTarget) {
      for (const id of targetIdsOf(invocation)) {
        let list = bucket.byTarget.get(id);
        if (!list) bucket.byTarget.set(id, (list = []));
        const position = upperBound(list, 0, invocation.createdAt);
        if (position === list.length) list.push(invocation);
        else list.splice(position, 0, invocation);
      }
    }
    this.prune(bucket);
  }

  /** Removes one record; true when it existed. */
  remove(product: Product, region: string, invokeId: string): boolean {
    const bucket = this.bucket(product, region);
    const record = bucket.byId.get(invokeId);
    if (!record) return false;
    bucket.byId.delete(invokeId);
    const index = indexOfRecord(bucket.records, bucket.head, record);
    bucket.records.splice(index >= 0 ? index : bucket.records.indexOf(record, bucket.head), 1);
    this.unindexTargets(bucket, record);
    return true;
  }

  /** One record by InvokeId, or undefined (also when retention has dropped it). */
  get(product: Product, region: string, invokeId: string): StoredInvocation | undefined {
    return this.live(product, region).byId.get(invokeId);
  }

  /** The records of one product and region, newest first, after retention (a new array). */
  list(product: Product, region: string): StoredInvocation[] {
    const bucket = this.live(product, region);
    return this.newestFirst(bucket, 0, bucket.records.length - bucket.head);
  }

  /** Number of records of one product and region after retention. */
  size(product: Product, region: string): number {
    const bucket = this.live(product, region);
    return bucket.records.length - bucket.head;
  }

  /** `limit` records from position `offset` of the newest-first order, after retention (a page). */
  slice(product: Product, region: string, offset: number, limit: number): StoredInvocation[] {
    return this.newestFirst(this.live(product, region), offset, limit);
  }

  /** The records for which `keep` is true, newest first, after retention. */
  filter(product: Product, region: string, keep: (record: StoredInvocation) => boolean): StoredInvocation[] {
    const bucket = this.live(product, region);
    const records = bucket.records;
    const kept: StoredInvocation[] = [];
    for (let index = records.length - 1; index >= bucket.head; index--) {
      const record = records[index] as StoredInvocation;
      if (keep(record)) kept.push(record);
    }
    return kept;
  }

  /** The records with a target (InstanceId or NodeId) `targetId`, newest first, after retention. */
  withTarget(product: Product, region: string, targetId: string): StoredInvocation[] {
    const bucket = this.live(product, region);
    if (!bucket.byTarget) {
      const index = new Map<string, StoredInvocation[]>();
      for (let position = bucket.head; position < bucket.records.length; position++) {
        const record = bucket.records[position] as StoredInvocation;
        for (const id of targetIdsOf(record)) {
          const list = index.get(id);
          if (list) list.push(record);
          else index.set(id, [record]);
        }
      }
      bucket.byTarget = index;
    }
    const list = bucket.byTarget.get(targetId);
    return list ? list.slice().reverse() : [];
  }

  /** Number of records, overall or for one product (and region). */
  count(product?: Product, region?: string): number {
    let total = 0;
    for (const [key, bucket] of this.buckets) {
      const [bucketProduct, bucketRegion] = key.split('/');
      if (product && bucketProduct !== product) continue;
      if (region && bucketRegion !== region) continue;
      this.prune(bucket);
      total += bucket.records.length - bucket.head;
    }
    return total;
  }

  /** Regions that hold records for a product. */
  regions(product: Product): string[] {
    return [...this.buckets.keys()].filter((key) => key.startsWith(`${product}/`)).map((key) => key.slice(product.length + 1));
  }

  /** Drops every record. */
  clear(): void {
    this.buckets.clear();
  }

  private newestFirst(bucket: Bucket, offset: number, limit: number): StoredInvocation[] {
    const records = bucket.records;
    const page: StoredInvocation[] = [];
    const first = records.length - 1 - Math.max(0, offset);
    for (let index = first; index >= bucket.head && page.length < limit; index--) page.push(records[index] as StoredInvocation);
    return page;
  }

  private unindexTargets(bucket: Bucket, record: StoredInvocation): void {
    if (!bucket.byTarget) return;
    for (const id of targetIdsOf(record)) {
      const list = bucket.byTarget.get(id);
      if (!list) continue;
      // Retention drops the oldest record, which is first in each of its targets' lists.
      const index = list[0] === record ? 0 : indexOfRecord(list, 0, record);
      if (index >= 0) list.splice(index, 1);
      if (list.length === 0) bucket.byTarget.delete(id);
    }
  }

  private prune(bucket: Bucket): void {
    const cutoff = this.clock.now() - this.retention.maxAgeMs;
    const records = bucket.records;
    const maxRecords = this.retention.maxRecords;
    while (bucket.head < records.length && (records.length - bucket.head > maxRecords || (records[bucket.head] as StoredInvocation).createdAt < cutoff)) {
      const record = records[bucket.head] as StoredInvocation;
      bucket.byId.delete(record.invokeId);
      this.unindexTargets(bucket, record);
      // Release the record now; the slot itself is reclaimed by compaction.
      (records as (StoredInvocation | undefined)[])[bucket.head] = undefined;
      bucket.head++;
    }
    if (bucket.head >= COMPACT_AFTER && bucket.head * 2 >= records.length) {
      records.splice(0, bucket.head);
      bucket.head = 0;
    } else if (bucket.head > 0 && bucket.head === records.length) {
      records.length = 0;
      bucket.head = 0;
    }
  }
}
