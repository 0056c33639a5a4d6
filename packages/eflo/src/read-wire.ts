import {
  fastBoolean,
  fastContent,
  fastInteger,
  fastRecord,
  fastRequiredString,
  fastString,
  fastWrappedList,
  giveUp,
  readFast,
} from '@invocations/openapi/kit';
import type { EfloDescribeInvocationsResponse, EfloWireInvocation, EfloWireInvokeNode } from './wire-schema.js';

// The hot path of parseDescribeInvocations: the rules of the zod wire schemas in wire-schema.ts as
// plain code (zod's per-field work costs several times JSON.parse on a page of 50 invocations with 10
// nodes each). It accepts exactly what the schemas accept; on anything else it gives up and readBody
// runs the schema, which names the field. read-wire.test.ts checks the two agree.

function node(value: unknown): EfloWireInvokeNode {
  const wire = fastRecord(value);
  const result: EfloWireInvokeNode = {
    NodeId: fastRequiredString(wire.NodeId),
    InvocationStatus: fastString(wire.InvocationStatus),
    NodeInvokeStatus: fastString(wire.NodeInvokeStatus),
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
  };
  if (result.InvocationStatus === undefined && result.NodeInvokeStatus === undefined) giveUp();
  return result;
}

function invocation(value: unknown): EfloWireInvocation {
  const wire = fastRecord(value);
  return {
    InvokeId: fastRequiredString(wire.InvokeId),
    CommandName: fastString(wire.CommandName),
    CommandDescription: fastString(wire.CommandDescription),
    CommandContent: fastContent(wire.CommandContent),
    Parameters: wire.Parameters,
    RepeatMode: fastString(wire.RepeatMode),
    Frequency: fastString(wire.Frequency),
    Timeout: fastInteger(wire.Timeout),
    Username: fastString(wire.Username),
    WorkingDir: fastString(wire.WorkingDir),
    CreationTime: fastString(wire.CreationTime),
    InvocationStatus: fastString(wire.InvocationStatus),
    InvokeStatus: fastString(wire.InvokeStatus),
    InvokeNodes: fastWrappedList(wire.InvokeNodes, 'InvokeNode', node),
  };
}

/**
 * Reads a decoded DescribeInvocations body by the rules of `efloDescribeInvocationsResponseSchema`,
 * fast; `undefined` when the body does not fit (run the schema then, for the error).
 */
export function readDescribeInvocationsResponse(decoded: unknown): EfloDescribeInvocationsResponse | undefined {
  return readFast(() => {
    const body = fastRecord(decoded);
    if (body.Invocations === undefined) giveUp();
    return {
      RequestId: fastRequiredString(body.RequestId),
      Invocations: fastWrappedList(body.Invocations, 'Invocation', invocation),
    };
  });
}
