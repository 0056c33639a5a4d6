import { ECS_OPTIONAL_FIELDS, cutOutput, encodeText, isoTime, ossOutput, type ShapeOptions } from './shapes.js';
import type { InvocationView, TargetView } from './simulator.js';

// JSON text of one ECS `Invocation`, exactly `JSON.stringify(ecsInvocation(view, options))`, written
// directly: a listing renders 10 targets per invocation, and JSON.stringify of the answer objects
// was a quarter of the emulator's time. Field names and order follow shapes.ts; ecs-json.test.ts
// holds the two to the same text over every seeded status, both encodings, output and OSS fields.

/** A JSON value as JSON.stringify writes it inside an object, or undefined when it leaves the key out. */
function json(value: unknown): string | undefined {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
      return Number.isFinite(value) ? String(value) : 'null';
    case 'boolean':
      return value ? 'true' : 'false';
    default:
      return JSON.stringify(value);
  }
}

/** `,"name":value`, or nothing when JSON.stringify would leave the key out. */
function member(name: string, value: unknown): string {
  const text = json(value);
  return text === undefined ? '' : `,"${name}":${text}`;
}

/** `{...}` of members each written with a leading comma (as member() writes them). */
function object(members: string): string {
  return `{${members.slice(1)}}`;
}

function targetJson(view: InvocationView, target: TargetView, options: ShapeOptions): string {
  // Members are written with member() except the times, which isoTime makes of ASCII digits and signs only.
  let text = `${member('InstanceId', target.id)}${member('InstanceInvokeStatus', target.legacyStatus)}${member('InvocationStatus', target.status)},"CreationTime":"${isoTime(target.creationTime)}"`;
  if (target.startTime !== undefined) text += `,"StartTime":"${isoTime(target.startTime)}"`;
  if (target.finishTime !== undefined) text += `,"FinishTime":"${isoTime(target.finishTime)}"`;
  if (target.stopTime !== undefined) text += `,"StopTime":"${isoTime(target.stopTime)}"`;
  text += `,"UpdateTime":"${isoTime(target.updateTime)}"${member('Repeats', target.repeats)}`;
  if (target.exitCode !== undefined) text += member('ExitCode', target.exitCode);
  if (options.includeOutput) {
    const { output, dropped } = cutOutput(target.output);
    text += `${member('Output', encodeText(output, options.encoding))}${member('Dropped', dropped + target.outputDropped)}`;
  } else {
    text += ',"Output":"","Dropped":0';
  }
  text += `${member('ErrorCode', target.errorCode)}${member('ErrorInfo', target.errorInfo)}${member('Timed', target.timed)}`;
  const oss = ossOutput(view.invocation, target);
  if (oss) text += `${member('OssOutputStatus', oss.status)}${member('OssOutputUri', oss.uri)},"OssOutputErrorCode":"","OssOutputErrorInfo":""`;
  return object(text);
}

/** The JSON text of one ECS `Invocation`: the same as `JSON.stringify(ecsInvocation(view, options))`. */
export function ecsInvocationJson(view: InvocationView, options: ShapeOptions): string {
  const invocation = view.invocation;
  let text =
    member('InvokeId', invocation.invokeId) +
    member('CommandName', invocation.commandName) +
    member('CommandDescription', invocation.commandDescription) +
    member('CommandContent', encodeText(invocation.commandContent, options.encoding)) +
    member('Parameters', JSON.stringify(invocation.parameters)) +
    member('RepeatMode', invocation.repeatMode) +
    member('Frequency', invocation.frequency) +
    member('Timeout', invocation.timeoutSeconds) +
    member('Username', invocation.username) +
    member('WorkingDir', invocation.workingDir) +
    `,"CreationTime":"${isoTime(invocation.createdAt)}"` +
    member('InvocationStatus', view.status) +
    member('InvokeStatus', view.invokeStatus) +
    member('CommandId', invocation.commandId ?? '') +
    member('CommandType', invocation.commandType ?? 'RunShellScript') +
    member('Timed', view.timed);
  for (const [name, field] of ECS_OPTIONAL_FIELDS) {
    if (invocation[field]) text += member(name, invocation[field]);
  }
  text += `,"Tags":{"Tag":[${invocation.tags.map((tag) => object(member('TagKey', tag.key) + member('TagValue', tag.value))).join(',')}]}`;
  text += `,"InvokeInstances":{"InvokeInstance":[${view.targets.map((target) => targetJson(view, target, options)).join(',')}]}`;
  return object(text);
}
