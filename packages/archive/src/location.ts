import { isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import envPaths from 'env-paths';
import { InvalidQueryError } from '@invocations/core';

/** Where an archive lives: an embedded store (in memory or a directory) or a PostgreSQL server. */
export type ArchiveLocation =
  | { kind: 'memory' }
  | { kind: 'directory'; path: string }
  | { kind: 'server'; url: string };

/** The environment variable that names the archive when `openArchive` is given no `url`. */
export const ARCHIVE_URL_ENV = 'INVOCATIONS_ARCHIVE_URL';

/** The embedded archive's default directory: `<user data dir>/archive` (XDG on Linux, Application Support on macOS, AppData on Windows). */
export function defaultArchiveDirectory(): string {
  return join(envPaths('invocations', { suffix: '' }).data, 'archive');
}

function invalid(message: string): InvalidQueryError {
  return new InvalidQueryError([{ path: 'url', message }], { context: 'openArchive' });
}

/**
 * Reads an archive URL: absent -> `INVOCATIONS_ARCHIVE_URL`, else the user's data directory;
 * `memory://`; `postgres://` or `postgresql://`; a `file:` URL or a path. Any other scheme is an
 * error naming `url` (a typo must not silently become a directory called `postgress:`).
 */
export function resolveArchiveLocation(url: string | undefined, env: Record<string, string | undefined> = {}): ArchiveLocation {
  const given = url ?? (env[ARCHIVE_URL_ENV]?.trim() || undefined);
  if (given === undefined) return { kind: 'directory', path: defaultArchiveDirectory() };
  if (given.trim() === '') throw invalid('must not be empty');
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(given)?.[1]?.toLowerCase();
  if (scheme === 'memory') {
    if (!/^memory:(\/\/)?$/i.test(given)) throw invalid("must be exactly 'memory://' for an in-memory archive");
    return { kind: 'memory' };
  }
  if (scheme === 'postgres' || scheme === 'postgresql') {
    try {
      new URL(given);
    } catch {
      throw invalid('is not a valid postgres:// URL');
    }
    return { kind: 'server', url: given };
  }
  if (scheme === 'file') {
    try {
      return { kind: 'directory', path: fileURLToPath(given) };
    } catch {
      throw invalid('is not a valid file: URL (use file:///absolute/path)');
    }
  }
  // A Windows drive letter ('C:\\data') is a path, not a scheme.
  if (scheme !== undefined && !(scheme.length === 1 && /^[a-z]:[\\/]/i.test(given))) {
    throw invalid(`has an unsupported scheme '${scheme}:' (use a path, file:, memory:// or postgres://)`);
  }
  return { kind: 'directory', path: isAbsolute(given) ? given : resolve(given) };
}

/** The location with any password removed, for messages. */
export function describeLocation(location: ArchiveLocation): string {
  if (location.kind === 'memory') return 'memory://';
  if (location.kind === 'directory') return location.path;
  try {
    const parsed = new URL(location.url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'postgres://(unreadable URL)';
  }
}
