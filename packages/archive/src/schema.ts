import type { ColumnType, Generated } from 'kysely';

/** A timestamptz column: written as a Date, read back as a Date. */
type Timestamp = ColumnType<Date, Date, Date>;

/** One row of `invocations`: the invocation's own fields, the columns the queries filter on, the record as JSONB. */
export interface InvocationRow {
  id: Generated<number>;
  product: string;
  /** '' when the record named no region (a row needs a key; the canonical record then has none). */
  region: string;
  invoke_id: string;
  command_id: string | null;
  command_name: string | null;
  command_type: string | null;
  /** SHA-256 (hex) of the command text, so runs of the same script group together even when unnamed. */
  content_hash: string | null;
  status: string;
  terminal: boolean;
  created_at: Timestamp | null;
  finished_at: Timestamp | null;
  /** The order of `query`: created_at, or the time the archive first saw a record that had none. */
  sort_at: Timestamp;
  target_count: number;
  /** When a re-read found the service no longer knows the invocation: it is then re-read no more. */
  gone_at: Timestamp | null;
  archived_at: Timestamp;
  updated_at: Timestamp;
  /** Some target of it has output kept in `targets.output` (the query reads its targets only then). */
  has_output: boolean;
  /** The canonical invocation, its targets without output included (migration 0004): `query` reads this row alone. */
  raw: ColumnType<unknown, string, string>;
}

/** One row of `targets`: one instance or node of an invocation (its record is in the invocation's `raw`). */
export interface TargetRow {
  invocation_id: number;
  target_id: string;
  /** The target's place in the invocation's list, so a record comes back in the order it was sent. */
  position: number;
  kind: string;
  status: string;
  /** bigint since migration 0006 (any safe integer); `pg` would read it back as text, but the archive reads the record instead. */
  exit_code: number | null;
  error_code: string | null;
  created_at: Timestamp | null;
  started_at: Timestamp | null;
  finished_at: Timestamp | null;
  /** The invocation's sort_at, copied so "what ran on target X" is one index range. */
  sort_at: Timestamp;
  /** The output text, only with the keepOutput policy. */
  output: string | null;
  output_hash: string | null;
  output_bytes: number | null;
  /** bigint since migration 0006, as exit_code. */
  dropped_bytes: number;
}

/** One row of `sync_state`: the watermark of one (product, region). */
export interface SyncStateRow {
  product: string;
  region: string;
  /** Newest createdAt a completed sync has seen: the next listing stops a little before it. */
  high_created_at: Timestamp | null;
  last_started_at: Timestamp | null;
  last_finished_at: Timestamp | null;
}

/** One row of `invocation_counts`: invocations per UTC day, product, region, command and status (kept by triggers). */
export interface InvocationCountRow {
  day: ColumnType<Date, string, string>;
  product: string;
  region: string;
  /** The command name, '' for none (a command name is never empty). */
  command_key: string;
  status: string;
  count: number;
}

/** One row of `invocation_totals`: invocations per product, region, command and status over the whole archive (kept by triggers). */
export interface InvocationTotalRow {
  product: string;
  region: string;
  /** The command name, '' for none. */
  command_key: string;
  status: string;
  count: number;
}

/** The archive's tables, as Kysely sees them. */
export interface ArchiveDatabase {
  invocations: InvocationRow;
  invocation_counts: InvocationCountRow;
  invocation_totals: InvocationTotalRow;
  targets: TargetRow;
  sync_state: SyncStateRow;
}
