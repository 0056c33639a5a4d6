// JSON.parse of a large body without building the body as one string. V8 puts every string past
// about 128 KiB in its large-object space, on freshly mapped memory: on a virtual machine, writing
// those pages cost more than decoding and JSON.parse together (a page of 50 ECS invocations with 10
// targets each is about 200 KiB; its one string cost 1.3 ms, JSON.parse of it 0.5 ms). So the body's
// bytes are scanned once for the shape of a listing, `{ ..., "Invocations": { "Invocation": [ ... ] } }`,
// and parsed piece by piece: the envelope with the list left empty, and the list's elements a few
// dozen KiB at a time. Every byte still goes through JSON.parse, in the same place of the grammar it
// has in the whole body, so the value is exactly `JSON.parse` of the whole text. Whatever the scan
// cannot vouch for (another shape, a key written with an escape, a key given twice, a piece that does
// not parse) gives `undefined`, and the caller parses the whole text, which gives the exact error.

/** A body as the client read it: the UTF-8 bytes in the chunks they arrived in. */
export interface BodyChunks {
  readonly chunks: readonly Uint8Array[];
  readonly byteLength: number;
}

/** The parsed value and the deepest nesting of objects and arrays in the text (the top level is 1). */
export interface ParsedPieces {
  value: unknown;
  maxDepth: number;
}

/** List elements are parsed this many bytes at a time (far below 128 KiB also as two-byte text). */
const PIECE_BYTES = 32 * 1024;

// Kept: a BOM inside the text is a character JSON.parse refuses, as in the whole text.
const pieceDecoder = new TextDecoder('utf-8', { ignoreBOM: true });

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;

const isJsonSpace = (byte: number): boolean => byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;

/**
 * Where a scan is: the nesting, the objects on the path, and where the array opened and closed.
 * Keys are compared as raw bytes, so a key of an object on the path with an escape in it, or a key of
 * the path given twice in its object (JSON.parse keeps the last), gives up, as does anything but an
 * object on the way and an array at the end. The grammar itself is left to JSON.parse.
 */
interface ScanState {
  /** The top-level object was opened (and, at depth 0 again, closed: only whitespace may follow). */
  opened: boolean;
  depth: number;
  maxDepth: number;
  /** The depth of the deepest object on the path entered so far (0: none yet). */
  onPath: number;
  /** Per depth on the path: whether its key of the path was seen (a second one gives up). */
  seen: boolean[];
  /** In an object on the path: the next string is a key. */
  expectKey: boolean;
  /** After the path's key: its value opens the next object on the path (or the array). */
  valueOnPath: boolean;
  inString: boolean;
  escaped: boolean;
  /** Offsets of the array's brackets (-1 until seen), and of the commas between its elements when collected. */
  open: number;
  close: number;
  commas: number[] | undefined;
}

function freshState(collectCommas: boolean): ScanState {
  return {
    opened: false,
    depth: 0,
    maxDepth: 0,
    onPath: 0,
    seen: [],
    expectKey: false,
    valueOnPath: false,
    inString: false,
    escaped: false,
    open: -1,
    close: -1,
    commas: collectCommas ? [] : undefined,
  };
}

/**
 * Scans the bytes from `from` to `to` on from `state`: false when the body does not have the shape
 * (see {@link ScanState}). With `stopAtOpen`, it stops right after the array's '['.
 */
function scan(body: BodyChunks, from: number, to: number, path: readonly Uint8Array[], state: ScanState, stopAtOpen: boolean): boolean {
  const levels = path.length;
  let { opened, depth, maxDepth, onPath, expectKey, valueOnPath, inString, escaped, open, close } = state;
  const { seen, commas } = state;
  // Reading a key of an object on the path: its bytes are compared with the path's key as they come.
  let keyAt = -1;
  let keyMatches = false;
  let base = 0;
  for (const chunk of body.chunks) {
    const length = Math.min(chunk.byteLength, to - base);
    let index = base >= from ? 0 : from - base;
    while (index < length) {
      if (inString) {
        if (escaped) {
          escaped = false;
          index += 1;
          continue;
        }
        if (keyAt === -1) {
          // The bulk of the body: string content, skipped until a quote or a backslash.
          let byte = chunk[index]!;
          while (byte !== QUOTE && byte !== BACKSLASH) {
            index += 1;
            if (index === length) break;
            byte = chunk[index]!;
          }
          if (index === length) break;
          if (byte === BACKSLASH) escaped = true;
          else inString = false;
          index += 1;
          continue;
        }
        // A key of an object on the path: byte by byte.
        const byte = chunk[index]!;
        index += 1;
        if (byte === BACKSLASH) return false;
        const key = path[depth - 1]!;
        if (byte === QUOTE) {
          inString = false;
          if (keyMatches && keyAt === key.length) {
            if (seen[depth]) return false;
            seen[depth] = true;
            valueOnPath = true;
          }
          keyAt = -1;
          continue;
        }
        keyMatches = keyMatches && keyAt < key.length && key[keyAt] === byte;
        keyAt += 1;
        continue;
      }
      const byte = chunk[index]!;
      const at = base + index;
      index += 1;
      if (isJsonSpace(byte)) continue;
      if (depth === 0) {
        // Only one top-level object, with nothing but whitespace around it.
        if (byte !== OPEN_OBJECT || opened) return false;
        opened = true;
        depth = 1;
        maxDepth = 1;
        onPath = 1;
        expectKey = true;
        continue;
      }
      if (byte === COLON) continue;
      if (byte === QUOTE) {
        inString = true;
        if (expectKey && depth === onPath) {
          expectKey = false;
          keyAt = 0;
          keyMatches = true;
        } else if (valueOnPath) {
          // The path's key holds a string: not the shape of a listing.
          return false;
        }
        continue;
      }
      if (byte === OPEN_OBJECT || byte === OPEN_ARRAY) {
        depth += 1;
        if (depth > maxDepth) maxDepth = depth;
        if (valueOnPath) {
          valueOnPath = false;
          if (onPath < levels) {
            if (byte !== OPEN_OBJECT) return false;
            onPath = depth;
            expectKey = true;
          } else {
            if (byte !== OPEN_ARRAY || open !== -1) return false;
            open = at;
            if (stopAtOpen) {
              Object.assign(state, { opened, depth, maxDepth, onPath, expectKey, valueOnPath, inString, escaped, open, close });
              return true;
            }
          }
        }
        continue;
      }
      if (byte === CLOSE_OBJECT || byte === CLOSE_ARRAY) {
        if (open !== -1 && close === -1 && depth === levels + 1) close = at;
        depth -= 1;
        if (depth < onPath) {
          // An object on the path closed: its parent (on the path too) goes on with its keys.
          onPath = depth;
          expectKey = false;
        }
        continue;
      }
      if (byte === COMMA) {
        if (depth === onPath) expectKey = true;
        else if (commas !== undefined && open !== -1 && close === -1 && depth === levels + 1) commas.push(at);
        continue;
      }
      // A number, true, false or null: the path's key must hold an object or the array.
      if (valueOnPath) return false;
    }
    base += chunk.byteLength;
    if (base >= to) break;
  }
  Object.assign(state, { opened, depth, maxDepth, onPath, expectKey, valueOnPath, inString, escaped, open, close });
  return !stopAtOpen;
}

// A reused buffer for the bytes of a piece that spans two chunks (each piece is decoded at once).
let scratch = new Uint8Array(PIECE_BYTES * 2);

/** The bytes from `from` to `to` (offsets in the whole body) as one array: a view of a chunk, or a copy. */
function bytesOf(body: BodyChunks, from: number, to: number): Uint8Array {
  let base = 0;
  let first = 0;
  const chunks = body.chunks;
  while (base + chunks[first]!.byteLength <= from) base += chunks[first++]!.byteLength;
  const chunk = chunks[first]!;
  if (to - base <= chunk.byteLength) return chunk.subarray(from - base, to - base);
  const size = to - from;
  const target = size <= PIECE_BYTES * 2 ? scratch : new Uint8Array(size);
  let written = 0;
  for (let index = first; written < size; index += 1) {
    const part = chunks[index]!;
    const begin = index === first ? from - base : 0;
    const end = Math.min(part.byteLength, begin + size - written);
    target.set(part.subarray(begin, end), written);
    written += end - begin;
  }
  return target.subarray(0, size);
}

function textOf(body: BodyChunks, from: number, to: number): string {
  return from >= to ? '' : pieceDecoder.decode(bytesOf(body, from, to));
}

// A reused buffer for a piece in brackets.
let bracketed = new Uint8Array(PIECE_BYTES * 2 + 2);

/**
 * `[` + the bytes from `from` to `to` + `]` as text, decoded at once: a template string around the
 * piece's text would be copied once more when JSON.parse flattens it.
 */
function bracketedTextOf(body: BodyChunks, from: number, to: number): string {
  const size = Math.max(0, to - from);
  if (bracketed.byteLength < size + 2) {
    // Grown for a large piece, then given back: a large element is rare.
    if (size + 2 > PIECE_BYTES * 8) return `[${textOf(body, from, to)}]`;
    bracketed = new Uint8Array(size + 2);
  }
  let written = 1;
  bracketed[0] = OPEN_ARRAY;
  let base = 0;
  for (const chunk of body.chunks) {
    const end = base + chunk.byteLength;
    if (end > from && base < to) {
      const part = chunk.subarray(Math.max(0, from - base), Math.min(chunk.byteLength, to - base));
      bracketed.set(part, written);
      written += part.byteLength;
    }
    base = end;
    if (base >= to) break;
  }
  bracketed[written] = CLOSE_ARRAY;
  return pieceDecoder.decode(bracketed.subarray(0, written + 1));
}

const encoder = new TextEncoder();

/** A path from the top-level object to a list, as {@link parseJsonPieces} takes it. */
export interface JsonListPath {
  readonly keys: readonly string[];
  /** The keys' UTF-8 bytes, compared with the body's raw keys. */
  readonly bytes: readonly Uint8Array[];
}

/** A {@link JsonListPath}: `jsonListPath('Invocations', 'Invocation')`. */
export function jsonListPath(...keys: string[]): JsonListPath {
  return { keys, bytes: keys.map((key) => encoder.encode(key)) };
}

/** Bodies in more chunks than this are joined into blocks first. */
const MAX_CHUNKS = 64;
const BLOCK_BYTES = 64 * 1024;

/**
 * The body in at most about MAX_CHUNKS chunks: a few byte reads here walk the chunks, so a body that
 * came in thousands of tiny chunks (a server writing a byte at a time) would make them quadratic.
 */
function fewChunks(body: BodyChunks): BodyChunks {
  if (body.chunks.length <= MAX_CHUNKS) return body;
  const blockBytes = Math.max(BLOCK_BYTES, Math.ceil(body.byteLength / MAX_CHUNKS));
  const blocks: Uint8Array[] = [];
  let group: Uint8Array[] = [];
  let size = 0;
  const flush = () => {
    const block = new Uint8Array(size);
    let offset = 0;
    for (const chunk of group) {
      block.set(chunk, offset);
      offset += chunk.byteLength;
    }
    blocks.push(block);
    group = [];
    size = 0;
  };
  for (const chunk of body.chunks) {
    if (size > 0 && size + chunk.byteLength > blockBytes) flush();
    group.push(chunk);
    size += chunk.byteLength;
  }
  if (size > 0) flush();
  return { chunks: blocks, byteLength: body.byteLength };
}

/** The byte at `offset` of the body (-1 past its end): for the few bytes read one at a time. */
function byteAt(body: BodyChunks, offset: number): number {
  let base = 0;
  for (const chunk of body.chunks) {
    if (offset < base + chunk.byteLength) return chunk[offset - base]!;
    base += chunk.byteLength;
  }
  return -1;
}

/** The offset of the last `byte` in the body, or -1. */
function lastIndexOf(body: BodyChunks, byte: number): number {
  let end = body.byteLength;
  for (let index = body.chunks.length - 1; index >= 0; index -= 1) {
    const chunk = body.chunks[index]!;
    end -= chunk.byteLength;
    const found = chunk.lastIndexOf(byte);
    if (found !== -1) return end + found;
  }
  return -1;
}

/** The first offset from `from` (before `to`) where `pattern` starts, or -1. */
function indexOfPattern(body: BodyChunks, pattern: Uint8Array, from: number, to: number): number {
  let base = 0;
  const lead = pattern[0]!;
  for (const chunk of body.chunks) {
    const chunkEnd = base + chunk.byteLength;
    if (chunkEnd > from) {
      let index = chunk.indexOf(lead, Math.max(0, from - base));
      while (index !== -1 && base + index < to) {
        let matched = 1;
        while (matched < pattern.length && byteAt(body, base + index + matched) === pattern[matched]) matched += 1;
        if (matched === pattern.length) return base + index;
        index = chunk.indexOf(lead, index + 1);
      }
    }
    base = chunkEnd;
    if (base >= to) break;
  }
  return -1;
}

/** The offset of the first byte at or before `offset` (going back) that is not JSON whitespace. */
function previousNonSpace(body: BodyChunks, offset: number): number {
  let at = offset;
  while (at >= 0 && isJsonSpace(byteAt(body, at))) at -= 1;
  return at;
}

/** The offset of the first byte at or after `offset` that is not JSON whitespace. */
function nextNonSpace(body: BodyChunks, offset: number): number {
  let at = offset;
  while (at < body.byteLength && isJsonSpace(byteAt(body, at))) at += 1;
  return at;
}

/**
 * The envelope and the pieces, parsed: every piece is `[` + its bytes + `]`, which must parse as an
 * array. A cut that was not between two elements leaves a piece that does not parse (a string or a
 * container left open, or closed early with something after it), so the parsed pieces are exactly
 * the array's elements. `undefined` when any does not parse.
 */
function assemble(body: BodyChunks, start: number, open: number, close: number, cuts: readonly number[], keys: readonly string[]): unknown {
  try {
    const envelope: unknown = JSON.parse(textOf(body, start, open + 1) + textOf(body, close, body.byteLength));
    let holder = envelope as Record<string, unknown>;
    for (let level = 0; level < keys.length - 1; level += 1) holder = holder[keys[level]!] as Record<string, unknown>;
    const key = keys[keys.length - 1]!;
    // Never so when the scan was right; checked all the same.
    if (holder === null || typeof holder !== 'object') return undefined;
    const placeholder = holder[key];
    if (!Array.isArray(placeholder) || placeholder.length !== 0) return undefined;
    const items: unknown[] = [];
    let from = open + 1;
    for (const cut of [...cuts, close]) {
      const text = bracketedTextOf(body, from, cut);
      const parsed: unknown = JSON.parse(text);
      // Only an array with nothing in it may have an empty piece (`[1,]` has one too).
      if (!Array.isArray(parsed) || (parsed.length === 0 && (cuts.length > 0 || text.slice(1, -1).trim() !== ''))) return undefined;
      for (const item of parsed) items.push(item);
      from = cut + 1;
    }
    holder[key] = items;
    return envelope;
  } catch {
    return undefined;
  }
}

/**
 * The quick way: the path to the array is scanned exactly, but the elements are not. The array is
 * taken to end at the body's last ']', and cuts are made about every PIECE_BYTES at a comma before
 * an element that opens with the first element's first key (`,{"InvokeId"`); the parse of every
 * piece proves the cuts right (see {@link assemble}). What follows the array is scanned exactly for
 * a second key of the path. `undefined` when the guesses do not hold: the full scan then.
 */
function parseSampled(body: BodyChunks, start: number, path: JsonListPath, pieceBytes: number): unknown {
  const state = freshState(false);
  if (!scan(body, start, body.byteLength, path.bytes, state, true)) return undefined;
  const open = state.open;
  const close = lastIndexOf(body, CLOSE_ARRAY);
  if (close <= open) return undefined;
  // What follows the array, from inside the innermost object on the path: no key of the path again.
  const rest = { ...state, seen: [...state.seen], close };
  rest.depth = path.bytes.length;
  if (!scan(body, close + 1, body.byteLength, path.bytes, rest, false) || rest.depth !== 0 || rest.inString) return undefined;
  const cuts: number[] = [];
  const first = nextNonSpace(body, open + 1);
  if (byteAt(body, first) === OPEN_OBJECT && byteAt(body, first + 1) === QUOTE) {
    // The first element's opening up to its first key's closing quote.
    let end = first + 2;
    while (end < close && byteAt(body, end) !== QUOTE && byteAt(body, end) !== BACKSLASH) end += 1;
    if (byteAt(body, end) !== QUOTE) return undefined;
    const opening = bytesOf(body, first, end + 1).slice();
    let from = first + pieceBytes;
    while (from < close) {
      const found = indexOfPattern(body, opening, from, close);
      if (found === -1) break;
      const comma = previousNonSpace(body, found - 1);
      // Each cut after the last one (a comma found again from a later start is not a new cut).
      if (byteAt(body, comma) === COMMA && comma > (cuts[cuts.length - 1] ?? open)) {
        cuts.push(comma);
        from = Math.max(comma + pieceBytes, found + 1);
      } else {
        from = found + 1;
      }
    }
  }
  return assemble(body, start, open, close, cuts, path.keys);
}

/**
 * The thorough way: every byte is scanned, and the cuts are made at the commas between the array's
 * elements, whole elements up to PIECE_BYTES a piece.
 */
function parseScanned(body: BodyChunks, start: number, path: JsonListPath, pieceBytes: number): ParsedPieces | undefined {
  const state = freshState(true);
  if (!scan(body, start, body.byteLength, path.bytes, state, false)) return undefined;
  const { open, close, maxDepth } = state;
  const commas = state.commas!;
  if (open === -1 || close === -1 || state.depth !== 0 || state.inString) return undefined;
  const cuts: number[] = [];
  let from = open;
  for (let index = 0; index < commas.length; index += 1) {
    const next = commas[index + 1] ?? close;
    if (next - from > pieceBytes) {
      cuts.push(commas[index]!);
      from = commas[index]!;
    }
  }
  const value = assemble(body, start, open, close, cuts, path.keys);
  return value === undefined ? undefined : { value, maxDepth };
}

/** Options of {@link parseJsonPieces}, for tests. */
export interface PiecesOptions {
  /** Bytes of elements per piece (default 32 KiB). */
  pieceBytes?: number;
  /** Skip the quick way (the sampled cuts): scan every byte. */
  scanAll?: boolean;
}

/**
 * `JSON.parse` of the UTF-8 body in `body` (a leading BOM dropped, as the text decoder does), built
 * from pieces so no string holds the whole body; `path` leads from the top-level object to the array
 * whose elements are parsed apart. `undefined` when the body does not have that shape or does not
 * parse: parse the whole text then, for the exact value or error. `maxDepth` is the text's nesting
 * when the scan saw all of it, `Infinity` when it did not (walk the value then).
 */
export function parseJsonPieces(received: BodyChunks, path: JsonListPath, options: PiecesOptions = {}): ParsedPieces | undefined {
  const pieceBytes = options.pieceBytes ?? PIECE_BYTES;
  if (path.keys.length === 0 || received.chunks.length === 0) return undefined;
  const body = fewChunks(received);
  const first = body.chunks[0]!;
  // A BOM is only recognised whole in the first chunk; otherwise the scan meets its bytes before the '{' and gives up.
  const start = first.byteLength >= 3 && first[0] === 0xef && first[1] === 0xbb && first[2] === 0xbf ? 3 : 0;
  const sampled = options.scanAll === true ? undefined : parseSampled(body, start, path, pieceBytes);
  if (sampled !== undefined) return { value: sampled, maxDepth: Number.POSITIVE_INFINITY };
  return parseScanned(body, start, path, pieceBytes);
}
