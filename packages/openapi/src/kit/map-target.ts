import {
  aggregateStatus,
  mapTargetError,
  normalizeInvocationStatus,
  normalizeInvokeStatus,
  normalizeRepeatMode,
  normalizeTargetStatus,
  type Invocation,
  type InvocationTarget,
  type Product,
  type TargetKind,
  type TargetStatus,
} from '@invocations/core';
import { LAZY_OUTPUT_FROM, setLazyOutput } from './lazy-output.js';
import { decodeBase64Text, parseParameters } from './wire.js';

/**
 * The legacy per-target status (ECS InstanceInvokeStatus, eflo NodeInvokeStatus, SWAS InvokeStatus)
 * read as a canonical target status, for a record that sent no InvocationStatus. `Stopped` cannot
 * tell Cancelled from Terminated; Terminated (the stopped class either way) keeps aggregateStatus right.
 */
export const LEGACY_TARGET_STATUS: Readonly<Record<string, TargetStatus>> = {
  Running: 'Running',
  Finished: 'Success',
  Failed: 'Failed',
  Stopped: 'Terminated',
  Stopping: 'Stopping',
};

/**
 * A target's canonical status: its InvocationStatus when sent (documented spelling), otherwise its
 * legacy status (already normalised) read through {@link LEGACY_TARGET_STATUS}, kept as sent when unknown.
 */
export function targetStatusOf(invocationStatus: string | undefined, legacy: string | undefined): TargetStatus {
  if (invocationStatus !== undefined) return normalizeTargetStatus(invocationStatus);
  return LEGACY_TARGET_STATUS[legacy as string] ?? (legacy as string);
}

/** The per-target fields ECS and eflo send alike, as their wire schemas read them. */
export interface WireTargetDetails {
  ExitCode?: number | undefined;
  Output?: string | undefined;
  ErrorCode?: unknown;
  ErrorInfo?: unknown;
  CreationTime?: string | undefined;
  StartTime?: string | undefined;
  FinishTime?: string | undefined;
  StopTime?: string | undefined;
  UpdateTime?: string | undefined;
  Timed?: boolean | undefined;
}

/**
 * Copies what a wire target says onto a canonical target: exit code, output (Base64-decoded as UTF-8
 * when `base64`, a long one on first read (lazy-output.ts); left out when empty and `dropEmptyOutput`), the canonical error (core's `mapTargetError`, raw code and sentence kept), the five
 * times and `timed`. Absent fields stay absent.
 */
export function applyTargetDetails(
  target: InvocationTarget,
  wire: WireTargetDetails,
  options: { product: Product; base64: boolean; dropEmptyOutput?: boolean | undefined },
): InvocationTarget {
  if (wire.ExitCode !== undefined) target.exitCode = wire.ExitCode;
  if (wire.Output !== undefined) {
    if (options.base64 && isLongBase64Candidate(wire.Output)) {
      setLazyOutput(target, wire.Output);
    } else {
      const output = options.base64 ? decodeBase64Text(wire.Output) : wire.Output;
      if (output !== '' || options.dropEmptyOutput !== true) target.output = output;
    }
  }
  if (wire.ErrorCode !== undefined || wire.ErrorInfo !== undefined) {
    const error = mapTargetError({ product: options.product, errorCode: wire.ErrorCode, errorInfo: wire.ErrorInfo });
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

// Only text that starts and ends with a visible ASCII character is deferred: trim() leaves it whole,
// so Base64 this long holds at least 768 bytes, its text is never '', and `dropEmptyOutput` can decide
// before it is decoded. Padded text (XML laid out on lines) is decoded at once.
const isVisibleAscii = (code: number): boolean => code > 0x20 && code < 0x7f;
const isLongBase64Candidate = (text: string): boolean =>
  text.length >= LAZY_OUTPUT_FROM && isVisibleAscii(text.charCodeAt(0)) && isVisibleAscii(text.charCodeAt(text.length - 1));

/** The invocation-level fields ECS and eflo send alike, as their wire schemas read them. */
export interface WireInvocationDetails {
  /** ECS only. */
  CommandId?: string | undefined;
  CommandName?: string | undefined;
  CommandDescription?: string | undefined;
  /** ECS and SWAS only. */
  CommandType?: string | undefined;
  CommandContent?: string | undefined;
  RepeatMode?: string | undefined;
  Frequency?: string | undefined;
  Username?: string | undefined;
  WorkingDir?: string | undefined;
  Timeout?: number | undefined;
  CreationTime?: string | undefined;
  InvokeStatus?: string | undefined;
}

/**
 * Copies what a wire invocation says onto a canonical invocation (in the model's field order): command id, name, description, type and
 * content (Base64-decoded as UTF-8 when `base64`), repeat mode and legacy InvokeStatus in the
 * documented spelling, frequency, user, directory, timeout and creation time. Absent fields stay absent.
 */
export function applyInvocationDetails(invocation: Invocation, wire: WireInvocationDetails, options: { base64: boolean }): Invocation {
  if (wire.CommandId !== undefined) invocation.commandId = wire.CommandId;
  if (wire.CommandName !== undefined) invocation.commandName = wire.CommandName;
  if (wire.CommandDescription !== undefined) invocation.commandDescription = wire.CommandDescription;
  if (wire.CommandType !== undefined) invocation.commandType = wire.CommandType;
  if (wire.CommandContent !== undefined) invocation.commandContent = options.base64 ? decodeBase64Text(wire.CommandContent) : wire.CommandContent;
  if (wire.RepeatMode !== undefined) invocation.repeatMode = normalizeRepeatMode(wire.RepeatMode);
  if (wire.Frequency !== undefined) invocation.frequency = wire.Frequency;
  if (wire.Username !== undefined) invocation.username = wire.Username;
  if (wire.WorkingDir !== undefined) invocation.workingDir = wire.WorkingDir;
  if (wire.Timeout !== undefined) invocation.timeoutSeconds = wire.Timeout;
  if (wire.CreationTime !== undefined) invocation.createdAt = wire.CreationTime;
  if (wire.InvokeStatus !== undefined) invocation.invokeStatus = normalizeInvokeStatus(wire.InvokeStatus);
  return invocation;
}

/** A wire target as {@link mapWireTarget} reads it: the shared details, its status and counters. */
export interface WireTarget extends WireTargetDetails {
  InvocationStatus?: string | undefined;
  Dropped?: number | undefined;
  Repeats?: number | undefined;
}

/** Options of {@link mapWireTarget}. */
export interface MapWireTargetOptions {
  /** The target's id (ECS InstanceId, eflo NodeId). */
  id: string;
  /** Its legacy status as sent (ECS InstanceInvokeStatus, eflo NodeInvokeStatus). */
  legacyStatus: string | undefined;
  kind: TargetKind;
  product: Product;
  /** Whether Output is Base64. */
  base64: boolean;
  /**
   * Leave out an output that is empty (after decoding): asked without output, the services send `''`
   * as a placeholder, which is not data.
   */
  dropEmptyOutput?: boolean | undefined;
}

// Canonical targets and invocations are made by constructors, not object literals, so V8 never
// allocates them in the old generation by an allocation-site decision (see fast-wire.ts's records).
// Their prototype is Object.prototype: to a caller they are plain objects, in the same key order.
function plainTarget(this: InvocationTarget, id: string, kind: TargetKind, status: TargetStatus, droppedBytes: number, repeats: number) {
  this.id = id;
  this.kind = kind;
  this.status = status;
  this.droppedBytes = droppedBytes;
  this.repeats = repeats;
}
plainTarget.prototype = Object.prototype;
const PlainTarget = plainTarget as unknown as new (...args: Parameters<typeof plainTarget>) => InvocationTarget;

function plainInvocation(
  this: Invocation,
  product: Product,
  invokeId: string,
  parameters: Record<string, unknown>,
  timed: boolean,
  status: Invocation['status'],
  targets: InvocationTarget[],
) {
  this.product = product;
  this.invokeId = invokeId;
  this.parameters = parameters;
  this.timed = timed;
  this.status = status;
  this.targets = targets;
}
plainInvocation.prototype = Object.prototype;
const PlainInvocation = plainInvocation as unknown as new (...args: Parameters<typeof plainInvocation>) => Invocation;

/**
 * One ECS or eflo wire target as a canonical target: id and kind, its status (InvocationStatus when
 * sent, else the legacy status, see {@link targetStatusOf}), dropped bytes and repeats (0 when not
 * sent), the legacy status in the documented spelling, then {@link applyTargetDetails}.
 */
export function mapWireTarget(wire: WireTarget, options: MapWireTargetOptions): InvocationTarget {
  const legacy = options.legacyStatus === undefined ? undefined : normalizeInvokeStatus(options.legacyStatus);
  // The wire schemas guarantee InvocationStatus or the legacy status.
  const target = new PlainTarget(options.id, options.kind, targetStatusOf(wire.InvocationStatus, legacy), wire.Dropped ?? 0, wire.Repeats ?? 0);
  if (legacy !== undefined) target.legacyStatus = legacy;
  return applyTargetDetails(target, wire, options);
}

/** A wire invocation as {@link mapWireInvocation} reads it. */
export interface WireInvocation extends WireInvocationDetails {
  InvokeId: string;
  Parameters?: unknown;
  InvocationStatus?: string | undefined;
}

/** Options of {@link mapWireInvocation}. */
export interface MapWireInvocationOptions {
  product: Product;
  /** The invocation's `timed` (ECS sends it per invocation, eflo per node). */
  timed: boolean;
  /** Whether CommandContent is Base64. */
  base64: boolean;
  /** The region the response came from. */
  region?: string | undefined;
}

/**
 * One ECS or eflo wire invocation as a canonical invocation (in the model's field order), with its
 * targets already mapped. `status` is the service's InvocationStatus in the documented spelling, kept
 * even when it disagrees with the targets; it is computed with `aggregateStatus` only when the service
 * sent none. Then {@link applyInvocationDetails}.
 */
export function mapWireInvocation(wire: WireInvocation, targets: InvocationTarget[], options: MapWireInvocationOptions): Invocation {
  const invocation = new PlainInvocation(
    options.product,
    wire.InvokeId,
    parseParameters(wire.Parameters),
    options.timed,
    wire.InvocationStatus !== undefined ? normalizeInvocationStatus(wire.InvocationStatus) : aggregateStatus(targets.map((target) => target.status)),
    targets,
  );
  if (options.region !== undefined) invocation.region = options.region;
  return applyInvocationDetails(invocation, wire, options);
}

/**
 * Adds the fields of `wire` that were sent (not `undefined`) under their canonical names to `extra`
 * (a product's `extra`): `sentFields(wire, [['OssOutputUri', 'ossOutputUri']])`. With no `extra`
 * given, one is made only when a field was sent, so a record gets no empty `extra`.
 */
export function sentFields(
  wire: object,
  names: readonly (readonly [wireName: string, name: string])[],
  extra?: Record<string, unknown>,
): Record<string, unknown> | undefined {
  let result = extra;
  // An index loop: this runs for every record of every page.
  for (let index = 0; index < names.length; index += 1) {
    const pair = names[index]!;
    const value = (wire as Record<string, unknown>)[pair[0]];
    if (value !== undefined) (result ??= {})[pair[1]] = value;
  }
  return result;
}
