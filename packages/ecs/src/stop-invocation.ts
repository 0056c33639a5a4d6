import { parseInput, type StopOptions } from '@invocations/core';
import { flattenParams, type OpenApiClient } from '@invocations/openapi';
import * as z from 'zod';

/** Most `InstanceId.N` in one ECS StopInvocation ("最多能指定50台实例ID", ECS API reference; SDK: 1 to 50). */
export const ECS_STOP_TARGET_LIMIT = 50;

const stopInputSchema = z.object({
  invokeId: z.string().trim().min(1, 'must not be empty'),
  targetIds: z
    .array(z.string().trim().min(1, 'must not be empty'))
    .min(1, 'must hold at least one target when given')
    .max(ECS_STOP_TARGET_LIMIT, `must hold at most ${ECS_STOP_TARGET_LIMIT} targets on ecs`)
    .optional(),
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
