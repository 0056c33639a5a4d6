import { OUTPUT_LIMIT_BYTES, cutOutput } from './shapes.js';
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

/** What the simulated shell keeps of an output: the first 24 KB (UTF-8) and the count of characters cut. */
export interface SimulatedOutput {
  /** At most {@link OUTPUT_LIMIT_BYTES} bytes of UTF-8, cut on a character boundary. */
  output: string;
  /** Characters (code points) printed beyond the kept part, as the service's `Dropped` counts them. */
  dropped: number;
}

/** Lines of command content the simulated shell reads; the rest prints nothing (a cap on work per request). */
export const MAX_SIMULATED_LINES = 10_000;
/** Largest `seq N` the simulated shell honours; N is counted arithmetically, so this costs nothing. */
export const MAX_SEQ = 1_000_000_000;

function codePoints(text: string): number {
  let count = 0;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    // A high surrogate followed by a low one is one character.
    if (code >= 0xd800 && code <= 0xdbff && index + 1 < text.length) {
      const next = text.charCodeAt(index + 1);
      if (next >= 0xdc00 && next <= 0xdfff) index++;
    }
    count++;
  }
  return count;
}

/** Characters of `from\n...to\n`, by digit length, without building the text. */
function seqCharacters(from: number, to: number): number {
  let total = 0;
  let low = from;
  for (let digits = String(from).length; low <= to; digits++) {
    const high = Math.min(to, 10 ** digits - 1);
    total += (high - low + 1) * (digits + 1);
    low = high + 1;
  }
  return total;
}

/** Output kept up to the service's 24 KB; everything past the limit is only counted. */
class BoundedOutput {
  private parts: string[] = [];
  private bytes = 0;
  private full = false;
  dropped = 0;

  /** Appends text, keeping what fits and counting the rest. */
  append(text: string): void {
    if (this.full) {
      this.dropped += codePoints(text);
      return;
    }
    const size = Buffer.byteLength(text, 'utf8');
    if (this.bytes + size <= OUTPUT_LIMIT_BYTES) {
      this.parts.push(text);
      this.bytes += size;
      return;
    }
    const { output, dropped } = cutOutput(text, OUTPUT_LIMIT_BYTES - this.bytes);
    this.parts.push(output);
    this.bytes = OUTPUT_LIMIT_BYTES;
    this.full = true;
    this.dropped += dropped;
  }

  /** Appends `1\n2\n...count\n`, printing only until the limit and counting the rest arithmetically. */
  appendSeq(count: number): void {
    let value = 1;
    while (!this.full && value <= count) {
      const line = `${value}\n`;
      if (this.bytes + line.length > OUTPUT_LIMIT_BYTES) break;
      this.parts.push(line);
      this.bytes += line.length;
      value++;
    }
    if (value <= count) {
      if (!this.full) {
        // The next line does not fit whole: keep its first characters, as a byte cut would.
        const line = `${value}\n`;
        this.append(line);
        value++;
      }
      if (value <= count) this.dropped += seqCharacters(value, count);
    }
  }

  result(): SimulatedOutput {
    return { output: this.parts.join(''), dropped: this.dropped };
  }
}

let lastContent: string | undefined;
let lastOutput: SimulatedOutput = { output: '', dropped: 0 };

/**
 * The output the simulated shell prints for `echo ...` and `seq N` lines, already cut as the service
 * cuts it (seed 003: the first 24 KB are kept, `Dropped` counts the characters cut). Nothing beyond
 * 24 KB is ever built, so a `seq 1000000` costs what 24 KB costs. The last result is remembered:
 * every target of one RunCommand shares its content.
 */
export function simulatedOutput(content: string): SimulatedOutput {
  if (content === lastContent) return lastOutput;
  const sink = new BoundedOutput();
  const lines = content.split(/\r?\n/, MAX_SIMULATED_LINES);
  for (const line of lines) {
    const echo = /^\s*echo\s+(.*)$/.exec(line);
    if (echo) {
      sink.append(`${unquote(echo[1] ?? '')}\n`);
      continue;
    }
    const seq = /^\s*seq\s+(\d+)\s*$/.exec(line);
    if (seq) sink.appendSeq(Math.min(Number(seq[1]), MAX_SEQ));
  }
  lastContent = content;
  lastOutput = sink.result();
  return lastOutput;
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
  const printed = simulatedOutput(content);
  plan.output = printed.output;
  if (printed.dropped > 0) plan.outputDropped = printed.dropped;
  if (/#\s*emulator:error\b/.test(content)) return { ...plan, outcome: 'error' };
  if (plan.runMs > timeoutSeconds * 1000) return { ...plan, outcome: 'timeout' };
  const exits = [...content.matchAll(/\bexit\s+(-?\d+)/g)];
  const exitCode = exits.length > 0 ? Number(exits[exits.length - 1]?.[1]) : lowerId.includes('fail') ? 1 : 0;
  if (exitCode !== 0) return { ...plan, outcome: 'failed', exitCode };
  return plan;
}
