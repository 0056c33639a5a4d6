import { waitForInvocation, type Product } from '@invocations/core';
import { createSource, openSourceContext } from '../sources.js';
import type { CommandContext } from './context.js';
import { openSeenArchive, withKeepCode, type KeepOptions } from './keep-seen.js';
import { locateInvocation } from './locate.js';
import { createWatchDisplay } from './watch-display.js';

export { exitCodeForStatus } from './watch-display.js';

/** Options of `invocations watch`. */
export interface WatchCommandOptions extends KeepOptions {
  product: Product;
  region?: string[];
  /** Give up after this long, in ms (exit code 4). */
  timeout?: number;
  /** The shortest pause between two polls, in ms. */
  interval?: number;
}

/** The default `--timeout` of `watch`: 30 minutes. */
export const DEFAULT_WATCH_TIMEOUT_MS = 30 * 60_000;

/**
 * `invocations watch <invokeId>`: waits with core's `waitForInvocation` and shows each change. On a
 * terminal the view is redrawn in place; otherwise one line per change. At the end the failed
 * targets are named with their exit and error codes.
 */
export async function runWatch(invokeId: string, options: WatchCommandOptions, context: CommandContext): Promise<number> {
  const { io, globals } = context;
  const sourceContext = await openSourceContext(globals, io);
  let seenArchive;
  try {
    seenArchive = await openSeenArchive(options, context);
    const regions = options.region ?? (await sourceContext.defaultRegions());
    // With several regions, find the one that holds it first; with one, let waitForInvocation's
    // not-found grace cover an invocation that is not visible yet.
    const source =
      regions.length === 1
        ? createSource(options.product, regions[0] as string, sourceContext)
        : (await locateInvocation(options.product, regions, invokeId, sourceContext, io.signal ? { signal: io.signal } : {})).source;

    const display = createWatchDisplay(context);
    let result;
    try {
      result = await waitForInvocation(source, invokeId, {
        timeoutMs: options.timeout ?? DEFAULT_WATCH_TIMEOUT_MS,
        minDelayMs: options.interval ?? 500,
        maxDelayMs: Math.max(options.interval ?? 500, 3_000),
        onUpdate: display.onUpdate,
        ...(io.signal ? { signal: io.signal } : {}),
      });
    } catch (error) {
      display.close();
      throw error;
    }
    const code = display.finish(result);
    return withKeepCode(code, (await seenArchive?.keep(result.invocation ? [result.invocation] : [])) ?? code);
  } finally {
    await seenArchive?.close();
    await sourceContext.close();
  }
}
