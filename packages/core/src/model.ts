import * as z from 'zod/mini';
import { createEnumNormalizer } from './enum.js';

/** The three products whose invocations this library reads. */
export const PRODUCTS = ['ecs', 'swas', 'eflo'] as const;
/** A product id: `'ecs'`, `'swas'` or `'eflo'`. */
export type Product = (typeof PRODUCTS)[number];
/** Zod schema of {@link Product}. */
export const productSchema = z.enum(PRODUCTS);

/** Per-target statuses documented by the three products (seed 003, seed 002). */
export const TARGET_STATUSES = [
  'Pending',
  'Scheduled',
  'Running',
  'Stopping',
  'Success',
  'Invalid',
  'Aborted',
  'Failed',
  'Timeout',
  'Error',
  'Cancelled',
  'Terminated',
] as const;
/** A documented per-target status. */
export type KnownTargetStatus = (typeof TARGET_STATUSES)[number];
/** A per-target status: a documented one, or an unknown value kept as the service sent it. */
export type TargetStatus = KnownTargetStatus | (string & {});
/** Zod schema of {@link TargetStatus}: documented values, or any other non-empty string. */
export const targetStatusSchema = z.string().check(z.minLength(1)) as z.ZodMiniType<TargetStatus>;
/** Normalises a target status case-insensitively (`success` -> `Success`); unknown values are kept. */
export const normalizeTargetStatus = createEnumNormalizer(TARGET_STATUSES);

/** Overall statuses of an invocation (seed 003, seed 002). */
export const INVOCATION_STATUSES = [
  'Pending',
  'Scheduled',
  'Running',
  'Stopping',
  'Stopped',
  'Success',
  'Failed',
  'PartialFailed',
] as const;
/** A documented overall status. */
export type KnownInvocationStatus = (typeof INVOCATION_STATUSES)[number];
/** An overall invocation status: a documented one, or an unknown value kept as sent. */
export type InvocationStatus = KnownInvocationStatus | (string & {});
/** Zod schema of {@link InvocationStatus}. */
export const invocationStatusSchema = z.string().check(z.minLength(1)) as z.ZodMiniType<InvocationStatus>;
/** Normalises an overall status case-insensitively; unknown values are kept. */
export const normalizeInvocationStatus = createEnumNormalizer(INVOCATION_STATUSES);

/** The legacy overall `InvokeStatus` values (seed 003; eflo adds Stopping and PartialFailed, seed 002). */
export const INVOKE_STATUSES = ['Running', 'Finished', 'Failed', 'PartialFailed', 'Stopping', 'Stopped'] as const;
/** A documented legacy `InvokeStatus`. */
export type KnownInvokeStatus = (typeof INVOKE_STATUSES)[number];
/** A legacy `InvokeStatus`: documented, or unknown and kept as sent. */
export type InvokeStatus = KnownInvokeStatus | (string & {});
/** Zod schema of {@link InvokeStatus}. */
export const invokeStatusSchema = z.string().check(z.minLength(1)) as z.ZodMiniType<InvokeStatus>;
/** Normalises a legacy `InvokeStatus` case-insensitively (`finished` -> `Finished`). */
export const normalizeInvokeStatus = createEnumNormalizer(INVOKE_STATUSES);

/** Documented repeat modes (ECS and eflo; ECS's RunCommand also documents DryRun). */
export const REPEAT_MODES = ['Once', 'Period', 'NextRebootOnly', 'EveryReboot', 'DryRun'] as const;
/** A repeat mode: documented, or unknown and kept as sent. */
export type RepeatMode = (typeof REPEAT_MODES)[number] | (string & {});
/** Normalises a repeat mode case-insensitively. */
export const normalizeRepeatMode = createEnumNormalizer(REPEAT_MODES);

/** What a target is: an ECS or SWAS instance, or a Lingjun node. */
export const TARGET_KINDS = ['instance', 'node'] as const;
/** `'instance'` (ECS, SWAS) or `'node'` (eflo). */
export type TargetKind = (typeof TARGET_KINDS)[number];

const isoTime = z.string().check(z.minLength(1));

/** Zod schema of one target (instance or node) of an invocation. */
export const invocationTargetSchema = z.object({
  /** InstanceId or NodeId. */
  id: z.string().check(z.minLength(1)),
  /** `'instance'` or `'node'`. */
  kind: z.enum(TARGET_KINDS),
  /** The target's status as the service reported it (documented spelling when known). */
  status: targetStatusSchema,
  /** The legacy per-target status (InstanceInvokeStatus, NodeInvokeStatus, InvokeRecordStatus), when sent. */
  legacyStatus: z.optional(z.string().check(z.minLength(1))),
  /** Exit code of the command process. */
  exitCode: z.optional(z.number().check(z.int())),
  /** Decoded output text (only when output was asked for). */
  output: z.optional(z.string()),
  /** Characters the service cut beyond 24 KB of output (`Dropped`); 0 when none. */
  droppedBytes: z.number().check(z.int()).check(z.nonnegative()),
  /** Canonical error code (see `TARGET_ERROR_CODES`), or the product's code trimmed when it has no canonical name. */
  errorCode: z.optional(z.string().check(z.minLength(1))),
  /** The error code exactly as the service sent it, when it sent one. */
  rawErrorCode: z.optional(z.string()),
  /** The error detail exactly as the service sent it. */
  errorInfo: z.optional(z.string().check(z.minLength(1))),
  createdAt: z.optional(isoTime),
  startedAt: z.optional(isoTime),
  finishedAt: z.optional(isoTime),
  stoppedAt: z.optional(isoTime),
  updatedAt: z.optional(isoTime),
  /** How many times the command ran on this target (0 or 1 for one-shot commands). */
  repeats: z.number().check(z.int()).check(z.nonnegative()),
  /** Whether the command will run again on this target by itself. */
  timed: z.optional(z.boolean()),
  /** Product-specific fields the canonical model has no place for (documented per adapter). */
  extra: z.optional(z.record(z.string(), z.unknown())),
});
/** One target (instance or node) of an invocation. */
export type InvocationTarget = z.infer<typeof invocationTargetSchema>;

/** Zod schema of one invocation in the canonical model: plain JSON data, no classes, no Dates. */
export const invocationSchema = z.object({
  product: productSchema,
  region: z.optional(z.string().check(z.minLength(1))),
  invokeId: z.string().check(z.minLength(1)),
  commandId: z.optional(z.string().check(z.minLength(1))),
  commandName: z.optional(z.string().check(z.minLength(1))),
  commandDescription: z.optional(z.string().check(z.minLength(1))),
  commandType: z.optional(z.string().check(z.minLength(1))),
  /** Decoded command text (Base64 decoded as UTF-8 when the response was Base64). */
  commandContent: z.optional(z.string()),
  /** Custom parameters: a JSON string on ECS/eflo, a map on SWAS; both end here as an object. */
  parameters: z.record(z.string(), z.unknown()),
  /** Once, Period, NextRebootOnly, EveryReboot (or another value, kept as sent). */
  repeatMode: z.optional(z.string().check(z.minLength(1))),
  frequency: z.optional(z.string().check(z.minLength(1))),
  username: z.optional(z.string().check(z.minLength(1))),
  workingDir: z.optional(z.string().check(z.minLength(1))),
  timeoutSeconds: z.optional(z.number().check(z.int())),
  /** Whether the invocation will run again by itself (`"false"` strings and booleans both end here). */
  timed: z.boolean(),
  /** Creation time, ISO-8601 as the service sent it, trimmed. */
  createdAt: z.optional(isoTime),
  /** The overall status as the service reported it; computed with `aggregateStatus` when it sent none. */
  status: invocationStatusSchema,
  /** The legacy overall InvokeStatus, when the service sent one. */
  invokeStatus: z.optional(invokeStatusSchema),
  targets: z.array(invocationTargetSchema),
  /** Product-specific fields the canonical model has no place for (documented per adapter). */
  extra: z.optional(z.record(z.string(), z.unknown())),
});
/** One invocation (one run of a command on one or more targets) in the canonical model. */
export type Invocation = z.infer<typeof invocationSchema>;
