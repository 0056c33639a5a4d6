import { listInvocations, normalizeInvocationStatus, type Invocation, type InvocationQuery, type InvocationSource, type Product } from '@invocations/core';
import { EXIT, UsageError, exitCodeFor, formatError } from '../errors.js';
import { colorEnabled, widthOf } from '../io.js';
import { sinceCutoff, type Since } from '../options.js';
import { createColors } from '../render/colors.js';
import { byNewest, renderInvocationTable } from '../render/invocation.js';
import { createSource, openSourceContext, sourceRegions, type SourceContext } from '../sources.js';
import { writeLines, type CommandContext } from './context.js';

/** Options of `invocations list`. */
export interface ListCommandOptions {
  product: Product[];
  region?: string[];
  status?: string[];
  instance?: string;
  node?: string;
  commandId?: string;
  name?: string;
  limit?: number;
  since?: Since;
  invokeId?: string[];
}

/** The default `--product`: every product (eflo only answers with `--invoke-id`). */
export const DEFAULT_PRODUCTS: Product[] = ['ecs', 'swas', 'eflo'];

const PROGRESS_AFTER_MS = 400;

/** A progress line on a terminal's stderr, shown only when the listing takes more than a moment. */
function startProgress(context: CommandContext, sourceCount: number): { update(count: number): void; stop(): void } {
  const { stderr } = context.io;
  if (!stderr.isTTY) return { update: () => undefined, stop: () => undefined };
  let count = 0;
  let shown = false;
  const draw = (): void => {
    shown = true;
    stderr.write(`\r\x1b[2Klisting ${sourceCount} source${sourceCount === 1 ? '' : 's'}... ${count} invocation${count === 1 ? '' : 's'} so far`);
  };
  const timer = setInterval(draw, PROGRESS_AFTER_MS);
  return {
    update(value) {
      count = value;
    },
    stop() {
      clearInterval(timer);
      if (shown) stderr.write('\r\x1b[2K');
    },
  };
}

function matchesFilters(invocation: Invocation, options: ListCommandOptions, cutoff: number | undefined): boolean {
  if (options.status && !options.status.includes(normalizeInvocationStatus(invocation.status))) return false;
  if (options.commandId && invocation.commandId !== options.commandId) return false;
  if (options.name && !(invocation.commandName ?? '').toLowerCase().includes(options.name.toLowerCase())) return false;
  if (cutoff !== undefined) {
    const created = invocation.createdAt ? Date.parse(invocation.createdAt) : Number.NaN;
    if (!Number.isFinite(created) || created < cutoff) return false;
  }
  return true;
}

/** The emulator listing's footer: a seeded eflo invocation to `get` (eflo cannot list). */
function efloHint(sourceContext: SourceContext): string | undefined {
  const emulator = sourceContext.emulator;
  if (!emulator) return undefined;
  // The emulator answers eflo requests to a bare host:port as cn-hangzhou.
  const region = 'cn-hangzhou';
  const [newest] = emulator.store.list('eflo', region).sort((a, b) => b.createdAt - a.createdAt);
  return newest ? `eflo cannot list invocations; try  invocations get ${newest.invokeId} --product eflo --region ${region} --emulator` : undefined;
}

/**
 * `invocations list`: every product x region as one listing. A source that fails prints one line
 * on stderr while the others' rows are still printed; eflo without `--invoke-id` prints one line
 * saying it cannot list. Status, name, command id and `--since` filter client-side.
 */
export async function runList(options: ListCommandOptions, context: CommandContext): Promise<number> {
  const { io, globals } = context;
  if (options.instance && options.node && options.instance !== options.node) {
    throw new UsageError('--instance and --node both name the target; pass only one');
  }
  const sourceContext = await openSourceContext(globals, io);
  try {
    const regions = options.region ?? (await sourceContext.defaultRegions());
    const notes: string[] = [];
    const sources: InvocationSource[] = [];
    for (const product of options.product) {
      if (product === 'eflo' && !options.invokeId) {
        notes.push(
          `eflo: its API cannot list invocations, so eflo was skipped; read eflo invocations with --invoke-id <id> --product eflo, or \`invocations get <id> --product eflo\``,
        );
        continue;
      }
      // eflo behind one custom endpoint is one region (its host names it): asked once, labelled right.
      const asked = sourceRegions(product, regions, sourceContext);
      if (asked.note) notes.push(asked.note);
      for (const region of asked.regions) sources.push(createSource(product, region, sourceContext));
    }
    const query: InvocationQuery = {};
    if (options.invokeId) query.invokeIds = options.invokeId;
    const targetId = options.instance ?? options.node;
    if (targetId) query.targetId = targetId;
    const cutoff = options.since ? sinceCutoff(options.since, context.now()) : undefined;

    const found: Invocation[] = [];
    const progress = startProgress(context, sources.length);
    const stream = listInvocations(sources, query, { ...(io.signal ? { signal: io.signal } : {}) });
    try {
      for await (const invocation of stream) {
        if (!matchesFilters(invocation, options, cutoff)) continue;
        found.push(invocation);
        progress.update(found.length);
        if (globals.output === 'ndjson') io.stdout.write(`${JSON.stringify(invocation)}\n`);
        if (options.limit !== undefined && found.length >= options.limit) break;
      }
    } finally {
      progress.stop();
    }

    found.sort(byNewest);
    if (globals.output === 'json') io.stdout.write(`${JSON.stringify(found, null, 2)}\n`);
    if (globals.output === 'table') {
      if (found.length === 0) io.stderr.write('no invocations found\n');
      else {
        const colors = createColors(colorEnabled(io.stdout, io.env));
        io.stdout.write(`${renderInvocationTable(found, { width: widthOf(io.stdout, io.env), colors, now: context.now() })}\n`);
      }
    }

    let code: number = EXIT.ok;
    for (const failure of stream.failures) {
      io.stderr.write(`${formatError(failure.error, globals.debug).replace(/^error: /, `error: ${failure.source.product} ${failure.source.region}: `)}\n`);
      // A query a product cannot serve (usage, 2) outranks an API failure (5) only when nothing worse happened.
      const failureCode = exitCodeFor(failure.error);
      if (code === EXIT.ok || failureCode === EXIT.usage) code = failureCode;
    }
    if (globals.emulator && options.product.includes('eflo') && !options.invokeId) {
      const hint = efloHint(sourceContext);
      if (hint) notes[notes.length - 1] = hint;
    }
    writeLines(io.stderr, notes);
    if (globals.output === 'table' && found.length > 0) {
      io.stderr.write(`${found.length} invocation${found.length === 1 ? '' : 's'} from ${regions.join(', ')}\n`);
    }
    return code;
  } finally {
    await sourceContext.close();
  }
}
