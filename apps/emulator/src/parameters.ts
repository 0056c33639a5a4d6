import { invalidParameter } from './errors.js';

/**
 * Custom parameters of RunCommand, as the official SDK's RunCommandRequest documents them:
 * `{{name}}` in the content, "spaces and line breaks before and after the parameter name within {{}}
 * are ignored", names of `a-zA-Z0-9-_`, case-insensitive, at most 64 bytes, at most 20 in the
 * content; `Parameters` holds 0 to 10 pairs with keys of 1 to 64 characters. Built-in `{{ACS::...}}`
 * names are filled by the agent.
 */
const PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/g;
const NAME = /^[A-Za-z0-9_-]{1,64}$/;
const BUILT_IN = /^ACS::([A-Za-z]+)$/;

/** The custom parameter names a content uses (built-ins excluded), lowercased. */
function namesIn(content: string): Set<string> {
  const names = new Set<string>();
  for (const match of content.matchAll(PLACEHOLDER)) {
    const name = match[1] ?? '';
    if (!BUILT_IN.test(name)) names.add(name.toLowerCase());
  }
  return names;
}

/** Checks the `{{name}}` placeholders of a content sent with EnableParameter=true. */
export function checkParameterNames(content: string): void {
  const names = namesIn(content);
  for (const name of names) {
    if (!NAME.test(name)) throw invalidParameter('CommandContent', `custom parameter names use a-zA-Z0-9-_ and at most 64 characters, got "${name.slice(0, 70)}"`);
  }
  if (names.size > 20) throw invalidParameter('CommandContent', 'at most 20 custom parameters');
}

/** Checks RunCommand's `Parameters` map. */
export function checkCustomParameters(parameters: Record<string, unknown>): void {
  const keys = Object.keys(parameters);
  if (keys.length > 10) throw invalidParameter('Parameters', 'at most 10 custom parameters');
  for (const key of keys) {
    if (key.length === 0 || key.length > 64) throw invalidParameter('Parameters', 'keys are 1 to 64 characters');
  }
}

/**
 * The content with each `{{name}}` replaced by its value from `parameters` (names compared
 * case-insensitively) and each `{{ACS::Name}}` from `builtIns`. A name with no value becomes '' (the
 * SDK: "for parameters that are not passed in, you can use empty strings as substitutes"; a guess, README).
 */
export function substituteParameters(content: string, parameters: Record<string, unknown>, builtIns: Record<string, string>): string {
  const values = new Map<string, string>();
  for (const [key, value] of Object.entries(parameters)) {
    values.set(key.toLowerCase(), typeof value === 'string' ? value : JSON.stringify(value));
  }
  return content.replace(PLACEHOLDER, (_whole, rawName: string) => {
    const builtIn = BUILT_IN.exec(rawName);
    if (builtIn) return builtIns[builtIn[1] as string] ?? '';
    return values.get(rawName.toLowerCase()) ?? '';
  });
}
