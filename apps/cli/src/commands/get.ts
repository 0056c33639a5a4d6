import type { Product } from '@invocations/core';
import { EXIT } from '../errors.js';
import { colorEnabled, widthOf } from '../io.js';
import { createColors } from '../render/colors.js';
import { toSafeJson } from '../render/escape.js';
import { renderInvocationHeader, renderOutputs, renderTargetTable } from '../render/invocation.js';
import { openSourceContext } from '../sources.js';
import { writeLines, type CommandContext } from './context.js';
import { openSeenArchive, type KeepOptions } from './keep-seen.js';
import { locateInvocation } from './locate.js';

/** Options of `invocations get`. */
export interface GetCommandOptions extends KeepOptions {
  product: Product;
  region?: string[];
  outputText?: boolean;
}

/** `invocations get <invokeId>`: one invocation with each target's status, exit code and error, and with `--output-text` its output. */
export async function runGet(invokeId: string, options: GetCommandOptions, context: CommandContext): Promise<number> {
  const { io, globals } = context;
  const sourceContext = await openSourceContext(globals, io);
  let seenArchive;
  try {
    seenArchive = await openSeenArchive(options, context);
    const regions = options.region ?? (await sourceContext.defaultRegions());
    const { invocation } = await locateInvocation(options.product, regions, invokeId, sourceContext, {
      includeOutput: options.outputText === true,
      ...(io.signal ? { signal: io.signal } : {}),
    });
    const keepCode = (await seenArchive?.keep([invocation])) ?? EXIT.ok;
    if (globals.output === 'json') {
      io.stdout.write(`${toSafeJson(invocation, 2)}\n`);
      return keepCode;
    }
    if (globals.output === 'ndjson') {
      io.stdout.write(`${toSafeJson(invocation)}\n`);
      return keepCode;
    }
    const colors = createColors(colorEnabled(io.stdout, io.env));
    const lines = renderInvocationHeader(invocation, { colors, now: context.now() });
    lines.push('');
    if (invocation.targets.length === 0) lines.push('no targets yet');
    else lines.push(renderTargetTable(invocation.targets, { width: widthOf(io.stdout, io.env), colors }));
    if (options.outputText) lines.push(...renderOutputs(invocation, colors));
    writeLines(io.stdout, lines);
    return keepCode;
  } finally {
    await seenArchive?.close();
    await sourceContext.close();
  }
}
