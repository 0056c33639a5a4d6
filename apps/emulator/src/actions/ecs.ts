import { EmulatorApiError, invalidPaging, invalidParameter, invokeIdNotFound, missingParameter } from '../errors.js';
import { ecsInvocation } from '../shapes.js';
import { invocationStateAt } from '../simulator.js';
import { statusAt } from '../status-cache.js';
import { buildInvocation, stopTargets } from '../state.js';
import type { StoredInvocation } from '../types.js';
import { COMMAND_TYPES, REPEAT_MODES, contentEncoding, decodeContent, regionParam, type ActionContext } from './context.js';

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
  const invokeStatus = params.oneOf('InvokeStatus', INVOKE_STATUS_FILTERS);
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
  const views = page.map((invocation) => invocationStateAt(invocation, now, state.simulation));
  const body: Record<string, unknown> = {
    TotalCount: total,
    PageNumber: tokenMode ? Math.floor(offset / paging.pageSize) + 1 : paging.pageNumber,
    PageSize: paging.pageSize,
  };
  if (tokenMode) body.NextToken = offset + paging.pageSize < total ? encodeToken(offset + paging.pageSize) : '';
  body.Invocations = { Invocation: views.map((view) => ecsInvocation(view, { includeOutput, encoding })) };
  return body;
}

/** ECS RunCommand: creates an invocation on `InstanceId.N`; returns InvokeId and CommandId. */
export function ecsRunCommand(context: ActionContext): Record<string, unknown> {
  const { params, state } = context;
  const region = regionParam(context);
  const type = params.oneOf('Type', COMMAND_TYPES);
  if (!type) throw missingParameter('Type');
  const content = decodeContent(context, params.required('CommandContent'));
  const instanceIds = params.list('InstanceId');
  if (instanceIds.length === 0) throw missingParameter('InstanceId');
  if (instanceIds.length > 100) throw invalidParameter('InstanceId', 'at most 100 instances');
  const repeatMode = params.oneOf('RepeatMode', REPEAT_MODES) ?? 'Once';
  const timeout = params.integer('Timeout');
  if (timeout !== undefined && timeout < 1) throw invalidParameter('Timeout', 'must be at least 1');
  const tags = params.tags().map((tag) => ({ key: tag.key, value: tag.value ?? '' }));
  const invocation = buildInvocation(
    {
      product: 'ecs',
      region,
      commandName: params.get('Name') ?? '',
      commandType: type,
      commandDescription: params.get('Description') ?? '',
      commandContent: content,
      parameters: params.jsonObject('Parameters') ?? {},
      repeatMode,
      frequency: params.get('Frequency') ?? '',
      timeoutSeconds: timeout ?? 60,
      ...(params.get('Username') ? { username: params.get('Username') } : {}),
      ...(params.get('WorkingDir') ? { workingDir: params.get('WorkingDir') } : {}),
      ...(params.get('ResourceGroupId') ? { resourceGroupId: params.get('ResourceGroupId') } : {}),
      tags,
      targetIds: instanceIds,
    },
    state,
  );
  const containerId = params.get('ContainerId');
  const containerName = params.get('ContainerName');
  const launcher = params.get('Launcher');
  const terminationMode = params.oneOf('TerminationMode', ['Process', 'ProcessTree'] as const);
  if (containerId) invocation.containerId = containerId;
  if (containerName) invocation.containerName = containerName;
  if (launcher) invocation.launcher = launcher;
  if (terminationMode) invocation.terminationMode = terminationMode;
  state.store.insert(invocation);
  return { InvokeId: invocation.invokeId, CommandId: invocation.commandId };
}

/** ECS StopInvocation: stops all targets, or those in `InstanceId.N`. */
export function ecsStopInvocation(context: ActionContext): Record<string, unknown> {
  const { params, state } = context;
  const region = regionParam(context);
  const invokeId = params.required('InvokeId');
  const invocation = state.store.get('ecs', region, invokeId);
  if (!invocation) throw invokeIdNotFound(invokeId);
  stopTargets(invocation, params.list('InstanceId'), state.clock.now());
  return {};
}
