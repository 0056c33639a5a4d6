import {
  aggregateStatus,
  mapTargetError,
  normalizeInvocationStatus,
  normalizeInvokeStatus,
  normalizeRepeatMode,
  normalizeTargetStatus,
  type Invocation,
  type InvocationTarget,
  type TargetStatus,
} from '@invocations/core';
import { decodeBase64Text, parseParameters } from '@invocations/openapi';
import type { EfloContentEncoding } from './request.js';
import type { EfloWireInvocation, EfloWireInvokeNode } from './wire-schema.js';

/** Options of {@link mapEfloInvocation}. */
export interface MapEfloInvocationOptions {
  /** How CommandContent and Output were encoded (default `Base64`, the service default). */
  contentEncoding?: EfloContentEncoding;
  /** The region the response came from (eflo responses do not name it: it is in the endpoint). */
  region?: string;
}

// The legacy per-node status, for a node that sent no InvocationStatus (same reading as ECS's
// InstanceInvokeStatus: Stopped cannot tell Cancelled from Terminated; either is the stopped class).
const fromLegacyNodeStatus: Readonly<Record<string, TargetStatus>> = {
  Running: 'Running',
  Finished: 'Success',
  Failed: 'Failed',
  Stopped: 'Terminated',
  Stopping: 'Stopping',
};

// The wire schema guarantees one of the two is present.
function nodeStatusOf(wire: EfloWireInvokeNode, legacy: string | undefined): TargetStatus {
  if (wire.InvocationStatus !== undefined) return normalizeTargetStatus(wire.InvocationStatus);
  return fromLegacyNodeStatus[legacy as string] ?? (legacy as string);
}

/**
 * Maps one wire node onto the canonical {@link InvocationTarget} (kind `'node'`). The documented
 * quirks end up clean: `Timed: "false"` is `false`, `ErrorCode: " NodeNotExists"` /
 * `"NodeNotExists:"` / `true` go through core's `mapTargetError` (the raw code is kept), times lose
 * their trailing tab and newline, ErrorInfo sentences (typos included) give canonical codes.
 */
export function mapEfloNode(wire: EfloWireInvokeNode, base64: boolean): InvocationTarget {
  const legacy = wire.NodeInvokeStatus === undefined ? undefined : normalizeInvokeStatus(wire.NodeInvokeStatus);
  const target: InvocationTarget = {
    id: wire.NodeId,
    kind: 'node',
    status: nodeStatusOf(wire, legacy),
    droppedBytes: wire.Dropped ?? 0,
    repeats: wire.Repeats ?? 0,
  };
  if (legacy !== undefined) target.legacyStatus = legacy;
  if (wire.ExitCode !== undefined) target.exitCode = wire.ExitCode;
  if (wire.Output !== undefined) target.output = base64 ? decodeBase64Text(wire.Output) : wire.Output;
  if (wire.ErrorCode !== undefined || wire.ErrorInfo !== undefined) {
    const error = mapTargetError({ product: 'eflo', errorCode: wire.ErrorCode, errorInfo: wire.ErrorInfo });
    if (error.errorCode !== undefined) target.errorCode = error.errorCode;
    if (error.rawErrorCode !== undefined) target.rawErrorCode = error.rawErrorCode;
    if (error.errorInfo !== undefined) target.errorInfo = error.errorInfo;
  }
  if (wire.CreationTime !== undefined) target.createdAt = wire.CreationTime;
  if (wire.StartTime !== undefined) target.startedAt = wire.StartTime;
  if (wire.FinishTime !== undefined) target.finishedAt = wire.FinishTime;
  if (wire.StopTime !== undefined) target.stoppedAt = wire.StopTime;
  if (wire.UpdateTime !== undefined) target.updatedAt = wire.UpdateTime;
  if (wire.Timed !== undefined) target.timed = wire.Timed;
  return target;
}

/**
 * Maps one wire invocation onto the canonical {@link Invocation}. `status` is the service's
 * InvocationStatus in the documented spelling, kept even when it disagrees with the nodes (seed 000:
 * overall Success, its only node Pending); it is computed with `aggregateStatus` only when the service
 * sent none. eflo sends `Timed` only per node, so the invocation's `timed` is true when any node will
 * run again by itself (a periodic command stays timed while one node still waits), false otherwise.
 * CommandContent and Output are Base64-decoded as UTF-8 when the response was Base64 (text that is
 * not Base64, like seed 000's masked `cnBtIC1xYSB8IGdyZXAgdnNm****`, is kept as sent).
 */
export function mapEfloInvocation(wire: EfloWireInvocation, options: MapEfloInvocationOptions = {}): Invocation {
  const base64 = (options.contentEncoding ?? 'Base64') === 'Base64';
  const targets = wire.InvokeNodes.map((node) => mapEfloNode(node, base64));
  const invocation: Invocation = {
    product: 'eflo',
    invokeId: wire.InvokeId,
    parameters: parseParameters(wire.Parameters),
    timed: targets.some((target) => target.timed === true),
    status:
      wire.InvocationStatus !== undefined
        ? normalizeInvocationStatus(wire.InvocationStatus)
        : aggregateStatus(targets.map((target) => target.status)),
    targets,
  };
  if (options.region !== undefined) invocation.region = options.region;
  if (wire.CommandName !== undefined) invocation.commandName = wire.CommandName;
  if (wire.CommandDescription !== undefined) invocation.commandDescription = wire.CommandDescription;
  if (wire.CommandContent !== undefined) invocation.commandContent = base64 ? decodeBase64Text(wire.CommandContent) : wire.CommandContent;
  if (wire.RepeatMode !== undefined) invocation.repeatMode = normalizeRepeatMode(wire.RepeatMode);
  if (wire.Frequency !== undefined) invocation.frequency = wire.Frequency;
  if (wire.Username !== undefined) invocation.username = wire.Username;
  if (wire.WorkingDir !== undefined) invocation.workingDir = wire.WorkingDir;
  if (wire.Timeout !== undefined) invocation.timeoutSeconds = wire.Timeout;
  if (wire.CreationTime !== undefined) invocation.createdAt = wire.CreationTime;
  if (wire.InvokeStatus !== undefined) invocation.invokeStatus = normalizeInvokeStatus(wire.InvokeStatus);
  return invocation;
}
