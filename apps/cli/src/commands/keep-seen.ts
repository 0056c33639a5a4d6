import { setTimeout as delay } from 'node:timers/promises';
import type { Archive } from '@invocations/archive';
import { NotFoundError, type Invocation, type InvocationSource } from '@invocations/core';
import { EXIT, exitCodeFor, formatError } from '../errors.js';
import type { CommandContext } from './context.js';
import { openCliArchive } from './open-archive.js';

/** `--keep` and `--archive <url>` of get, watch and run. */
export interface KeepOptions {
  /** Also keep what the command saw in the archive. */
  keep?: boolean;
  /** The archive to keep it in (implies `--keep`); default INVOCATIONS_ARCHIVE_URL, else the data directory. */
  archive?: string;
}

/** The archive that keeps what get, watch and run saw (eflo cannot list: this is how its invocations get there). */
export interface SeenArchive {
  /** Records the invocations; a failure is one error line and its exit code, else `EXIT.ok`. */
  keep(invocations: readonly Invocation[]): Promise<number>;
  /** Records what `source.get` sees of invocations just started (asked again for a few seconds while not visible yet). */
  keepStarted(source: InvocationSource, invokeIds: readonly string[]): Promise<number>;
  close(): Promise<void>;
}

// RunCommand answers once the invocation exists, but a read may reach a replica that has not seen it
// yet: ask a few times before giving up on recording it.
const NOT_VISIBLE_RETRIES = 5;
const NOT_VISIBLE_PAUSE_MS = 1_000;

/**
 * Opens the archive (`--archive`, else the one `history` uses) before the command sends anything,
 * so a wrong URL or an unreachable server is said first; `undefined` without `--keep` or `--archive`.
 */
export async function openSeenArchive(options: KeepOptions, context: CommandContext): Promise<SeenArchive | undefined> {
  if (!options.keep && options.archive === undefined) return undefined;
  const archive: Archive = await openCliArchive(options.archive, context);
  const { io, globals } = context;
  const keep = async (invocations: readonly Invocation[]): Promise<number> => {
    if (invocations.length === 0) return EXIT.ok;
    try {
      await archive.record(invocations);
    } catch (error) {
      io.stderr.write(`${formatError(error, globals.debug).replace(/^error: /, 'error: archive: ')}\n`);
      return exitCodeFor(error);
    }
    if (globals.output === 'table') {
      const what = invocations.length === 1 ? (invocations[0] as Invocation).invokeId : `${invocations.length} invocations`;
      io.stderr.write(`archived ${what} in ${archive.location}\n`);
    }
    return EXIT.ok;
  };
  return {
    keep,
    async keepStarted(source, invokeIds) {
      const seen: Invocation[] = [];
      for (const invokeId of invokeIds) {
        for (let attempt = 1; ; attempt += 1) {
          try {
            seen.push(await source.get(invokeId, io.signal ? { signal: io.signal } : {}));
            break;
          } catch (error) {
            if (NotFoundError.isInstance(error) && attempt < NOT_VISIBLE_RETRIES) {
              // Ctrl-C during the pause: keep what was seen, and exit as interrupted.
              const paused = await delay(NOT_VISIBLE_PAUSE_MS, true, io.signal ? { signal: io.signal } : {}).catch(() => false);
              if (paused) continue;
              await keep(seen);
              return EXIT.interrupted;
            }
            io.stderr.write(`${formatError(error, globals.debug).replace(/^error: /, `error: archive: ${invokeId} not recorded: `)}\n`);
            await keep(seen);
            return exitCodeFor(error);
          }
        }
      }
      return keep(seen);
    },
    close: () => archive.close(),
  };
}

/** The exit code of a command that also kept what it saw: the command's own, unless only the keeping failed. */
export function withKeepCode(code: number, keepCode: number): number {
  return code === EXIT.ok ? keepCode : code;
}
