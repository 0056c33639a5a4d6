/** The ids a listing has yielded, kept compactly so each record is yielded once (see {@link createSeenIds}). */
export interface SeenIds {
  /** Remembers `id`; true when it was not seen before. */
  add(id: string): boolean;
  /** Distinct ids remembered. */
  readonly size: number;
}

const EMPTY_FIRST = 0;
const MAX_LOAD = 0.75;

// Two independent 32-bit hashes (FNV-1a and a multiplicative hash with another seed), each finished
// with murmur3's fmix32 so that ids differing in one character spread over the whole range.
function fmix32(value: number): number {
  let h = value;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

function hashes(id: string): [number, number] {
  let a = 0x811c9dc5;
  let b = 0x9747b28c ^ id.length;
  for (let index = 0; index < id.length; index += 1) {
    const unit = id.charCodeAt(index);
    a = Math.imul(a ^ unit, 0x01000193);
    b = Math.imul(b + unit, 0x5bd1e995) ^ (b >>> 15);
  }
  return [fmix32(a), fmix32(b)];
}

/**
 * A set of 64-bit fingerprints of ids in one flat `Uint32Array` (open addressing), instead of a `Set`
 * of strings: 8 bytes per slot, at most 4/3 slots per id, so 100,000 ids take about 1 MB where a
 * `Set<string>` of invoke ids took about 12 MB.
 *
 * Why fingerprints and not a window of recent ids: a page re-read at the end of a walk (to fill a gap
 * a shift left) holds records yielded thousands of pages earlier, and under heavy churn a record can
 * be repeated far from where it was first read, so no fixed window is enough to keep "each record
 * once". A fingerprint set keeps that promise for any order of pages. The cost is the chance that two
 * different ids share a fingerprint, in which case the second record would be taken for a repeat:
 * with 64 well-mixed bits that chance is at most n²/2⁶⁵ for n ids, below 3·10⁻¹⁰ for the 100,000
 * records a region keeps (and a server that wanted records to go missing could simply not send them).
 */
export function createSeenIds(initialCapacity = 1024): SeenIds {
  let capacity = 1;
  while (capacity < initialCapacity) capacity *= 2;
  let slots = new Uint32Array(capacity * 2);
  let size = 0;

  // Returns the slot of the fingerprint, or of the empty place where it belongs.
  function find(table: Uint32Array, mask: number, first: number, second: number): number {
    let slot = (first ^ Math.imul(second, 0x9e3779b1)) & mask;
    for (;;) {
      const atFirst = table[slot * 2] as number;
      const atSecond = table[slot * 2 + 1] as number;
      if (atFirst === EMPTY_FIRST && atSecond === 0) return slot;
      if (atFirst === first && atSecond === second) return slot;
      slot = (slot + 1) & mask;
    }
  }

  function grow(): void {
    const old = slots;
    capacity *= 2;
    slots = new Uint32Array(capacity * 2);
    const mask = capacity - 1;
    for (let slot = 0; slot < old.length / 2; slot += 1) {
      const first = old[slot * 2] as number;
      const second = old[slot * 2 + 1] as number;
      if (first === EMPTY_FIRST && second === 0) continue;
      const to = find(slots, mask, first, second);
      slots[to * 2] = first;
      slots[to * 2 + 1] = second;
    }
  }

  return {
    add(id) {
      let [first, second] = hashes(id);
      // (0, 0) marks an empty slot: move the one fingerprint that collides with it.
      if (first === EMPTY_FIRST && second === 0) second = 1;
      const slot = find(slots, capacity - 1, first, second);
      // A stored fingerprint is never (0, 0), so equality means "seen", never "empty".
      if (slots[slot * 2] === first && slots[slot * 2 + 1] === second) return false;
      slots[slot * 2] = first;
      slots[slot * 2 + 1] = second;
      size += 1;
      if (size > capacity * MAX_LOAD) grow();
      return true;
    },
    get size() {
      return size;
    },
  };
}
