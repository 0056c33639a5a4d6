import { invalidParameter, invokeIdNotFound, missingParameter } from '../errors.js';
import { efloInvocation } from '../shapes.js';
import { invocationStateAt } from '../simulator.js';
import { buildInvocation, stopTargets } from '../state.js';
import { CLIENT_TOKEN, REPEAT_MODES, checkRegion, contentEncoding, decodeContent, type ActionContext } from './context.js';

/**
 * eflo DescribeInvocations (seed 000): InvokeId required, optional NodeId, no paging; the region is
 * the endpoint's. With NodeId only that node is listed and the statuses are computed over it.
 */
export function efloDescribeInvocations(context: ActionContext): Record<string, unknown> {
  const { params, state } = context;
  const region = checkRegion('eflo', context.hostRegion);
  const invokeId = params.required('InvokeId');
  const nodeId = params.get('NodeId');
  const encoding = contentEncoding(context);
  const includeOutput = params.boolean('IncludeOutput') ?? false;
  const invocation = state.store.get('eflo', region, invokeId);
  const list: Record<string, unknown>[] = [];
  if (invocation && (!nodeId || invocation.targets.some((target) => target.id === nodeId))) {
    const scoped = nodeId ? { ...invocation, targets: invocation.targets.filter((target) => target.id === nodeId) } : invocation;
    list.push(efloInvocation(invocationStateAt(scoped, state.clock.now(), state.simulation), { includeOutput, encoding }));
  }
  return { Invocations: { Invocation: list } };
}

/**
 * eflo RunCommand: form body, NodeIdList a JSON array; returns InvokeId. `ClientToken` (eflo SDK's
 * RunCommandRequest: ASCII, at most 64) makes it idempotent as on ECS.
 */
export function efloRunCommand(context: ActionContext): Record<string, unknown> {
  const { params, state } = context;
  const region = checkRegion('eflo', context.hostRegion);
  const commandId = params.get('CommandId');
  const rawContent = commandId ? (params.get('CommandContent') ?? '') : params.required('CommandContent');
  const content = decodeContent(context, rawContent);
  const nodeIds = params.jsonList('NodeIdList') ?? [];
  if (nodeIds.length === 0) throw missingParameter('NodeIdList');
  const timeout = params.integer('Timeout');
  const clientToken = params.get('ClientToken');
  if (clientToken !== undefined && !CLIENT_TOKEN.test(clientToken)) throw invalidParameter('ClientToken', 'ASCII characters only, at most 64');
  if (clientToken !== undefined) {
    const earlier = state.clientTokens.find('eflo', region, clientToken);
    const existing = earlier ? state.store.get('eflo', region, earlier) : undefined;
    if (existing) return { InvokeId: existing.invokeId };
  }
  const invocation = buildInvocation(
    {
      product: 'eflo',
      region,
      commandName: params.get('Name') ?? '',
      commandDescription: params.get('Description') ?? '',
      commandContent: content,
      parameters: params.jsonObject('Parameters') ?? {},
      repeatMode: params.oneOf('RepeatMode', REPEAT_MODES) ?? 'Once',
      frequency: params.get('Frequency') ?? '',
      timeoutSeconds: timeout ?? 60,
      ...(params.get('Username') ? { username: params.get('Username') } : {}),
      ...(params.get('WorkingDir') ? { workingDir: params.get('WorkingDir') } : {}),
      targetIds: nodeIds,
    },
    state,
  );
  state.store.insert(invocation);
  if (clientToken !== undefined) state.clientTokens.remember('eflo', region, clientToken, invocation.invokeId);
  return { InvokeId: invocation.invokeId };
}

/** eflo StopInvocation: stops all nodes, or those in NodeIdList. */
export function efloStopInvocation(context: ActionContext): Record<string, unknown> {
  const { params, state } = context;
  const region = checkRegion('eflo', context.hostRegion);
  const invokeId = params.required('InvokeId');
  const invocation = state.store.get('eflo', region, invokeId);
  if (!invocation) throw invokeIdNotFound(invokeId);
  stopTargets(invocation, params.jsonList('NodeIdList') ?? [], state.clock.now(), state.simulation.stopBehaviour);
  return {};
}
