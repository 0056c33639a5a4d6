import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { openArchive, resolveArchiveLocation, type Archive } from '@invocations/archive';
import type { CommandContext } from './context.js';

/**
 * Opens the archive at `url` (else INVOCATIONS_ARCHIVE_URL, else the user's data directory). An
 * embedded archive opened for the first time is created first, which takes seconds (PostgreSQL's
 * initdb, in WebAssembly): one line on stderr says so, so a first `history` does not look hung.
 */
export async function openCliArchive(url: string | undefined, context: CommandContext): Promise<Archive> {
  const { env, stderr } = context.io;
  const location = resolveArchiveLocation(url, env);
  if (location.kind === 'directory' && !existsSync(join(location.path, 'PG_VERSION'))) {
    stderr.write(`creating the archive in ${location.path} (the first time takes a few seconds)\n`);
  }
  return openArchive({ ...(url === undefined ? {} : { url }), env });
}
