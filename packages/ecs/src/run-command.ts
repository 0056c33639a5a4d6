import { WIRE_COMMAND_TYPES, type RunLimits, type RunnableSource, type RunRequest } from '@invocations/core';
import type { OpenApiClient } from '@invocations/openapi';
import { createTokenRun, flattenParams, runCommandResponseSchema, tokenRunCommandParams } from '@invocations/openapi/kit';
import * as z from 'zod/mini';

/**
 * ECS RunCommand's limits (`@alicloud/ecs20140526` 7.11.6 RunCommandRequest): `InstanceId` 1 to 100;
 * `CommandContent` at most 24 KB after Base64, custom parameters included; `Parameters` 0 to 10;
 * at most 20 `{{names}}` in the content.
 */
export const ECS_RUN_LIMITS: RunLimits = {
  maxTargets: 100,
  maxCommandBase64Bytes: 24 * 1024,
  maxParameters: 10,
  maxPlaceholders: 20,
};

/** The answer of ECS RunCommand: `{ RequestId, InvokeId, CommandId }`. */
export const ecsRunCommandResponseSchema = z.extend(runCommandResponseSchema, {
  CommandId: z.optional(z.string().check(z.trim())),
});

/**
 * RunCommand's wire parameters for a checked request: what ECS and eflo share (openapi's
 * `tokenRunCommandParams`: Base64 content, `Parameters` as JSON, the token), plus `RegionId`, `Type`,
 * `InstanceId.N` and `Tag.N.Key/Value`.
 */
export function ecsRunCommandParams(request: RunRequest, region: string, clientToken: string): Record<string, string> {
  return flattenParams({
    RegionId: region,
    Type: WIRE_COMMAND_TYPES[request.type],
    ...tokenRunCommandParams(request, clientToken),
    InstanceId: request.targets,
    Tag: request.tags?.map((tag) => ({ Key: tag.key, Value: tag.value })),
  });
}

/**
 * `run` of an ECS source: checks the request against ECS's limits, then sends one RunCommand with a
 * ClientToken (openapi's `createTokenRun`), so the client's retries never start a second invocation.
 */
export function createEcsRun(client: OpenApiClient, region: string): RunnableSource['run'] {
  return createTokenRun(client, {
    product: 'ecs',
    limits: ECS_RUN_LIMITS,
    params: (request, clientToken) => ecsRunCommandParams(request, region, clientToken),
    responseSchema: ecsRunCommandResponseSchema,
  });
}
