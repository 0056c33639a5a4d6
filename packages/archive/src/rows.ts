import { createHash } from 'node:crypto';
import { isTerminal, isTerminalTargetStatus, type Invocation, type InvocationTarget } from '@invocations/core';
import type { Selectable } from 'kysely';
import type { InvocationRow, TargetRow } from './schema.js';

// PostgreSQL's earliest timestamptz (4714-11-24 BC, UTC) in epoch milliseconds: JavaScript reaches
// further back, and one such time would fail the whole batch's statement.
const EARLIEST_MS = -210_866_803_200_000;

/**
 * A time the service sent, as epoch milliseconds, or null when absent, unreadable or before
 * PostgreSQL's range (the raw record keeps the text). Milliseconds, not Dates: the batch's JSON
 * carries them as numbers, which JSON.stringify writes natively (a Date goes through its toJSON,
 * several times the cost) and the server turns into timestamptz without parsing text.
 */
export function parseTime(value: string | undefined): number | null {
  if (value === undefined) return null;
  const ms = Date.parse(value);
  return Number.isFinite(ms) && ms >= EARLIEST_MS ? ms : null;
}

/** SHA-256 of a text, hex. */
export function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

// A column's type as the batch's JSON carries it: a time as epoch milliseconds (see parseTime).
type JsonColumn<T> = T extends Date ? number : T;
// The row types of schema.ts, with their timestamp columns as the batch's JSON carries them.
type JsonColumns<Row> = { [K in keyof Selectable<Row>]: JsonColumn<Selectable<Row>[K]> };

/**
 * The invocation's columns as the write statement reads them from the batch's JSON (before the
 * archive knows its row id): `invocations`' columns less those the statement sets itself, times in
 * epoch milliseconds; `raw` is the record itself, its targets included without output; `targets`
 * the target rows, each as a {@link TargetTuple}.
 */
export type InvocationValues = JsonColumns<Omit<InvocationRow, 'id' | 'gone_at' | 'archived_at' | 'updated_at' | 'raw'>> & {
  raw: object;
  targets: TargetTuple[];
};

/** A target's columns, before the archive knows its invocation's row id and sort time (its record is in the invocation's `raw`); times in epoch milliseconds. */
export type TargetValues = JsonColumns<Omit<TargetRow, 'invocation_id' | 'sort_at'>>;

/**
 * A target's columns as the batch's JSON carries them: an array in this order (write.ts reads it by
 * position). Without the column names repeated for each target, a batch of invocations of ten
 * targets is a quarter shorter, and the server parses it (as jsonb, the larger part of a write's
 * cost) in about that much less time.
 */
export type TargetTuple = [
  target_id: string,
  position: number,
  kind: string,
  status: string,
  exit_code: number | null,
  error_code: string | null,
  created_at: number | null,
  started_at: number | null,
  finished_at: number | null,
  output: string | null,
  output_hash: string | null,
  output_bytes: number | null,
  dropped_bytes: number,
];

function tupleOf(row: TargetValues): TargetTuple {
  return [
    row.target_id,
    row.position,
    row.kind,
    row.status,
    row.exit_code,
    row.error_code,
    row.created_at,
    row.started_at,
    row.finished_at,
    row.output,
    row.output_hash,
    row.output_bytes,
    row.dropped_bytes,
  ];
}

// PostgreSQL text and jsonb cannot hold U+0000; the services' output can (and nothing stops an id or
// a name from holding it). Text columns get the replacement character instead (the output's hash is
// of the text as sent), and so does the JSON of the raw record, through noNulJson.
function noNul(text: string): string {
  return text.includes('\u0000') ? text.replaceAll('\u0000', '\uFFFD') : text;
}

function noNulOrNull(text: string | undefined): string | null {
  return text === undefined ? null : noNul(text);
}

/**
 * JSON text with every escaped U+0000 (`\u0000`) and every escaped lone surrogate turned into U+FFFD,
 * which jsonb can hold. `JSON.stringify` escapes a lone surrogate (`\ud800`) and writes a valid pair
 * as it is, so an escaped surrogate here is always a lone one, which PostgreSQL refuses ("Unicode low
 * surrogate must follow a high surrogate"): one such character from a server would fail the whole batch.
 * Escapes are read left to right, so an escaped backslash followed by `u0000` (the text `\u0000`
 * in a string) is left alone.
 */
export function noNulJson(text: string): string {
  return text.includes('\\u0000') || text.includes('\\ud')
    ? text.replace(/\\(?:\\|u0000|ud[89a-f][0-9a-f]{2})/g, (escape) => (escape === '\\\\' ? escape : '\\uFFFD'))
    : text;
}

function withoutOutput(target: InvocationTarget): Omit<InvocationTarget, 'output'> {
  const { output: _output, ...rest } = target;
  return rest;
}

/**
 * The rows of one invocation: its own columns, with one row per target nested (output kept or only
 * hashed, by policy). `now` (epoch milliseconds) places a record without createdAt in the order.
 */
export function toRows(invocation: Invocation, options: { keepOutput: boolean; now: number; region?: string }): InvocationValues {
  const targets = invocation.targets;
  const createdAt = parseTime(invocation.createdAt);
  const terminal = isTerminal(invocation.status);
  const targetRows: TargetValues[] = [];
  const records: Omit<InvocationTarget, 'output'>[] = [];
  const seen = new Map<string, number>();
  let hasOutput = false;
  let finishedAt: number | null = null;
  targets.forEach((target: InvocationTarget, position) => {
    const output = target.output;
    // The record without its output (stored apart, by policy). A listing's targets have none: they
    // are kept as they are (rest destructuring copies every property through V8's slow path).
    const targetRest = 'output' in target ? withoutOutput(target) : target;
    const row: TargetValues = {
      target_id: noNul(target.id),
      position,
      kind: noNul(target.kind),
      status: noNul(target.status),
      exit_code: target.exitCode ?? null,
      error_code: noNulOrNull(target.errorCode),
      created_at: parseTime(target.createdAt),
      started_at: parseTime(target.startedAt),
      // StopTime is when StopInvocation was called: a target that had started goes on running after
      // it, so it is the target's end only once the target has ended.
      finished_at: parseTime(target.finishedAt ?? (isTerminalTargetStatus(target.status) ? target.stoppedAt : undefined)),
      output: output !== undefined && options.keepOutput ? noNul(output) : null,
      output_hash: output !== undefined ? sha256(output) : null,
      output_bytes: output !== undefined ? Buffer.byteLength(output, 'utf8') : null,
      dropped_bytes: target.droppedBytes,
    };
    // One row per target id: a repeated id (never sent by the services) keeps its last report.
    const index = seen.get(target.id);
    if (index === undefined) {
      seen.set(target.id, targetRows.length);
      targetRows.push(row);
      records.push(targetRest);
    } else {
      targetRows[index] = row;
      records[index] = targetRest;
    }
  });
  for (const row of targetRows) {
    if (row.output !== null) hasOutput = true;
    if (row.finished_at !== null && (finishedAt === null || row.finished_at > finishedAt)) finishedAt = row.finished_at;
  }
  return {
    product: invocation.product,
    region: noNul(invocation.region ?? options.region ?? ''),
    invoke_id: noNul(invocation.invokeId),
    command_id: noNulOrNull(invocation.commandId),
    command_name: noNulOrNull(invocation.commandName),
    command_type: noNulOrNull(invocation.commandType),
    content_hash: invocation.commandContent !== undefined ? sha256(invocation.commandContent) : null,
    status: noNul(invocation.status),
    terminal,
    created_at: createdAt,
    finished_at: terminal ? finishedAt : null,
    sort_at: createdAt ?? options.now,
    target_count: targetRows.length,
    has_output: hasOutput,
    raw: { ...invocation, targets: records },
    targets: targetRows.map(tupleOf),
  };
}

// The canonical key order, as the adapters produce it (the kit's mapWireInvocation and
// mapWireTarget, then ECS's extra fields), which is what a live `invocations list -o json` prints.
// jsonb keeps keys shortest first, so a record read back is put in this order again; keys not
// listed here follow in jsonb's order. The values of `parameters` and of `extra.tags` are free-form
// maps whose order jsonb does not keep: they come back in its order.
const INVOCATION_KEYS = [
  'product', 'invokeId', 'parameters', 'timed', 'status', 'targets', 'region', 'commandId', 'commandName', 'commandDescription', 'commandType',
  'commandContent', 'repeatMode', 'frequency', 'username', 'workingDir', 'timeoutSeconds', 'createdAt', 'invokeStatus', 'extra',
];
const TARGET_KEYS = [
  'id', 'kind', 'status', 'droppedBytes', 'repeats', 'legacyStatus', 'exitCode', 'output', 'errorCode', 'rawErrorCode', 'errorInfo', 'createdAt',
  'startedAt', 'finishedAt', 'stoppedAt', 'updatedAt', 'timed', 'extra',
];
// ECS's documented extra fields (EcsInvocationExtra, EcsTargetExtra), in the order its mapping sets them.
const INVOCATION_EXTRA_KEYS = ['tags', 'containerId', 'containerName', 'launcher', 'terminationMode', 'ossOutputDelivery', 'resourceGroupId'];
const TARGET_EXTRA_KEYS = ['ossOutputStatus', 'ossOutputUri', 'ossOutputErrorCode', 'ossOutputErrorInfo'];

type Plain = Record<string, unknown>;

const isPlain = (value: unknown): value is Plain => value !== null && typeof value === 'object' && !Array.isArray(value);

// A copy of `record` with `keys` first, in that order, then the rest as they come. A key named
// __proto__ (JSON.parse makes it an own property) is defined, not assigned through the setter.
function inOrder(record: Plain, keys: readonly string[]): Plain {
  const ordered: Plain = {};
  const put = (key: string) => Object.defineProperty(ordered, key, { value: record[key], enumerable: true, writable: true, configurable: true });
  for (const key of keys) if (Object.hasOwn(record, key)) put(key);
  for (const key of Object.keys(record)) if (!Object.hasOwn(ordered, key)) put(key);
  return ordered;
}

function withExtra(record: Plain, extraKeys: readonly string[]): Plain {
  return isPlain(record.extra) ? { ...record, extra: inOrder(record.extra, extraKeys) } : record;
}

/**
 * Rebuilds the canonical invocation from its record (targets included, without output) and the
 * outputs kept for it, as [target id, output] pairs: keys in the order the adapters produce them
 * (see INVOCATION_KEYS), each output in its place among its target's keys.
 */
export function fromRows(raw: unknown, outputs: readonly (readonly [string, string])[] | null): Invocation {
  const record = (typeof raw === 'string' ? JSON.parse(raw) : raw) as Plain;
  const byId = outputs && outputs.length > 0 ? new Map(outputs) : undefined;
  const targets = (Array.isArray(record.targets) ? (record.targets as unknown[]) : []).map((target) => {
    if (!isPlain(target)) return target;
    const output = byId?.get(target.id as string);
    return inOrder(withExtra(output === undefined ? target : { ...target, output }, TARGET_EXTRA_KEYS), TARGET_KEYS);
  });
  return inOrder(withExtra({ ...record, targets }, INVOCATION_EXTRA_KEYS), INVOCATION_KEYS) as Invocation;
}
