// The one place secrets are taken out of error text. Every error class of this library runs its message
// and text fields through `redactSecrets` when it is built, so a call site cannot forget to. The
// registry lives on globalThis under a shared symbol: two installed copies of this package (and the
// errors each builds) then know the same secrets.

/** Shortest secret worth redacting: replacing one- to three-character values would mangle text and protect nothing. */
export const MIN_SECRET_LENGTH = 4;

// STS tokens rotate: the registry keeps the most recent ones only, so a long-running process does not grow it forever.
const MAX_SECRETS = 64;
const REDACTED = '***';

interface Registry {
  /** Secret -> its forms; Map order is insertion order, the oldest is dropped first. */
  secrets: Map<string, readonly string[]>;
  /** Every form of every secret, longest first (rebuilt on change). */
  ordered: string[];
}

const registryKey = Symbol.for('@invocations/secret-registry');

function registry(): Registry {
  const holder = globalThis as unknown as Record<symbol, Registry | undefined>;
  let found = holder[registryKey];
  if (!found) {
    // Stryker disable next-line ArrayDeclaration: a fresh registry lists no form; a stand-in list would show only on a text holding that very stand-in
    found = { secrets: new Map(), ordered: [] };
    Object.defineProperty(globalThis, registryKey, { value: found, enumerable: false, configurable: true });
  }
  return found;
}

// RFC 3986 percent-encoding, as the V1 signature encodes (encodeURIComponent leaves !'()* alone).
function percentEncode(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`);
}

function lowerHex(encoded: string): string {
  return encoded.replace(/%[0-9A-F]{2}/g, (escape) => escape.toLowerCase());
}

function bytesToBase64(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

// The stretch of a Base64 text that spells the secret whatever bytes surround it: for each of the three
// alignments, only whole 3-byte groups of the secret's own bytes.
function base64Fragments(secret: string): string[] {
  const bytes = new TextEncoder().encode(secret);
  const out: string[] = [];
  for (let skip = 0; skip < 3; skip += 1) {
    const usable = Math.floor((bytes.length - skip) / 3) * 3;
    // Stryker disable next-line ConditionalExpression,EqualityOperator: equivalent, no bytes give an empty fragment, which the length filter drops
    if (usable <= 0) continue;
    const standard = bytesToBase64(bytes.subarray(skip, skip + usable));
    out.push(standard, standard.replace(/\+/g, '-').replace(/\//g, '_'));
  }
  return out;
}

// JSON escapes: the standard one, `\/` (Java and PHP writers), and every non-alphanumeric as `\uXXXX` (Gson).
function jsonForms(text: string): string[] {
  const standard = JSON.stringify(text).slice(1, -1);
  const unicode = (upper: boolean) =>
    text.replace(/[^A-Za-z0-9]/g, (char) => {
      const hex = char.charCodeAt(0).toString(16).padStart(4, '0');
      return `\\u${upper ? hex.toUpperCase() : hex}`;
    });
  return [standard, standard.replace(/\//g, '\\/'), unicode(false), unicode(true)];
}

/**
 * The forms a secret may take in text a server or a library echoes: as is, JSON-escaped, percent-encoded
 * (once, twice, either hex case, `+` for space) and Base64 (standard and URL alphabets, any alignment).
 * Forms shorter than {@link MIN_SECRET_LENGTH} are left out.
 */
export function secretForms(secret: string): string[] {
  if (typeof secret !== 'string' || secret.length < MIN_SECRET_LENGTH) return [];
  const forms = new Set<string>();
  const once = percentEncode(secret);
  const component = encodeURIComponent(secret);
  const encoded = [once, component, lowerHex(once), lowerHex(component), component.replace(/%20/g, '+'), percentEncode(once), percentEncode(lowerHex(once))];
  for (const form of [secret, ...encoded]) {
    forms.add(form);
    for (const escaped of jsonForms(form)) forms.add(escaped);
  }
  for (const fragment of base64Fragments(secret)) forms.add(fragment);
  // Stryker disable next-line MethodExpression,ConditionalExpression: equivalent today, every form of a 4-character secret has 4 or more (kept as a guard)
  return [...forms].filter((form) => form.length >= MIN_SECRET_LENGTH).sort((a, b) => b.length - a.length);
}

/**
 * Remembers secrets (an AccessKey secret, an STS token, a password) so that every error this library
 * builds from now on shows `***` in their place. Empty and very short values are ignored; the most
 * recent 64 secrets are kept.
 * @example registerSecrets([credentials.accessKeySecret, credentials.securityToken]);
 */
export function registerSecrets(secrets: ReadonlyArray<string | undefined>): void {
  const state = registry();
  // Only to skip re-sorting when nothing new came in: re-sorting gives the same list.
  // Stryker disable next-line BooleanLiteral: equivalent, see above
  let changed = false;
  for (const secret of secrets) {
    if (typeof secret !== 'string' || secret.length < MIN_SECRET_LENGTH) continue;
    const known = state.secrets.get(secret);
    state.secrets.delete(secret);
    state.secrets.set(secret, known ?? secretForms(secret));
    // Stryker disable next-line ConditionalExpression: equivalent, see above (changed)
    if (!known) changed = true;
  }
  while (state.secrets.size > MAX_SECRETS) {
    state.secrets.delete(state.secrets.keys().next().value as string);
    changed = true;
  }
  // Stryker disable next-line ConditionalExpression: equivalent, see above (changed)
  if (changed) state.ordered = [...new Set([...state.secrets.values()].flat())].sort((a, b) => b.length - a.length);
}

// `scheme://user:password@` in any URL-like text; the user info runs to the last `@` before the path.
const userInfo = /([a-z][a-z0-9+.-]*:\/\/)[^/?#\s]*@/gi;

/** Replaces the given forms (longest first) in a text with `***`. */
export function replaceForms(text: string, ordered: readonly string[]): string {
  let out = text;
  // Stryker disable next-line ConditionalExpression: equivalent, splitting on an absent form gives the text back (the check skips the copy)
  for (const form of ordered) if (out.includes(form)) out = out.split(form).join(REDACTED);
  return out;
}

/**
 * The text with every registered secret (in each of its {@link secretForms}) and the user info of any
 * URL (`https://user:pw@host` -> `https://***@host`) replaced by `***`.
 * @example redactSecrets('token=STS.abcd&x=1') // 'token=***&x=1' once 'STS.abcd' is registered
 */
export function redactSecrets(text: string): string {
  if (typeof text !== 'string') return text;
  const out = replaceForms(text, registry().ordered);
  // Stryker disable next-line StringLiteral: equivalent, the pattern needs an '@' anyway (the check skips the search)
  return out.includes('@') ? out.replace(userInfo, `$1${REDACTED}@`) : out;
}

/** {@link redactSecrets} for an optional value. */
export function redactOptional(text: string | undefined): string | undefined {
  // Stryker disable next-line ConditionalExpression: equivalent, redactSecrets gives back a value that is not a string
  return text === undefined ? undefined : redactSecrets(text);
}

// Whether an object cause shows a secret: in its message and stack (an Error's are not JSON fields) or its fields.
function leaks(value: object): boolean {
  let text: string;
  try {
    text = value instanceof Error ? `${value.message}\n${value.stack}\n${JSON.stringify(value)}` : (JSON.stringify(value) ?? String(value));
  } catch {
    // Circular or holding a BigInt: its string form, and an Error's stack.
    text = `${String(value)}\n${value instanceof Error ? value.stack : ''}`;
  }
  return redactSecrets(text) !== text;
}

/**
 * A cause that is safe to keep: the cause itself when no level of its chain shows a secret (so
 * `error.cause === reason` still holds), else a copy of the chain with the secrets redacted. A chain
 * longer than nine levels (or cyclic) is copied and cut after the ninth.
 */
export function safeCause(cause: unknown, depth = 0): unknown {
  if (typeof cause === 'string') return redactSecrets(cause);
  if (typeof cause !== 'object' || cause === null) return cause;
  const inner = (cause as { cause?: unknown }).cause;
  // Nine levels are kept; below them the chain is cut, so a cyclic chain (an error that is its own cause) ends.
  const safeInner = depth < 8 ? safeCause(inner, depth + 1) : undefined;
  if (!leaks(cause) && safeInner === inner) return cause;
  const original = cause as { name?: unknown; message?: unknown; code?: unknown; stack?: unknown };
  const copy = new Error(redactSecrets(String(original.message ?? '[redacted value]')), safeInner === undefined ? undefined : { cause: safeInner });
  if (typeof original.name === 'string') copy.name = original.name;
  if (typeof original.code === 'string' || typeof original.code === 'number') Object.assign(copy, { code: original.code });
  copy.stack = typeof original.stack === 'string' ? redactSecrets(original.stack) : `${copy.name}: ${copy.message}`;
  return copy;
}
