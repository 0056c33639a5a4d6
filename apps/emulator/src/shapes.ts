import { isTerminalTargetStatus } from '@invocations/core';
import type { InvocationView, TargetView } from './simulator.js';

/** Output longer than this many UTF-8 bytes is cut; `Dropped` counts the characters cut (seed 003: 24 KB). */
export const OUTPUT_LIMIT_BYTES = 24 * 1024;

/** How CommandContent and Output are encoded in an answer. */
export type ContentEncoding = 'Base64' | 'PlainText';

// The times of one invocation's targets are mostly the same few instants, and a listing renders
// them page after page: the last few thousand are remembered (a listing of 10 targets each spent a
// quarter of its shaping time formatting dates).
const ISO_CACHE_SIZE = 4_096;
const isoCache = new Map<number, string>();

/** `YYYY-MM-DDThh:mm:ssZ`, the services' time format. */
export function isoTime(ms: number): string {
  let text = isoCache.get(ms);
  if (text === undefined) {
    // toISOString always ends in `.sssZ`: drop the milliseconds.
    text = `${new Date(ms).toISOString().slice(0, -5)}Z`;
    if (isoCache.size >= ISO_CACHE_SIZE) isoCache.clear();
    isoCache.set(ms, text);
  }
  return text;
}

/** Encodes text as the service does for ContentEncoding (UTF-8 Base64 or as is). */
export function encodeText(text: string, encoding: ContentEncoding): string {
  return encoding === 'Base64' ? Buffer.from(text, 'utf8').toString('base64') : text;
}

/** Keeps the first `limit` bytes (UTF-8, default 24 KB) of an output; `dropped` is the number of characters cut. */
export function cutOutput(text: string, limit: number = OUTPUT_LIMIT_BYTES): { output: string; dropped: number } {
  if (Buffer.byteLength(text, 'utf8') <= limit) return { output: text, dropped: 0 };
  const characters = Array.from(text);
  let bytes = 0;
  let kept = 0;
  for (const character of characters) {
    const size = Buffer.byteLength(character, 'utf8');
    if (bytes + size > limit) break;
    bytes += size;
    kept++;
  }
  return { output: characters.slice(0, kept).join(''), dropped: characters.length - kept };
}

// The answer objects are built field by field in the services' order, without spreads: a listing
// builds one per target per page, and spread copies cost more than the fields themselves.

/** Adds CreationTime, StartTime, FinishTime, StopTime (those set) and UpdateTime. */
function addTimes(item: Record<string, unknown>, target: TargetView): void {
  item.CreationTime = isoTime(target.creationTime);
  if (target.startTime !== undefined) item.StartTime = isoTime(target.startTime);
  if (target.finishTime !== undefined) item.FinishTime = isoTime(target.finishTime);
  if (target.stopTime !== undefined) item.StopTime = isoTime(target.stopTime);
  item.UpdateTime = isoTime(target.updateTime);
}

/** Adds Output and Dropped: empty unless `includeOutput`. */
function addOutput(item: Record<string, unknown>, target: TargetView, includeOutput: boolean, encoding: ContentEncoding): void {
  if (!includeOutput) {
    item.Output = '';
    item.Dropped = 0;
    return;
  }
  const { output, dropped } = cutOutput(target.output);
  item.Output = encodeText(output, encoding);
  item.Dropped = dropped + target.outputDropped;
}

/**
 * Adds the OSS output fields of one target when RunCommand asked for `OssOutputDelivery` (field names
 * from the official SDK's DescribeInvocationsResponseBody; OssOutputStatus is InProgress, Finished or
 * Failed and OssOutputUri is "" while delivery is in progress or failed, products.md §2.1). The URI
 * layout and the empty status of a target that never ran are guesses (README).
 */
function addOssFields(item: Record<string, unknown>, invocation: InvocationView['invocation'], target: TargetView): void {
  if (!invocation.ossOutputDelivery) return;
  const ran = target.startTime !== undefined && target.finishTime !== undefined;
  const neverRan = target.startTime === undefined && isTerminalTargetStatus(target.status);
  item.OssOutputStatus = ran ? 'Finished' : neverRan ? '' : 'InProgress';
  item.OssOutputUri = ran ? `${invocation.ossOutputDelivery.replace(/\/+$/, '')}/${invocation.invokeId}/${target.id}` : '';
  item.OssOutputErrorCode = '';
  item.OssOutputErrorInfo = '';
}

/** Options shared by the ECS and eflo shapes. */
export interface ShapeOptions {
  includeOutput: boolean;
  encoding: ContentEncoding;
}

/** The fields of an ECS or eflo `Invocation` that both APIs send with the same names and values. */
function sharedInvocationFields(view: InvocationView, options: ShapeOptions): Record<string, unknown> {
  const invocation = view.invocation;
  return {
    InvokeId: invocation.invokeId,
    CommandName: invocation.commandName,
    CommandDescription: invocation.commandDescription,
    CommandContent: encodeText(invocation.commandContent, options.encoding),
    Parameters: JSON.stringify(invocation.parameters),
    RepeatMode: invocation.repeatMode,
    Frequency: invocation.frequency,
    Timeout: invocation.timeoutSeconds,
    Username: invocation.username,
    WorkingDir: invocation.workingDir,
    CreationTime: isoTime(invocation.createdAt),
    InvocationStatus: view.status,
    InvokeStatus: view.invokeStatus,
  };
}

/**
 * Adds the fields of an ECS `InvokeInstance` or an eflo `InvokeNode` that both APIs send alike, after
 * the id and legacy status (named per product).
 */
function addSharedTargetFields(item: Record<string, unknown>, target: TargetView, options: ShapeOptions): void {
  item.InvocationStatus = target.status;
  addTimes(item, target);
  item.Repeats = target.repeats;
  if (target.exitCode !== undefined) item.ExitCode = target.exitCode;
  addOutput(item, target, options.includeOutput, options.encoding);
  item.ErrorCode = target.errorCode;
  item.ErrorInfo = target.errorInfo;
}

// ECS fields sent only when the invocation has them (RunCommand's container, launcher and OSS options).
const ECS_OPTIONAL_FIELDS = [
  ['ContainerId', 'containerId'],
  ['ContainerName', 'containerName'],
  ['Launcher', 'launcher'],
  ['TerminationMode', 'terminationMode'],
  ['OssOutputDelivery', 'ossOutputDelivery'],
] as const satisfies readonly (readonly [string, keyof InvocationView['invocation']])[];

/** One ECS `Invocation` (seed 003, products.md §2.1). */
export function ecsInvocation(view: InvocationView, options: ShapeOptions): Record<string, unknown> {
  const invocation = view.invocation;
  const result = sharedInvocationFields(view, options);
  result.CommandId = invocation.commandId ?? '';
  result.CommandType = invocation.commandType ?? 'RunShellScript';
  result.Timed = view.timed;
  for (const [name, field] of ECS_OPTIONAL_FIELDS) {
    if (invocation[field]) result[name] = invocation[field];
  }
  result.Tags = { Tag: invocation.tags.map((tag) => ({ TagKey: tag.key, TagValue: tag.value })) };
  const targets: Record<string, unknown>[] = [];
  for (const target of view.targets) {
    const item: Record<string, unknown> = { InstanceId: target.id, InstanceInvokeStatus: target.legacyStatus };
    addSharedTargetFields(item, target, options);
    item.Timed = target.timed;
    addOssFields(item, invocation, target);
    targets.push(item);
  }
  result.InvokeInstances = { InvokeInstance: targets };
  return result;
}

/** One eflo `Invocation` (seed 000, products.md §2.3): no CommandId/Type, `InvokeNodes`, node `Timed` as a string. */
export function efloInvocation(view: InvocationView, options: ShapeOptions): Record<string, unknown> {
  const result = sharedInvocationFields(view, options);
  const nodes: Record<string, unknown>[] = [];
  for (const target of view.targets) {
    const item: Record<string, unknown> = { NodeId: target.id, NodeInvokeStatus: target.legacyStatus };
    addSharedTargetFields(item, target, options);
    item.Timed = String(target.timed);
    nodes.push(item);
  }
  result.InvokeNodes = { InvokeNode: nodes };
  return result;
}

/**
 * One SWAS DescribeInvocations item (seed 001): flat, CommandContent Base64, Parameters a map, and
 * InvocationStatus the status on the requested instance (the request is scoped to one InstanceId).
 */
export function swasInvocation(view: InvocationView, instanceId: string): Record<string, unknown> {
  const invocation = view.invocation;
  const target = view.targets.find((candidate) => candidate.id === instanceId) ?? view.targets[0];
  return {
    InvokeId: invocation.invokeId,
    CommandName: invocation.commandName,
    CommandType: invocation.commandType ?? 'RunShellScript',
    CommandContent: encodeText(invocation.commandContent, 'Base64'),
    Parameters: invocation.parameters,
    CreationTime: isoTime(invocation.createdAt),
    InvocationStatus: target?.status ?? view.status,
    InvokeStatus: view.invokeStatus,
  };
}

/** The SWAS DescribeInvocationResult object: InvokeUser, FinishedTime, Output in Base64 (products.md §3.1). */
export function swasInvocationResult(view: InvocationView, target: TargetView): Record<string, unknown> {
  const { output } = cutOutput(target.output);
  return {
    InvokeId: view.invocation.invokeId,
    InstanceId: target.id,
    InvocationStatus: target.status,
    InvokeRecordStatus: target.legacyStatus,
    InvokeUser: view.invocation.username,
    Output: encodeText(output, 'Base64'),
    ...(target.exitCode !== undefined ? { ExitCode: target.exitCode } : {}),
    ErrorCode: target.errorCode,
    ErrorInfo: target.errorInfo,
    ...(target.startTime !== undefined ? { StartTime: isoTime(target.startTime) } : {}),
    ...(target.finishTime !== undefined ? { FinishedTime: isoTime(target.finishTime) } : {}),
  };
}
