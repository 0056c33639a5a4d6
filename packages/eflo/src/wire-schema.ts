import { wireBoolean, wireInteger, wireString, wireTime, wrappedList } from '@invocations/openapi/kit';
import * as z from 'zod/mini';

// Wire schemas of eflo-controller DescribeInvocations (2022-12-15), JSON and XML alike: decodeBody
// gives both formats the same shape, XML with every value a string. They are lenient exactly where
// the service is sloppy (products.md, eflo quirks 1-9) and small on purpose: unknown fields are
// ignored, so a field the service adds never breaks a call.
//
// Every helper is marked .optional(): in zod 4 an object key may be absent only when its schema says
// so, and the shared helpers' transforms do not.

// Text that is content, not a label: kept exactly as sent (no trimming), absent or null -> undefined.
const wireText = z.pipe(z.nullish(z.string()), z.transform((value) => value ?? undefined));

// ErrorCode/ErrorInfo go to core's mapTargetError exactly as sent: a string with a leading space or a
// trailing colon (seeds 000/002), a boolean (SDK 1.2.x and seed 002 type it so), null.
const wireRaw = z.optional(z.unknown());

/** Zod schema of one node of an invocation (`InvokeNodes.InvokeNode[]`). */
export const efloWireInvokeNodeSchema = z.object({
    NodeId: z.pipe(z.optional(wireString), z.string({ error: 'must be a non-empty NodeId' })),
    InvocationStatus: z.optional(wireString),
    /** The legacy per-node status (example `Finished`). */
    NodeInvokeStatus: z.optional(wireString),
    CreationTime: z.optional(wireTime),
    StartTime: z.optional(wireTime),
    FinishTime: z.optional(wireTime),
    /** Seed 000 sends `"2019-12-20T06:15:55Z\t\n"`; wireTime trims it. */
    StopTime: z.optional(wireTime),
    UpdateTime: z.optional(wireTime),
    Repeats: z.optional(wireInteger),
    ExitCode: z.optional(wireInteger),
    Output: wireText,
    Dropped: z.optional(wireInteger),
    /** A string, or eflo SDK 1.2.x's boolean (XML sends it as "true"/"false": core's mapTargetError reads both). */
    ErrorCode: wireRaw,
    ErrorInfo: wireRaw,
    /** The string `"false"` in seed 000 (a string in every SDK); booleans accepted too. */
    Timed: z.optional(wireBoolean),
  }).check(z.refine((node) => node.InvocationStatus !== undefined || node.NodeInvokeStatus !== undefined, {
    message: 'needs InvocationStatus or NodeInvokeStatus',
    path: ['InvocationStatus'],
  }));
/** One node as the wire schema reads it. */
export type EfloWireInvokeNode = z.output<typeof efloWireInvokeNodeSchema>;

/** Zod schema of one invocation (`Invocations.Invocation[]`). eflo has no CommandId, CommandType or invocation-level Timed. */
export const efloWireInvocationSchema = z.object({
  InvokeId: z.pipe(z.optional(wireString), z.string({ error: 'must be a non-empty InvokeId' })),
  CommandName: z.optional(wireString),
  CommandDescription: z.optional(wireString),
  CommandContent: wireText,
  /** A JSON string (`"{}"`, seed 000). */
  Parameters: wireRaw,
  RepeatMode: z.optional(wireString),
  Frequency: z.optional(wireString),
  Timeout: z.optional(wireInteger),
  Username: z.optional(wireString),
  WorkingDir: z.optional(wireString),
  CreationTime: z.optional(wireTime),
  InvocationStatus: z.optional(wireString),
  InvokeStatus: z.optional(wireString),
  InvokeNodes: wrappedList('InvokeNode', efloWireInvokeNodeSchema),
});
/** One invocation as the wire schema reads it. */
export type EfloWireInvocation = z.output<typeof efloWireInvocationSchema>;

/**
 * Zod schema of a DescribeInvocations response body (decoded JSON or XML). The top level holds only
 * `RequestId` and `Invocations`: no paging fields. `Invocations` must be present (an unknown id gives
 * `{ Invocation: [] }` / `<Invocations/>`); without it the body is not a DescribeInvocations answer.
 */
export const efloDescribeInvocationsResponseSchema = z.object({
  RequestId: z.pipe(z.optional(wireString), z.string({ error: 'must be a non-empty RequestId' })),
  Invocations: z.pipe(z.custom<unknown>((value) => value !== undefined, 'is missing: the body is not a DescribeInvocations response'), wrappedList('Invocation', efloWireInvocationSchema)),
});
/** A DescribeInvocations response as the wire schema reads it. */
export type EfloDescribeInvocationsResponse = z.output<typeof efloDescribeInvocationsResponseSchema>;

/** Element names that are always lists in the XML body (passed to decodeBody as `arrayTags`). */
export const EFLO_XML_ARRAY_TAGS = ['Invocations.Invocation', 'Invocations.Invocation.InvokeNodes.InvokeNode'] as const;
