import { InvalidQueryError, PRODUCTS, parseInput, type Product, type RunRequestInput } from '@invocations/core';
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import * as z from 'zod';

/** The largest body a run or stop may send (a command script with its parameters fits well within). */
export const MAX_MUTATION_BYTES = 256 * 1024;

/**
 * Reads the JSON body of a request that changes something (run, stop), after the checks that keep
 * other web pages out: the body must be `application/json` (a cross-site form cannot send that
 * without a CORS preflight, which this server never grants), and an `Origin` or `Sec-Fetch-Site`
 * header, when the browser sends one, must say the page is this console's own.
 */
export async function readMutation(c: Context): Promise<unknown> {
  const origin = c.req.header('origin');
  const host = c.req.header('host');
  if (origin !== undefined && (host === undefined || origin.toLowerCase() !== `${new URL(c.req.url).protocol}//${host}`.toLowerCase())) {
    throw new HTTPException(403, { message: 'runs and stops are accepted only from the console\'s own page' });
  }
  const site = c.req.header('sec-fetch-site');
  if (site !== undefined && site !== 'same-origin' && site !== 'none') {
    throw new HTTPException(403, { message: 'runs and stops are accepted only from the console\'s own page' });
  }
  if (!/^application\/json\b/i.test(c.req.header('content-type') ?? '')) {
    throw new HTTPException(415, { message: 'the body must be application/json' });
  }
  const text = await c.req.text();
  if (new TextEncoder().encode(text).length > MAX_MUTATION_BYTES) throw new HTTPException(413, { message: `the body must be at most ${MAX_MUTATION_BYTES} bytes` });
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new InvalidQueryError([{ path: '', message: 'the body is not JSON' }]);
  }
}

const runBodySchema = z.strictObject({
  product: z.enum(PRODUCTS, { message: `must be one of ${PRODUCTS.join(', ')}` }),
  region: z.string().regex(/^[a-z0-9-]{1,64}$/, 'must be a region id such as cn-hangzhou'),
  // The adapter checks the request itself (core's runRequestSchema and the product's limits) before sending.
  request: z.record(z.string(), z.unknown()),
});

/** `POST /api/run`'s body, checked: the product and region here, the request by the adapter. */
export function parseRunBody(value: unknown): { product: Product; region: string; request: RunRequestInput } {
  return parseInput(runBodySchema, value, 'POST /api/run') as { product: Product; region: string; request: RunRequestInput };
}

const stopBodySchema = z.strictObject({
  targetIds: z.array(z.string().trim().min(1, 'must not be empty')).min(1, 'must hold at least one target').max(100, 'must hold at most 100 targets').optional(),
});

/** The stop body: all targets (`{}`), or some (`{ targetIds }`). */
export function parseStopBody(value: unknown): { targetIds?: string[] } {
  return parseInput(stopBodySchema, value, 'POST stop');
}
