import { normalizeInvocationStatus, type Invocation, type WaitResult } from '@invocations/core';
import { EXIT } from '../errors.js';
import { colorEnabled, widthOf } from '../io.js';
import { createColors } from '../render/colors.js';
import { escapeControls, toSafeJson } from '../render/escape.js';
import { describeChanges, renderWatchSummary, renderWatchView } from '../render/watch-view.js';
import { writeLines, type CommandContext } from './context.js';

/** The exit code for a finished invocation: 0 Success, 3 Stopped, 1 Failed or PartialFailed. */
export function exitCodeForStatus(invocation: Invocation | undefined): number {
  const status = invocation ? normalizeInvocationStatus(invocation.status) : undefined;
  if (status === 'Success') return EXIT.ok;
  if (status === 'Stopped') return EXIT.stopped;
  return EXIT.failed;
}

/** What `watch` and `run` share: the live view, its updates, and the exit code of a wait. */
export interface WatchDisplay {
  /** Pass as `onUpdate` to the wait. */
  onUpdate(invocation: Invocation, previous: Invocation | undefined): void;
  /** Ends the view with the wait's result (final drawing, summary naming failed targets) and returns the exit code. */
  finish(result: WaitResult): number;
  /** Stops the ticker without a result (the wait threw). */
  close(): void;
}

/**
 * The watch view: on a terminal it is redrawn in place (the elapsed time ticking between polls);
 * otherwise one line per change, or one JSON object per change with `-o ndjson`. `finish` maps the
 * wait's state to the exit code: 0 Success, 1 Failed/PartialFailed, 3 Stopped, 4 timeout, 130 aborted.
 */
export function createWatchDisplay(context: CommandContext): WatchDisplay {
  const { io, globals } = context;
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
  const ticker = live ? setInterval(() => latest && draw(latest), 1_000) : undefined;
  const close = (): void => clearInterval(ticker);
  return {
    onUpdate(invocation, previous) {
      latest = invocation;
      if (globals.output === 'ndjson') io.stdout.write(`${toSafeJson(invocation)}\n`);
      else if (live) draw(invocation);
      else if (globals.output === 'table') writeLines(io.stdout, describeChanges(invocation, previous, { colors, elapsedMs: context.now() - startedAt }));
    },
    close,
    finish(result) {
      close();
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
        default:
          if (globals.output === 'table' && result.invocation) writeLines(io.stdout, renderWatchSummary(result.invocation, colors, widthOf(io.stdout, io.env)));
          return exitCodeForStatus(result.invocation);
      }
    },
  };
}
