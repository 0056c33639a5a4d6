import { readFile } from 'node:fs/promises';
import { canRun, canStop, runAndWait, type CommandType, type InvocationSource, type Product, type RunAndWaitResult, type RunRequestInput } from '@invocations/core';
import { EXIT, UsageError } from '../errors.js';
import { escapeControls, toSafeJson } from '../render/escape.js';
import { createSource, EMULATOR_EFLO_REGION, openSourceContext } from '../sources.js';
import { writeLines, type CommandContext } from './context.js';
import { openSeenArchive, withKeepCode, type KeepOptions } from './keep-seen.js';
import { createWatchDisplay } from './watch-display.js';

/** Options of `invocations run`. */
export interface RunCommandOptions extends KeepOptions {
  product: Product;
  region?: string[];
  target: string[];
  type: CommandType;
  /** RunCommand's Timeout, in ms (whole seconds). */
  timeout?: number;
  /** How long to wait, in ms (exit code 4). */
  waitTimeout?: number;
  name?: string;
  workingDir?: string;
  user?: string;
  /** Commander's `--no-wait`: false when given. */
  wait: boolean;
  file?: string;
  yes?: boolean;
  stopOnInterrupt?: boolean;
}

/** Above this many targets, `run` asks before running (or needs `--yes` when it cannot ask). */
export const CONFIRM_ABOVE_TARGETS = 20;
/** The default `--wait-timeout` of `run`: 10 minutes. */
export const DEFAULT_RUN_WAIT_MS = 10 * 60_000;

/** The one region a command that starts something runs in: `--region` (exactly one), else the default. */
async function oneRegion(given: string[] | undefined, defaults: () => Promise<string[]>, emulator: boolean): Promise<string> {
  const regions = given ?? (emulator ? [EMULATOR_EFLO_REGION] : await defaults());
  if (regions.length !== 1) throw new UsageError(`--region: give exactly one region (got ${regions.join(', ')})`);
  return regions[0] as string;
}

/** The command text: the words after `--`, or `--file`, never both. */
async function commandText(words: readonly string[], file: string | undefined): Promise<string> {
  if (file !== undefined && words.length > 0) throw new UsageError('give the command after -- or with --file, not both');
  if (file !== undefined) {
    try {
      return await readFile(file, 'utf8');
    } catch (error) {
      throw new UsageError(`--file ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    }
  }
  if (words.length === 0) throw new UsageError('no command: give it after -- (invocations run ... -- uptime) or with --file SCRIPT');
  return words.join(' ');
}

/** `--timeout` in whole seconds. */
function timeoutSeconds(ms: number | undefined): number | undefined {
  if (ms === undefined) return undefined;
  if (ms % 1000 !== 0) throw new UsageError(`--timeout: must be whole seconds (RunCommand's Timeout is in seconds), got ${ms} ms`);
  return ms / 1000;
}

/** Asks before running on many targets from a terminal; refuses without `--yes` when it cannot ask. */
async function confirmMany(count: number, product: Product, options: RunCommandOptions, context: CommandContext): Promise<boolean> {
  if (count <= CONFIRM_ABOVE_TARGETS || options.yes) return true;
  const { io } = context;
  if (!io.stdinIsTTY || !io.confirm) {
    throw new UsageError(`running on ${count} targets (more than ${CONFIRM_ABOVE_TARGETS}) needs --yes when not run from a terminal`);
  }
  return io.confirm(`Run on ${count} ${product} targets? [y/N] `);
}

/** Stops what a run started, for `--stop-on-interrupt`; each failure is one line on stderr. */
async function stopStarted(source: InvocationSource, invokeIds: readonly string[], context: CommandContext): Promise<void> {
  if (!canStop(source)) return;
  for (const invokeId of invokeIds) {
    try {
      await source.stop(invokeId, { signal: AbortSignal.timeout(15_000) });
      context.io.stderr.write(`stopped ${invokeId}\n`);
    } catch (error) {
      context.io.stderr.write(`could not stop ${invokeId}: ${escapeControls(error instanceof Error ? error.message : String(error))}\n`);
    }
  }
}

/**
 * `invocations run -- COMMAND...`: starts the command with the source's `run` (RunCommand, with a
 * ClientToken) and, unless `--no-wait`, follows it in the watch view and exits like `watch`:
 * 0 every target succeeded, 1 failed or partly failed (command timeouts included; the failed targets
 * are named), 3 stopped, 4 `--wait-timeout` reached, 130 interrupted. Ctrl-C stops the waiting only;
 * with `--stop-on-interrupt` it also stops the invocation.
 */
export async function runRun(words: readonly string[], options: RunCommandOptions, context: CommandContext): Promise<number> {
  const { io, globals } = context;
  if (options.stopOnInterrupt && options.product === 'swas') throw new UsageError('--stop-on-interrupt: swas has no StopInvocation, so a SWAS run cannot be stopped');
  if (options.stopOnInterrupt && !options.wait) throw new UsageError('--stop-on-interrupt applies only while waiting: drop --no-wait or it');
  const command = await commandText(words, options.file);
  const request: RunRequestInput = {
    command,
    type: options.type,
    targets: options.target,
    ...(options.timeout === undefined ? {} : { timeoutSeconds: timeoutSeconds(options.timeout) }),
    ...(options.name === undefined ? {} : { name: options.name }),
    ...(options.workingDir === undefined ? {} : { workingDir: options.workingDir }),
    ...(options.user === undefined ? {} : { username: options.user }),
  };
  const sourceContext = await openSourceContext(globals, io);
  let seenArchive;
  try {
    const region = await oneRegion(options.region, sourceContext.defaultRegions, sourceContext.emulator !== undefined);
    const source = createSource(options.product, region, sourceContext);
    if (!canRun(source)) throw new UsageError(`${options.product} cannot run commands`);
    if (!(await confirmMany(options.target.length, options.product, options, context))) {
      io.stderr.write('not run\n');
      return EXIT.usage;
    }
    // Opened before RunCommand: an archive that cannot be opened fails the command before it runs anything.
    seenArchive = await openSeenArchive(options, context);
    const signal = io.signal ? { signal: io.signal } : {};

    if (!options.wait) {
      const started = await source.run(request, signal);
      if (globals.output === 'table') {
        writeLines(io.stdout, started.invocations.map((item) => (started.split ? `${item.invokeId} ${item.targetIds.join(',')}` : item.invokeId)));
      } else {
        const json = { invokeId: started.invokeId, ...(started.split ? { invocations: started.invocations } : {}) };
        io.stdout.write(`${toSafeJson(json, globals.output === 'json' ? 2 : undefined)}\n`);
      }
      for (const rejected of started.rejected) io.stderr.write(`not started on ${rejected.targetId}: ${escapeControls(rejected.error.code)}\n`);
      const code = started.rejected.length > 0 ? EXIT.failed : EXIT.ok;
      const keepCode = seenArchive ? await seenArchive.keepStarted(source, started.invocations.map((item) => item.invokeId)) : EXIT.ok;
      return withKeepCode(code, keepCode);
    }

    const display = createWatchDisplay(context);
    let result: RunAndWaitResult;
    try {
      result = await runAndWait(source, request, {
        timeoutMs: options.waitTimeout ?? DEFAULT_RUN_WAIT_MS,
        minDelayMs: 500,
        maxDelayMs: 3_000,
        onUpdate: display.onUpdate,
        ...signal,
      });
    } catch (error) {
      display.close();
      throw error;
    }
    const code = display.finish(result);
    if (result.state === 'aborted' && options.stopOnInterrupt) await stopStarted(source, result.run.invocations.map((item) => item.invokeId), context);
    return withKeepCode(code, (await seenArchive?.keep(result.invocations)) ?? EXIT.ok);
  } finally {
    await seenArchive?.close();
    await sourceContext.close();
  }
}

/** Options of `invocations stop`. */
export interface StopCommandOptions {
  product: Product;
  region?: string[];
  target?: string[];
}

/** `invocations stop INVOKE_ID`: StopInvocation on all its targets or on `--target`. SWAS cannot stop. */
export async function runStop(invokeId: string, options: StopCommandOptions, context: CommandContext): Promise<number> {
  const { io, globals } = context;
  if (options.product === 'swas') throw new UsageError('swas has no StopInvocation: a SWAS invocation cannot be stopped');
  const sourceContext = await openSourceContext(globals, io);
  try {
    const region = await oneRegion(options.region, sourceContext.defaultRegions, sourceContext.emulator !== undefined);
    const source = createSource(options.product, region, sourceContext);
    if (!canStop(source)) throw new UsageError(`${options.product} cannot stop invocations`);
    await source.stop(invokeId, { ...(options.target ? { targetIds: options.target } : {}), ...(io.signal ? { signal: io.signal } : {}) });
    if (globals.output === 'table') {
      io.stdout.write(`stop requested: ${escapeControls(invokeId)} on ${options.target ? options.target.map(escapeControls).join(', ') : 'all targets'}\n`);
    } else {
      io.stdout.write(`${toSafeJson({ invokeId, stopped: true, ...(options.target ? { targetIds: options.target } : {}) }, globals.output === 'json' ? 2 : undefined)}\n`);
    }
    return EXIT.ok;
  } finally {
    await sourceContext.close();
  }
}
