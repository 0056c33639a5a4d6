import {
  fastBoolean,
  fastInvocationFields,
  fastPagingFields,
  fastRecord,
  fastRequiredString,
  fastString,
  fastTargetFields,
  fastWrappedList,
  giveUp,
  readFast,
} from '@invocations/openapi/kit';
import type { EcsDescribeInvocationsResponse, EcsWireInvocation, EcsWireInvokeInstance, EcsWireTag } from './wire-schema.js';

// The hot path of parseDescribeInvocations: the rules of the zod wire schemas in wire-schema.ts,
// written with the kit's plain-code wire readers (the fields ECS shares with eflo come from the kit's
// fastTargetFields and fastInvocationFields) because zod's per-field work costs several times
// JSON.parse on a page of 50 invocations with 10 targets each. It accepts exactly what the schemas
// accept; on anything else it gives up (undefined) and readBody runs the zod schema, which then names
// the field. read-wire.test.ts checks the two agree on every fixture and on generated bodies.

function tag(value: unknown): EcsWireTag {
  const wire = fastRecord(value);
  return { TagKey: fastString(wire.TagKey), TagValue: fastString(wire.TagValue) };
}

function instance(value: unknown): EcsWireInvokeInstance {
  const wire = fastRecord(value);
  const result = fastTargetFields(wire) as EcsWireInvokeInstance;
  result.InstanceId = fastRequiredString(wire.InstanceId);
  result.InstanceInvokeStatus = fastString(wire.InstanceInvokeStatus);
  if (result.InvocationStatus === undefined && result.InstanceInvokeStatus === undefined) giveUp();
  // What ECS alone sends: where the output went in OSS.
  result.OssOutputStatus = fastString(wire.OssOutputStatus);
  result.OssOutputUri = fastString(wire.OssOutputUri);
  result.OssOutputErrorCode = fastString(wire.OssOutputErrorCode);
  result.OssOutputErrorInfo = fastString(wire.OssOutputErrorInfo);
  return result;
}

function invocation(value: unknown): EcsWireInvocation {
  const wire = fastRecord(value);
  const result = fastInvocationFields(wire) as EcsWireInvocation;
  result.CommandId = fastString(wire.CommandId);
  result.CommandType = fastString(wire.CommandType);
  result.Timed = fastBoolean(wire.Timed);
  // The container, launcher and delivery fields eflo does not have.
  result.ContainerId = fastString(wire.ContainerId);
  result.ContainerName = fastString(wire.ContainerName);
  result.Launcher = fastString(wire.Launcher);
  result.OssOutputDelivery = fastString(wire.OssOutputDelivery);
  result.TerminationMode = fastString(wire.TerminationMode);
  result.ResourceGroupId = fastString(wire.ResourceGroupId);
  result.Tags = fastWrappedList(wire.Tags, 'Tag', tag);
  result.InvokeInstances = fastWrappedList(wire.InvokeInstances, 'InvokeInstance', instance);
  return result;
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
      ...fastPagingFields(body),
      NextToken: fastString(body.NextToken),
      Invocations: fastWrappedList(body.Invocations, 'Invocation', invocation),
    };
  });
}
