// Buffers kept from one write to the next. A batch's parameters are several MB (a chunk of 1,000
// invocations of 10 targets is about 6 MB); a fresh buffer that size lands in V8's large-object space
// on freshly mapped pages, and writing those pages (page faults on a virtual machine) cost more than
// filling them (bench/README.md).

/**
 * As many buffers as a sync's writes run at once (two), none larger than this, so at most 32 MB stay
 * allocated between writes, and none once the archive that used them is closed (see dropKeptBuffers).
 */
const KEPT_BUFFERS = 2;
const KEPT_BYTES_MAX = 16 * 1024 * 1024;
const kept: Buffer[] = [];

/** Lets the kept buffers go (an archive closing): a later write allocates again. */
export function dropKeptBuffers(): void {
  kept.length = 0;
}

/** A buffer of at least `size` bytes: a kept one when one is large enough, else a new one with room to grow. */
export function take(size: number): Buffer {
  const index = kept.findIndex((buffer) => buffer.byteLength >= size);
  if (index !== -1) return kept.splice(index, 1)[0]!;
  // Room to grow into: the next chunk is seldom exactly this size.
  return Buffer.allocUnsafe(Math.ceil(size * 1.25));
}

/** Gives a buffer back for a later write (nothing may read or write it after). */
export function give(buffer: Buffer): void {
  if (buffer.byteLength > KEPT_BYTES_MAX) return;
  kept.push(buffer);
  // The smallest go first: the others serve more chunks.
  if (kept.length > KEPT_BUFFERS) kept.sort((a, b) => b.byteLength - a.byteLength).pop();
}
