import { fastList, fastPagingFields, fastRecord, fastString, giveUp, readFast } from '@invocations/openapi/kit';
import type { SwasDescribeInvocationsResponse, SwasInvocationWire } from './wire-schema.js';

// The hot path of parseDescribeInvocations: the rules of `swasDescribeInvocationsResponseSchema` as
// plain code (zod's per-field work costs more than JSON.parse itself on a page of 50). It accepts
// exactly what the schema accepts; on anything else it gives up and readBody runs the schema, which
// names the field. read-wire.test.ts checks the two agree.

// `z.string().nullish()`: a string, null or absent, kept as sent (null stays null).
function nullishString(value: unknown): string | null | undefined {
  if (value === undefined || value === null || typeof value === 'string') return value;
  return giveUp();
}

function invocation(value: unknown): SwasInvocationWire {
  const wire = fastRecord(value);
  return {
    InvokeId: fastString(wire.InvokeId),
    CommandName: fastString(wire.CommandName),
    CommandType: fastString(wire.CommandType),
    CommandContent: nullishString(wire.CommandContent),
    Parameters: wire.Parameters,
    CreationTime: fastString(wire.CreationTime),
    InvocationStatus: fastString(wire.InvocationStatus),
    InvokeStatus: fastString(wire.InvokeStatus),
  };
}

/**
 * Reads a decoded DescribeInvocations body by the rules of `swasDescribeInvocationsResponseSchema`,
 * fast; `undefined` when the body does not fit (run the schema then, for the error).
 */
export function readDescribeInvocationsResponse(decoded: unknown): SwasDescribeInvocationsResponse | undefined {
  return readFast(() => {
    const body = fastRecord(decoded);
    return {
      RequestId: fastString(body.RequestId),
      ...fastPagingFields(body),
      Invocations: fastList(body.Invocations, invocation),
    };
  });
}
