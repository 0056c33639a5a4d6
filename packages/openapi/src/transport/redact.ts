import { redactSecrets, replaceForms, secretForms } from '@invocations/core';

/** Replaces every known secret in a text with `***`. */
export type Redactor = (text: string) => string;

/**
 * A redactor for the given secrets, in every form core's `secretForms` lists (as is, JSON-escaped,
 * percent-encoded once and twice, Base64), longest form first, plus whatever `registerSecrets` made
 * known and the user info of any URL. Values shorter than four characters are skipped: replacing them
 * would mangle text without protecting anything.
 */
export function createRedactor(secrets: ReadonlyArray<string | undefined>): Redactor {
  const forms = new Set<string>();
  // Stryker disable next-line ConditionalExpression: equivalent, secretForms gives nothing for an absent or empty secret
  for (const secret of secrets) if (secret) for (const form of secretForms(secret)) forms.add(form);
  const ordered = [...forms].sort((a, b) => b.length - a.length);
  return (text) => redactSecrets(replaceForms(text, ordered));
}
