// Server data is not terminal input: a CommandName, an output or an error message may carry ESC,
// BEL, C1 controls or whole OSC sequences (a window title that hides later rows, an OSC 52 write to
// the clipboard). Every view prints such text through these functions, which show each control
// character visibly escaped instead of sending it to the terminal.

// C0 controls, DEL, C1 controls, and the bidirectional overrides and isolates that reorder what is shown.
const unsafe = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;
const unsafeAll = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;
// In multi-line text (command output) tab and line feed stay; a lone CR would overwrite the line.
const unsafeInText = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;
const unsafeInTextAll = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

function visible(character: string): string {
  const code = character.charCodeAt(0);
  if (character === '\n') return '\\n';
  if (character === '\r') return '\\r';
  if (character === '\t') return '\\t';
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/**
 * One line of server text made safe to print: every control character (C0 including tab and line
 * feed, DEL, C1) and every bidi override is shown escaped, e.g. ESC as `\x1b`, BEL as `\x07`.
 *
 * @example
 * escapeControls('deploy\u001b]0;owned\u0007'); // 'deploy\\x1b]0;owned\\x07'
 */
export function escapeControls(text: string): string {
  return unsafe.test(text) ? text.replace(unsafeAll, visible) : text;
}

/** Multi-line server text (a command's output) made safe: like {@link escapeControls}, but line feeds and tabs stay, and CRLF becomes LF. */
export function escapeControlsInText(text: string): string {
  const lines = text.includes('\r\n') ? text.replace(/\r\n/g, '\n') : text;
  return unsafeInText.test(lines) ? lines.replace(unsafeInTextAll, visible) : lines;
}

const c1 = /[\u007f-\u009f]/;
const c1All = /[\u007f-\u009f]/g;

/**
 * JSON text with DEL and the C1 controls (U+007F-U+009F) written as `\u` escapes. `JSON.stringify`
 * escapes only U+0000-U+001F, and a terminal may act on a raw C1 control (U+009B is CSI); the
 * escaped text parses to exactly the same value.
 */
export function escapeJsonControls(json: string): string {
  return c1.test(json) ? json.replace(c1All, (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`) : json;
}

/** `JSON.stringify` of a value, safe to print on a terminal (see {@link escapeJsonControls}). */
export function toSafeJson(value: unknown, indent?: number): string {
  return escapeJsonControls(JSON.stringify(value, null, indent));
}
