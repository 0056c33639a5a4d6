import { checkRunRequest, encodeBase64Text, newClientToken, parametersEnabled, type RunLimits, type RunnableSource, type RunRequest } from '@invocations/core';
import * as z from 'zod/mini';
import type { OpenApiClient } from '../transport/client.js';
import { readBody } from './read-body.js';

/** The answer of RunCommand on every product: `{ RequestId, InvokeId }` (ECS adds `CommandId`). */
export const runCommandResponseSchema = z.object({
  RequestId: z.optional(z.string()),
  InvokeId: z.string().check(z.trim()).check(z.minLength(1, 'must be a non-empty InvokeId')),
});

/** One call whose parameters travel in a form body (RunCommand's script would make a URL too long: HTTP 431). */
export interface FormCall {
  action: string;
  body: Record<string, string>;
  /** True when sending it twice does no harm (a ClientToken, or a stop): the client may then retry it. */
  idempotent: boolean;
  signal?: AbortSignal | undefined;
}

/** Sends `call` and reads its answer with `schema` (a wrong answer is a `DecodeError` naming the field). */
export async function callForm<Schema extends z.core.$ZodType>(client: OpenApiClient, schema: Schema, call: FormCall): Promise<z.output<Schema>> {
  const response = await client.call({ action: call.action, body: call.body, idempotent: call.idempotent, ...(call.signal ? { signal: call.signal } : {}) });
  return readBody(schema, response.text, { format: response.format, action: call.action, ...(response.requestId ? { requestId: response.requestId } : {}) });
}

/**
 * The RunCommand parameters ECS and eflo name and encode alike (eflo's API copies ECS's): the content
 * Base64 with `ContentEncoding=Base64`, `Parameters` as JSON (the SDKs' RunCommandShrinkRequest), the
 * token. Each adapter adds its own (RegionId, Type, InstanceId.N or NodeIdList, tags) and flattens them.
 */
export function tokenRunCommandParams(request: RunRequest, clientToken: string): Record<string, string | number | boolean | undefined> {
  return {
    CommandContent: encodeBase64Text(request.command),
    ContentEncoding: 'Base64',
    Timeout: request.timeoutSeconds,
    WorkingDir: request.workingDir,
    Username: request.username,
    Name: request.name,
    Description: request.description,
    EnableParameter: parametersEnabled(request) ? true : undefined,
    Parameters: request.parameters === undefined ? undefined : JSON.stringify(request.parameters),
    ClientToken: clientToken,
  };
}

/** Options of {@link createTokenRun}. */
export interface TokenRunOptions {
  /** The product, for the error messages. */
  product: string;
  /** The product's RunCommand limits, checked before anything is sent. */
  limits: RunLimits;
  /** RunCommand's form parameters for a checked request and its ClientToken. */
  params(request: RunRequest, clientToken: string): Record<string, string>;
  /** The answer's schema (default {@link runCommandResponseSchema}). */
  responseSchema?: z.core.$ZodType<{ InvokeId: string; CommandId?: string | undefined }>;
}

/**
 * `run` of a product whose RunCommand takes every target in one call and a ClientToken (ECS, eflo):
 * checks the request against the product's limits, then sends one RunCommand. The token makes it
 * idempotent, so the client's retries (same parameters, same token) never start a second invocation.
 */
export function createTokenRun(client: OpenApiClient, options: TokenRunOptions): RunnableSource['run'] {
  return async (input, runOptions = {}) => {
    const request = checkRunRequest(input, options.limits, options.product);
    const clientToken = request.clientToken ?? newClientToken();
    const body = await callForm(client, options.responseSchema ?? runCommandResponseSchema, {
      action: 'RunCommand',
      body: options.params(request, clientToken),
      idempotent: true,
      signal: runOptions.signal,
    });
    const commandId = 'CommandId' in body && body.CommandId ? { commandId: body.CommandId } : {};
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
