import type { Invocation, InvocationTarget } from '@invocations/core';
import { mapWireInvocation, mapWireTarget, sentFields } from '@invocations/openapi/kit';
import type { EcsContentEncoding } from './request.js';
import type { EcsWireInvocation, EcsWireInvokeInstance } from './wire-schema.js';

/**
 * ECS fields the canonical invocation has no place for, kept under `invocation.extra` (only the keys
 * the service sent):
 * - `tags`: `{ key: value }` from `Tags.Tag[]` (`TagValue` absent -> `''`)
 * - `containerId`, `containerName`: the container the command ran in
 * - `launcher`: the launcher command line (e.g. `python3 -u {{ACS::ScriptFileName|Ext(".py")}}`)
 * - `terminationMode`: `Process` or `ProcessTree`
 * - `ossOutputDelivery`: where outputs are delivered (`oss://bucket/prefix`)
 * - `resourceGroupId`: the resource group the invocation was started with (not documented in the
 *   response; kept when sent)
 */
export interface EcsInvocationExtra {
  tags?: Record<string, string>;
  containerId?: string;
  containerName?: string;
  launcher?: string;
  terminationMode?: string;
  ossOutputDelivery?: string;
  resourceGroupId?: string;
}

/**
 * ECS fields of one target kept under `target.extra` (only the keys the service sent): `ossOutputStatus`
 * (InProgress, Finished, Failed), `ossOutputUri` (empty while delivery is in progress or failed),
 * `ossOutputErrorCode`, `ossOutputErrorInfo`.
 */
export interface EcsTargetExtra {
  ossOutputStatus?: string;
  ossOutputUri?: string;
  ossOutputErrorCode?: string;
  ossOutputErrorInfo?: string;
}

/** Options of {@link mapEcsInvocation}. */
export interface MapEcsInvocationOptions {
  /** How CommandContent and Output were encoded (default `Base64`, the service default). */
  contentEncoding?: EcsContentEncoding;
  /** The region the response came from. */
  region?: string;
  /** Leave out every target's empty output: asked without output, ECS sends `''` as a placeholder. */
  dropEmptyOutput?: boolean;
}

// ECS's own fields, as `extra` names them.
const TARGET_EXTRA = [
  ['OssOutputStatus', 'ossOutputStatus'],
  ['OssOutputUri', 'ossOutputUri'],
  ['OssOutputErrorCode', 'ossOutputErrorCode'],
  ['OssOutputErrorInfo', 'ossOutputErrorInfo'],
] as const;

/** Maps one wire target onto the canonical {@link InvocationTarget} (an empty output left out with `dropEmptyOutput`). */
export function mapEcsTarget(wire: EcsWireInvokeInstance, base64: boolean, dropEmptyOutput = false): InvocationTarget {
  const target = mapWireTarget(wire, { id: wire.InstanceId, legacyStatus: wire.InstanceInvokeStatus, kind: 'instance', product: 'ecs', base64, dropEmptyOutput });
  // Only the keys the service sent; no extra object at all when it sent none (looked at first: this
  // runs for every target of every page, and the OSS fields are rare).
  if (wire.OssOutputStatus === undefined && wire.OssOutputUri === undefined && wire.OssOutputErrorCode === undefined && wire.OssOutputErrorInfo === undefined) {
    return target;
  }
  target.extra = sentFields(wire, TARGET_EXTRA);
  return target;
}

/**
 * Maps one wire invocation onto the canonical {@link Invocation}. `status` is the service's
 * InvocationStatus in the documented spelling, kept even when it disagrees with the targets (seed 003's
 * own example: overall Running, its only instance Success); it is computed with `aggregateStatus` only
 * when the service sent none. CommandContent and Output are Base64-decoded as UTF-8 when the response
 * was Base64 (text that is not Base64 is kept as sent). Absent fields stay absent.
 */
export function mapEcsInvocation(wire: EcsWireInvocation, options: MapEcsInvocationOptions = {}): Invocation {
  const base64 = (options.contentEncoding ?? 'Base64') === 'Base64';
  const dropEmptyOutput = options.dropEmptyOutput === true;
  const targets = wire.InvokeInstances.map((instance) => mapEcsTarget(instance, base64, dropEmptyOutput));
  const invocation = mapWireInvocation(wire, targets, { product: 'ecs', timed: wire.Timed ?? false, base64, region: options.region });
  let tags: Record<string, string> | undefined;
  if (wire.Tags.length > 0) {
    tags = {};
    for (const tag of wire.Tags) if (tag.TagKey !== undefined) tags[tag.TagKey] = tag.TagValue ?? '';
  }
  // Only the keys the service sent, tags first, field by field (this runs for every invocation of every page).
  let extra: EcsInvocationExtra | undefined;
  if (tags !== undefined) (extra ??= {}).tags = tags;
  if (wire.ContainerId !== undefined) (extra ??= {}).containerId = wire.ContainerId;
  if (wire.ContainerName !== undefined) (extra ??= {}).containerName = wire.ContainerName;
  if (wire.Launcher !== undefined) (extra ??= {}).launcher = wire.Launcher;
  if (wire.TerminationMode !== undefined) (extra ??= {}).terminationMode = wire.TerminationMode;
  if (wire.OssOutputDelivery !== undefined) (extra ??= {}).ossOutputDelivery = wire.OssOutputDelivery;
  if (wire.ResourceGroupId !== undefined) (extra ??= {}).resourceGroupId = wire.ResourceGroupId;
  if (extra !== undefined) invocation.extra = extra as Record<string, unknown>;
  return invocation;
}
