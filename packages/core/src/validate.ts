import { en } from 'zod/v4/locales';
import * as z from 'zod/mini';
import { ConfigurationError, InvalidQueryError, type QueryIssue } from './errors.js';

// English for our own parses only: a library must not change an application's zod settings, so
// nothing here touches z.config(). zod/mini ships no messages ("Invalid input" for every rule) until a
// locale is configured; ours name the rule ("Too small: expected string to have >=1 characters").
let english: z.core.$ZodErrorMap | undefined;

/**
 * The per-parse error map every parse of ours passes (`z.safeParse(schema, input, { error: englishErrors })`):
 * English messages, unless the application configured zod itself. zod asks a schema's own message
 * first, then this map, then the global `customError`, then the global `localeError`; so an
 * application's `customError` is asked here first, and one that chose a locale (`z.config(fr())`) gets
 * undefined back and sees its own locale in our errors too, as it does in its own parses.
 */
export const englishErrors: z.core.$ZodErrorMap = (issue) => {
  const config = z.config();
  if (config.localeError !== undefined) return undefined;
  return config.customError?.(issue) ?? (english ??= en().localeError)(issue);
};

/** Turns zod issues into {@link QueryIssue}s: the dotted field path and the rule. */
export function toQueryIssues(issues: readonly z.core.$ZodIssue[]): QueryIssue[] {
  return issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message }));
}

/**
 * Parses a caller's query with a zod schema and throws an {@link InvalidQueryError} naming each
 * field and rule when it does not fit. Used for every query and call input, before any request is sent.
 */
export function parseInput<Schema extends z.core.$ZodType>(schema: Schema, input: unknown, context?: string): z.output<Schema> {
  const result = z.safeParse(schema, input, { error: englishErrors });
  if (!result.success) throw new InvalidQueryError(toQueryIssues(result.error.issues), { context });
  return result.data;
}

/**
 * Parses the options a client or source is created with and throws a {@link ConfigurationError} naming
 * each field and rule when they do not fit: options are configuration, a query is an `InvalidQueryError`.
 * The message lists paths and rules only, never the values (credentials are among the options).
 */
export function parseOptions<Schema extends z.core.$ZodType>(schema: Schema, input: unknown, context: string): z.output<Schema> {
  const result = z.safeParse(schema, input, { error: englishErrors });
  if (!result.success) {
    const listed = toQueryIssues(result.error.issues).map((issue) => `${issue.path || '(options)'}: ${issue.message}`);
    throw new ConfigurationError(`${context}: ${listed.join('; ')}`);
  }
  return result.data;
}
