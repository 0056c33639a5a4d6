/** The ids of the most recent records a walk yielded (see {@link createRecentIds}). */
export interface RecentIds {
  /** Remembers `id` as the most recent; true when it was not among the remembered ones. */
  add(id: string): boolean;
}

/**
 * A bounded memory of ids: the last `limit` added, the oldest forgotten first. The page walks use it
 * to drop repeats without remembering every id of a listing (a `Set` of 100,000 invoke ids held
 * about 12 MB); why a bounded window is enough is argued where it is used (paging.ts).
 * @example
 * const recent = createRecentIds(2_000);
 * if (recent.add(invocation.invokeId)) yield invocation;
 */
export function createRecentIds(limit: number): RecentIds {
  // A Set keeps insertion order: deleting and adding again makes an id the most recent.
  const ids = new Set<string>();
  return {
    add(id) {
      const known = ids.delete(id);
      ids.add(id);
      if (ids.size > limit) ids.delete(ids.values().next().value as string);
      return !known;
    },
  };
}
