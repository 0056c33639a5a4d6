/** Content type of JSON answers (live captures, protocol.md §5.1). */
export const JSON_CONTENT_TYPE = 'application/json;charset=utf-8';

/** Renders a response body as the service's JSON. */
export function renderJson(body: Record<string, unknown>): string {
  return JSON.stringify(body);
}
