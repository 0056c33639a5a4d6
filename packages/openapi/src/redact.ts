import { percentEncode } from './signing.js';

/** Replaces every known secret in a text with `***`. */
export type Redactor = (text: string) => string;

/**
 * A redactor for the given secrets, in the forms a server might echo them: as is, percent-encoded once
 * (a V1 query) and twice (a V1 string-to-sign quoted in a SignatureDoesNotMatch message).
 * Very short values are skipped: replacing them would mangle text without protecting anything.
 */
export function createRedactor(secrets: ReadonlyArray<string | undefined>): Redactor {
  const forms = new Set<string>();
  for (const secret of secrets) {
    if (!secret || secret.length < 4) continue;
    const once = percentEncode(secret);
    for (const form of [secret, once, percentEncode(once), encodeURIComponent(secret)]) forms.add(form);
  }
  // Longest first, so a form that contains another is replaced whole.
  const ordered = [...forms].sort((a, b) => b.length - a.length);
  if (ordered.length === 0) return (text) => text;
  return (text) => {
    let out = text;
    for (const form of ordered) if (out.includes(form)) out = out.split(form).join('***');
    return out;
  };
}
