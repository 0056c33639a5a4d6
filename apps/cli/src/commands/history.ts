import { Command, InvalidArgumentError, Option } from 'commander';
import type { Invocation, InvocationSource, Product } from '@invocations/core';
import { STATS_GROUPS, type Archive, type ArchiveQuery, type StatsGroup, type StatsRow, type SyncProgress } from '@invocations/archive';
import { EXIT, UsageError, exitCodeFor, formatError } from '../errors.js';
import { colorEnabled, widthOf } from '../io.js';
import { sinceCutoff, type Since } from '../options.js';
import { addSharedOptions } from '../shared-options.js';
import { createColors } from '../render/colors.js';
import { escapeControls, toSafeJson } from '../render/escape.js';
import { renderInvocationTable } from '../render/invocation.js';
import { renderTable } from '../render/table.js';
import { createSource, openSourceContext, sourceRegions } from '../sources.js';
import type { CommandContext } from './context.js';
import { openCliArchive } from './open-archive.js';

const HISTORY_HELP = `
The archive keeps every invocation it has seen, beyond the services' retention:
an embedded PostgreSQL in your data directory by default, or --archive <url>
(a directory, file:, memory:// or postgres://...). INVOCATIONS_ARCHIVE_URL
sets the default.

Examples:
  $ invocations history sync --emulator            archive the emulator's invocations
  $ invocations history sync --region cn-hangzhou  archive your account's invocations
  $ invocations history list --target i-bp1example --since 30d
  $ invocations history stats --by command --since 7d`;

const SYNC_HELP = `
Examples:
  $ invocations history sync --emulator
  $ invocations history sync --region cn-hangzhou,cn-shanghai --product ecs
  $ invocations history sync --archive postgres://user@db.internal:5432/invocations

Each sync reads what is new since the last one (per product and region) and
re-reads the invocations that had not finished. A sync that is interrupted
loses nothing; the next one picks up. eflo cannot list: its invocations reach
the archive through get, watch or run with --keep, and sync re-reads the
unfinished ones.`;

const LIST_HELP = `
Examples:
  $ invocations history list --status failed --since 7d
  $ invocations history list --target i-bp1example --since 2025-01-01 --until 2025-04-01
  $ invocations history list --name deploy -o ndjson --limit 1000

Newest first. --name matches part of the command name (any case).`;

const STATS_HELP = `
Examples:
  $ invocations history stats --by command
  $ invocations history stats --by target --since 30d -o json
  $ invocations history stats --by day --product ecs

FAILURE RATE is failed / finished: Failed and PartialFailed invocations (by
target: targets that ended Failed, Timeout, Error, Invalid or Aborted).`;

/** How the history commands reach the rest of the program. */
export interface HistoryHooks {
  context(command: Command): CommandContext;
  setExitCode(code: number): void;
}

function parseGroup(value: string): StatsGroup {
  const group = value.trim().toLowerCase();
  if (!(STATS_GROUPS as readonly string[]).includes(group)) throw new InvalidArgumentError(`expected one of ${STATS_GROUPS.join(', ')}`);
  return group as StatsGroup;
}

async function withArchive<T>(url: string | undefined, context: CommandContext, task: (archive: Archive) => Promise<T>): Promise<T> {
  const archive = await openCliArchive(url, context);
  try {
    return await task(archive);
  } finally {
    await archive.close();
  }
}

/** A progress line on a terminal's stderr, redrawn in place. */
function progressLine(context: CommandContext): { update(progress: SyncProgress): void; stop(): void } {
  const { stderr } = context.io;
  if (!stderr.isTTY) return { update: () => undefined, stop: () => undefined };
  let shown = false;
  return {
    update(progress) {
      shown = true;
      const refreshed = progress.refreshed > 0 ? `, ${progress.refreshed} re-read` : '';
      stderr.write(`\r\x1b[2Ksyncing ${progress.product} ${progress.region}: ${progress.listed} listed${refreshed}, ${progress.written} archived`);
    },
    stop() {
      if (shown) stderr.write('\r\x1b[2K');
    },
  };
}

interface SyncCommandOptions {
  archive?: string;
  product?: Product[];
  region?: string[];
}

/** `invocations history sync`: every product x region into the archive; a line per source at the end. */
export async function runHistorySync(options: SyncCommandOptions, context: CommandContext): Promise<number> {
  const { io, globals } = context;
  const sourceContext = await openSourceContext(globals, io);
  try {
    const regions = options.region ?? (await sourceContext.defaultRegions());
    const sources: InvocationSource[] = [];
    for (const product of options.product ?? (['ecs', 'swas', 'eflo'] as Product[])) {
      // eflo behind one custom endpoint answers as one region only (see sourceRegions).
      const asked = sourceRegions(product, regions, sourceContext);
      if (asked.note && globals.debug) io.stderr.write(`debug: ${asked.note}\n`);
      for (const region of asked.regions) sources.push(createSource(product, region, sourceContext));
    }
    return await withArchive(options.archive, context, async (archive) => {
      const progress = progressLine(context);
      let result;
      try {
        result = await archive.sync(sources, { ...(io.signal ? { signal: io.signal } : {}), onProgress: (event) => progress.update(event) });
      } finally {
        progress.stop();
      }
      if (globals.output === 'table') {
        for (const source of result.sources) {
          const gone = source.gone > 0 ? `, ${source.gone} no longer known to the service` : '';
          io.stderr.write(`${source.product} ${source.region}: ${source.listed} listed, ${source.refreshed} re-read, ${source.written} archived${gone}\n`);
        }
        io.stderr.write(`archive: ${archive.location}\n`);
      } else {
        const lines = result.sources.map((source) => JSON.stringify(source));
        io.stdout.write(globals.output === 'json' ? `${JSON.stringify(result.sources, null, 2)}\n` : `${lines.join('\n')}\n`);
      }
      let code: number = EXIT.ok;
      for (const failure of result.failures) {
        io.stderr.write(`${formatError(failure.error, globals.debug).replace(/^error: /, `error: ${failure.product} ${failure.region}: `)}\n`);
        if (code === EXIT.ok) code = exitCodeFor(failure.error);
      }
      return code;
    });
  } finally {
    await sourceContext.close();
  }
}

interface ListCommandOptions {
  archive?: string;
  product?: Product[];
  region?: string[];
  status?: string[];
  instance?: string;
  node?: string;
  target?: string;
  commandId?: string;
  name?: string;
  invokeId?: string[];
  limit: number;
  since?: Since;
  until?: Since;
}

function timeWindow(options: { since?: Since; until?: Since }, now: number): { since?: Date; until?: Date } {
  return {
    ...(options.since ? { since: new Date(sinceCutoff(options.since, now)) } : {}),
    ...(options.until ? { until: new Date(sinceCutoff(options.until, now)) } : {}),
  };
}

/** `invocations history list`: archived invocations, newest first, read page by page up to --limit. */
export async function runHistoryList(options: ListCommandOptions, context: CommandContext): Promise<number> {
  const { io, globals } = context;
  const targets = [options.instance, options.node, options.target].filter((value): value is string => value !== undefined);
  if (new Set(targets).size > 1) throw new UsageError('--instance, --node and --target all name the target; pass only one');
  const query: ArchiveQuery = {
    ...(options.product ? { product: options.product } : {}),
    ...(options.region ? { region: options.region } : {}),
    ...(options.status ? { status: options.status } : {}),
    ...(targets[0] ? { targetId: targets[0] } : {}),
    ...(options.commandId ? { commandId: options.commandId } : {}),
    ...(options.name ? { commandNameContains: options.name } : {}),
    ...(options.invokeId ? { invokeIds: options.invokeId } : {}),
    ...timeWindow(options, context.now()),
  };
  return withArchive(options.archive, context, async (archive) => {
    const found: Invocation[] = [];
    let cursor: string | undefined;
    do {
      const page = await archive.query({ ...query, limit: Math.min(1_000, options.limit - found.length), ...(cursor ? { cursor } : {}) });
      for (const invocation of page.invocations) {
        found.push(invocation);
        if (globals.output === 'ndjson') io.stdout.write(`${toSafeJson(invocation)}\n`);
      }
      cursor = page.nextCursor;
    } while (cursor && found.length < options.limit);
    if (globals.output === 'json') io.stdout.write(`${toSafeJson(found, 2)}\n`);
    if (globals.output === 'table') {
      if (found.length === 0) io.stderr.write('no archived invocations match\n');
      else {
        const colors = createColors(colorEnabled(io.stdout, io.env));
        io.stdout.write(`${renderInvocationTable(found, { width: widthOf(io.stdout, io.env), colors, now: context.now() })}\n`);
        io.stderr.write(`${found.length} archived invocation${found.length === 1 ? '' : 's'}${cursor ? ` (more: raise --limit)` : ''}\n`);
      }
    }
    return EXIT.ok;
  });
}

interface StatsCommandOptions {
  archive?: string;
  by: StatsGroup;
  product?: Product[];
  region?: string[];
  since?: Since;
  until?: Since;
  limit?: number;
}

function percent(rate: number): string {
  return `${(rate * 100).toFixed(1)}%`;
}

/** `invocations history stats`: counts per status and the failure rate per command, target, product or day. */
export async function runHistoryStats(options: StatsCommandOptions, context: CommandContext): Promise<number> {
  const { io, globals } = context;
  if (globals.output === 'ndjson') throw new UsageError('history stats prints -o table or -o json');
  return withArchive(options.archive, context, async (archive) => {
    const stats = await archive.stats({
      groupBy: options.by,
      ...(options.product ? { product: options.product } : {}),
      ...(options.region ? { region: options.region } : {}),
      ...(options.limit ? { limit: options.limit } : {}),
      ...timeWindow(options, context.now()),
    });
    if (globals.output === 'json') {
      io.stdout.write(`${JSON.stringify(stats, null, 2)}\n`);
      return EXIT.ok;
    }
    if (stats.rows.length === 0) {
      io.stderr.write('no archived invocations in that window\n');
      return EXIT.ok;
    }
    // A fixed set of columns, so the table fits 80 columns whatever statuses the data holds; `-o json`
    // has the count of every status.
    const count = (row: StatsRow, names: readonly string[]) => names.reduce((sum, name) => sum + (row.statuses[name] ?? 0), 0);
    const colors = createColors(colorEnabled(io.stdout, io.env));
    const header = { command: 'COMMAND', target: 'TARGET', product: 'PRODUCT', day: 'DAY' }[options.by];
    const table = renderTable(
      [
        { header, shrink: 'truncate', minWidth: 10 },
        { header: 'TOTAL', align: 'right' },
        { header: 'SUCCESS', align: 'right' },
        { header: 'FAILED', align: 'right' },
        { header: 'STOPPED', align: 'right' },
        { header: 'ACTIVE', align: 'right' },
        { header: 'FAILURE RATE', align: 'right' },
      ],
      stats.rows.map((row: StatsRow) => [
        escapeControls(row.key ?? '(no name)'),
        String(row.total),
        String(count(row, ['Success'])),
        String(row.failed),
        String(count(row, ['Stopped', 'Cancelled', 'Terminated'])),
        String(row.total - row.terminal),
        percent(row.failureRate),
      ]),
      { width: widthOf(io.stdout, io.env), bold: colors.bold },
    );
    io.stdout.write(`${table}\n`);
    return EXIT.ok;
  });
}

/** Adds `invocations history` (sync, list, stats) to the program. */
export function registerHistoryCommands(program: Command, hooks: HistoryHooks): void {
  const archive = ['archive', '(default: INVOCATIONS_ARCHIVE_URL, else your data directory)'] as const;
  const history = program.command('history').description('keep invocations beyond the services\' retention, and query them').addHelpText('after', HISTORY_HELP);

  const sync = history.command('sync').description('archive what is new since the last sync and re-read what had not finished');
  addSharedOptions(sync, [archive, ['product', '(default: all three)'], 'region'])
    .addHelpText('after', SYNC_HELP)
    .action(async (options: SyncCommandOptions, command: Command) => {
      hooks.setExitCode(await runHistorySync(options, hooks.context(command)));
    });

  const list = history.command('list').description('list archived invocations, newest first');
  addSharedOptions(list, [
    archive,
    'product',
    'region',
    'status',
    'target',
    ['instance', '(same as --target)'],
    ['node', '(same as --target)'],
    'commandId',
    'name',
    'invokeId',
    'since',
    'until',
    ['limit', 'invocations', 100],
  ])
    .addHelpText('after', LIST_HELP)
    .action(async (options: ListCommandOptions, command: Command) => {
      hooks.setExitCode(await runHistoryList(options, hooks.context(command)));
    });

  const stats = history
    .command('stats')
    .description('counts per status and the failure rate, by command, target, product or day')
    .addOption(new Option('--by <group>', 'command, target, product or day').argParser(parseGroup).makeOptionMandatory());
  addSharedOptions(stats, [archive, 'product', 'region', 'since', 'until', ['limit', 'groups (default 1000)']])
    .addHelpText('after', STATS_HELP)
    .action(async (options: StatsCommandOptions, command: Command) => {
      hooks.setExitCode(await runHistoryStats(options, hooks.context(command)));
    });
}
