// A long Base64 output is decoded when it is first read, not when its page is mapped. On a page of
// 2 KB outputs decoding them costs more than JSON.parse of the page (Node 20 has no fast UTF-8
// decoder for mixed text; see the bench README), and a caller that never reads them (a status view,
// `invocations list`, a wait for the end) paid it for nothing. The target stays plain data:
// - `output` is an own, enumerable, configurable property in its usual place among the keys, so
//   Object.keys, JSON.stringify, structuredClone, spread, deep-equality checks and assignment read and
//   write it as a string (an accessor whose first read decodes and keeps the text).
// - The Base64 text, then the text, wait in a non-enumerable symbol property: nothing that copies or
//   compares plain data sees it.
// - Node's util.inspect (console.log) would print an accessor as `[Getter/Setter]`: a non-enumerable
//   `util.inspect.custom` shows the target with its text instead.
// What differs from an eager string: Object.getOwnPropertyDescriptor says get/set, and a browser's
// devtools show `output: (...)` until it is clicked. Turning the accessor into a data property at the
// first read was measured: V8 reconfigures the property for about 1 us a target, which is more than
// decoding a 2 KB ASCII output, so the text stays behind the accessor.
import { decodeBase64Text } from './wire.js';

/**
 * Base64 outputs from this many characters on (768 bytes) are decoded on first read. A shorter one
 * costs less to decode than the three property definitions that defer it; and a lazy output is never
 * `''` (Base64 this long holds text), so `dropEmptyOutput` still decides on the spot.
 */
export const LAZY_OUTPUT_FROM = 1024;

const BASE64 = Symbol('invocations.output.base64');
const INSPECT = Symbol.for('nodejs.util.inspect.custom');

type Target = Record<PropertyKey, unknown>;

/** What the symbol property holds: the Base64 text until the first read, then the text (boxed: either may be a string). */
type Slot = string | { readonly value: unknown };

// A frozen target cannot keep its text in its own property: it is kept here, so it is decoded once.
const valueOfFrozen = new WeakMap<object, string>();

// One getter and one setter for every lazy target (a function per target would give every target its
// own hidden class).
const OUTPUT_ACCESSOR: PropertyDescriptor = {
  get(this: Target): unknown {
    const slot = this[BASE64] as Slot | undefined;
    if (typeof slot !== 'string') return slot?.value;
    // The cache of a frozen target only saves decoding the same text again on each read.
    const kept = valueOfFrozen.get(this);
    // Stryker disable next-line ConditionalExpression: `false` decodes again, the same text (see above)
    if (kept !== undefined) return kept;
    const text = decodeBase64Text(slot);
    // Stryker disable next-line BooleanLiteral,ConditionalExpression: caching the text of a target that kept it, or of no frozen one, changes only the work (`true` also fails the test that the Base64 text is let go)
    if (!Reflect.set(this, BASE64, { value: text })) valueOfFrozen.set(this, text);
    return text;
  },
  set(this: Target, value: unknown): void {
    // As for a data property: a frozen target refuses the write (module code is strict mode).
    if (!Reflect.set(this, BASE64, { value })) throw new TypeError("Cannot assign to read only property 'output' of object");
  },
  enumerable: true,
  configurable: true,
};

function inspectTarget(this: Target): Target {
  // A plain copy: the spread reads (and so decodes) the output; the copy has neither symbol.
  return { ...this };
}
const INSPECT_PROPERTY: PropertyDescriptor = { value: inspectTarget, configurable: true };

/**
 * Sets `target.output` to the UTF-8 text Base64 `base64` holds (`decodeBase64Text`), decoded when it
 * is first read. Only for Base64 of {@link LAZY_OUTPUT_FROM} characters or more; shorter text is
 * decoded at once by the caller.
 */
export function setLazyOutput(target: object, base64: string): void {
  Object.defineProperty(target, BASE64, { value: base64, writable: true, configurable: true });
  Object.defineProperty(target, INSPECT, INSPECT_PROPERTY);
  Object.defineProperty(target, 'output', OUTPUT_ACCESSOR);
}
