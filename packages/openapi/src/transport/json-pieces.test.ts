import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { jsonListPath, parseJsonPieces, type BodyChunks } from './json-pieces.js';

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const path = jsonListPath('Invocations', 'Invocation');

/** The bytes cut into chunks of the given sizes, in turn (how a body may arrive). */
function chunked(bytes: Uint8Array, sizes: readonly number[]): BodyChunks {
  const chunks: Uint8Array[] = [];
  for (let offset = 0, index = 0; offset < bytes.length; index += 1) {
    const size = sizes[index % sizes.length]!;
    chunks.push(bytes.slice(offset, offset + size));
    offset += size;
  }
  return { chunks, byteLength: bytes.length };
}

/** JSON.parse of the whole text (as the client decodes it), or `undefined` when it throws. */
function whole(bytes: Uint8Array): { value: unknown } | undefined {
  try {
    return { value: JSON.parse(decoder.decode(bytes)) };
  } catch {
    return undefined;
  }
}

const CHUNKINGS = [[1], [3, 7], [64], [1000, 13], [1 << 20]] as const;
const PIECES = [1, 40, 32 * 1024] as const;

/** Every way of parsing in pieces agrees with JSON.parse of the whole text, or gives up; how many did not give up. */
function expectAgreement(bytes: Uint8Array): number {
  const expected = whole(bytes);
  let parsed = 0;
  for (const sizes of CHUNKINGS) {
    for (const pieceBytes of PIECES) {
      for (const scanAll of [false, true]) {
        const got = parseJsonPieces(chunked(bytes, sizes), path, { pieceBytes, scanAll });
        if (got === undefined) continue;
        parsed += 1;
        // A value only for a body JSON.parse takes, and then exactly its value.
        expect(expected, decoder.decode(bytes)).toBeDefined();
        expect(got.value).toStrictEqual(expected!.value);
      }
    }
  }
  return parsed;
}

const fixtures = fileURLToPath(new URL('../../../ecs/test/fixtures/', import.meta.url));
const ecsJsonFixtures = readdirSync(fixtures).filter((name) => name.endsWith('.json'));

function page(invocations: number, targets: number): string {
  const target = (index: number) => ({
    InstanceId: `i-${index}`,
    InvocationStatus: 'Success',
    Output: 'aGVsbG8=',
    ErrorInfo: index % 3 === 0 ? 'a ] , { " \\ 中文' : '',
    Dropped: 0,
  });
  return JSON.stringify({
    RequestId: 'R-1',
    TotalCount: invocations,
    Invocations: {
      Invocation: Array.from({ length: invocations }, (_, index) => ({
        InvokeId: `t-${index}`,
        CommandContent: index % 2 === 0 ? 'ZWNobw==' : ',{"InvokeId":"fake"}',
        InvokeInstances: { InvokeInstance: Array.from({ length: targets }, (_, t) => target(t)) },
      })),
    },
  });
}

describe('parseJsonPieces', () => {
  it.each(ecsJsonFixtures)('gives exactly JSON.parse of the whole text for the fixture %s', (name) => {
    const bytes = readFileSync(`${fixtures}${name}`);
    const parsed = expectAgreement(new Uint8Array(bytes));
    // Every fixture with a list is parsed in pieces; the error bodies have none.
    if (!name.includes('error')) expect(parsed).toBeGreaterThan(0);
  });

  it('parses a large page in pieces, cut between elements whatever the chunks', () => {
    const text = page(60, 10);
    const bytes = encoder.encode(text);
    expect(expectAgreement(bytes)).toBe(CHUNKINGS.length * PIECES.length * 2);
  });

  it('drops a leading byte order mark (as the text decoder does) and keeps whitespace around the object', () => {
    const bytes = encoder.encode('\uFEFF \n{"Invocations":{"Invocation":[{"InvokeId":"a"},{"InvokeId":"b"}]}}\r\n');
    expect(parseJsonPieces(chunked(bytes, [5]), path, { pieceBytes: 1 })?.value).toStrictEqual({ Invocations: { Invocation: [{ InvokeId: 'a' }, { InvokeId: 'b' }] } });
  });

  it.each([
    ['the list key twice (JSON.parse keeps the last)', '{"Invocations":{"Invocation":[{"InvokeId":"a"}],"Invocation":[]}}'],
    ['the wrapper key twice', '{"Invocations":{"Invocation":[{"InvokeId":"a"}]},"Invocations":{"Invocation":[]}}'],
    ['a key of the path written with an escape', '{"Invocation\\u0073":{"Invocation":[{"InvokeId":"a"}]}}'],
    ['a string where the list should be', '{"Invocations":{"Invocation":"[]"}}'],
    ['a list at the top', '[{"Invocations":{"Invocation":[]}}]'],
  ])('gives up on %s, so the whole text decides', (_name, text) => {
    const bytes = encoder.encode(text);
    for (const scanAll of [false, true]) expect(parseJsonPieces(chunked(bytes, [4]), path, { pieceBytes: 1, scanAll })).toBeUndefined();
    expectAgreement(bytes);
  });

  it.each([
    ['a trailing comma in the list', '{"Invocations":{"Invocation":[{"InvokeId":"a"},{"InvokeId":"b"},]}}'],
    ['a missing comma', '{"Invocations":{"Invocation":[{"InvokeId":"a"}{"InvokeId":"b"}]}}'],
    ['text after the object', '{"Invocations":{"Invocation":[{"InvokeId":"a"},{"InvokeId":"b"}]}} x'],
    ['a second object', '{"Invocations":{"Invocation":[{"InvokeId":"a"}]}}{}'],
    ['a string left open', '{"Invocations":{"Invocation":[{"InvokeId":"a},{"InvokeId":"b"}]}}'],
    ['a raw control character in a string', '{"Invocations":{"Invocation":[{"InvokeId":"a\u0001"},{"InvokeId":"b"}]}}'],
    ['a byte order mark inside', '{"Invocations":{"Invocation":[{"InvokeId":"a"},\uFEFF{"InvokeId":"b"}]}}'],
  ])('never gives a value for a body JSON.parse refuses: %s', (_name, text) => {
    const bytes = encoder.encode(text);
    expect(whole(bytes)).toBeUndefined();
    expect(expectAgreement(bytes)).toBe(0);
  });

  it('agrees with JSON.parse on mutated bodies (valid or not)', () => {
    let seed = 7;
    const random = () => {
      seed = (seed * 1_103_515_245 + 12_345) & 0x7f_ff_ff_ff;
      return seed / 0x7f_ff_ff_ff;
    };
    const pick = <T>(values: readonly T[]): T => values[Math.floor(random() * values.length)]!;
    const seeds = [page(3, 2), ...ecsJsonFixtures.slice(0, 4).map((name) => readFileSync(`${fixtures}${name}`, 'utf8'))];
    const inserts = ['{', '}', '[', ']', ',', ':', '"', '\\', ' ', '1', '中', '\uFEFF', ',{"InvokeId":"x"}', 'Invocation'];
    let parsed = 0;
    for (let round = 0; round < 150; round += 1) {
      let text = pick(seeds);
      for (let edit = 0; edit < 1 + Math.floor(random() * 3); edit += 1) {
        const at = Math.floor(random() * (text.length + 1));
        text = random() < 0.5 ? text.slice(0, at) + pick(inserts) + text.slice(at) : text.slice(0, at) + text.slice(at + 1 + Math.floor(random() * 3));
      }
      parsed += expectAgreement(encoder.encode(text));
    }
    // Some mutants stay valid JSON (an edit inside a string): those were parsed in pieces too.
    expect(parsed).toBeGreaterThan(0);
  }, 120_000);

  it('reads a body that came a byte at a time in about linear time (the chunks are joined into blocks first)', () => {
    const bytes = encoder.encode(page(40, 10));
    const body = chunked(bytes, [1]);
    const got = parseJsonPieces(body, path);
    expect(got?.value).toStrictEqual(whole(bytes)?.value);
  });

  it('keeps invalid UTF-8 as the text decoder does (U+FFFD), also where a chunk or a piece ends', () => {
    const text = encoder.encode('{"Invocations":{"Invocation":[{"InvokeId":"a中"},{"InvokeId":"b"}]}}');
    const at = text.indexOf(0xe4);
    const broken = new Uint8Array([...text.slice(0, at + 1), ...text.slice(at + 2)]);
    expect(expectAgreement(broken)).toBeGreaterThan(0);
    expect(expectAgreement(new Uint8Array([...text.slice(0, at), 0xff, 0xc3, ...text.slice(at)]))).toBeGreaterThan(0);
  });
});
