import { parseInput, type StopOptions } from '@invocations/core';
import type { OpenApiClient } from '@invocations/openapi';
import { flattenParams } from '@invocations/openapi/kit';
import * as z from 'zod/mini';

/** Most `InstanceId.N` in one ECS StopInvocation ("最多能指定50台实例ID", ECS API reference; SDK: 1 to 50). */
export const ECS_STOP_TARGET_LIMIT = 50;

const stopInputSchema = z.object({
  invokeId: z.string().check(z.trim()).check(z.minLength(1, 'must not be empty')),
  targetIds: z.optional(z.array(z.string().check(z.trim()).check(z.minLength(1, 'must not be empty'))).check(z.minLength(1, 'must hold at least one target when given')).check(z.maxLength(ECS_STOP_TARGET_LIMIT, `must hold at most ${ECS_STOP_TARGET_LIMIT} targets on ecs`))),
});

/** `stop` of an ECS source: StopInvocation on every target, or on `targetIds` (at most 50). */
export function createEcsStop(client: OpenApiClient, region: string): (invokeId: string, options?: StopOptions) => Promise<void> {
  return async (invokeId, options = {}) => {
    const input = parseInput(stopInputSchema, { invokeId, ...(options.targetIds === undefined ? {} : { targetIds: [...options.targetIds] }) }, 'ecs stop');
    await client.call({
      action: 'StopInvocation',
      query: flattenParams({ RegionId: region, InvokeId: input.invokeId, InstanceId: input.targetIds }),
      // Stopping twice is harmless, so a retry is safe.
      idempotent: true,
      ...(options.signal ? { signal: options.signal } : {}),
    });
  };
}
