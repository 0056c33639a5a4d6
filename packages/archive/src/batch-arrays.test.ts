import fc from 'fast-check';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { InvocationsError } from '@invocations/core';
import { TEST_PG_URL_ENV } from '../test/backends.js';
import { chunkArraysOf, INVOCATION_COLUMNS, TARGET_COLUMNS } from './batch-arrays.js';
import { dropKeptBuffers } from './buffer-pool.js';
import { noNulJson, type InvocationValues, type TargetTuple } from './rows.js';

const OIDS = { text: 25, bool: 16, int4: 23, int8: 20, timestamptz: 1184, jsonb: 3802 } as const;
type Kind = keyof typeof OIDS;
const KIND_BY_OID = new Map(Object.entries(OIDS).map(([kind, oid]) => [oid, kind as Kind]));
const POSTGRES_EPOCH_MS = 946_684_800_000;

/** Reads PostgreSQL's binary array format back: the element type and each element, decoded by it. */
function decodeArray(buffer: Buffer): { kind: Kind; values: unknown[] } {
  const dimensions = buffer.readInt32BE(0);
  expect([0, 1]).toContain(buffer.readInt32BE(4));
  const kind = KIND_BY_OID.get(buffer.readInt32BE(8) as (typeof OIDS)[Kind]);
  if (kind === undefined) throw new Error(`unknown element type ${buffer.readInt32BE(8)}`);
  if (dimensions === 0) {
    expect(buffer.byteLength).toBe(12);
    return { kind, values: [] };
  }
  expect(dimensions).toBe(1);
  const count = buffer.readInt32BE(12);
  expect(buffer.readInt32BE(16)).toBe(1);
  const values: unknown[] = [];
  let offset = 20;
  for (let index = 0; index < count; index += 1) {
    const length = buffer.readInt32BE(offset);
    offset += 4;
    if (length === -1) {
      values.push(null);
      continue;
    }
    const bytes = buffer.subarray(offset, offset + length);
    offset += length;
    if (kind === 'text') values.push(bytes.toString('utf8'));
    else if (kind === 'bool') values.push(bytes[0] === 1);
    else if (kind === 'int4') values.push(bytes.readInt32BE(0));
    else if (kind === 'int8') values.push(Number(bytes.readBigInt64BE(0)));
    else if (kind === 'timestamptz') values.push(Number(bytes.readBigInt64BE(0) / 1000n) + POSTGRES_EPOCH_MS);
    else {
      expect(bytes[0]).toBe(1);
      values.push(bytes.subarray(1).toString('utf8'));
    }
  }
  expect(offset).toBe(buffer.byteLength);
  return { kind, values };
}

// Text as `pg` sends a string parameter: UTF-8, lone surrogates as U+FFFD.
const asSent = (text: string | null) => (text === null ? null : Buffer.from(text, 'utf8').toString('utf8'));

const text = fc.oneof(fc.string({ unit: 'binary' }), fc.string({ unit: 'grapheme' }), fc.constantFrom('', '\ud800', '\udc00x', '😀', '\\u0000', 'é'.repeat(3000)));
const time = fc.oneof(fc.constant(null), fc.integer({ min: -210_866_803_200_000, max: 8_640_000_000_000_000 }), fc.integer({ min: 0, max: 4_102_444_800_000 }));
const targetTuple: fc.Arbitrary<TargetTuple> = fc.tuple(
  text,
  fc.integer({ min: 0, max: 2 ** 31 - 1 }),
  text,
  text,
  fc.option(fc.maxSafeInteger()),
  fc.option(text),
  time,
  time,
  time,
  fc.option(text),
  fc.option(text),
  fc.option(fc.integer({ min: 0, max: 2 ** 31 - 1 })),
  fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }),
);
const invocation: fc.Arbitrary<InvocationValues> = fc.record({
  product: fc.constantFrom('ecs', 'swas', 'eflo'),
  region: text,
  invoke_id: text,
  command_id: fc.option(text),
  command_name: fc.option(text),
  command_type: fc.option(text),
  content_hash: fc.option(text),
  status: text,
  terminal: fc.boolean(),
  created_at: time,
  finished_at: time,
  sort_at: time.map((value) => value ?? 0),
  target_count: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
  has_output: fc.boolean(),
  raw: fc.record({ invokeId: text, note: fc.option(text), n: fc.integer() }),
  targets: fc.array(targetTuple, { maxLength: 4 }),
}) as fc.Arbitrary<InvocationValues>;

/** What each array must hold, column by column, for a chunk. */
function expected(chunk: readonly InvocationValues[]) {
  const invocations: Record<string, unknown[]> = {};
  for (const column of INVOCATION_COLUMNS) {
    invocations[column] = chunk.map((rows) => {
      const value = rows[column];
      if (column === 'raw') return noNulJson(JSON.stringify(value));
      return typeof value === 'string' ? asSent(value) : value;
    });
  }
  const targets: Record<string, unknown[]> = {};
  TARGET_COLUMNS.forEach((column, index) => {
    targets[column] = chunk.flatMap((rows, at) =>
      rows.targets.map((target) => {
        if (column === 'n') return at + 1;
        const value = target[index - 1]!;
        return typeof value === 'string' ? asSent(value) : value;
      }),
    );
  });
  return { invocations, targets };
}

describe('chunkArraysOf', () => {
  it('writes each column as a binary array of its type, in the order the statement reads them, for any values', () => {
    fc.assert(
      fc.property(fc.array(invocation, { maxLength: 12 }), (chunk) => {
        const arrays = chunkArraysOf(chunk);
        const want = expected(chunk);
        for (const column of INVOCATION_COLUMNS) expect(decodeArray(arrays.invocations[column]).values).toEqual(want.invocations[column]);
        for (const column of TARGET_COLUMNS) expect(decodeArray(arrays.targets[column]).values).toEqual(want.targets[column]);
        expect(decodeArray(arrays.invocations.raw).kind).toBe('jsonb');
        expect(decodeArray(arrays.invocations.created_at).kind).toBe('timestamptz');
        expect(decodeArray(arrays.targets.exit_code).kind).toBe('int8');
        arrays.release();
      }),
      { numRuns: 200 },
    );
  });

  it('refuses a number its column cannot hold, naming the column, before anything is sent', () => {
    const base = fc.sample(invocation, { numRuns: 1, seed: 7 })[0]!;
    const withTarget = (change: (tuple: TargetTuple) => void) => {
      const tuple = [...fc.sample(targetTuple, { numRuns: 1, seed: 3 })[0]!] as TargetTuple;
      change(tuple);
      return [{ ...base, targets: [tuple] }];
    };
    const failure = (chunk: InvocationValues[]) => {
      try {
        chunkArraysOf(chunk).release();
      } catch (error) {
        expect(InvocationsError.isInstance(error)).toBe(true);
        return (error as Error).message;
      }
      throw new Error('no error');
    };
    expect(failure(withTarget((t) => (t[4] = 1.5)))).toMatch(/exit_code must be a safe integer, got 1\.5/);
    expect(failure(withTarget((t) => (t[11] = 2 ** 31)))).toMatch(/output_bytes must be a 32-bit integer/);
    expect(failure(withTarget((t) => (t[6] = 0.5)))).toMatch(/created_at must be a time in whole milliseconds/);
    expect(failure([{ ...base, target_count: -(2 ** 31) - 1 }])).toMatch(/target_count must be a 32-bit integer/);
  });

  it('reuses a released buffer, and lets the kept ones go once dropped (an archive closing)', () => {
    // Invocations the size the first buffer is taken for (a larger one grows into a second buffer).
    const small: InvocationValues = {
      product: 'ecs', region: 'cn-hangzhou', invoke_id: 't-1', command_id: 'c-1', command_name: 'n', command_type: 'RunShellScript', content_hash: null,
      status: 'Success', terminal: true, created_at: 1, finished_at: 2, sort_at: 1, target_count: 1, has_output: false, raw: { invokeId: 't-1' },
      targets: [['i-1', 0, 'instance', 'Success', 0, null, 1, 1, 2, null, null, null, 0]],
    };
    const chunk = Array.from({ length: 40 }, (_, index) => ({ ...small, invoke_id: `t-${index}` }));
    dropKeptBuffers();
    const one = chunkArraysOf(chunk);
    const buffer = one.invocations.raw.buffer;
    const bytes = Buffer.from(one.invocations.raw);
    one.release();
    one.release(); // twice is once: the buffer is not handed out to two chunks
    const two = chunkArraysOf(chunk);
    expect(two.invocations.raw.buffer === buffer).toBe(true);
    const three = chunkArraysOf(chunk);
    expect(three.invocations.raw.buffer === buffer).toBe(false);
    expect(two.invocations.raw.equals(bytes)).toBe(true);
    two.release();
    three.release();
    dropKeptBuffers();
    const four = chunkArraysOf(chunk);
    expect(four.invocations.raw.buffer === buffer).toBe(false);
    expect(four.invocations.raw.equals(bytes)).toBe(true);
    four.release();
  });

  const serverUrl = process.env[TEST_PG_URL_ENV]?.trim();
  it.skipIf(!serverUrl)('is read back by a PostgreSQL server as the same values (text, times at the ends of its range, 64-bit numbers, records as jsonb)', async () => {
    const client = new pg.Client({ connectionString: serverUrl });
    await client.connect();
    try {
      const tuple: TargetTuple = ['i-1 \ud800 é', 0, 'instance', 'Failed', 3_221_225_477, null, -210_866_803_200_000, 8_640_000_000_000_000, 1_740_830_405_123, 'out\uFFFD', 'h', 4, 2 ** 40];
      const chunk = [
        { ...fc.sample(invocation, { numRuns: 1, seed: 5 })[0]!, invoke_id: 't-1', command_name: '部署 "x"', created_at: 0, raw: { a: '\u0000 \ud800', b: [1, 2] }, targets: [tuple] },
        { ...fc.sample(invocation, { numRuns: 1, seed: 6 })[0]!, invoke_id: 't-2', command_name: null, created_at: null, targets: [] },
      ] as InvocationValues[];
      const arrays = chunkArraysOf(chunk);
      const { rows } = await client.query(
        `select r.n, r.invoke_id, r.command_name, (extract(epoch from r.created_at) * 1000)::bigint as created_at, r.raw
         from unnest($1::text[], $2::text[], $3::timestamptz[], $4::jsonb[]) with ordinality as r(invoke_id, command_name, created_at, raw, n)`,
        [arrays.invocations.invoke_id, arrays.invocations.command_name, arrays.invocations.created_at, arrays.invocations.raw],
      );
      expect(rows).toEqual([
        { n: '1', invoke_id: 't-1', command_name: '部署 "x"', created_at: '0', raw: { a: '\uFFFD \uFFFD', b: [1, 2] } },
        { n: '2', invoke_id: 't-2', command_name: null, created_at: null, raw: chunk[1]!.raw },
      ]);
      const targets = await client.query(
        `select x.n, x.target_id, x.exit_code, x.dropped_bytes, x.error_code, x.created_at = '4714-11-24 00:00:00+00 BC'::timestamptz as earliest,
           (extract(epoch from x.started_at) * 1000)::bigint as started_at, (extract(epoch from x.finished_at) * 1000)::numeric as finished_at
         from unnest($1::integer[], $2::text[], $3::bigint[], $4::bigint[], $5::text[], $6::timestamptz[], $7::timestamptz[], $8::timestamptz[])
           as x(n, target_id, exit_code, dropped_bytes, error_code, created_at, started_at, finished_at)`,
        [arrays.targets.n, arrays.targets.target_id, arrays.targets.exit_code, arrays.targets.dropped_bytes, arrays.targets.error_code, arrays.targets.created_at, arrays.targets.started_at, arrays.targets.finished_at],
      );
      expect(targets.rows).toEqual([
        { n: 1, target_id: 'i-1 \uFFFD é', exit_code: '3221225477', dropped_bytes: String(2 ** 40), error_code: null, earliest: true, started_at: '8640000000000000', finished_at: '1740830405123.000000' },
      ]);
      arrays.release();
    } finally {
      await client.end();
    }
  });
});
