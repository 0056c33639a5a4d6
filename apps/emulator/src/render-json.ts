/** Content type of JSON answers (live captures, protocol.md §5.1). */
export const JSON_CONTENT_TYPE = 'application/json;charset=utf-8';

/**
 * Answers go out in parts of about this many characters. V8 keeps a string above 128 KB in its
 * large-object space, where building one (JSON.stringify) and flattening it (any write) cost ten
 * times as much per byte; a page of 50 ECS invocations with 10 targets is about 200 KB.
 */
const PART_CHARS = 32 * 1024;

/**
 * Levels of plain objects and arrays rendered one by one; below them a value is one JSON.stringify.
 * Three reaches the items of every listing (`{Invocations: {Invocation: [item, ...]}}`).
 */
const SPLIT_DEPTH = 3;

class Parts {
  readonly parts: string[] = [];
  private current = '';

  add(text: string): void {
    this.current += text;
    if (this.current.length >= PART_CHARS) {
      this.parts.push(this.current);
      this.current = '';
    }
  }

  finish(): string[] {
    if (this.current.length > 0 || this.parts.length === 0) this.parts.push(this.current);
    return this.parts;
  }
}

/** What JSON.stringify leaves out of an object and writes as `null` in an array. */
function isSkipped(value: unknown): boolean {
  return value === undefined || typeof value === 'function' || typeof value === 'symbol';
}

function isPlainObject(value: object): value is Record<string, unknown> {
  const prototype = Object.getPrototypeOf(value) as unknown;
  return (prototype === Object.prototype || prototype === null) && typeof (value as { toJSON?: unknown }).toJSON !== 'function';
}

function write(value: unknown, depth: number, out: Parts): void {
  if (depth < SPLIT_DEPTH && typeof value === 'object' && value !== null) {
    if (Array.isArray(value)) {
      out.add('[');
      for (let index = 0; index < value.length; index++) {
        if (index > 0) out.add(',');
        const item: unknown = value[index];
        if (isSkipped(item)) out.add('null');
        else write(item, depth + 1, out);
      }
      out.add(']');
      return;
    }
    if (isPlainObject(value)) {
      out.add('{');
      let first = true;
      for (const key of Object.keys(value)) {
        const item = value[key];
        if (isSkipped(item)) continue;
        out.add(first ? `${JSON.stringify(key)}:` : `,${JSON.stringify(key)}:`);
        first = false;
        write(item, depth + 1, out);
      }
      out.add('}');
      return;
    }
  }
  out.add(JSON.stringify(value));
}

/**
 * Renders a response body as the service's JSON, in parts whose concatenation is exactly
 * `JSON.stringify(body)` (same key order, same values left out).
 */
export function renderJsonParts(body: Record<string, unknown>): string[] {
  const out = new Parts();
  write(body, 0, out);
  return out.finish();
}

/** Renders a response body as the service's JSON (one string; see {@link renderJsonParts}). */
export function renderJson(body: Record<string, unknown>): string {
  return renderJsonParts(body).join('');
}
