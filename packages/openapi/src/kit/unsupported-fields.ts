import type * as z from 'zod/mini';

/**
 * One issue for each of `fields` that `query` sets: a filter the product has no parameter for is
 * refused, naming the field, instead of being silently dropped. For a zod `superRefine`:
 * `context.issues.push(...unsupportedFieldIssues(query, FIELDS, 'SWAS cannot filter on this field'))`.
 */
export function unsupportedFieldIssues<Query extends object>(query: Query, fields: readonly (keyof Query & string)[], message: string): z.core.$ZodRawIssue[] {
  return fields.filter((field) => query[field] !== undefined).map((field) => ({ code: 'custom', path: [field], message, input: query[field] }));
}
