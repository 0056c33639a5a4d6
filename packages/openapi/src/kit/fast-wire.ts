// Plain-code twins of the zod wire helpers in wire.ts, for the adapters' fast readers (readBody's
// `fast` option). zod's per-field work costs several times JSON.parse on a page of 50 invocations with
// 10 targets each; these do the same checks with no allocation beyond the result. Each accepts exactly
// what its zod twin accepts and gives the same value; on anything else it gives up (throws a private
// marker that `readFast` turns into `undefined`), and readBody then runs the zod schema, which names
// the field. Each adapter's read-wire test checks its reader and its schema agree.

class Mismatch {}
const mismatch = new Mismatch();

/** Gives up on the body: the zod schema runs instead and names the field. Only inside {@link readFast}. */
export function giveUp(): never {
  throw mismatch;
}

/** Runs a fast reader; `undefined` when it gave up (see {@link giveUp}), any other error passes through. */
export function readFast<Output>(read: () => Output): Output | undefined {
  try {
    return read();
  } catch (error) {
    if (error === mismatch) return undefined;
    throw error;
  }
}

const isEmpty = (value: unknown): boolean => value === undefined || value === null || (typeof value === 'string' && value.trim() === '');

/** `wireString`: trimmed; `''`, whitespace-only, `null` and absent give `undefined`; not a string gives up. */
export function fastString(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') giveUp();
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}

/** `wireString` piped into a required string: a non-empty trimmed string, or give up. */
export function fastRequiredString(value: unknown): string {
  return fastString(value) ?? giveUp();
}

/** Content kept exactly as sent (`z.string().nullish()` read as `value ?? undefined`): a string, or `undefined` for null/absent. */
export function fastContent(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  return typeof value === 'string' ? value : giveUp();
}

/** `wireBoolean`: a boolean, or `"true"`/`"false"` in any case with stray spaces; empty gives `undefined`. */
export function fastBoolean(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (isEmpty(value)) return undefined;
  if (typeof value !== 'string') giveUp();
  const lower = value.trim().toLowerCase();
  if (lower === 'true') return true;
  if (lower === 'false') return false;
  return giveUp();
}

const integerText = /^[+-]?\d+$/;

/** `wireInteger`: a safe integer, or a string holding a decimal integer; empty gives `undefined`. */
export function fastInteger(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isSafeInteger(value) ? value : giveUp();
  if (isEmpty(value)) return undefined;
  if (typeof value !== 'string') giveUp();
  const trimmed = value.trim();
  if (!integerText.test(trimmed)) giveUp();
  const parsed = Number(trimmed);
  return Number.isSafeInteger(parsed) ? parsed : giveUp();
}

/** `z.object`'s input check: a plain object (not an array, not null), or give up. */
export function fastRecord(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : giveUp();
}

/** `wireList(item)`: an array, one bare element (XML), or `[]` for empty/absent. */
export function fastList<Item>(value: unknown, item: (value: unknown) => Item): Item[] {
  if (Array.isArray(value)) return value.map(item);
  if (isEmpty(value)) return [];
  return [item(value)];
}

/** `wrappedList(name, item)`: `{ [name]: list }` read as its items; an empty wrapper gives `[]`. */
export function fastWrappedList<Item>(value: unknown, name: string, item: (value: unknown) => Item): Item[] {
  if (isEmpty(value)) return [];
  return fastList(fastRecord(value)[name], item);
}
