import {
  checkRunRequest,
  encodeBase64Text,
  newClientToken,
  parametersEnabled,
  type RunLimits,
  type RunOptions,
  type RunRequest,
  type RunRequestInput,
  type RunResult,
} from '@invocations/core';
import type { OpenApiClient } from '@invocations/openapi';
import { readBody } from '@invocations/openapi/kit';
import * as z from 'zod/mini';

/**
 * eflo RunCommand's limits (eflo-controller 2022-12-15 RunCommandRequest in the official SDKs): the
 * command at most 24 KB after Base64 with its parameters (18 KB only for a kept command, which this
 * library never asks for); `Parameters` 0 to 10; at most 20 `{{names}}`. The API has no `Type` (Lingjun
 * nodes run shell scripts) and no tags. It documents no limit on `NodeIdList`, so none is applied.
 */
export const EFLO_RUN_LIMITS: RunLimits = {
  maxCommandBase64Bytes: 24 * 1024,
  maxParameters: 10,
  maxPlaceholders: 20,
  types: ['shell'],
  unsupported: ['tags'],
};

/** The answer of eflo RunCommand: `{ RequestId, InvokeId }`. */
export const efloRunCommandResponseSchema = z.object({
  RequestId: z.optional(z.string()),
  InvokeId: z.string().check(z.trim()).check(z.minLength(1, 'must be a non-empty InvokeId')),
});

/**
 * RunCommand's form parameters for a checked request: the content Base64 with `ContentEncoding=Base64`,
 * `NodeIdList` and `Parameters` as JSON (the SDK's RunCommandShrinkRequest), and the token.
 */
export function efloRunCommandParams(request: RunRequest, clientToken: string): Record<string, string> {
  const params: Record<string, string | undefined> = {
    CommandContent: encodeBase64Text(request.command),
    ContentEncoding: 'Base64',
    NodeIdList: JSON.stringify(request.targets),
    Timeout: request.timeoutSeconds === undefined ? undefined : String(request.timeoutSeconds),
    WorkingDir: request.workingDir,
    Username: request.username,
    Name: request.name,
    Description: request.description,
    EnableParameter: parametersEnabled(request) ? 'true' : undefined,
    Parameters: request.parameters === undefined ? undefined : JSON.stringify(request.parameters),
    ClientToken: clientToken,
  };
  return Object.fromEntries(Object.entries(params).filter((entry): entry is [string, string] => entry[1] !== undefined));
}

/**
 * `run` of an eflo source: checks the request against eflo's limits, then sends one RunCommand in a
 * form body. The ClientToken makes it idempotent, so the client's retries never start a second one.
 */
export function createEfloRun(client: OpenApiClient): (request: RunRequestInput, options?: RunOptions) => Promise<RunResult> {
  return async (input, options = {}) => {
    const request = checkRunRequest(input, EFLO_RUN_LIMITS, 'eflo');
    const clientToken = request.clientToken ?? newClientToken();
    const response = await client.call({
      action: 'RunCommand',
      body: efloRunCommandParams(request, clientToken),
      idempotent: true,
      ...(options.signal ? { signal: options.signal } : {}),
    });
    const body = readBody(efloRunCommandResponseSchema, response.text, { format: response.format, action: 'RunCommand', ...(response.requestId ? { requestId: response.requestId } : {}) });
    return {
      invokeId: body.InvokeId,
      clientToken,
      split: false,
      invocations: [{ invokeId: body.InvokeId, targetIds: [...request.targets] }],
      rejected: [],
    };
  };
}
