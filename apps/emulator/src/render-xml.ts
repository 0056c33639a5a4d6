import { XMLBuilder } from 'fast-xml-parser';

/** Content type of XML answers; the official SDK reads an XML error only with exactly this value. */
export const XML_CONTENT_TYPE = 'text/xml;charset=utf-8';

const builder = new XMLBuilder({ ignoreAttributes: true, format: false, suppressEmptyNode: false, suppressBooleanAttributes: false });

/**
 * Renders a response body as the service's XML under `<root>`: an array becomes repeated elements of
 * its key (ECS `{Invocations: {Invocation: [...]}}` -> `<Invocations><Invocation>...`; SWAS
 * `{Invocations: [...]}` -> repeated `<Invocations>`, as seed 001's example shows).
 */
export function renderXml(root: string, body: Record<string, unknown>): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${builder.build({ [root]: body }) as string}`;
}
