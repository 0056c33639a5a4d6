/**
 * Where a record was read, in the positions of the listing as its page 1 saw it: a range when the
 * page it came on could only be placed within bounds (see paging.ts).
 */
export interface RecentPosition {
  lo: number;
  hi: number;
}

/** The ids of the most recent records a walk yielded (see {@link createRecentIds}). */
export interface RecentIds {
  /**
   * Remembers `id` as the most recent, with where it was read when known (a repeat read with no
   * position keeps the one it had); true when it was not among the remembered ones.
   */
  add(id: string, position?: RecentPosition): boolean;
  /** Where a remembered id was read, when that is known. */
  positionOf(id: string): RecentPosition | undefined;
}

/**
 * A bounded memory of ids: the last `limit` added, the oldest forgotten first, each with where it
 * was read. The page walks use it to drop repeats without remembering every id of a listing (a `Set`
 * of 100,000 invoke ids held about 12 MB), and to place a page by the records it repeats; why a
 * bounded window is enough is argued where it is used (paging.ts).
 * @example
 * const recent = createRecentIds(2_000);
 * if (recent.add(invocation.invokeId)) yield invocation;
 */
export function createRecentIds(limit: number): RecentIds {
  const ids = new Map<string, RecentPosition | undefined>();
  return {
    add(id, position) {
      const known = ids.has(id);
      const before = ids.get(id);
      ids.delete(id);
      ids.set(id, position ?? before);
      if (ids.size > limit) ids.delete(ids.keys().next().value as string);
      return !known;
    },
    positionOf(id) {
      return ids.get(id);
    },
  };
}
