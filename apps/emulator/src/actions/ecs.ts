import { EmulatorApiError, invalidPaging, invalidParameter, invokeIdNotFound, missingParameter } from '../errors.js';
import { ecsInvocation } from '../shapes.js';
import { invocationStateAt } from '../simulator.js';
import { statusAt } from '../status-cache.js';
import { checkCustomParameters, checkParameterNames, substituteParameters } from '../parameters.js';
import { buildInvocation, randomIdBody, regionCode, stopTargets } from '../state.js';
import { planTarget } from '../steering.js';
import type { StoredInvocation } from '../types.js';
import { CLIENT_TOKEN, COMMAND_TYPES, REPEAT_MODES, contentEncoding, decodeContent, regionParam, type ActionContext } from './context.js';

const INVOKE_STATUS_FILTERS = ['Running', 'Finished', 'Failed', 'PartialFailed', 'Stopped', 'Success', 'Stopping', 'Pending', 'Scheduled'] as const;

function encodeToken(offset: number): string {
  return Buffer.from(`emu:${offset}`, 'utf8').toString('base64url');
}

function decodeToken(token: string): number {
  const match = /^emu:(\d+)$/.exec(Buffer.from(token, 'base64url').toString('utf8'));
  if (!match) throw new EmulatorApiError(400, 'InvalidParam.NextToken', 'The specified parameter NextToken is invalid.');
  return Number(match[1]);
}

/**
 * ECS DescribeInvocations (seed 003, products.md §1.1). No InvokeStatus filter is applied when the
 * parameter is absent, although seed 003 says "default Running": the SDK states no default, and a
 * silent filter would hide finished invocations (design decision). Timed likewise filters only when sent.
 */
export function ecsDescribeInvocations(context: ActionContext): Record<string, unknown> {
  const { params, state } = context;
  const region = regionParam(context);
  const encoding = contentEncoding(context);
  const includeOutput = params.boolean('IncludeOutput') ?? false;
  const invokeId = params.get('InvokeId');
  const instanceId = params.get('InstanceId');
  if (includeOutput && !invokeId && !instanceId) {
    throw invalidParameter('IncludeOutput', 'IncludeOutput=true needs InvokeId or InstanceId');
  }
  const commandId = params.get('CommandId');
  // The SDK documents CommandName and RepeatMode as ignored when InstanceId is given.
  const commandName = instanceId ? undefined : params.get('CommandName');
  const repeatMode = instanceId ? undefined : params.oneOf('RepeatMode', REPEAT_MODES);
  const commandType = params.oneOf('CommandType', COMMAND_TYPES);
  const requestedStatus = params.oneOf('InvokeStatus', INVOKE_STATUS_FILTERS);
  // The SDK (DescribeInvocationsRequest.invokeStatus, products.md §5.5): PartialFailed "does not take
  // effect if InstanceId is also specified", so it filters nothing then.
  const invokeStatus = requestedStatus === 'PartialFailed' && instanceId ? undefined : requestedStatus;
  const timed = params.boolean('Timed');
  const resourceGroupId = params.get('ResourceGroupId');
  const tags = params.tags();
  const maxResults = params.integer('MaxResults', () => invalidPaging('MaxResults'));
  const nextToken = params.get('NextToken');
  const tokenMode = maxResults !== undefined || nextToken !== undefined;
  if (maxResults !== undefined && (maxResults < 1 || maxResults > 50)) throw invalidPaging('MaxResults');
  // With MaxResults/NextToken, PageNumber/PageSize do not take effect (ECS DescribeInvocationResults doc).
  const paging = tokenMode ? { pageNumber: 1, pageSize: maxResults ?? 10 } : params.paging(50);

  const offset = tokenMode ? (nextToken ? decodeToken(nextToken) : 0) : (paging.pageNumber - 1) * paging.pageSize;
  const now = state.clock.now();
  const recordFilters: ((invocation: StoredInvocation) => boolean)[] = [];
  // InvokeId and InstanceId pick the candidates from an index; InstanceId is a filter only beside InvokeId.
  if (invokeId && instanceId) recordFilters.push((invocation) => invocation.targets.some((target) => target.id === instanceId));
  if (commandId) recordFilters.push((invocation) => invocation.commandId === commandId);
  if (commandName) recordFilters.push((invocation) => invocation.commandName === commandName);
  if (commandType) recordFilters.push((invocation) => invocation.commandType === commandType);
  if (repeatMode) recordFilters.push((invocation) => invocation.repeatMode === repeatMode);
  if (resourceGroupId) recordFilters.push((invocation) => invocation.resourceGroupId === resourceGroupId);
  if (tags.length > 0) {
    recordFilters.push((invocation) =>
      tags.every((tag) => invocation.tags.some((own) => own.key === tag.key && (tag.value === undefined || own.value === tag.value))),
    );
  }
  // The simulated state is computed (and remembered, see status-cache.ts) only when a filter reads it.
  if (invokeStatus) {
    recordFilters.push((invocation) => {
      const summary = statusAt(invocation, now, state.simulation);
      return summary.invokeStatus === invokeStatus || summary.status === invokeStatus;
    });
  }
  if (timed !== undefined) recordFilters.push((invocation) => statusAt(invocation, now, state.simulation).timed === timed);
  const keep = (invocation: StoredInvocation): boolean => {
    for (const filter of recordFilters) if (!filter(invocation)) return false;
    return true;
  };

  let total: number;
  let page: StoredInvocation[];
  if (invokeId || instanceId) {
    const found = invokeId ? state.store.get('ecs', region, invokeId) : undefined;
    const candidates = invokeId ? (found ? [found] : []) : state.store.withTarget('ecs', region, instanceId as string);
    const matches = recordFilters.length > 0 ? candidates.filter(keep) : candidates;
    total = matches.length;
    page = matches.slice(offset, offset + paging.pageSize);
  } else if (recordFilters.length > 0) {
    const matches = state.store.filter('ecs', region, keep);
    total = matches.length;
    page = matches.slice(offset, offset + paging.pageSize);
  } else {
    total = state.store.size('ecs', region);
    page = state.store.slice('ecs', region, offset, paging.pageSize);
  }
  const body: Record<string, unknown> = {
    TotalCount: total,
    PageNumber: tokenMode ? Math.floor(offset / paging.pageSize) + 1 : paging.pageNumber,
    PageSize: paging.pageSize,
  };
  if (tokenMode) body.NextToken = offset + paging.pageSize < total ? encodeToken(offset + paging.pageSize) : '';
  const options = { includeOutput, encoding };
  body.Invocations = { Invocation: page.map((invocation) => ecsInvocation(invocationStateAt(invocation, now, state.simulation), options)) };
  return body;
}

/** OssOutputDelivery: `oss://${BucketName}/${Prefix}` (RunCommandRequest.ossOutputDelivery). */
const OSS_DELIVERY = /^oss:\/\/[a-z0-9][a-z0-9-]{1,61}[a-z0-9](?:\/.*)?$/i;

/**
 * ECS RunCommand: creates an invocation on `InstanceId.N`; returns InvokeId and CommandId. From the
 * official SDK's RunCommandRequest documentation:
 * - `ClientToken` makes the request idempotent: the same token returns the first InvokeId and creates nothing.
 * - `RepeatMode=DryRun` "only performs a dry run of the request. The command is not actually executed."
 *   The answer is the ECS convention for dry runs, 400 `DryRunOperation` (a guess, README).
 * - `EnableParameter=true` substitutes `{{name}}` (spaces and line breaks inside the braces ignored,
 *   names case-insensitive) from `Parameters`, and the built-in `{{ACS::...}}` names, before the run.
 * - `OssOutputDelivery` (`oss://bucket/prefix`) adds the OSS output fields to each target.
 */
export function ecsRunCommand(context: ActionContext): Record<string, unknown> {
  const { params, state } = context;
  const region = regionParam(context);
  const type = params.oneOf('Type', COMMAND_TYPES);
  if (!type) throw missingParameter('Type');
  const rawContent = decodeContent(context, params.required('CommandContent'));
  const instanceIds = params.list('InstanceId');
  if (instanceIds.length === 0) throw missingParameter('InstanceId');
  if (instanceIds.length > 100) throw invalidParameter('InstanceId', 'at most 100 instances');
  const repeatMode = params.oneOf('RepeatMode', REPEAT_MODES) ?? 'Once';
  const timeout = params.integer('Timeout');
  if (timeout !== undefined && timeout < 1) throw invalidParameter('Timeout', 'must be at least 1');
  const tags = params.tags().map((tag) => ({ key: tag.key, value: tag.value ?? '' }));
  const parameters = params.jsonObject('Parameters') ?? {};
  checkCustomParameters(parameters);
  const enableParameter = params.boolean('EnableParameter') ?? false;
  if (enableParameter) checkParameterNames(rawContent);
  const clientToken = params.get('ClientToken');
  if (clientToken !== undefined && !CLIENT_TOKEN.test(clientToken)) throw invalidParameter('ClientToken', 'ASCII characters only, at most 64');
  const ossOutputDelivery = params.get('OssOutputDelivery');
  if (ossOutputDelivery !== undefined && !OSS_DELIVERY.test(ossOutputDelivery)) {
    throw invalidParameter('OssOutputDelivery', 'must be oss://${BucketName}/${Prefix}');
  }
  const terminationMode = params.oneOf('TerminationMode', ['Process', 'ProcessTree'] as const);
  if (repeatMode === 'DryRun') {
    throw new EmulatorApiError(400, 'DryRunOperation', 'Request validation has been passed with DryRun flag set.');
  }
  if (clientToken !== undefined) {
    const earlier = state.clientTokens.find('ecs', region, clientToken);
    const existing = earlier ? state.store.get('ecs', region, earlier) : undefined;
    if (existing) return { InvokeId: existing.invokeId, CommandId: existing.commandId };
  }
  const code = regionCode(region);
  const invokeId = `t-${code}${randomIdBody(14)}`;
  const commandId = `c-${code}${randomIdBody(14)}`;
  const timeoutSeconds = timeout ?? 60;
  const defaults = { dispatchMs: state.simulation.dispatchMs, runMs: state.simulation.runMs };
  const targets = instanceIds.map((id) => {
    const content = enableParameter ? substituteParameters(rawContent, parameters, { RegionId: region, InstanceId: id, InstanceName: id, InvokeId: invokeId, CommandId: commandId }) : rawContent;
    return planTarget('ecs', id, content, timeoutSeconds, defaults);
  });
  const invocation = buildInvocation(
    {
      product: 'ecs',
      region,
      invokeId,
      commandId,
      commandName: params.get('Name') ?? '',
      commandType: type,
      commandDescription: params.get('Description') ?? '',
      commandContent: rawContent,
      parameters,
      repeatMode,
      frequency: params.get('Frequency') ?? '',
      timeoutSeconds,
      ...(params.get('Username') ? { username: params.get('Username') } : {}),
      ...(params.get('WorkingDir') ? { workingDir: params.get('WorkingDir') } : {}),
      ...(params.get('ResourceGroupId') ? { resourceGroupId: params.get('ResourceGroupId') } : {}),
      tags,
      targets,
    },
    state,
  );
  const containerId = params.get('ContainerId');
  const containerName = params.get('ContainerName');
  const launcher = params.get('Launcher');
  if (containerId) invocation.containerId = containerId;
  if (containerName) invocation.containerName = containerName;
  if (launcher) invocation.launcher = launcher;
  if (terminationMode) invocation.terminationMode = terminationMode;
  if (ossOutputDelivery) invocation.ossOutputDelivery = ossOutputDelivery;
  state.store.insert(invocation);
  if (clientToken !== undefined) state.clientTokens.remember('ecs', region, clientToken, invocation.invokeId);
  return { InvokeId: invocation.invokeId, CommandId: invocation.commandId };
}

/** At most this many instances per StopInvocation (ECS API reference: "最多能指定50台实例ID"). */
export const STOP_INSTANCE_LIMIT = 50;

/**
 * ECS StopInvocation: stops all targets, or those in `InstanceId.N` (at most 50, else 403
 * `InstanceIds.ExceedLimit`, "The number of instance IDs exceeds the upper limit.", ECS API reference
 * api-stopinvocation error table). What a stop does to each target is in simulator.ts.
 */
export function ecsStopInvocation(context: ActionContext): Record<string, unknown> {
  const { params, state } = context;
  const region = regionParam(context);
  const invokeId = params.required('InvokeId');
  const ids = params.list('InstanceId');
  if (ids.length > STOP_INSTANCE_LIMIT) {
    throw new EmulatorApiError(403, 'InstanceIds.ExceedLimit', 'The number of instance IDs exceeds the upper limit.');
  }
  const invocation = state.store.get('ecs', region, invokeId);
  if (!invocation) throw invokeIdNotFound(invokeId);
  stopTargets(invocation, ids, state.clock.now(), state.simulation.stopBehaviour);
  return {};
}
