import { wireBoolean, wireInteger, wireString, wireTime, wrappedList } from '@invocations/openapi/kit';
import * as z from 'zod/mini';

// Wire schemas of DescribeInvocations (2014-05-26), JSON and XML alike: decodeBody gives both formats
// the same shape, XML with every value a string. They are lenient exactly where the service is
// sloppy (products.md, quirks 15-23) and small on purpose: unknown fields are ignored rather than
// rejected, so a field the service adds never breaks a listing.

// Text that is content, not a label: kept exactly as sent (no trimming), absent or null -> undefined.
const wireText = z.optional(z.pipe(z.union([z.string(), z.null(), z.undefined()]), z.transform((value) => value ?? undefined)));

// ErrorCode/ErrorInfo go to core's mapTargetError exactly as sent (string with stray spaces, boolean, null).
const wireRaw = z.optional(z.unknown());

/** Zod schema of one tag of an invocation (`Tags.Tag[]`). */
export const ecsWireTagSchema = z.object({
  TagKey: wireString,
  TagValue: wireString,
});
/** One tag as the wire schema reads it. */
export type EcsWireTag = z.output<typeof ecsWireTagSchema>;

/** Zod schema of one target of an invocation (`InvokeInstances.InvokeInstance[]`). */
export const ecsWireInvokeInstanceSchema = z.object({
  InstanceId: z.pipe(wireString, z.string({ error: 'must be a non-empty InstanceId' })),
  InvocationStatus: wireString,
  InstanceInvokeStatus: wireString,
  CreationTime: wireTime,
  StartTime: wireTime,
  FinishTime: wireTime,
  StopTime: wireTime,
  UpdateTime: wireTime,
  Repeats: wireInteger,
  ExitCode: wireInteger,
  Output: wireText,
  Dropped: wireInteger,
  ErrorCode: wireRaw,
  ErrorInfo: wireRaw,
  Timed: wireBoolean,
  OssOutputStatus: wireString,
  OssOutputUri: wireString,
  OssOutputErrorCode: wireString,
  OssOutputErrorInfo: wireString,
}).check(z.refine((instance) => instance.InvocationStatus !== undefined || instance.InstanceInvokeStatus !== undefined, {
  message: 'needs InvocationStatus or InstanceInvokeStatus',
  path: ['InvocationStatus'],
}));
/** One target as the wire schema reads it. */
export type EcsWireInvokeInstance = z.output<typeof ecsWireInvokeInstanceSchema>;

/** Zod schema of one invocation (`Invocations.Invocation[]`). */
export const ecsWireInvocationSchema = z.object({
  InvokeId: z.pipe(wireString, z.string({ error: 'must be a non-empty InvokeId' })),
  CommandId: wireString,
  CommandName: wireString,
  CommandType: wireString,
  CommandDescription: wireString,
  CommandContent: wireText,
  Parameters: wireRaw,
  RepeatMode: wireString,
  Frequency: wireString,
  Timed: wireBoolean,
  Timeout: wireInteger,
  Username: wireString,
  WorkingDir: wireString,
  CreationTime: wireTime,
  InvocationStatus: wireString,
  InvokeStatus: wireString,
  ContainerId: wireString,
  ContainerName: wireString,
  Launcher: wireString,
  OssOutputDelivery: wireString,
  TerminationMode: wireString,
  ResourceGroupId: wireString,
  Tags: wrappedList('Tag', ecsWireTagSchema),
  InvokeInstances: wrappedList('InvokeInstance', ecsWireInvokeInstanceSchema),
});
/** One invocation as the wire schema reads it. */
export type EcsWireInvocation = z.output<typeof ecsWireInvocationSchema>;

/**
 * Zod schema of a DescribeInvocations response body (decoded JSON or XML). `Invocations` must be
 * present (an empty list is `{ Invocation: [] }` in JSON and `<Invocations/>` in XML): without it the
 * body is not a listing, for example an error body that reached us with HTTP 200.
 */
export const ecsDescribeInvocationsResponseSchema = z.object({
  RequestId: z.pipe(wireString, z.string({ error: 'must be a non-empty RequestId' })),
  TotalCount: wireInteger,
  PageNumber: wireInteger,
  PageSize: wireInteger,
  NextToken: wireString,
  Invocations: z.pipe(z.custom<unknown>((value) => value !== undefined, 'is missing: the body is not a DescribeInvocations response'), wrappedList('Invocation', ecsWireInvocationSchema)),
});
/** A DescribeInvocations response as the wire schema reads it. */
export type EcsDescribeInvocationsResponse = z.output<typeof ecsDescribeInvocationsResponseSchema>;

/** Element names that are always lists in the XML body (passed to decodeBody as `arrayTags`). */
export const ECS_XML_ARRAY_TAGS = [
  'Invocations.Invocation',
  'Invocations.Invocation.InvokeInstances.InvokeInstance',
  'Invocations.Invocation.Tags.Tag',
] as const;
