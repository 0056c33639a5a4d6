// A nesting limit for decoded bodies. JSON.parse (V8's is not recursive) and fast-xml-parser build deep
// values without trouble, but everything downstream that walks a value (a schema, JSON.stringify, a
// renderer) recurses and dies on a stack overflow, half-way through a listing. So a body nested deeper
// than any real answer is refused where it is decoded.

/** Deepest nesting of objects and arrays (JSON) or elements (XML) a decoded body may have. */
export const MAX_NESTING_DEPTH = 128;

/**
 * True when a decoded value nests objects and arrays deeper than `limit` (the value itself is level 1).
 * The walk stops one level past the limit, so it is safe on any value. Walking the parsed value costs a
 * few percent of JSON.parse; scanning the text would cost half of it.
 * @example nestingExceeds(JSON.parse('[[[1]]]'), 2) // true
 */
export function nestingExceeds(value: unknown, limit = MAX_NESTING_DEPTH): boolean {
  return deeper(value, 1, limit);
}

function deeper(value: unknown, depth: number, limit: number): boolean {
  if (value === null || typeof value !== 'object') return false;
  if (depth > limit) return true;
  if (Array.isArray(value)) {
    for (const item of value) if (item !== null && typeof item === 'object' && deeper(item, depth + 1, limit)) return true;
    return false;
  }
  for (const key in value) {
    const item = (value as Record<string, unknown>)[key];
    if (item !== null && typeof item === 'object' && deeper(item, depth + 1, limit)) return true;
  }
  return false;
}

/** The reason a too-deep body is refused with, naming the limit. */
export function nestingReason(what: string, limit = MAX_NESTING_DEPTH): string {
  return `${what} is nested deeper than ${limit} levels (the nesting depth limit)`;
}
