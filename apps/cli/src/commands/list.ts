import {
  createdTimeOf,
  defaultListOrder,
  listInvocations,
  normalizeInvocationStatus,
  type Invocation,
  type InvocationQuery,
  type InvocationSource,
  type Product,
} from '@invocations/core';
import { EXIT, UsageError, exitCodeFor, formatError } from '../errors.js';
import { colorEnabled, widthOf } from '../io.js';
import { sinceCutoff, type Since } from '../options.js';
import { createColors } from '../render/colors.js';
import { escapeControlsInText, toSafeJson } from '../render/escape.js';
import { invocationRow, listColumns } from '../render/invocation.js';
import { createOutput } from '../render/output.js';
import { createTableWriter } from '../render/table.js';
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
    // Called on every write to stdout: the line is erased once.
    stop() {
      clearInterval(timer);
      if (shown) stderr.write('\r\x1b[2K');
      shown = false;
    },
  };
}

// Server-side filters, per product (products.md §1; each adapter's request.ts maps them):
// - ECS: InvokeStatus (one value per request: several --status values are one listing each, merged
//   newest first), CommandId, InstanceId, InvokeId. Its InvokeStatus also matches the legacy
//   status (Running covers Pending and Scheduled), and PartialFailed has no effect beside
//   InstanceId, so the status is checked here again; a record two listings both return is printed once.
// - SWAS: InstanceId, and InvokeStatus (Running, Finished, Failed) only with --instance: without
//   it the adapter joins every instance's record of an invocation, and a per-instance status filter
//   would drop the other instances' targets. No CommandId filter.
// - eflo: InvokeId and NodeId only.
// Filtered here, for every product: --name (ECS's CommandName matches the whole name, --name any
// part of it in any case), --since (no product has a time filter; the listing is newest first, so
// it stops at the first older record), and what a product above cannot filter (status, command id).
const SWAS_STATUS_FILTER: Record<string, string> = { Success: 'Finished', Failed: 'Failed', Running: 'Running' };

/** The queries one product is listed with: one per server-side status filter, or one without. */
export function serverQueries(product: Product, options: ListCommandOptions): InvocationQuery[] {
  const base: InvocationQuery = {};
  if (options.invokeId) base.invokeIds = options.invokeId;
  const targetId = options.instance ?? options.node;
  if (targetId) base.targetId = targetId;
  const statuses = options.status ?? [];
  if (product === 'ecs') {
    if (options.commandId) base.commandId = options.commandId;
    if (statuses.length === 0 || (targetId && statuses.includes('PartialFailed'))) return [base];
    return statuses.map((status) => ({ ...base, invokeStatus: status }));
  }
  if (product === 'swas' && targetId && statuses.length > 0 && statuses.every((status) => status in SWAS_STATUS_FILTER)) {
    return [...new Set(statuses.map((status) => SWAS_STATUS_FILTER[status] as string))].map((invokeStatus) => ({ ...base, invokeStatus }));
  }
  return [base];
}

function matchesFilters(invocation: Invocation, options: ListCommandOptions): boolean {
  if (options.status && !options.status.includes(normalizeInvocationStatus(invocation.status))) return false;
  if (options.commandId && invocation.commandId !== options.commandId) return false;
  if (options.name && !(invocation.commandName ?? '').toLowerCase().includes(options.name.toLowerCase())) return false;
  return true;
}

/** A source that lists with its own query, whatever it is asked with. */
function withQuery(source: InvocationSource, query: InvocationQuery): InvocationSource {
  return {
    product: source.product,
    region: source.region,
    list: (_query, listOptions) => source.list(query, listOptions),
    get: (invokeId, getOptions) => source.get(invokeId, getOptions),
  };
}

/** The terminal's rows, when stdout is one. */
function rowsOf(stream: CommandContext['io']['stdout']): number | undefined {
  const rows = (stream as { rows?: unknown }).rows;
  return stream.isTTY && typeof rows === 'number' && rows > 0 ? rows : undefined;
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
 * `invocations list`: every product x region as one listing, newest first across all of them
 * (core's newest-first merge), printed as it is merged and kept nowhere: ndjson line by line, json
 * as a streamed array, the table row by row once its widths are decided (see `createTableWriter`).
 * `--limit` and Ctrl-C stop the listing at once. Filters go to the service where the product has
 * them (see {@link serverQueries}). A source that fails prints one line on stderr while the others'
 * rows are still printed; eflo without `--invoke-id` prints one line saying it cannot list.
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
    const lanes: InvocationSource[] = [];
    const queryOf = new Map<InvocationSource, InvocationQuery>();
    let splitStatus = false;
    for (const source of sources) {
      const queries = serverQueries(source.product, options);
      if (queries.length > 1) splitStatus = true;
      for (const query of queries) {
        const lane = withQuery(source, query);
        queryOf.set(lane, query);
        lanes.push(lane);
      }
    }
    const cutoff = options.since ? sinceCutoff(options.since, context.now()) : undefined;

    const out = createOutput(io.stdout);
    const progress = startProgress(context, sources.length);
    let pushBack: Promise<void> | undefined;
    const write = (text: string): void => {
      progress.stop();
      pushBack = out.write(text) ?? pushBack;
    };
    const now = context.now();
    const table =
      globals.output === 'table'
        ? createTableWriter(listColumns(createColors(colorEnabled(io.stdout, io.env)), { regionWidth: Math.max(0, ...regions.map((region) => region.length)) }), {
            ...(widthOf(io.stdout, io.env) === undefined ? {} : { width: widthOf(io.stdout, io.env) as number }),
            // On a terminal the first screenful decides the widths; elsewhere each row prints as it comes.
            sampleSize: io.stdout.isTTY ? Math.max(1, (rowsOf(io.stdout) ?? 24) - 3) : 1,
            bold: createColors(colorEnabled(io.stdout, io.env)).bold,
            write,
          })
        : undefined;
    const stream = listInvocations(lanes, undefined, {
      order: 'newest-first',
      concurrency: 8,
      listOrder: (lane) => defaultListOrder(lane, queryOf.get(lane)),
      ...(io.signal ? { signal: io.signal } : {}),
    });
    let count = 0;
    let opened = false;
    // Records two status listings both returned arrive next to each other (same creation time).
    let group: string | undefined;
    const seen = new Set<string>();
    try {
      for await (const invocation of stream) {
        if (cutoff !== undefined) {
          const created = createdTimeOf(invocation);
          // Newest first: every later record is older (or has no time), so the listing can stop.
          if (created === undefined || created < cutoff) break;
        }
        if (!matchesFilters(invocation, options)) continue;
        if (splitStatus) {
          if (invocation.createdAt !== group) {
            group = invocation.createdAt;
            seen.clear();
          }
          const key = `${invocation.product} ${invocation.region ?? ''} ${invocation.invokeId}`;
          if (seen.has(key)) continue;
          seen.add(key);
        }
        count++;
        progress.update(count);
        if (globals.output === 'ndjson') write(`${toSafeJson(invocation)}\n`);
        else if (globals.output === 'json') {
          write(`${opened ? ',\n' : '[\n'}  ${toSafeJson(invocation, 2).replace(/\n/g, '\n  ')}`);
          opened = true;
        } else table?.push(invocationRow(invocation, now));
        if (pushBack) {
          await pushBack;
          pushBack = undefined;
        }
        if (options.limit !== undefined && count >= options.limit) break;
      }
    } finally {
      progress.stop();
      table?.end();
      // Close the array even when the listing was cut short, so what was printed is valid JSON.
      if (globals.output === 'json') write(opened ? '\n]\n' : '[]\n');
      await out.flush();
    }

    const failedLanes = new Set(stream.failures.map((failure) => failure.source));
    const everySourceFailed = lanes.length > 0 && failedLanes.size === lanes.length;
    if (globals.output === 'table' && count === 0 && !everySourceFailed) io.stderr.write('no invocations found\n');

    let code: number = EXIT.ok;
    const printed = new Set<string>();
    for (const failure of stream.failures) {
      // Service text is escaped; one source listed once per status fails once.
      const line = `${escapeControlsInText(formatError(failure.error, globals.debug)).replace(/^error: /, `error: ${failure.source.product} ${failure.source.region}: `)}\n`;
      if (printed.has(line)) continue;
      printed.add(line);
      io.stderr.write(line);
      // A query a product cannot serve (usage, 2) outranks an API failure (5) only when nothing worse happened.
      const failureCode = exitCodeFor(failure.error);
      if (code === EXIT.ok || failureCode === EXIT.usage) code = failureCode;
    }
    if (globals.emulator && options.product.includes('eflo') && !options.invokeId) {
      const hint = efloHint(sourceContext);
      if (hint) notes[notes.length - 1] = hint;
    }
    writeLines(io.stderr, notes);
    if (globals.output === 'table' && count > 0) {
      io.stderr.write(`${count} invocation${count === 1 ? '' : 's'} from ${regions.join(', ')}\n`);
    }
    return code;
  } finally {
    await sourceContext.close();
  }
}
