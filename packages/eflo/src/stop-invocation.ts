import { parseInput, type StopOptions } from '@invocations/core';
import type { OpenApiClient } from '@invocations/openapi';
import * as z from 'zod/mini';

const stopInputSchema = z.object({
  invokeId: z.string().check(z.trim()).check(z.minLength(1, 'must not be empty')),
  targetIds: z.optional(z.array(z.string().check(z.trim()).check(z.minLength(1, 'must not be empty'))).check(z.minLength(1, 'must hold at least one target when given'))),
});

/** `stop` of an eflo source: StopInvocation on every node, or on `targetIds` (NodeIdList, JSON in the form body). */
export function createEfloStop(client: OpenApiClient): (invokeId: string, options?: StopOptions) => Promise<void> {
  return async (invokeId, options = {}) => {
    const input = parseInput(stopInputSchema, { invokeId, ...(options.targetIds === undefined ? {} : { targetIds: [...options.targetIds] }) }, 'eflo stop');
    await client.call({
      action: 'StopInvocation',
      body: { InvokeId: input.invokeId, ...(input.targetIds === undefined ? {} : { NodeIdList: JSON.stringify(input.targetIds) }) },
      // Stopping twice is harmless, so a retry is safe.
      idempotent: true,
      ...(options.signal ? { signal: options.signal } : {}),
    });
  };
}
