import { InvalidQueryError } from '@invocations/core';

/**
 * Flattens API parameters the way the official SDK does: nested objects become dotted names, lists get
 * 1-based indexes, `undefined`/`null` are skipped, numbers and booleans become their decimal or
 * `true`/`false` text. A value that has no wire form (a function, a non-finite number, ...) is an
 * `InvalidQueryError` naming the parameter.
 * @example flattenParams({ Tag: [{ Key: 'k', Value: 'v' }], PageSize: 10 }) // { 'Tag.1.Key': 'k', 'Tag.1.Value': 'v', PageSize: '10' }
 */
export function flattenParams(params: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(params)) visit(name, value, out);
  return out;
}

function visit(name: string, value: unknown, out: Record<string, string>): void {
  if (value === undefined || value === null) return;
  switch (typeof value) {
    case 'string':
      out[name] = value;
      return;
    case 'boolean':
    case 'bigint':
      out[name] = String(value);
      return;
    case 'number':
      if (!Number.isFinite(value)) reject(name, `must be a finite number, got ${value}`);
      out[name] = String(value);
      return;
    case 'object':
      if (Array.isArray(value)) {
        value.forEach((item, index) => visit(`${name}.${index + 1}`, item, out));
        return;
      }
      if (Object.getPrototypeOf(value) !== Object.prototype && Object.getPrototypeOf(value) !== null) {
        reject(name, `must be a string, number, boolean, list or plain object, got ${value.constructor?.name ?? 'an object'}`);
      }
      for (const [key, item] of Object.entries(value)) visit(`${name}.${key}`, item, out);
      return;
    default:
      reject(name, `must be a string, number, boolean, list or plain object, got ${typeof value}`);
  }
}

function reject(path: string, message: string): never {
  throw new InvalidQueryError([{ path, message }], { context: 'request parameters' });
}
