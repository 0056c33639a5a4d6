import { createHash } from 'node:crypto';
import { isTerminal, isTerminalTargetStatus, type Invocation, type InvocationTarget } from '@invocations/core';
import type { Selectable } from 'kysely';
import type { InvocationRow } from './schema.js';

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
  // Years from 100 on: far inside PostgreSQL's range.
  const fast = value.length === 20 ? utcSeconds(value) : Number.NaN;
  if (!Number.isNaN(fast)) return fast;
  const ms = Date.parse(value);
  return Number.isFinite(ms) && ms >= EARLIEST_MS ? ms : null;
}

const ZERO = 0x30;

/** The two digits at `at` as a number, or NaN. */
function twoDigits(text: string, at: number): number {
  const high = text.charCodeAt(at) - ZERO;
  const low = text.charCodeAt(at + 1) - ZERO;
  return high >= 0 && high <= 9 && low >= 0 && low <= 9 ? high * 10 + low : Number.NaN;
}

/**
 * `YYYY-MM-DDTHH:MM:SSZ`, the form the services send every time in (about 30 per invocation of 10
 * targets), read without Date.parse, which cost about a tenth of the archive's client CPU: the
 * same value as Date.parse for every text it takes (a day past the month's end rolls over in both),
 * NaN for the rest, which Date.parse then reads. Years before 100 are left to it (Date.UTC maps
 * them to 19xx), and so is 24:00.
 */
function utcSeconds(text: string): number {
  if (text.charCodeAt(4) !== 0x2d || text.charCodeAt(7) !== 0x2d || text.charCodeAt(10) !== 0x54) return Number.NaN;
  if (text.charCodeAt(13) !== 0x3a || text.charCodeAt(16) !== 0x3a || text.charCodeAt(19) !== 0x5a) return Number.NaN;
  const year = twoDigits(text, 0) * 100 + twoDigits(text, 2);
  const month = twoDigits(text, 5);
  const day = twoDigits(text, 8);
  const hour = twoDigits(text, 11);
  const minute = twoDigits(text, 14);
  const second = twoDigits(text, 17);
  if (!(year >= 100 && month >= 1 && month <= 12 && day >= 1 && day <= 31 && hour <= 23 && minute <= 59 && second <= 59)) return Number.NaN;
  return Date.UTC(year, month - 1, day, hour, minute, second);
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

// Where toRows reads a tuple back (see TargetTuple).
const TUPLE_FINISHED_AT = 8;
const TUPLE_OUTPUT = 9;

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
  // Each target's columns go straight into its tuple: no object per target in between (a sync makes
  // ten per invocation, which the young generation then collects).
  const tuples: TargetTuple[] = [];
  const records: Omit<InvocationTarget, 'output'>[] = [];
  const seen = new Map<string, number>();
  let hasOutput = false;
  let finishedAt: number | null = null;
  for (let position = 0; position < targets.length; position += 1) {
    const target = targets[position]!;
    const output = target.output;
    // The record without its output (stored apart, by policy). A listing's targets have none: they
    // are kept as they are (rest destructuring copies every property through V8's slow path).
    const targetRest = 'output' in target ? withoutOutput(target) : target;
    const tuple: TargetTuple = [
      noNul(target.id),
      position,
      noNul(target.kind),
      noNul(target.status),
      target.exitCode ?? null,
      noNulOrNull(target.errorCode),
      parseTime(target.createdAt),
      parseTime(target.startedAt),
      // StopTime is when StopInvocation was called: a target that had started goes on running after
      // it, so it is the target's end only once the target has ended.
      parseTime(target.finishedAt ?? (isTerminalTargetStatus(target.status) ? target.stoppedAt : undefined)),
      output !== undefined && options.keepOutput ? noNul(output) : null,
      output !== undefined ? sha256(output) : null,
      output !== undefined ? Buffer.byteLength(output, 'utf8') : null,
      target.droppedBytes,
    ];
    // One row per target id: a repeated id (never sent by the services) keeps its last report.
    const index = seen.get(target.id);
    if (index === undefined) {
      seen.set(target.id, tuples.length);
      tuples.push(tuple);
      records.push(targetRest);
    } else {
      tuples[index] = tuple;
      records[index] = targetRest;
    }
  }
  for (const tuple of tuples) {
    if (tuple[TUPLE_OUTPUT] !== null) hasOutput = true;
    const finished = tuple[TUPLE_FINISHED_AT];
    if (finished !== null && (finishedAt === null || finished > finishedAt)) finishedAt = finished;
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
    target_count: tuples.length,
    has_output: hasOutput,
    raw: { ...invocation, targets: records },
    targets: tuples,
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
