import type { RunLimits, RunnableSource, RunRequest } from '@invocations/core';
import type { OpenApiClient } from '@invocations/openapi';
import { createTokenRun, flattenParams, runCommandResponseSchema, tokenRunCommandParams } from '@invocations/openapi/kit';

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
export const efloRunCommandResponseSchema = runCommandResponseSchema;

/**
 * RunCommand's form parameters for a checked request: what ECS and eflo share (openapi's
 * `tokenRunCommandParams`: Base64 content, `Parameters` as JSON, the token), plus `NodeIdList` as JSON.
 */
export function efloRunCommandParams(request: RunRequest, clientToken: string): Record<string, string> {
  return flattenParams({ ...tokenRunCommandParams(request, clientToken), NodeIdList: JSON.stringify(request.targets) });
}

/**
 * `run` of an eflo source: checks the request against eflo's limits, then sends one RunCommand in a
 * form body with a ClientToken (openapi's `createTokenRun`), so retries never start a second one.
 */
export function createEfloRun(client: OpenApiClient): RunnableSource['run'] {
  return createTokenRun(client, { product: 'eflo', limits: EFLO_RUN_LIMITS, params: efloRunCommandParams });
}
