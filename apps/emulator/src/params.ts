import { EmulatorApiError, invalidParameter, invalidPaging, missingParameter } from './errors.js';

/** Read access to one request's API parameters, with the service's validation errors. */
export class Params {
  constructor(private readonly values: Record<string, string>) {}

  /** A parameter's value; '' counts as absent, as the gateway treats it. */
  get(name: string): string | undefined {
    const value = this.values[name];
    return value === undefined || value === '' ? undefined : value;
  }

  /** A required parameter, or `Missing{Name}`. */
  required(name: string): string {
    const value = this.get(name);
    if (value === undefined) throw missingParameter(name);
    return value;
  }

  /** A boolean (`true`/`false`, any case), or undefined. */
  boolean(name: string): boolean | undefined {
    const value = this.get(name);
    if (value === undefined) return undefined;
    const lower = value.toLowerCase();
    if (lower === 'true') return true;
    if (lower === 'false') return false;
    throw invalidParameter(name, 'must be true or false');
  }

  /** An integer, or undefined; `error` builds the answer for a value that is not one. */
  integer(name: string, error: () => EmulatorApiError = () => invalidParameter(name, 'must be an integer')): number | undefined {
    const value = this.get(name);
    if (value === undefined) return undefined;
    if (!/^-?\d+$/.test(value.trim())) throw error();
    return Number(value);
  }

  /** One of `allowed` (compared case-insensitively, returned as listed), or undefined. */
  oneOf<T extends string>(name: string, allowed: readonly T[]): T | undefined {
    const value = this.get(name);
    if (value === undefined) return undefined;
    const found = allowed.find((candidate) => candidate.toLowerCase() === value.toLowerCase());
    if (!found) throw invalidParameter(name, `must be one of ${allowed.join(', ')}`);
    return found;
  }

  /** A repeat list `Name.1`, `Name.2`, ... (RPC flattening, protocol.md §0.2). */
  list(name: string): string[] {
    const items: [number, string][] = [];
    for (const [key, value] of Object.entries(this.values)) {
      const match = new RegExp(`^${name.replace(/\./g, '\\.')}\\.(\\d+)$`).exec(key);
      if (match && value !== '') items.push([Number(match[1]), value]);
    }
    return items.sort((a, b) => a[0] - b[0]).map(([, value]) => value);
  }

  /** A JSON array of strings sent as one parameter (the SDK's "shrink" style, e.g. eflo NodeIdList). */
  jsonList(name: string): string[] | undefined {
    const value = this.get(name);
    if (value === undefined) return undefined;
    let parsed: unknown;
    try {
      parsed = JSON.parse(value);
    } catch {
      throw invalidParameter(name, 'must be a JSON array of strings');
    }
    if (!Array.isArray(parsed) || !parsed.every((item) => typeof item === 'string')) {
      throw invalidParameter(name, 'must be a JSON array of strings');
    }
    return parsed as string[];
  }

  /** A JSON object sent as one parameter (Parameters), or undefined. */
  jsonObject(name: string): Record<string, unknown> | undefined {
    const value = this.get(name);
    if (value === undefined) return undefined;
    try {
      const parsed: unknown = JSON.parse(value);
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
    } catch {
      // fall through to the error below
    }
    throw invalidParameter(name, 'must be a JSON object');
  }

  /** `Tag.N.Key` / `Tag.N.Value` pairs. */
  tags(prefix = 'Tag'): { key: string; value?: string }[] {
    const byIndex = new Map<number, { key?: string; value?: string }>();
    for (const [key, value] of Object.entries(this.values)) {
      const match = new RegExp(`^${prefix}\\.(\\d+)\\.(Key|Value)$`).exec(key);
      if (!match) continue;
      const index = Number(match[1]);
      const entry = byIndex.get(index) ?? {};
      if (match[2] === 'Key') entry.key = value;
      else entry.value = value;
      byIndex.set(index, entry);
    }
    return [...byIndex.entries()]
      .sort((a, b) => a[0] - b[0])
      .filter(([, entry]) => entry.key !== undefined && entry.key !== '')
      .map(([, entry]) => ({ key: entry.key as string, ...(entry.value !== undefined ? { value: entry.value } : {}) }));
  }

  /** PageNumber (>= 1, default 1) and PageSize (1..max, default 10), or 403 InvalidParam.* (seed 003). */
  paging(maxPageSize = 50): { pageNumber: number; pageSize: number } {
    const pageNumber = this.integer('PageNumber', () => invalidPaging('PageNumber')) ?? 1;
    const pageSize = this.integer('PageSize', () => invalidPaging('PageSize')) ?? 10;
    if (pageNumber < 1) throw invalidPaging('PageNumber');
    if (pageSize < 1 || pageSize > maxPageSize) throw invalidPaging('PageSize');
    return { pageNumber, pageSize };
  }
}
