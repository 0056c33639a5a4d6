// A quick well-formedness check for the plain XML the services send: elements without attributes,
// text, CDATA, entity references and an optional leading declaration. fast-xml-parser alone accepts
// cut-off and mis-nested documents; its validator catches them but costs ~20% of a parse. This scan
// is several times cheaper and stricter: every document it accepts passes the validator
// (xml-scan.test.ts checks that on generated bodies). A document it is unsure of (comments,
// attributes, a doctype, a processing instruction, a non-ASCII tag name) is simply not accepted, and
// decodeBody runs the validator then, which decides and words the error exactly as before.

const isSpace = (code: number): boolean => code === 32 || code === 9 || code === 10 || code === 13;
const isNameStart = (code: number): boolean => (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95;
const isNameChar = (code: number): boolean => isNameStart(code) || (code >= 48 && code <= 57) || code === 45 || code === 46;
const isDigit = (code: number): boolean => code >= 48 && code <= 57;
const isHexDigit = (code: number): boolean => isDigit(code) || (code >= 65 && code <= 70) || (code >= 97 && code <= 102);
const isWordChar = (code: number): boolean => isNameStart(code) || isDigit(code);

// The end of the entity reference starting at `at` ('&'), or -1: `&name;` (1-20 word characters),
// `&#123;` or `&#x1F;`, all before `end`.
function entityEnd(text: string, at: number, end: number): number {
  let index = at + 1;
  if (text.charCodeAt(index) === 35) {
    index += 1;
    const hex = text.charCodeAt(index) === 120;
    if (hex) index += 1;
    const start = index;
    while (index < end && (hex ? isHexDigit(text.charCodeAt(index)) : isDigit(text.charCodeAt(index)))) index += 1;
    return index > start && index < end && text.charCodeAt(index) === 59 ? index : -1;
  }
  const start = index;
  while (index < end && index - start < 20 && isWordChar(text.charCodeAt(index))) index += 1;
  return index > start && index < end && text.charCodeAt(index) === 59 ? index : -1;
}

/**
 * True when `text` is one complete, well-nested XML element of the plain kind the services send;
 * false when it is not, or when it uses anything this scan does not check (ask the full validator then).
 */
export function isPlainWellFormedXml(text: string): boolean {
  const length = text.length;
  let index = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  if (text.startsWith('<?xml', index) && isSpace(text.charCodeAt(index + 5))) {
    const end = text.indexOf('?>', index + 5);
    if (end < 0) return false;
    index = end + 2;
  }
  const open: string[] = [];
  let rootSeen = false;
  let ampersand = text.indexOf('&', index);
  while (index < length) {
    const tag = text.indexOf('<', index);
    const textEnd = tag < 0 ? length : tag;
    if (open.length === 0) {
      for (let at = index; at < textEnd; at += 1) if (!isSpace(text.charCodeAt(at))) return false;
    } else {
      while (ampersand >= 0 && ampersand < textEnd) {
        if (ampersand < index) {
          ampersand = text.indexOf('&', index);
          continue;
        }
        const end = entityEnd(text, ampersand, textEnd);
        if (end < 0) return false;
        ampersand = text.indexOf('&', end);
      }
    }
    if (tag < 0) break;
    let at = tag + 1;
    const first = text.charCodeAt(at);
    if (first === 47) {
      // </name>
      at += 1;
      const start = at;
      while (at < length && isNameChar(text.charCodeAt(at))) at += 1;
      const name = open.pop();
      if (name === undefined || at - start !== name.length || !text.startsWith(name, start) || text.charCodeAt(at) !== 62) return false;
      index = at + 1;
    } else if (first === 33) {
      if (open.length === 0 || !text.startsWith('<![CDATA[', tag)) return false;
      const end = text.indexOf(']]>', tag + 9);
      if (end < 0) return false;
      index = end + 3;
    } else {
      if (!isNameStart(first)) return false;
      const start = at;
      at += 1;
      while (at < length && isNameChar(text.charCodeAt(at))) at += 1;
      if (open.length === 0) {
        if (rootSeen) return false;
        rootSeen = true;
      }
      const next = text.charCodeAt(at);
      if (next === 62) {
        open.push(text.slice(start, at));
        index = at + 1;
      } else if (next === 47 && text.charCodeAt(at + 1) === 62) {
        index = at + 2;
      } else {
        return false;
      }
    }
  }
  return rootSeen && open.length === 0;
}
