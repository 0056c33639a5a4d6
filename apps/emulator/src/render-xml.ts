import { XMLBuilder } from 'fast-xml-parser';
import { RenderedJson } from './render-json.js';

/** Content type of XML answers; the official SDK reads an XML error only with exactly this value. */
export const XML_CONTENT_TYPE = 'text/xml;charset=utf-8';

const builder = new XMLBuilder({ ignoreAttributes: true, format: false, suppressEmptyNode: false, suppressBooleanAttributes: false });

/** As deep as render-json.ts places a {@link RenderedJson} (the items of a listing). */
const RENDERED_DEPTH = 3;

/** `value` with each {@link RenderedJson} replaced by its plain value (copies only what changes). */
function plain(value: unknown, depth: number): unknown {
  if (value instanceof RenderedJson) return value.value();
  if (depth >= RENDERED_DEPTH || typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    value.forEach((item: unknown, index) => {
      const replaced = plain(item, depth + 1);
      if (replaced !== item) (copy ??= value.slice())[index] = replaced;
    });
    return copy ?? value;
  }
  if (Object.getPrototypeOf(value) !== Object.prototype) return value;
  let copy: Record<string, unknown> | undefined;
  for (const [key, item] of Object.entries(value)) {
    const replaced = plain(item, depth + 1);
    if (replaced !== item) (copy ??= { ...value })[key] = replaced;
  }
  return copy ?? value;
}

/**
 * Renders a response body as the service's XML under `<root>`: an array becomes repeated elements of
 * its key (ECS `{Invocations: {Invocation: [...]}}` -> `<Invocations><Invocation>...`; SWAS
 * `{Invocations: [...]}` -> repeated `<Invocations>`, as seed 001's example shows).
 */
export function renderXml(root: string, body: Record<string, unknown>): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${builder.build({ [root]: plain(body, 0) }) as string}`;
}
