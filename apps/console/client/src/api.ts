import type { ErrorResponse, HistoryResponse, InvocationResponse, ListResponse, MetaResponse, RunResponse, StatsResponse } from '../../src/api-types.js';

export type { ErrorResponse, HistoryResponse, InvocationResponse, ListResponse, MetaResponse, RunResponse, StatsResponse };

/** An answer of the API that was not 2xx: its message (and, for a bad filter, which field). */
export class ApiFailure extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

/** GETs one API path and reads its JSON; a non-2xx answer is an {@link ApiFailure} with the server's message. */
export async function getJson<T>(path: string, signal?: AbortSignal): Promise<T> {
  const response = await fetch(path, { headers: { accept: 'application/json' }, ...(signal ? { signal } : {}) });
  const body = (await response.json().catch(() => undefined)) as unknown;
  if (!response.ok) {
    const message = (body as ErrorResponse | undefined)?.error?.message ?? `HTTP ${response.status}`;
    throw new ApiFailure(message, response.status);
  }
  return body as T;
}

/** POSTs JSON to the API (run, stop) and reads the answer; a non-2xx answer is an {@link ApiFailure} naming what was wrong. */
export async function postJson<T>(path: string, body: unknown): Promise<T> {
  const response = await fetch(path, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json' }, body: JSON.stringify(body) });
  const answer = (await response.json().catch(() => undefined)) as unknown;
  if (!response.ok) {
    const error = (answer as ErrorResponse | undefined)?.error;
    const issues = error?.issues?.map((issue) => (issue.path ? `${issue.path}: ${issue.message}` : issue.message)).join('; ');
    throw new ApiFailure(issues || error?.message || `HTTP ${response.status}`, response.status);
  }
  return answer as T;
}
