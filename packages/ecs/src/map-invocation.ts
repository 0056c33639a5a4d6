import {
  aggregateStatus,
  normalizeInvocationStatus,
  normalizeInvokeStatus,
  type Invocation,
  type InvocationTarget,
} from '@invocations/core';
import { applyInvocationDetails, applyTargetDetails, parseParameters, targetStatusOf } from '@invocations/openapi/kit';
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
}

/** Maps one wire target onto the canonical {@link InvocationTarget}. */
export function mapEcsTarget(wire: EcsWireInvokeInstance, base64: boolean): InvocationTarget {
  const legacy = wire.InstanceInvokeStatus === undefined ? undefined : normalizeInvokeStatus(wire.InstanceInvokeStatus);
  const target: InvocationTarget = {
    id: wire.InstanceId,
    kind: 'instance',
    // The wire schema guarantees InvocationStatus or InstanceInvokeStatus.
    status: targetStatusOf(wire.InvocationStatus, legacy),
    droppedBytes: wire.Dropped ?? 0,
    repeats: wire.Repeats ?? 0,
  };
  if (legacy !== undefined) target.legacyStatus = legacy;
  applyTargetDetails(target, wire, { product: 'ecs', base64 });
  // Only the keys the service sent; no extra object at all when it sent none (field by field: this
  // runs for every target of every page).
  let extra: EcsTargetExtra | undefined;
  if (wire.OssOutputStatus !== undefined) (extra ??= {}).ossOutputStatus = wire.OssOutputStatus;
  if (wire.OssOutputUri !== undefined) (extra ??= {}).ossOutputUri = wire.OssOutputUri;
  if (wire.OssOutputErrorCode !== undefined) (extra ??= {}).ossOutputErrorCode = wire.OssOutputErrorCode;
  if (wire.OssOutputErrorInfo !== undefined) (extra ??= {}).ossOutputErrorInfo = wire.OssOutputErrorInfo;
  if (extra !== undefined) target.extra = extra as Record<string, unknown>;
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
  const targets = wire.InvokeInstances.map((instance) => mapEcsTarget(instance, base64));
  const invocation: Invocation = {
    product: 'ecs',
    invokeId: wire.InvokeId,
    parameters: parseParameters(wire.Parameters),
    timed: wire.Timed ?? false,
    status:
      wire.InvocationStatus !== undefined
        ? normalizeInvocationStatus(wire.InvocationStatus)
        : aggregateStatus(targets.map((target) => target.status)),
    targets,
  };
  if (options.region !== undefined) invocation.region = options.region;
  applyInvocationDetails(invocation, wire, { base64 });

  let tags: Record<string, string> | undefined;
  if (wire.Tags.length > 0) {
    tags = {};
    for (const tag of wire.Tags) if (tag.TagKey !== undefined) tags[tag.TagKey] = tag.TagValue ?? '';
  }
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
