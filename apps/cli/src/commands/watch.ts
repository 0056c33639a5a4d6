import { normalizeInvocationStatus, waitForInvocation, type Invocation, type Product } from '@invocations/core';
import { EXIT } from '../errors.js';
import { colorEnabled, widthOf } from '../io.js';
import { createColors } from '../render/colors.js';
import { escapeControls, toSafeJson } from '../render/escape.js';
import { describeChanges, renderWatchSummary, renderWatchView } from '../render/watch-view.js';
import { createSource, openSourceContext } from '../sources.js';
import { writeLines, type CommandContext } from './context.js';
import { locateInvocation } from './locate.js';

/** Options of `invocations watch`. */
export interface WatchCommandOptions {
  product: Product;
  region?: string[];
  /** Give up after this long, in ms (exit code 4). */
  timeout?: number;
  /** The shortest pause between two polls, in ms. */
  interval?: number;
}

/** The default `--timeout` of `watch`: 30 minutes. */
export const DEFAULT_WATCH_TIMEOUT_MS = 30 * 60_000;

/** The exit code for a finished invocation: 0 Success, 3 Stopped, 1 Failed or PartialFailed. */
export function exitCodeForStatus(invocation: Invocation | undefined): number {
  const status = invocation ? normalizeInvocationStatus(invocation.status) : undefined;
  if (status === 'Success') return EXIT.ok;
  if (status === 'Stopped') return EXIT.stopped;
  return EXIT.failed;
}

/**
 * `invocations watch <invokeId>`: waits with core's `waitForInvocation` and shows each change. On a
 * terminal the view is redrawn in place; otherwise one line per change. At the end the failed
 * targets are named with their exit and error codes.
 */
export async function runWatch(invokeId: string, options: WatchCommandOptions, context: CommandContext): Promise<number> {
  const { io, globals } = context;
  const sourceContext = await openSourceContext(globals, io);
  try {
    const regions = options.region ?? (await sourceContext.defaultRegions());
    // With several regions, find the one that holds it first; with one, let waitForInvocation's
    // not-found grace cover an invocation that is not visible yet.
    const source =
      regions.length === 1
        ? createSource(options.product, regions[0] as string, sourceContext)
        : (await locateInvocation(options.product, regions, invokeId, sourceContext, io.signal ? { signal: io.signal } : {})).source;

    const colors = createColors(colorEnabled(io.stdout, io.env));
    const live = globals.output === 'table' && io.stdout.isTTY === true;
    const startedAt = context.now();
    let drawnLines = 0;
    let latest: Invocation | undefined;
    const draw = (invocation: Invocation): void => {
      const rows = (io.stdout as { rows?: unknown }).rows;
      const lines = renderWatchView(invocation, {
        width: widthOf(io.stdout, io.env),
        ...(typeof rows === 'number' && rows > 0 ? { height: rows } : {}),
        colors,
        elapsedMs: context.now() - startedAt,
      });
      // Move to the start of the previous drawing and clear it, then draw again.
      const rewind = drawnLines > 0 ? `\x1b[${drawnLines}F\x1b[0J` : '';
      io.stdout.write(`${rewind}${lines.join('\n')}\n`);
      drawnLines = lines.length;
    };
    // On a terminal the elapsed time ticks between polls too.
    const ticker = live ? setInterval(() => latest && draw(latest), 1_000) : undefined;
    const onUpdate = (invocation: Invocation, previous: Invocation | undefined): void => {
      const elapsedMs = context.now() - startedAt;
      latest = invocation;
      if (globals.output === 'ndjson') {
        io.stdout.write(`${toSafeJson(invocation)}\n`);
      } else if (live) {
        draw(invocation);
      } else if (globals.output === 'table') {
        writeLines(io.stdout, describeChanges(invocation, previous, { colors, elapsedMs }));
      }
    };

    let result;
    try {
      result = await waitForInvocation(source, invokeId, {
        timeoutMs: options.timeout ?? DEFAULT_WATCH_TIMEOUT_MS,
        minDelayMs: options.interval ?? 500,
        maxDelayMs: Math.max(options.interval ?? 500, 3_000),
        onUpdate,
        ...(io.signal ? { signal: io.signal } : {}),
      });
    } finally {
      clearInterval(ticker);
    }
    if (live && result.invocation) {
      draw(result.invocation);
      io.stdout.write('\n');
    }

    if (globals.output === 'json' && result.invocation) io.stdout.write(`${toSafeJson(result.invocation, 2)}\n`);
    switch (result.state) {
      case 'aborted':
        io.stderr.write(`interrupted: ${escapeControls(result.reason)}\n`);
        return EXIT.interrupted;
      case 'timeout':
        io.stderr.write(`timeout: ${escapeControls(result.reason)}\n`);
        return EXIT.timeout;
      default: {
        if (globals.output === 'table' && result.invocation) writeLines(io.stdout, renderWatchSummary(result.invocation, colors, widthOf(io.stdout, io.env)));
        return exitCodeForStatus(result.invocation);
      }
    }
  } finally {
    await sourceContext.close();
  }
}
