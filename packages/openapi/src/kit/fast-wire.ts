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

/** The per-target fields ECS (`InvokeInstance`) and eflo (`InvokeNode`) send alike, as their wire schemas read them. */
export interface FastTargetFields {
  InvocationStatus: string | undefined;
  CreationTime: string | undefined;
  StartTime: string | undefined;
  FinishTime: string | undefined;
  StopTime: string | undefined;
  UpdateTime: string | undefined;
  Repeats: number | undefined;
  ExitCode: number | undefined;
  Output: string | undefined;
  Dropped: number | undefined;
  ErrorCode: unknown;
  ErrorInfo: unknown;
  Timed: boolean | undefined;
}

/**
 * Reads the {@link FastTargetFields} of one ECS or eflo target record; the adapter adds its own
 * (the target's id, its legacy status, ECS's OSS fields) onto the result.
 */
export function fastTargetFields(wire: Record<string, unknown>): FastTargetFields {
  return new TargetRecord(wire);
}

/** The invocation fields ECS and eflo send alike, as their wire schemas read them. */
export interface FastInvocationFields {
  InvokeId: string;
  CommandName: string | undefined;
  CommandDescription: string | undefined;
  CommandContent: string | undefined;
  Parameters: unknown;
  RepeatMode: string | undefined;
  Frequency: string | undefined;
  Timeout: number | undefined;
  Username: string | undefined;
  WorkingDir: string | undefined;
  CreationTime: string | undefined;
  InvocationStatus: string | undefined;
  InvokeStatus: string | undefined;
}

/** Reads the {@link FastInvocationFields} of one ECS or eflo invocation record; the adapter adds its own. */
export function fastInvocationFields(wire: Record<string, unknown>): FastInvocationFields {
  return new InvocationRecord(wire);
}

/** PageNumber paging fields of a listing body (ECS, SWAS), as the wire schemas read them. */
export interface FastPagingFields {
  TotalCount: number | undefined;
  PageNumber: number | undefined;
  PageSize: number | undefined;
}

/** Reads the {@link FastPagingFields} of a listing body. */
export function fastPagingFields(body: Record<string, unknown>): FastPagingFields {
  return { TotalCount: fastInteger(body.TotalCount), PageNumber: fastInteger(body.PageNumber), PageSize: fastInteger(body.PageSize) };
}

// The records a page's targets and invocations are read into are made by constructors, not object
// literals. V8 tracks an object literal's allocation site and, when most of its objects outlive a
// young-generation collection (they do while a large page is read: every record of it is alive), it
// allocates all of that site's later objects in the old generation for the life of the process. The
// records of every later page then die in the old generation while holding the page's young strings
// (each target's Output), which every young collection has to keep and copy: decoding became several
// times slower, in a process chosen by when a collection happened to fall. A constructor's objects
// always start young. Plain-object prototype: they are read and compared like the schema's objects.
const TargetRecord = function (this: FastTargetFields, wire: Record<string, unknown>) {
  this.InvocationStatus = fastString(wire.InvocationStatus);
  this.CreationTime = fastString(wire.CreationTime);
  this.StartTime = fastString(wire.StartTime);
  this.FinishTime = fastString(wire.FinishTime);
  this.StopTime = fastString(wire.StopTime);
  this.UpdateTime = fastString(wire.UpdateTime);
  this.Repeats = fastInteger(wire.Repeats);
  this.ExitCode = fastInteger(wire.ExitCode);
  this.Output = fastContent(wire.Output);
  this.Dropped = fastInteger(wire.Dropped);
  this.ErrorCode = wire.ErrorCode;
  this.ErrorInfo = wire.ErrorInfo;
  this.Timed = fastBoolean(wire.Timed);
} as unknown as new (wire: Record<string, unknown>) => FastTargetFields;
TargetRecord.prototype = Object.prototype;

const InvocationRecord = function (this: FastInvocationFields, wire: Record<string, unknown>) {
  this.InvokeId = fastRequiredString(wire.InvokeId);
  this.CommandName = fastString(wire.CommandName);
  this.CommandDescription = fastString(wire.CommandDescription);
  this.CommandContent = fastContent(wire.CommandContent);
  this.Parameters = wire.Parameters;
  this.RepeatMode = fastString(wire.RepeatMode);
  this.Frequency = fastString(wire.Frequency);
  this.Timeout = fastInteger(wire.Timeout);
  this.Username = fastString(wire.Username);
  this.WorkingDir = fastString(wire.WorkingDir);
  this.CreationTime = fastString(wire.CreationTime);
  this.InvocationStatus = fastString(wire.InvocationStatus);
  this.InvokeStatus = fastString(wire.InvokeStatus);
} as unknown as new (wire: Record<string, unknown>) => FastInvocationFields;
InvocationRecord.prototype = Object.prototype;
