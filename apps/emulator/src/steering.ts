import type { Product, TargetPlan } from './types.js';

/** Timing a plan starts from. */
export interface SteeringDefaults {
  dispatchMs: number;
  runMs: number;
}

const MISSING = {
  instance: { code: 'InstanceNotExists', info: 'the specified instance does not exists' },
  node: { code: 'NodeNotExists', info: 'the specified node does not exists' },
};
const RELEASED = {
  instance: { code: 'InstanceReleased', info: 'the instance has released when create task' },
  // sic: the eflo documents (seed 002) really say "has node".
  node: { code: 'NodeReleased', info: 'the node has node when create task' },
};
const NOT_RUNNING = {
  instance: { code: 'InstanceNotRunning', info: 'the instance is not running when create task' },
  node: { code: 'NodeNotRunning', info: 'the node is not running when create task' },
};
const CLIENT_NOT_RUNNING = { code: 'ClientNotRunning', info: 'the aliyun service is not running on the instance' };

function unquote(text: string): string {
  const trimmed = text.trim();
  if ((trimmed.startsWith('"') && trimmed.endsWith('"')) || (trimmed.startsWith("'") && trimmed.endsWith("'"))) {
    return trimmed.slice(1, -1);
  }
  return trimmed;
}

/** The plain-text output the simulated shell prints for `echo ...` and `seq N` lines. */
export function simulatedOutput(content: string): string {
  let output = '';
  for (const line of content.split(/\r?\n/)) {
    const echo = /^\s*echo\s+(.*)$/.exec(line);
    if (echo) {
      output += `${unquote(echo[1] ?? '')}\n`;
      continue;
    }
    const seq = /^\s*seq\s+(\d+)\s*$/.exec(line);
    if (seq) {
      const count = Math.min(Number(seq[1]), 1_000_000);
      const lines: string[] = [];
      for (let value = 1; value <= count; value++) lines.push(String(value));
      output += `${lines.join('\n')}\n`;
    }
  }
  return output;
}

/**
 * The plan of one target from the command content and the target id (the steering rules, README):
 * - id containing `missing` -> Invalid, InstanceNotExists / NodeNotExists
 * - id containing `released` -> Invalid, InstanceReleased / NodeReleased
 * - id containing `stopped` -> Aborted, InstanceNotRunning / NodeNotRunning
 * - id containing `offline` -> Aborted, ClientNotRunning
 * - content with `# emulator:error` -> Error, ExecutionException
 * - `sleep N` lines add N seconds of run time; longer than Timeout -> Timeout, ExecutionTimeout
 * - the last `exit N` with N != 0, or an id containing `fail` (exit 1) -> Failed, ExitCodeNonzero
 * - otherwise Success with exit code 0; output from `echo` and `seq N` lines.
 */
export function planTarget(
  product: Product,
  id: string,
  content: string,
  timeoutSeconds: number,
  defaults: SteeringDefaults,
): TargetPlan {
  const kind = product === 'eflo' ? 'node' : 'instance';
  const lowerId = id.toLowerCase();
  const plan: TargetPlan = { id, outcome: 'success', dispatchMs: defaults.dispatchMs, runMs: defaults.runMs, output: '' };
  const fixed = (outcome: 'invalid' | 'aborted', error: { code: string; info: string }): TargetPlan => ({
    ...plan,
    outcome,
    errorCode: error.code,
    errorInfo: error.info,
  });
  if (lowerId.includes('missing')) return fixed('invalid', MISSING[kind]);
  if (lowerId.includes('released')) return fixed('invalid', RELEASED[kind]);
  if (lowerId.includes('stopped')) return fixed('aborted', NOT_RUNNING[kind]);
  if (lowerId.includes('offline')) return fixed('aborted', CLIENT_NOT_RUNNING);

  const sleeps = [...content.matchAll(/\bsleep\s+(\d+(?:\.\d+)?)/g)].map((match) => Number(match[1]) * 1000);
  if (sleeps.length > 0) plan.runMs = sleeps.reduce((sum, ms) => sum + ms, 0);
  plan.output = simulatedOutput(content);
  if (/#\s*emulator:error\b/.test(content)) return { ...plan, outcome: 'error' };
  if (plan.runMs > timeoutSeconds * 1000) return { ...plan, outcome: 'timeout' };
  const exits = [...content.matchAll(/\bexit\s+(-?\d+)/g)];
  const exitCode = exits.length > 0 ? Number(exits[exits.length - 1]?.[1]) : lowerId.includes('fail') ? 1 : 0;
  if (exitCode !== 0) return { ...plan, outcome: 'failed', exitCode };
  return plan;
}
