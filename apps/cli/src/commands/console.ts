import type { Archive } from '@invocations/archive';
import type { InvocationSource, Product } from '@invocations/core';
import { EXIT } from '../errors.js';
import { EMULATOR_EFLO_REGION, createSource, listenError, openSourceContext, sourceRegions } from '../sources.js';
import { writeLines, type CommandContext } from './context.js';
import { openCliArchive } from './open-archive.js';

/** Options of `invocations console`. */
export interface ConsoleCommandOptions {
  product: Product[];
  region?: string[];
  archive?: string;
  port: number;
  host: string;
  /** Let the page run commands and stop invocations (default: only with --emulator, whose data is fake). */
  allowRun?: boolean;
}

/** Whether an address is this machine only: 127.0.0.0/8, ::1 or localhost. */
export function isLoopbackAddress(host: string): boolean {
  const bare = host.trim().toLowerCase().replace(/^\[|\]$/g, '');
  return /^127(?:\.\d{1,3}){3}$/.test(bare) || bare === '::1' || bare === 'localhost';
}

/** The warning `--host` beyond this machine prints: the console reads with your credentials for whoever reaches it. */
export function exposedHostWarning(host: string): string {
  return `warning: --host ${host} can be reached from beyond this machine: anyone who reaches the console reads your invocations with your credentials (there is no login); prefer 127.0.0.1`;
}

/**
 * `invocations console`: builds the sources exactly as `list` does (products x regions, the same
 * endpoint, credentials and eflo region rules), opens `--archive` when given, serves the web console
 * on `--host:--port` and prints its URL; runs until Ctrl-C or SIGTERM. The credentials stay in this
 * process: the page only talks to the console's API.
 */
export async function runConsole(options: ConsoleCommandOptions, context: CommandContext): Promise<number> {
  const { io, globals } = context;
  const sourceContext = await openSourceContext(globals, io);
  let archive: Archive | undefined;
  try {
    const regions = options.region ?? (await sourceContext.defaultRegions());
    const notes: string[] = [];
    const sources: InvocationSource[] = [];
    for (const product of options.product) {
      const asked = sourceRegions(product, regions, sourceContext);
      if (asked.note) notes.push(asked.note);
      for (const region of asked.regions) sources.push(createSource(product, region, sourceContext));
    }
    if (options.archive) archive = await openCliArchive(options.archive, context);
    const { startConsole } = await import('@invocations/console');
    let running;
    try {
      const allowRun = options.allowRun ?? globals.emulator === true;
      running = await startConsole({ sources, ...(archive ? { archive } : {}), notes, allowRun, port: options.port, host: options.host });
    } catch (error) {
      throw listenError(error, options.port, options.host);
    }
    if (options.product.includes('eflo')) {
      // The emulator's newest eflo invocation, as a link: eflo's API cannot list, so the page cannot show it unasked.
      const [newest] = sourceContext.emulator?.store.list('eflo', EMULATOR_EFLO_REGION).sort((a, b) => b.createdAt - a.createdAt) ?? [];
      notes.push(
        newest
          ? `eflo cannot list invocations; open one by its id, e.g. ${running.url}invocations/eflo/${EMULATOR_EFLO_REGION}/${newest.invokeId}`
          : `eflo cannot list invocations; open one by its id at ${running.url}invocations/eflo/<region>/<invoke id>`,
      );
    }
    if (!isLoopbackAddress(options.host)) io.stderr.write(`${exposedHostWarning(options.host)}\n`);
    writeLines(io.stdout, [`console listening on ${running.url}`, 'press Ctrl-C to stop']);
    await new Promise<void>((resolve) => {
      if (!io.signal) return; // no signal to wait on: run until the process is killed
      if (io.signal.aborted) resolve();
      else io.signal.addEventListener('abort', () => resolve(), { once: true });
    });
    await running.close();
    io.stderr.write('console stopped\n');
    return EXIT.ok;
  } finally {
    await archive?.close();
    await sourceContext.close();
  }
}
