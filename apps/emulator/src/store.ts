import type { Clock, Product, RetentionOptions, StoredInvocation } from './types.js';

/** Default retention: the seeds' "last 2 weeks, up to 100,000 records" (seed 001, seed 003). */
export const DEFAULT_RETENTION: Required<RetentionOptions> = { maxAgeMs: 14 * 24 * 60 * 60 * 1000, maxRecords: 100_000 };

interface Bucket {
  /** Oldest first (by createdAt). */
  records: StoredInvocation[];
  byId: Map<string, StoredInvocation>;
}

/**
 * Invocation records per product and region, oldest dropped first once a bucket is older than
 * `maxAgeMs` or larger than `maxRecords`.
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
      bucket = { records: [], byId: new Map() };
      this.buckets.set(key, bucket);
    }
    return bucket;
  }

  /** Adds a record (replacing one with the same InvokeId), then applies retention. */
  insert(invocation: StoredInvocation): void {
    const bucket = this.bucket(invocation.product, invocation.region);
    if (bucket.byId.has(invocation.invokeId)) this.remove(invocation.product, invocation.region, invocation.invokeId);
    const records = bucket.records;
    // Usually appended (created now); binary search keeps seeded or back-dated records in order.
    let low = 0;
    let high = records.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if ((records[mid] as StoredInvocation).createdAt <= invocation.createdAt) low = mid + 1;
      else high = mid;
    }
    records.splice(low, 0, invocation);
    bucket.byId.set(invocation.invokeId, invocation);
    this.prune(bucket);
  }

  /** Removes one record; true when it existed. */
  remove(product: Product, region: string, invokeId: string): boolean {
    const bucket = this.bucket(product, region);
    const record = bucket.byId.get(invokeId);
    if (!record) return false;
    bucket.byId.delete(invokeId);
    bucket.records.splice(bucket.records.indexOf(record), 1);
    return true;
  }

  /** One record by InvokeId, or undefined (also when retention has dropped it). */
  get(product: Product, region: string, invokeId: string): StoredInvocation | undefined {
    const bucket = this.bucket(product, region);
    this.prune(bucket);
    return bucket.byId.get(invokeId);
  }

  /** The records of one product and region, newest first, after retention. */
  list(product: Product, region: string): StoredInvocation[] {
    const bucket = this.bucket(product, region);
    this.prune(bucket);
    return bucket.records.slice().reverse();
  }

  /** Number of records, overall or for one product (and region). */
  count(product?: Product, region?: string): number {
    let total = 0;
    for (const [key, bucket] of this.buckets) {
      const [bucketProduct, bucketRegion] = key.split('/');
      if (product && bucketProduct !== product) continue;
      if (region && bucketRegion !== region) continue;
      this.prune(bucket);
      total += bucket.records.length;
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

  private prune(bucket: Bucket): void {
    const cutoff = this.clock.now() - this.retention.maxAgeMs;
    let drop = 0;
    const records = bucket.records;
    while (drop < records.length && (records.length - drop > this.retention.maxRecords || (records[drop] as StoredInvocation).createdAt < cutoff)) {
      bucket.byId.delete((records[drop] as StoredInvocation).invokeId);
      drop++;
    }
    if (drop > 0) records.splice(0, drop);
  }
}
