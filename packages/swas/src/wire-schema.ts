import { wireInteger, wireList, wireString, wireTime } from '@invocations/openapi/kit';
import * as z from 'zod/mini';

// Each wire helper is marked .optional(): in zod 4 an object key is only optional when its schema
// says so, and the helpers' transforms do not (an absent key would fail as "nonoptional").
// Response schemas are lenient on purpose: only the fields we map are read, unknown fields pass
// without notice, and every value may arrive as text (XML). A small schema limits breakages when the
// API grows; a field we read that has the wrong shape still fails loudly.

/** One element of SWAS DescribeInvocations' flat `Invocations[]` (seed 001, SWAS SDK 4.0.0). */
export const swasInvocationWireSchema = z.object({
  InvokeId: z.optional(wireString),
  CommandName: z.optional(wireString),
  CommandType: z.optional(wireString),
  /** Always Base64 on DescribeInvocations (there is no ContentEncoding parameter). */
  CommandContent: z.nullish(z.string()),
  /** A map (`{}` when no parameters); kept as `unknown` since XML gives an object of strings or `''`. */
  Parameters: z.optional(z.unknown()),
  CreationTime: z.optional(wireTime),
  /** Per-instance semantics (the request names one instance): Pending ... Terminated, no Scheduled. */
  InvocationStatus: z.optional(wireString),
  /** Running, Finished, Failed or Stopped. */
  InvokeStatus: z.optional(wireString),
});
/** One SWAS invocation record as decoded from JSON or XML. */
export type SwasInvocationWire = z.output<typeof swasInvocationWireSchema>;

/**
 * SWAS DescribeInvocations response. In XML the invocation fields sit directly under each repeated
 * `<Invocations>` element (seed 001), so `Invocations` is decoded as an always-array tag.
 */
export const swasDescribeInvocationsResponseSchema = z.object({
  RequestId: z.optional(wireString),
  TotalCount: z.optional(wireInteger),
  PageNumber: z.optional(wireInteger),
  PageSize: z.optional(wireInteger),
  Invocations: wireList(swasInvocationWireSchema),
});
/** A decoded SWAS DescribeInvocations response. */
export type SwasDescribeInvocationsResponse = z.output<typeof swasDescribeInvocationsResponseSchema>;

/** `InvocationResult` of SWAS DescribeInvocationResult: one object, not a list (SWAS SDK 4.0.0). */
export const swasInvocationResultWireSchema = z.object({
  InvokeId: z.optional(wireString),
  InstanceId: z.optional(wireString),
  InvocationStatus: z.optional(wireString),
  /** Running, Finished, Failed or Stopped: the legacy per-instance status. */
  InvokeRecordStatus: z.optional(wireString),
  /** The user that ran the command (not `Username`). */
  InvokeUser: z.optional(wireString),
  /** Base64 (the example `YWRtaW4K` is "admin\n"); there is no ContentEncoding parameter. */
  Output: z.nullish(z.string()),
  ExitCode: z.optional(wireInteger),
  /** Read as sent: `null`, `''`, or one of ECS's 16 codes. */
  ErrorCode: z.optional(z.unknown()),
  ErrorInfo: z.optional(z.unknown()),
  StartTime: z.optional(wireTime),
  /** `FinishedTime`, not `FinishTime`. */
  FinishedTime: z.optional(wireTime),
});
/** A decoded SWAS `InvocationResult`. */
export type SwasInvocationResultWire = z.output<typeof swasInvocationResultWireSchema>;

/** SWAS DescribeInvocationResult response. */
export const swasDescribeInvocationResultResponseSchema = z.object({
  RequestId: z.optional(wireString),
  InvocationResult: z.pipe(
    z.transform((value: unknown) => (value === '' || value === null ? undefined : value)),
    z.optional(swasInvocationResultWireSchema),
  ),
});
/** A decoded SWAS DescribeInvocationResult response. */
export type SwasDescribeInvocationResultResponse = z.output<typeof swasDescribeInvocationResultResponseSchema>;

/** One element of SWAS ListInstances' flat `Instances[]`; only what discovery needs. */
export const swasInstanceWireSchema = z.object({
  InstanceId: z.optional(wireString),
  InstanceName: z.optional(wireString),
  RegionId: z.optional(wireString),
  Status: z.optional(wireString),
});

/** SWAS ListInstances response (PageSize up to 100, SWAS SDK 4.0.0). */
export const swasListInstancesResponseSchema = z.object({
  RequestId: z.optional(wireString),
  TotalCount: z.optional(wireInteger),
  PageNumber: z.optional(wireInteger),
  PageSize: z.optional(wireInteger),
  Instances: wireList(swasInstanceWireSchema),
});
/** A decoded SWAS ListInstances response. */
export type SwasListInstancesResponse = z.output<typeof swasListInstancesResponseSchema>;
