import { noNulJson } from './rows.js';

// The write statement's one parameter: a JSON array of the chunk's invocations (see write.ts).
//
// As text, it was one JSON.stringify of the whole chunk: about 5 MB per 1,000 invocations of 10
// targets, which V8 builds as a rope of parts and, past about 128 KiB, flattens into its large-object
// space on first read, on freshly mapped pages. Writing those pages (page faults on a virtual machine)
// cost more than the stringify itself: 0.026 ms per invocation, a sixth of the archive's client CPU
// (bench/README.md). So for a server each invocation is stringified apart (a few KiB, in the young
// generation) and its UTF-8 bytes go into a Buffer kept from one write to the next, which `pg` sends
// as the parameter in binary format: jsonb's binary input is a version byte (1) then the same JSON
// text, which the server parses exactly as the text form. The bytes are those of JSON.stringify of
// the whole chunk (the elements joined by commas in brackets), escapes mended per element
// (noNulJson: an escape never spans two elements).

/** jsonb's binary format version (PostgreSQL's jsonb_recv accepts only 1). */
const JSONB_VERSION = 1;
const COMMA = 0x2c;
const OPEN = 0x5b;
const CLOSE = 0x5d;

/**
 * Buffers kept for the next write: as many as a sync's writes run at once (two), none larger than
 * this (a chunk of 1,000 invocations of 10 targets is about 6 MB), so at most 32 MB stay allocated
 * between writes, and none once the archive that used them is closed (see dropKeptBuffers).
 */
const KEPT_BUFFERS = 2;
const KEPT_BYTES_MAX = 16 * 1024 * 1024;
const kept: Buffer[] = [];

/** Lets the kept buffers go (an archive closing): a later write allocates again. */
export function dropKeptBuffers(): void {
  kept.length = 0;
}

/**
 * A chunk as the write statement's one parameter: JSON text (PGlite), or jsonb's binary input (a
 * server: the version byte, then the JSON text's UTF-8).
 */
export interface ChunkDocument {
  readonly value: string | Buffer;
  /** The JSON text's length in UTF-16 units (work_mem is sized from it). */
  readonly textLength: number;
  /** Gives the binary form's buffer back for later writes, once the statement has been sent (or failed); twice is once. */
  release(): void;
}

function take(size: number): Buffer {
  const index = kept.findIndex((buffer) => buffer.byteLength >= size);
  if (index !== -1) return kept.splice(index, 1)[0]!;
  // Room to grow into: the next chunk is seldom exactly this size.
  return Buffer.allocUnsafe(Math.ceil(size * 1.25));
}

function give(buffer: Buffer): void {
  if (buffer.byteLength > KEPT_BYTES_MAX) return;
  kept.push(buffer);
  // The smallest go first: the others serve more chunks.
  if (kept.length > KEPT_BUFFERS) kept.sort((a, b) => b.byteLength - a.byteLength).pop();
}

/**
 * The chunk as jsonb's binary input: the same JSON text as `noNulJson(JSON.stringify(chunk))`, as
 * UTF-8 after jsonb's version byte, in a buffer reused by later writes once released.
 */
export function binaryDocumentOf(chunk: readonly object[]): ChunkDocument & { readonly value: Buffer } {
  const pieces: string[] = new Array(chunk.length);
  let units = 2 + Math.max(0, chunk.length - 1);
  for (let index = 0; index < chunk.length; index += 1) {
    const piece = noNulJson(JSON.stringify(chunk[index]));
    pieces[index] = piece;
    units += piece.length;
  }
  // Most text is ASCII (one byte a unit); a piece is checked for room at three bytes a unit, the most UTF-8 takes.
  let buffer = take(1 + units);
  buffer[0] = JSONB_VERSION;
  buffer[1] = OPEN;
  let offset = 2;
  for (let index = 0; index < pieces.length; index += 1) {
    const piece = pieces[index]!;
    if (buffer.byteLength - offset < piece.length * 3 + 2) {
      const larger = Buffer.allocUnsafe(Math.max(buffer.byteLength * 2, offset + piece.length * 3 + 2));
      buffer.copy(larger, 0, 0, offset);
      give(buffer);
      buffer = larger;
    }
    if (index > 0) buffer[offset++] = COMMA;
    offset += buffer.write(piece, offset, 'utf8');
  }
  buffer[offset++] = CLOSE;
  const owned = buffer;
  let released = false;
  return {
    value: owned.subarray(0, offset),
    textLength: units,
    release() {
      if (released) return;
      released = true;
      give(owned);
    },
  };
}
