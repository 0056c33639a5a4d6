import * as z from 'zod/mini';

/** A tag filter: the key, and optionally the value (ECS only). */
export const tagFilterSchema = z.strictObject({
  key: z.string().check(z.minLength(1, 'must not be empty')).check(z.maxLength(64, 'must be at most 64 characters')),
  value: z.optional(z.string().check(z.maxLength(128, 'must be at most 128 characters'))),
});

/**
 * The canonical query every source accepts. Each adapter maps it onto its product's parameters
 * and rejects, before any request, a field its product cannot serve (for example `commandId` on
 * SWAS, or a listing without `invokeIds` on eflo): nothing is silently ignored.
 */
export const invocationQuerySchema = z.strictObject({
  /** Only these invocations. eflo can only answer with ids; ECS and SWAS ask once per id. */
  invokeIds: z.optional(z.array(z.string().check(z.minLength(1, 'must not be empty'))).check(z.minLength(1, 'must hold at least one id'))),
  /** Only invocations on this target: an InstanceId (ECS, SWAS) or a NodeId (eflo). */
  targetId: z.optional(z.string().check(z.minLength(1, 'must not be empty'))),
  /** Only invocations of this command id (ECS). */
  commandId: z.optional(z.string().check(z.minLength(1, 'must not be empty'))),
  /** Only invocations of this command name (ECS). */
  commandName: z.optional(z.string().check(z.minLength(1, 'must not be empty'))),
  /** RunShellScript, RunBatScript or RunPowerShellScript (ECS). */
  commandType: z.optional(z.string().check(z.minLength(1, 'must not be empty'))),
  /**
   * The service-side filter on the legacy overall status (`InvokeStatus`): Running, Finished, Failed
   * on every product that lists; ECS also takes PartialFailed, Stopped, Success, Stopping, Pending,
   * Scheduled. Case-insensitive; each adapter checks the values its product accepts.
   */
  invokeStatus: z.optional(z.string().check(z.minLength(1, 'must not be empty'))),
  /** Only invocations that will (true) or will not (false) run again by themselves (ECS). */
  timed: z.optional(z.boolean()),
  /** Once, Period, NextRebootOnly or EveryReboot (ECS). */
  repeatMode: z.optional(z.string().check(z.minLength(1, 'must not be empty'))),
  /** Only invocations started with this resource group (ECS). */
  resourceGroupId: z.optional(z.string().check(z.minLength(1, 'must not be empty'))),
  /** Only invocations with these tags (ECS; at most 20). */
  tags: z.optional(z.array(tagFilterSchema).check(z.maxLength(20, 'must hold at most 20 tags'))),
  /** Fetch each target's output too. ECS and eflo need `invokeIds` or `targetId` for this. */
  includeOutput: z.optional(z.boolean()),
  /** Records per request, 1 to 50 (the services' limit). */
  pageSize: z.optional(z.number().check(z.int('must be an integer')).check(z.gte(1, 'must be at least 1')).check(z.lte(50, 'must be at most 50'))),
});
/** The canonical query every source accepts (see {@link invocationQuerySchema}). */
export type InvocationQuery = z.input<typeof invocationQuerySchema>;
