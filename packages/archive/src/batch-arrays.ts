import { InvocationsError } from '@invocations/core';
import { give, take } from './buffer-pool.js';
import { noNulJson, type InvocationValues, type TargetTuple } from './rows.js';

// A chunk for a server: each column as one array parameter in PostgreSQL's binary array format, which
// the write statement reads back with unnest (see write.ts). The server then copies each value in
// (textrecv, int4recv, ...) instead of lexing JSON text into jsonb, taking the fields out of it and
// casting them: the targets' columns and the invocations' own are a third of a batch's JSON, and
// parsing the batch as jsonb was about two fifths of the server's CPU of a write (bench/README.md).
// Only the records (`raw`) stay JSON: jsonb's binary input is a version byte then the JSON text,
// which the server parses exactly as the text form, one record per array element.
// Every array goes into one buffer kept from one write to the next (see buffer-pool.ts).

const OID = { bool: 16, int8: 20, int4: 23, text: 25, jsonb: 3802, timestamptz: 1184 } as const;

/** jsonb's binary format version (PostgreSQL's jsonb_recv accepts only 1). */
const JSONB_VERSION = 1;
// PostgreSQL's timestamps count microseconds from 2000-01-01 UTC.
const POSTGRES_EPOCH_MS = 946_684_800_000;
const TWO_32 = 4_294_967_296;

/** The invocations' columns, in the order write.ts's unnest names them. */
export const INVOCATION_COLUMNS = [
  'product', 'region', 'invoke_id', 'command_id', 'command_name', 'command_type', 'content_hash', 'status', 'terminal',
  'created_at', 'finished_at', 'sort_at', 'target_count', 'has_output', 'raw',
] as const;
/** The targets' columns, in the order write.ts's unnest names them: `n` is the invocation's place in the chunk (from 1). */
export const TARGET_COLUMNS = [
  'n', 'target_id', 'position', 'kind', 'status', 'exit_code', 'error_code', 'created_at', 'started_at', 'finished_at',
  'output', 'output_hash', 'output_bytes', 'dropped_bytes',
] as const;

/** A chunk as the write statement's array parameters (see write.ts). */
export interface ChunkArrays {
  readonly invocations: Record<(typeof INVOCATION_COLUMNS)[number], Buffer>;
  readonly targets: Record<(typeof TARGET_COLUMNS)[number], Buffer>;
  /** All the arrays' bytes (work_mem is sized from it). */
  readonly byteLength: number;
  /** Gives the buffer back for later writes, once the statement has been sent (or failed); twice is once. */
  release(): void;
}

type Kind = keyof typeof OID;

/** Writes arrays one after another into a growing buffer taken from the pool. */
class ArrayWriter {
  buffer: Buffer;
  offset = 0;
  private count = 0;
  private countAt = 0;
  private start = 0;
  readonly spans: [number, number][] = [];

  constructor(size: number) {
    this.buffer = take(size);
  }

  room(bytes: number): void {
    if (this.buffer.byteLength - this.offset >= bytes) return;
    const larger = Buffer.allocUnsafe(Math.max(this.buffer.byteLength * 2, this.offset + bytes));
    this.buffer.copy(larger, 0, 0, this.offset);
    give(this.buffer);
    this.buffer = larger;
  }

  /** Starts a one-dimensional array of `kind`; its length is filled in by end(). */
  begin(kind: Kind): void {
    this.room(20);
    this.start = this.offset;
    const buffer = this.buffer;
    buffer.writeInt32BE(1, this.offset);
    // The null flag: array_recv works it out itself and accepts 0 or 1.
    buffer.writeInt32BE(0, this.offset + 4);
    buffer.writeInt32BE(OID[kind], this.offset + 8);
    this.countAt = this.offset + 12;
    buffer.writeInt32BE(1, this.offset + 16); // lower bound
    this.offset += 20;
    this.count = 0;
  }

  end(): void {
    if (this.count === 0) {
      // An empty array has no dimensions.
      this.buffer.writeInt32BE(0, this.start);
      this.offset = this.start + 12;
    } else {
      this.buffer.writeInt32BE(this.count, this.countAt);
    }
    this.spans.push([this.start, this.offset]);
  }

  null(): void {
    this.room(4);
    this.buffer.writeInt32BE(-1, this.offset);
    this.offset += 4;
    this.count += 1;
  }

  text(value: string | null): void {
    if (value === null) return this.null();
    // Three bytes a UTF-16 unit at most; lone surrogates become U+FFFD, as `pg` sends text.
    this.room(4 + value.length * 3);
    const written = this.buffer.write(value, this.offset + 4, 'utf8');
    this.buffer.writeInt32BE(written, this.offset);
    this.offset += 4 + written;
    this.count += 1;
  }

  /** A record as jsonb's binary input: the version byte, then its JSON text (U+0000 and lone surrogates mended). */
  jsonb(value: object): void {
    const text = noNulJson(JSON.stringify(value));
    this.room(5 + text.length * 3);
    this.buffer[this.offset + 4] = JSONB_VERSION;
    const written = this.buffer.write(text, this.offset + 5, 'utf8');
    this.buffer.writeInt32BE(written + 1, this.offset);
    this.offset += 5 + written;
    this.count += 1;
  }

  bool(value: boolean): void {
    this.room(5);
    this.buffer.writeInt32BE(1, this.offset);
    this.buffer[this.offset + 4] = value ? 1 : 0;
    this.offset += 5;
    this.count += 1;
  }

  int4(value: number | null, column: string): void {
    if (value === null) return this.null();
    if (!Number.isInteger(value) || value < -2_147_483_648 || value > 2_147_483_647) throw outOfRange(column, value, 'a 32-bit integer');
    this.room(8);
    this.buffer.writeInt32BE(4, this.offset);
    this.buffer.writeInt32BE(value, this.offset + 4);
    this.offset += 8;
    this.count += 1;
  }

  int8(value: number | null, column: string): void {
    if (value === null) return this.null();
    if (!Number.isSafeInteger(value)) throw outOfRange(column, value, 'a safe integer');
    this.room(12);
    this.buffer.writeInt32BE(8, this.offset);
    this.int64(value);
    this.count += 1;
  }

  /** Epoch milliseconds (a whole number, as parseTime gives) as timestamptz. */
  timestamptz(ms: number | null, column: string): void {
    if (ms === null) return this.null();
    if (!Number.isSafeInteger(ms)) throw outOfRange(column, ms, 'a time in whole milliseconds');
    this.room(12);
    this.buffer.writeInt32BE(8, this.offset);
    const micros = (ms - POSTGRES_EPOCH_MS) * 1000;
    if (Number.isSafeInteger(micros)) this.int64(micros);
    else {
      this.buffer.writeBigInt64BE(BigInt(ms - POSTGRES_EPOCH_MS) * 1000n, this.offset + 4);
      this.offset += 12;
    }
    this.count += 1;
  }

  /** A safe integer as a big-endian int64 after the length word at `offset`. */
  private int64(value: number): void {
    const high = Math.floor(value / TWO_32);
    this.buffer.writeInt32BE(high, this.offset + 4);
    this.buffer.writeUInt32BE(value - high * TWO_32, this.offset + 8);
    this.offset += 12;
  }
}

function outOfRange(column: string, value: number, rule: string): InvocationsError {
  return new InvocationsError(`archive: ${column} must be ${rule}, got ${value}`);
}

// Where a target's columns sit in its tuple (rows.ts's TargetTuple).
const T = { id: 0, position: 1, kind: 2, status: 3, exitCode: 4, errorCode: 5, createdAt: 6, startedAt: 7, finishedAt: 8, output: 9, outputHash: 10, outputBytes: 11, droppedBytes: 12 } as const;

/** The chunk as array parameters in a buffer reused by later writes once released. */
export function chunkArraysOf(chunk: readonly InvocationValues[]): ChunkArrays {
  let targetCount = 0;
  for (const rows of chunk) targetCount += rows.targets.length;
  // About 4 KiB an invocation of 10 targets; the writer grows past a guess too small.
  const writer = new ArrayWriter(64 + chunk.length * 4_096 + targetCount * 160);
  const texts = (pick: (rows: InvocationValues) => string | null) => {
    writer.begin('text');
    for (const rows of chunk) writer.text(pick(rows));
    writer.end();
  };
  const times = (pick: (rows: InvocationValues) => number | null, column: string) => {
    writer.begin('timestamptz');
    for (const rows of chunk) writer.timestamptz(pick(rows), column);
    writer.end();
  };
  const bools = (pick: (rows: InvocationValues) => boolean) => {
    writer.begin('bool');
    for (const rows of chunk) writer.bool(pick(rows));
    writer.end();
  };
  texts((rows) => rows.product);
  texts((rows) => rows.region);
  texts((rows) => rows.invoke_id);
  texts((rows) => rows.command_id);
  texts((rows) => rows.command_name);
  texts((rows) => rows.command_type);
  texts((rows) => rows.content_hash);
  texts((rows) => rows.status);
  bools((rows) => rows.terminal);
  times((rows) => rows.created_at, 'created_at');
  times((rows) => rows.finished_at, 'finished_at');
  times((rows) => rows.sort_at, 'sort_at');
  writer.begin('int4');
  for (const rows of chunk) writer.int4(rows.target_count, 'target_count');
  writer.end();
  bools((rows) => rows.has_output);
  writer.begin('jsonb');
  for (const rows of chunk) writer.jsonb(rows.raw);
  writer.end();

  const targetColumn = <K extends Kind>(kind: K, write: (tuple: TargetTuple, n: number) => void) => {
    writer.begin(kind);
    for (let index = 0; index < chunk.length; index += 1) for (const tuple of chunk[index]!.targets) write(tuple, index + 1);
    writer.end();
  };
  targetColumn('int4', (_, n) => writer.int4(n, 'n'));
  targetColumn('text', (tuple) => writer.text(tuple[T.id]));
  targetColumn('int4', (tuple) => writer.int4(tuple[T.position], 'position'));
  targetColumn('text', (tuple) => writer.text(tuple[T.kind]));
  targetColumn('text', (tuple) => writer.text(tuple[T.status]));
  targetColumn('int8', (tuple) => writer.int8(tuple[T.exitCode], 'exit_code'));
  targetColumn('text', (tuple) => writer.text(tuple[T.errorCode]));
  targetColumn('timestamptz', (tuple) => writer.timestamptz(tuple[T.createdAt], 'created_at'));
  targetColumn('timestamptz', (tuple) => writer.timestamptz(tuple[T.startedAt], 'started_at'));
  targetColumn('timestamptz', (tuple) => writer.timestamptz(tuple[T.finishedAt], 'finished_at'));
  targetColumn('text', (tuple) => writer.text(tuple[T.output]));
  targetColumn('text', (tuple) => writer.text(tuple[T.outputHash]));
  targetColumn('int4', (tuple) => writer.int4(tuple[T.outputBytes], 'output_bytes'));
  targetColumn('int8', (tuple) => writer.int8(tuple[T.droppedBytes], 'dropped_bytes'));

  const owned = writer.buffer;
  const slice = ([from, to]: [number, number]) => owned.subarray(from, to);
  const spans = writer.spans;
  const invocations = Object.fromEntries(INVOCATION_COLUMNS.map((column, index) => [column, slice(spans[index]!)])) as ChunkArrays['invocations'];
  const targets = Object.fromEntries(TARGET_COLUMNS.map((column, index) => [column, slice(spans[INVOCATION_COLUMNS.length + index]!)])) as ChunkArrays['targets'];
  let released = false;
  return {
    invocations,
    targets,
    byteLength: writer.offset,
    release() {
      if (released) return;
      released = true;
      give(owned);
    },
  };
}
