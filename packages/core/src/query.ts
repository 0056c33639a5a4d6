import * as z from 'zod';

/** A tag filter: the key, and optionally the value (ECS only). */
export const tagFilterSchema = z.strictObject({
  key: z.string().min(1, 'must not be empty').max(64, 'must be at most 64 characters'),
  value: z.string().max(128, 'must be at most 128 characters').optional(),
});

/**
 * The canonical query every source accepts. Each adapter maps it onto its product's parameters
 * and rejects, before any request, a field its product cannot serve (for example `commandId` on
 * SWAS, or a listing without `invokeIds` on eflo): nothing is silently ignored.
 */
export const invocationQuerySchema = z.strictObject({
  /** Only these invocations. eflo can only answer with ids; ECS and SWAS ask once per id. */
  invokeIds: z.array(z.string().min(1, 'must not be empty')).min(1, 'must hold at least one id').optional(),
  /** Only invocations on this target: an InstanceId (ECS, SWAS) or a NodeId (eflo). */
  targetId: z.string().min(1, 'must not be empty').optional(),
  /** Only invocations of this command id (ECS). */
  commandId: z.string().min(1, 'must not be empty').optional(),
  /** Only invocations of this command name (ECS). */
  commandName: z.string().min(1, 'must not be empty').optional(),
  /** RunShellScript, RunBatScript or RunPowerShellScript (ECS). */
  commandType: z.string().min(1, 'must not be empty').optional(),
  /**
   * The service-side filter on the legacy overall status (`InvokeStatus`): Running, Finished, Failed
   * on every product that lists; ECS also takes PartialFailed, Stopped, Success, Stopping, Pending,
   * Scheduled. Case-insensitive; each adapter checks the values its product accepts.
   */
  invokeStatus: z.string().min(1, 'must not be empty').optional(),
  /** Only invocations that will (true) or will not (false) run again by themselves (ECS). */
  timed: z.boolean().optional(),
  /** Once, Period, NextRebootOnly or EveryReboot (ECS). */
  repeatMode: z.string().min(1, 'must not be empty').optional(),
  /** Only invocations started with this resource group (ECS). */
  resourceGroupId: z.string().min(1, 'must not be empty').optional(),
  /** Only invocations with these tags (ECS; at most 20). */
  tags: z.array(tagFilterSchema).max(20, 'must hold at most 20 tags').optional(),
  /** Fetch each target's output too. ECS and eflo need `invokeIds` or `targetId` for this. */
  includeOutput: z.boolean().optional(),
  /** Records per request, 1 to 50 (the services' limit). */
  pageSize: z.number().int('must be an integer').min(1, 'must be at least 1').max(50, 'must be at most 50').optional(),
});
/** The canonical query every source accepts (see {@link invocationQuerySchema}). */
export type InvocationQuery = z.input<typeof invocationQuerySchema>;
