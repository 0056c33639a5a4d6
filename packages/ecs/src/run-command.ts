import {
  checkRunRequest,
  encodeBase64Text,
  newClientToken,
  parametersEnabled,
  WIRE_COMMAND_TYPES,
  type RunLimits,
  type RunOptions,
  type RunRequest,
  type RunRequestInput,
  type RunResult,
} from '@invocations/core';
import type { OpenApiClient } from '@invocations/openapi';
import { flattenParams, readBody } from '@invocations/openapi/kit';
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
export const ecsRunCommandResponseSchema = z.object({
  RequestId: z.optional(z.string()),
  InvokeId: z.string().check(z.trim()).check(z.minLength(1, 'must be a non-empty InvokeId')),
  CommandId: z.optional(z.string().check(z.trim())),
});

/**
 * RunCommand's wire parameters for a checked request: the content Base64 with `ContentEncoding=Base64`,
 * `InstanceId.N`, `Tag.N.Key/Value`, `Parameters` as JSON (the SDK's RunCommandShrinkRequest) and the token.
 */
export function ecsRunCommandParams(request: RunRequest, region: string, clientToken: string): Record<string, string> {
  return flattenParams({
    RegionId: region,
    Type: WIRE_COMMAND_TYPES[request.type],
    CommandContent: encodeBase64Text(request.command),
    ContentEncoding: 'Base64',
    InstanceId: request.targets,
    Timeout: request.timeoutSeconds,
    WorkingDir: request.workingDir,
    Username: request.username,
    Name: request.name,
    Description: request.description,
    EnableParameter: parametersEnabled(request) ? true : undefined,
    Parameters: request.parameters === undefined ? undefined : JSON.stringify(request.parameters),
    Tag: request.tags?.map((tag) => ({ Key: tag.key, Value: tag.value })),
    ClientToken: clientToken,
  });
}

/**
 * `run` of an ECS source: checks the request against ECS's limits, then sends one RunCommand. The
 * ClientToken makes it idempotent, so the client's retries (same parameters, same token) never
 * start a second invocation.
 */
export function createEcsRun(client: OpenApiClient, region: string): (request: RunRequestInput, options?: RunOptions) => Promise<RunResult> {
  return async (input, options = {}) => {
    const request = checkRunRequest(input, ECS_RUN_LIMITS, 'ecs');
    const clientToken = request.clientToken ?? newClientToken();
    const response = await client.call({
      action: 'RunCommand',
      // A form body: a 24 KB script would make the URL longer than servers take (HTTP 431).
      body: ecsRunCommandParams(request, region, clientToken),
      idempotent: true,
      ...(options.signal ? { signal: options.signal } : {}),
    });
    const body = readBody(ecsRunCommandResponseSchema, response.text, { format: response.format, action: 'RunCommand', ...(response.requestId ? { requestId: response.requestId } : {}) });
    const commandId = body.CommandId ? { commandId: body.CommandId } : {};
    return {
      invokeId: body.InvokeId,
      ...commandId,
      clientToken,
      split: false,
      invocations: [{ invokeId: body.InvokeId, ...commandId, targetIds: [...request.targets] }],
      rejected: [],
    };
  };
}
