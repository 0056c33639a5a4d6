import { fastBoolean, fastContent, fastInteger, fastRecord, fastRequiredString, fastString, fastWrappedList, giveUp, readFast } from '@invocations/openapi/kit';
import type { EcsDescribeInvocationsResponse, EcsWireInvocation, EcsWireInvokeInstance, EcsWireTag } from './wire-schema.js';

// The hot path of parseDescribeInvocations: the rules of the zod wire schemas in wire-schema.ts,
// written with the kit's plain-code wire readers because zod's per-field work costs several times
// JSON.parse on a page of 50 invocations with 10 targets each. It accepts exactly what the schemas
// accept; on anything else it gives up (undefined) and readBody runs the zod schema, which then names
// the field. read-wire.test.ts checks the two agree on every fixture and on generated bodies.

function tag(value: unknown): EcsWireTag {
  const wire = fastRecord(value);
  return { TagKey: fastString(wire.TagKey), TagValue: fastString(wire.TagValue) };
}

function instance(value: unknown): EcsWireInvokeInstance {
  const wire = fastRecord(value);
  const result: EcsWireInvokeInstance = {
    InstanceId: fastRequiredString(wire.InstanceId),
    InvocationStatus: fastString(wire.InvocationStatus),
    InstanceInvokeStatus: fastString(wire.InstanceInvokeStatus),
    CreationTime: fastString(wire.CreationTime),
    StartTime: fastString(wire.StartTime),
    FinishTime: fastString(wire.FinishTime),
    StopTime: fastString(wire.StopTime),
    UpdateTime: fastString(wire.UpdateTime),
    Repeats: fastInteger(wire.Repeats),
    ExitCode: fastInteger(wire.ExitCode),
    Output: fastContent(wire.Output),
    Dropped: fastInteger(wire.Dropped),
    ErrorCode: wire.ErrorCode,
    ErrorInfo: wire.ErrorInfo,
    Timed: fastBoolean(wire.Timed),
    OssOutputStatus: fastString(wire.OssOutputStatus),
    OssOutputUri: fastString(wire.OssOutputUri),
    OssOutputErrorCode: fastString(wire.OssOutputErrorCode),
    OssOutputErrorInfo: fastString(wire.OssOutputErrorInfo),
  };
  if (result.InvocationStatus === undefined && result.InstanceInvokeStatus === undefined) giveUp();
  return result;
}

function invocation(value: unknown): EcsWireInvocation {
  const wire = fastRecord(value);
  return {
    InvokeId: fastRequiredString(wire.InvokeId),
    CommandId: fastString(wire.CommandId),
    CommandName: fastString(wire.CommandName),
    CommandType: fastString(wire.CommandType),
    CommandDescription: fastString(wire.CommandDescription),
    CommandContent: fastContent(wire.CommandContent),
    Parameters: wire.Parameters,
    RepeatMode: fastString(wire.RepeatMode),
    Frequency: fastString(wire.Frequency),
    Timed: fastBoolean(wire.Timed),
    Timeout: fastInteger(wire.Timeout),
    Username: fastString(wire.Username),
    WorkingDir: fastString(wire.WorkingDir),
    CreationTime: fastString(wire.CreationTime),
    InvocationStatus: fastString(wire.InvocationStatus),
    InvokeStatus: fastString(wire.InvokeStatus),
    ContainerId: fastString(wire.ContainerId),
    ContainerName: fastString(wire.ContainerName),
    Launcher: fastString(wire.Launcher),
    OssOutputDelivery: fastString(wire.OssOutputDelivery),
    TerminationMode: fastString(wire.TerminationMode),
    ResourceGroupId: fastString(wire.ResourceGroupId),
    Tags: fastWrappedList(wire.Tags, 'Tag', tag),
    InvokeInstances: fastWrappedList(wire.InvokeInstances, 'InvokeInstance', instance),
  };
}

/**
 * Reads a decoded DescribeInvocations body by the rules of `ecsDescribeInvocationsResponseSchema`,
 * fast; undefined when the body does not fit (run the schema then, for the error).
 */
export function readDescribeInvocationsResponse(decoded: unknown): EcsDescribeInvocationsResponse | undefined {
  return readFast(() => {
    const body = fastRecord(decoded);
    if (body.Invocations === undefined) return undefined;
    return {
      RequestId: fastRequiredString(body.RequestId),
      TotalCount: fastInteger(body.TotalCount),
      PageNumber: fastInteger(body.PageNumber),
      PageSize: fastInteger(body.PageSize),
      NextToken: fastString(body.NextToken),
      Invocations: fastWrappedList(body.Invocations, 'Invocation', invocation),
    };
  });
}
