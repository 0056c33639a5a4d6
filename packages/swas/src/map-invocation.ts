import {
  aggregateStatus,
  deriveInvokeStatus,
  mapTargetError,
  normalizeInvokeStatus,
  normalizeTargetStatus,
  type Invocation,
  type InvocationTarget,
  type TargetStatus,
} from '@invocations/core';
import { decodeBase64Text, parseParameters, targetStatusOf } from '@invocations/openapi/kit';
import type { SwasInvocationResultWire, SwasInvocationWire } from './wire-schema.js';

/** Where a SWAS record came from: the response does not name its instance, the request did. */
export interface SwasMappingContext {
  /** The instance that was queried: it becomes the invocation's one target. */
  instanceId: string;
  /** The region that was queried. */
  region?: string;
}

/**
 * Maps one SWAS DescribeInvocations record onto the canonical model. SWAS's invocation-level
 * `InvocationStatus` has per-instance semantics (the request names one instance), so it becomes the
 * one target's status and the invocation's status is computed with `aggregateStatus` (Timeout ->
 * Failed). SWAS has no RepeatMode (RunCommand and InvokeCommand take none), so `timed` is false.
 * `CommandContent` is always Base64 on this API.
 */
export function mapSwasInvocation(wire: SwasInvocationWire & { InvokeId: string }, context: SwasMappingContext): Invocation {
  const invokeStatus = wire.InvokeStatus === undefined ? undefined : normalizeInvokeStatus(wire.InvokeStatus);
  // Without InvocationStatus the legacy InvokeStatus is the best we have (Pending when neither came).
  const targetStatus: TargetStatus =
    wire.InvocationStatus === undefined && invokeStatus === undefined ? 'Pending' : targetStatusOf(wire.InvocationStatus, invokeStatus);
  const target: InvocationTarget = {
    id: context.instanceId,
    kind: 'instance',
    status: targetStatus,
    // DescribeInvocations has neither Dropped nor Repeats; DescribeInvocationResult neither.
    droppedBytes: 0,
    repeats: 0,
  };
  const invocation: Invocation = {
    product: 'swas',
    invokeId: wire.InvokeId,
    parameters: parseParameters(wire.Parameters),
    timed: false,
    status: aggregateStatus([targetStatus]),
    targets: [target],
  };
  if (context.region !== undefined) invocation.region = context.region;
  if (wire.CommandName !== undefined) invocation.commandName = wire.CommandName;
  if (wire.CommandType !== undefined) invocation.commandType = wire.CommandType;
  if (typeof wire.CommandContent === 'string' && wire.CommandContent.trim() !== '') {
    invocation.commandContent = decodeBase64Text(wire.CommandContent);
  }
  if (wire.CreationTime !== undefined) invocation.createdAt = wire.CreationTime;
  if (invokeStatus !== undefined) invocation.invokeStatus = invokeStatus;
  return invocation;
}

/** One instance's result from DescribeInvocationResult, mapped onto the canonical target. */
export interface SwasInvocationResult {
  invokeId?: string;
  /** The instance; `undefined` when the record did not name it. */
  instanceId?: string;
  /** `InvokeUser`: the user that ran the command. */
  username?: string;
  /** `InvocationStatus` when the record carried one (`target.status` then says `Pending`). */
  reportedStatus?: TargetStatus;
  /** The target with exit code, decoded output, canonical error, times and statuses. */
  target: InvocationTarget;
}

/**
 * Maps a DescribeInvocationResult record: exit code, output (Base64 decoded), error code and info
 * (core's `mapTargetError`), start and finish (`FinishedTime`) times, the per-instance statuses
 * (`InvokeRecordStatus` becomes `legacyStatus`) and `InvokeUser`.
 */
export function mapSwasInvocationResult(result: SwasInvocationResultWire, instanceId?: string): SwasInvocationResult {
  const id = result.InstanceId ?? instanceId;
  const reportedStatus = result.InvocationStatus !== undefined ? normalizeTargetStatus(result.InvocationStatus) : undefined;
  const target: InvocationTarget = {
    id: id ?? '',
    kind: 'instance',
    status: reportedStatus ?? 'Pending',
    droppedBytes: 0,
    repeats: 0,
  };
  if (result.InvokeRecordStatus !== undefined) target.legacyStatus = normalizeInvokeStatus(result.InvokeRecordStatus);
  if (result.ExitCode !== undefined) target.exitCode = result.ExitCode;
  if (typeof result.Output === 'string') target.output = decodeBase64Text(result.Output);
  const error = mapTargetError({ product: 'swas', errorCode: result.ErrorCode, errorInfo: result.ErrorInfo });
  if (error.errorCode !== undefined) target.errorCode = error.errorCode;
  if (error.rawErrorCode !== undefined) target.rawErrorCode = error.rawErrorCode;
  if (error.errorInfo !== undefined) target.errorInfo = error.errorInfo;
  if (result.StartTime !== undefined) target.startedAt = result.StartTime;
  if (result.FinishedTime !== undefined) target.finishedAt = result.FinishedTime;
  const mapped: SwasInvocationResult = { target };
  if (result.InvokeId !== undefined) mapped.invokeId = result.InvokeId;
  if (id !== undefined) mapped.instanceId = id;
  if (result.InvokeUser !== undefined) mapped.username = result.InvokeUser;
  if (reportedStatus !== undefined) mapped.reportedStatus = reportedStatus;
  return mapped;
}

// The canonical fields that come after `username` (the order the kit's mapWireInvocation gives ECS
// and eflo records): a merged SWAS record prints its keys in that same order.
const AFTER_USERNAME = new Set(['workingDir', 'timeoutSeconds', 'createdAt', 'invokeStatus', 'extra']);

function withUsername(invocation: Invocation, username: string): Invocation {
  const entries = Object.entries(invocation).filter(([key]) => key !== 'username');
  const at = entries.findIndex(([key]) => AFTER_USERNAME.has(key));
  entries.splice(at < 0 ? entries.length : at, 0, ['username', username]);
  return Object.fromEntries(entries) as Invocation;
}

/**
 * Merges one instance's DescribeInvocationResult into the invocation's target for that instance
 * and sets `username` from `InvokeUser`; the invocation's status is computed again from its
 * targets. Returns a new object; the input is not changed.
 */
export function mergeInvocationResult(invocation: Invocation, result: SwasInvocationResult): Invocation {
  const targets = invocation.targets.map((target) => {
    if (target.id !== result.instanceId) return target;
    // A result without a status keeps the listing's; everything else the result knows better.
    const merged: InvocationTarget = { ...target, ...result.target, id: target.id, status: result.reportedStatus ?? target.status };
    return merged;
  });
  const next: Invocation = { ...invocation, targets, status: aggregateStatus(targets.map((target) => target.status)) };
  return result.username === undefined ? next : withUsername(next, result.username);
}

/**
 * Joins the records of one invocation read from several instances (an InvokeCommand on many
 * instances) into one invocation with one target per instance. The status is computed from all
 * targets; the legacy `invokeStatus` is kept when every record agrees and derived otherwise.
 */
export function joinInstanceRecords(records: readonly Invocation[]): Invocation {
  const [first, ...rest] = records;
  if (first === undefined) throw new RangeError('joinInstanceRecords needs at least one record');
  if (rest.length === 0) return first;
  const targets: InvocationTarget[] = [];
  const seen = new Set<string>();
  for (const record of records) {
    for (const target of record.targets) {
      if (seen.has(target.id)) continue;
      seen.add(target.id);
      targets.push(target);
    }
  }
  const status = aggregateStatus(targets.map((target) => target.status));
  const joined: Invocation = { ...first, targets, status };
  for (const record of rest) {
    // A later record may carry what the first lacked (the user comes from DescribeInvocationResult).
    if (joined.username === undefined && record.username !== undefined) joined.username = record.username;
  }
  const legacy = new Set(records.map((record) => record.invokeStatus));
  if (legacy.size === 1 && first.invokeStatus !== undefined) joined.invokeStatus = first.invokeStatus;
  else joined.invokeStatus = deriveInvokeStatus(status);
  return joined;
}
