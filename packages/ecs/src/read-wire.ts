import type { EcsDescribeInvocationsResponse, EcsWireInvocation, EcsWireInvokeInstance, EcsWireTag } from './wire-schema.js';

// The hot path of parseDescribeInvocations: the same rules as the zod wire schemas in wire-schema.ts,
// written as plain code because zod's per-field work costs ~10x JSON.parse on a page of 50
// invocations with 10 targets each. It accepts exactly what the schemas accept; on anything else it
// gives up (returns undefined) and the caller runs the zod schema, which then names the field.
// wire-schema.test.ts checks the two agree on every fixture and on generated bodies.

class Mismatch {}
const mismatch = new Mismatch();

function fail(): never {
  throw mismatch;
}

const isEmpty = (value: unknown): boolean => value === undefined || value === null || (typeof value === 'string' && value.trim() === '');

function text(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') fail();
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}

function required(value: unknown): string {
  return text(value) ?? fail();
}

function content(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  return typeof value === 'string' ? value : fail();
}

function boolean(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (isEmpty(value)) return undefined;
  if (typeof value !== 'string') fail();
  const lower = value.trim().toLowerCase();
  if (lower === 'true') return true;
  if (lower === 'false') return false;
  return fail();
}

const integerText = /^[+-]?\d+$/;

function integer(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isSafeInteger(value) ? value : fail();
  if (isEmpty(value)) return undefined;
  if (typeof value !== 'string') fail();
  const trimmed = value.trim();
  if (!integerText.test(trimmed)) fail();
  const parsed = Number(trimmed);
  return Number.isSafeInteger(parsed) ? parsed : fail();
}

function record(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : fail();
}

function wrapped<Item>(value: unknown, name: string, item: (value: unknown) => Item): Item[] {
  if (isEmpty(value)) return [];
  const list = record(value)[name];
  if (Array.isArray(list)) return list.map(item);
  if (isEmpty(list)) return [];
  return [item(list)];
}

function tag(value: unknown): EcsWireTag {
  const wire = record(value);
  return { TagKey: text(wire.TagKey), TagValue: text(wire.TagValue) };
}

function instance(value: unknown): EcsWireInvokeInstance {
  const wire = record(value);
  const result: EcsWireInvokeInstance = {
    InstanceId: required(wire.InstanceId),
    InvocationStatus: text(wire.InvocationStatus),
    InstanceInvokeStatus: text(wire.InstanceInvokeStatus),
    CreationTime: text(wire.CreationTime),
    StartTime: text(wire.StartTime),
    FinishTime: text(wire.FinishTime),
    StopTime: text(wire.StopTime),
    UpdateTime: text(wire.UpdateTime),
    Repeats: integer(wire.Repeats),
    ExitCode: integer(wire.ExitCode),
    Output: content(wire.Output),
    Dropped: integer(wire.Dropped),
    ErrorCode: wire.ErrorCode,
    ErrorInfo: wire.ErrorInfo,
    Timed: boolean(wire.Timed),
    OssOutputStatus: text(wire.OssOutputStatus),
    OssOutputUri: text(wire.OssOutputUri),
    OssOutputErrorCode: text(wire.OssOutputErrorCode),
    OssOutputErrorInfo: text(wire.OssOutputErrorInfo),
  };
  if (result.InvocationStatus === undefined && result.InstanceInvokeStatus === undefined) fail();
  return result;
}

function invocation(value: unknown): EcsWireInvocation {
  const wire = record(value);
  return {
    InvokeId: required(wire.InvokeId),
    CommandId: text(wire.CommandId),
    CommandName: text(wire.CommandName),
    CommandType: text(wire.CommandType),
    CommandDescription: text(wire.CommandDescription),
    CommandContent: content(wire.CommandContent),
    Parameters: wire.Parameters,
    RepeatMode: text(wire.RepeatMode),
    Frequency: text(wire.Frequency),
    Timed: boolean(wire.Timed),
    Timeout: integer(wire.Timeout),
    Username: text(wire.Username),
    WorkingDir: text(wire.WorkingDir),
    CreationTime: text(wire.CreationTime),
    InvocationStatus: text(wire.InvocationStatus),
    InvokeStatus: text(wire.InvokeStatus),
    ContainerId: text(wire.ContainerId),
    ContainerName: text(wire.ContainerName),
    Launcher: text(wire.Launcher),
    OssOutputDelivery: text(wire.OssOutputDelivery),
    TerminationMode: text(wire.TerminationMode),
    ResourceGroupId: text(wire.ResourceGroupId),
    Tags: wrapped(wire.Tags, 'Tag', tag),
    InvokeInstances: wrapped(wire.InvokeInstances, 'InvokeInstance', instance),
  };
}

/**
 * Reads a decoded DescribeInvocations body by the rules of `ecsDescribeInvocationsResponseSchema`,
 * fast; undefined when the body does not fit (run the schema then, for the error).
 */
export function readDescribeInvocationsResponse(decoded: unknown): EcsDescribeInvocationsResponse | undefined {
  try {
    const body = record(decoded);
    if (body.Invocations === undefined) return undefined;
    return {
      RequestId: required(body.RequestId),
      TotalCount: integer(body.TotalCount),
      PageNumber: integer(body.PageNumber),
      PageSize: integer(body.PageSize),
      NextToken: text(body.NextToken),
      Invocations: wrapped(body.Invocations, 'Invocation', invocation),
    };
  } catch (error) {
    if (error === mismatch) return undefined;
    throw error;
  }
}
