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

/** SWAS ListInstances: paged (PageSize 1..100), filters InstanceIds (JSON array), Status, InstanceName. */
export function swasListInstances(context: ActionContext): Record<string, unknown> {
  const { params, state } = context;
  const region = regionParam(context);
  const { pageNumber, pageSize } = params.paging(100);
  const ids = params.jsonList('InstanceIds');
  const status = params.get('Status');
  const name = params.get('InstanceName');
  const instances = state.instances
    .list(region)
    .filter((instance) => !ids || ids.includes(instance.InstanceId))
    .filter((instance) => !status || instance.Status.toLowerCase() === status.toLowerCase())
    .filter((instance) => !name || instance.InstanceName.includes(name));
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

