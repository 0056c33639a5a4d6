import { ApiError, checkRunRequest, InvocationsError, parametersEnabled, WIRE_COMMAND_TYPES, type RejectedTarget, type RunLimits, type RunnableSource, type RunRequest, type StartedInvocation } from '@invocations/core';
import type { OpenApiClient } from '@invocations/openapi';
import { callForm, createLimiter, flattenParams, runCommandResponseSchema, type Concurrency } from '@invocations/openapi/kit';

/**
 * SWAS RunCommand's limits (`@alicloud/swas-open20200601` 4.0.0 RunCommandRequest): one `InstanceId`
 * per call; the command at most 16 KB after Base64 with its parameters; `Parameters` 0 to 20; at
 * most 20 `{{names}}`. The API has no Description, no tags and no ClientToken, so those are refused.
 */
export const SWAS_RUN_LIMITS: RunLimits = {
  maxCommandBase64Bytes: 16 * 1024,
  maxParameters: 20,
  maxPlaceholders: 20,
  unsupported: ['tags', 'description', 'clientToken'],
};

/** SWAS RunCommand requires a Name ("This parameter is required."); this one is sent when the request has none. */
export const SWAS_DEFAULT_COMMAND_NAME = 'invocations-run';

/** The answer of SWAS RunCommand: `{ RequestId, InvokeId }`. */
export const swasRunCommandResponseSchema = runCommandResponseSchema;

/** RunCommand's form parameters for one instance: plain-text content, `Parameters` as JSON, `WorkingUser`. */
export function swasRunCommandParams(request: RunRequest, region: string, instanceId: string): Record<string, string> {
  return flattenParams({
    RegionId: region,
    InstanceId: instanceId,
    Type: WIRE_COMMAND_TYPES[request.type],
    CommandContent: request.command,
    Name: request.name ?? SWAS_DEFAULT_COMMAND_NAME,
    Timeout: request.timeoutSeconds,
    WorkingDir: request.workingDir,
    WorkingUser: request.username,
    EnableParameter: parametersEnabled(request) ? true : undefined,
    Parameters: request.parameters === undefined ? undefined : JSON.stringify(request.parameters),
  });
}

type Outcome = { kind: 'started'; started: StartedInvocation } | { kind: 'rejected'; rejected: RejectedTarget } | { kind: 'unknown'; targetId: string; error: unknown };

/**
 * `run` of a SWAS source. SWAS RunCommand takes one instance, so each target gets its own call
 * (`concurrency` at a time) and its own invocation; the result lists them (`split` when there were
 * several). A target the service refuses (an `ApiError`: unknown or stopped instance, ...) is listed
 * in `rejected`; when every target is refused, the first refusal is thrown. SWAS has no ClientToken,
 * so a call is never retried once it may have reached the service (idempotent: false): a lost answer
 * is an error saying the command may have started there, never a second run.
 */
export function createSwasRun(client: OpenApiClient, region: string, concurrency: Concurrency): RunnableSource['run'] {
  return async (input, options = {}) => {
    const request = checkRunRequest(input, SWAS_RUN_LIMITS, 'swas');
    const limit = createLimiter(concurrency);
    const outcomes = await Promise.all(
      request.targets.map((targetId) =>
        limit(async (): Promise<Outcome> => {
          try {
            // Never retried once it may have reached the service: SWAS RunCommand has no ClientToken.
            const body = await callForm(client, swasRunCommandResponseSchema, { action: 'RunCommand', body: swasRunCommandParams(request, region, targetId), idempotent: false, signal: options.signal });
            return { kind: 'started', started: { invokeId: body.InvokeId, targetIds: [targetId] } };
          } catch (error) {
            if (ApiError.isInstance(error)) return { kind: 'rejected', rejected: { targetId, error } };
            return { kind: 'unknown', targetId, error };
          }
        }),
      ),
    );
    const invocations = outcomes.flatMap((outcome) => (outcome.kind === 'started' ? [outcome.started] : []));
    const rejected = outcomes.flatMap((outcome) => (outcome.kind === 'rejected' ? [outcome.rejected] : []));
    const unknown = outcomes.flatMap((outcome) => (outcome.kind === 'unknown' ? [outcome] : []));
    if (unknown.length > 0) {
      const first = unknown[0] as { targetId: string; error: unknown };
      const startedText = invocations.length > 0 ? ` Started: ${invocations.map((item) => `${item.targetIds[0]} ${item.invokeId}`).join(', ')}.` : '';
      throw new InvocationsError(
        `swas RunCommand on ${unknown.map((item) => item.targetId).join(', ')} got no answer (${first.error instanceof Error ? first.error.message : String(first.error)}); the command may have started there. It was not retried: SWAS RunCommand has no ClientToken.${startedText}`,
        { cause: first.error },
      );
    }
    if (invocations.length === 0) throw (rejected[0] as RejectedTarget).error;
    const first = invocations[0] as StartedInvocation;
    return { invokeId: first.invokeId, split: request.targets.length > 1, invocations, rejected };
  };
}
