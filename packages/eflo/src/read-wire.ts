import { fastInvocationFields, fastRecord, fastRequiredString, fastString, fastTargetFields, fastWrappedList, giveUp, readFast } from '@invocations/openapi/kit';
import type { EfloDescribeInvocationsResponse, EfloWireInvocation, EfloWireInvokeNode } from './wire-schema.js';

// The hot path of parseDescribeInvocations: the rules of the zod wire schemas in wire-schema.ts as
// plain code (zod's per-field work costs several times JSON.parse on a page of 50 invocations with 10
// nodes each). The fields eflo shares with ECS come from the kit's fastTargetFields and
// fastInvocationFields. It accepts exactly what the schemas accept; on anything else it gives up and
// readBody runs the schema, which names the field. read-wire.test.ts checks the two agree.

function node(value: unknown): EfloWireInvokeNode {
  const wire = fastRecord(value);
  const result = fastTargetFields(wire) as EfloWireInvokeNode;
  result.NodeId = fastRequiredString(wire.NodeId);
  result.NodeInvokeStatus = fastString(wire.NodeInvokeStatus);
  if (result.InvocationStatus === undefined && result.NodeInvokeStatus === undefined) giveUp();
  return result;
}

function invocation(value: unknown): EfloWireInvocation {
  const wire = fastRecord(value);
  const result = fastInvocationFields(wire) as EfloWireInvocation;
  result.InvokeNodes = fastWrappedList(wire.InvokeNodes, 'InvokeNode', node);
  return result;
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
