import { EmulatorApiError, invalidParameter, missingParameter } from '../errors.js';
import { swasInvocation, swasInvocationResult } from '../shapes.js';
import { invocationStateAt } from '../simulator.js';
import { statusAt } from '../status-cache.js';
import { buildInvocation } from '../state.js';
import { COMMAND_TYPES, regionParam, type ActionContext } from './context.js';

/** SWAS DescribeInvocations filter values (seed 001). */
const SWAS_INVOKE_STATUS = ['Running', 'Finished', 'Failed'] as const;

/** SWAS DescribeInvocations (seed 001): RegionId and InstanceId required, flat `Invocations[]`, paged. */
export function swasDescribeInvocations(context: ActionContext): Record<string, unknown> {
  const { params, state } = context;
  const region = regionParam(context);
  const instanceId = params.required('InstanceId');
  const invokeStatus = params.oneOf('InvokeStatus', SWAS_INVOKE_STATUS);
  const { pageNumber, pageSize } = params.paging(50);
  const now = state.clock.now();
  // The instance's records come from the store's target index; state is computed for the page only,
  // and for the whole list only when InvokeStatus filters on it (remembered, see status-cache.ts).
  const records = state.store.withTarget('swas', region, instanceId);
  const matches = invokeStatus ? records.filter((invocation) => statusAt(invocation, now, state.simulation).invokeStatus === invokeStatus) : records;
  const offset = (pageNumber - 1) * pageSize;
  return {
    TotalCount: matches.length,
    PageNumber: pageNumber,
    PageSize: pageSize,
    Invocations: matches
      .slice(offset, offset + pageSize)
      .map((invocation) => swasInvocation(invocationStateAt(invocation, now, state.simulation), instanceId)),
  };
}

/** SWAS DescribeInvocationResult (products.md §3.1): one object for one instance of one invocation. */
export function swasDescribeInvocationResult(context: ActionContext): Record<string, unknown> {
  const { params, state } = context;
  const region = regionParam(context);
  const instanceId = params.required('InstanceId');
  const invokeId = params.required('InvokeId');
  const invocation = state.store.get('swas', region, invokeId);
  const view = invocation ? invocationStateAt(invocation, state.clock.now(), state.simulation) : undefined;
  const target = view?.targets.find((candidate) => candidate.id === instanceId);
  if (!view || !target) {
    throw new EmulatorApiError(404, 'InvalidInvokeId.NotFound', `The specified InvokeId does not exist on instance ${instanceId}: ${invokeId}.`);
  }
  return { InvocationResult: swasInvocationResult(view, target) };
}

/** A list parameter of ListInstances: "a JSON array ... Separate multiple IDs with commas (,)" (the SDK), so both forms. */
function idList(context: ActionContext, name: string): string[] | undefined {
  const value = context.params.get(name);
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  const items = trimmed.startsWith('[') ? context.params.jsonList(name) ?? [] : trimmed.split(',');
  const cleaned = items.map((item) => item.trim()).filter((item) => item !== '');
  if (cleaned.length > 100) throw invalidParameter(name, 'at most 100 values');
  return cleaned;
}

/** `InstanceName` with `*` wildcards ("fuzzy search with the asterisk (*) wildcard is supported"); exact without one. */
function nameMatcher(pattern: string): (name: string) => boolean {
  if (!pattern.includes('*')) return (name) => name === pattern;
  const source = pattern
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  const regex = new RegExp(`^${source}$`, 's');
  return (name) => regex.test(name);
}

/**
 * SWAS ListInstances, with the filters ListInstancesRequest documents (`@alicloud/swas-open20200601`
 * 4.0.0): InstanceIds and PublicIpAddresses (a JSON array or a comma-separated list, up to 100), Status,
 * InstanceName (`*` wildcard), ResourceGroupId, ChargeType, PlanType and Tag.N.Key/Value. Paged
 * (PageSize 1..100, default 10). Each instance carries every field of the SDK's response model.
 */
export function swasListInstances(context: ActionContext): Record<string, unknown> {
  const { params, state } = context;
  const region = regionParam(context);
  const { pageNumber, pageSize } = params.paging(100);
  const ids = idList(context, 'InstanceIds');
  const ips = idList(context, 'PublicIpAddresses');
  const status = params.get('Status');
  const name = params.get('InstanceName');
  const matchesName = name === undefined ? () => true : nameMatcher(name);
  const resourceGroupId = params.get('ResourceGroupId');
  const chargeType = params.get('ChargeType');
  const planType = params.get('PlanType');
  const tags = params.tags();
  const instances = state.instances
    .list(region)
    .filter((instance) => !ids || ids.includes(instance.InstanceId))
    .filter((instance) => !ips || ips.includes(instance.PublicIpAddress))
    .filter((instance) => !status || instance.Status.toLowerCase() === status.toLowerCase())
    .filter((instance) => matchesName(instance.InstanceName))
    .filter((instance) => !resourceGroupId || instance.ResourceGroupId === resourceGroupId)
    .filter((instance) => !chargeType || instance.ChargeType === chargeType)
    .filter((instance) => !planType || instance.PlanType === planType)
    .filter((instance) => tags.every((tag) => instance.Tags.some((own) => own.Key === tag.key && (tag.value === undefined || own.Value === tag.value))));
  const offset = (pageNumber - 1) * pageSize;
  return {
    TotalCount: instances.length,
    PageNumber: pageNumber,
    PageSize: pageSize,
    Instances: instances.slice(offset, offset + pageSize),
  };
}

/** SWAS RunCommand: one InstanceId, plain CommandContent, Parameters a JSON map; returns InvokeId. */
export function swasRunCommand(context: ActionContext): Record<string, unknown> {
  const { params, state } = context;
  const region = regionParam(context);
  const instanceId = params.required('InstanceId');
  const content = params.required('CommandContent');
  const type = params.oneOf('Type', COMMAND_TYPES);
  if (!type) throw missingParameter('Type');
  const timeout = params.integer('Timeout');
  if (timeout !== undefined && (timeout < 10 || timeout > 86_400)) throw invalidParameter('Timeout', 'must be within 10..86400');
  // "The simple application server must be in the Running state" (SWAS RunCommand reference, usage
  // notes). The codes are guesses (README): the reference lists none for these cases.
  const instance = state.instances.get(region, instanceId);
  if (!instance) throw new EmulatorApiError(404, 'InvalidInstanceId.NotFound', `The specified instance does not exist: ${instanceId}.`);
  if (instance.Status !== 'Running') {
    throw new EmulatorApiError(403, 'IncorrectInstanceStatus', `The current status of the instance does not support this operation: ${instance.Status}.`);
  }
  const invocation = buildInvocation(
    {
      product: 'swas',
      region,
      commandName: params.get('Name') ?? '',
      commandType: type,
      commandContent: content,
      parameters: params.jsonObject('Parameters') ?? {},
      timeoutSeconds: timeout ?? 60,
      ...(params.get('WorkingUser') ? { username: params.get('WorkingUser') } : {}),
      ...(params.get('WorkingDir') ? { workingDir: params.get('WorkingDir') } : {}),
      targetIds: [instanceId],
    },
    state,
  );
  state.store.insert(invocation);
  return { InvokeId: invocation.invokeId };
}

