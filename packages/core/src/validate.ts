import type { z } from 'zod';
import { InvalidQueryError, type QueryIssue } from './errors.js';

/** Turns zod issues into {@link QueryIssue}s: the dotted field path and the rule. */
export function toQueryIssues(issues: readonly z.core.$ZodIssue[]): QueryIssue[] {
  return issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message }));
}

/**
 * Parses a caller's input with a zod schema and throws an {@link InvalidQueryError} naming each
 * field and rule when it does not fit. Used for every public input, before any request is sent.
 */
export function parseInput<Schema extends z.ZodType>(schema: Schema, input: unknown, context?: string): z.output<Schema> {
  const result = schema.safeParse(input);
  if (!result.success) throw new InvalidQueryError(toQueryIssues(result.error.issues), context === undefined ? undefined : { context });
  return result.data;
}
