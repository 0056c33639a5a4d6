import { mkdir } from 'node:fs/promises';
import { Kysely, PostgresDialect } from 'kysely';
import type { ArchiveDatabase } from './schema.js';
import type { ArchiveLocation } from './location.js';
import { pglitePool } from './pglite-pool.js';

const INT8_OID = 20;
const NUMERIC_OID = 1700;

/**
 * Opens Kysely on the location: PGlite for memory and directories, a `pg` pool for a server. The
 * drivers are imported here, on open, so importing the package loads neither (PGlite is WASM).
 * bigint ids and counts come back as numbers from both (they stay far below 2^53).
 */
export async function connect(location: ArchiveLocation, options: { poolSize?: number } = {}): Promise<Kysely<ArchiveDatabase>> {
  if (location.kind === 'server') {
    const { default: pg } = await import('pg');
    const types = {
      getTypeParser: (oid: number, format?: 'text' | 'binary') => {
        if (oid === INT8_OID || oid === NUMERIC_OID) return (value: string) => Number(value);
        return pg.types.getTypeParser(oid, format as 'text');
      },
    };
    const pool = new pg.Pool({ connectionString: location.url, max: options.poolSize ?? 4, types: types as never });
    // An idle connection the server ends (a restart, pg_terminate_backend, a dropped database) is an
    // 'error' event of the pool, which Node throws when nobody listens: it would crash the process
    // of an archive that is not even in use. The pool has dropped that connection already; the next
    // query opens another, and a query in flight gets its error as a rejection.
    pool.on('error', () => undefined);
    return new Kysely<ArchiveDatabase>({ dialect: new PostgresDialect({ pool }) });
  }
  const { PGlite } = await import('@electric-sql/pglite');
  if (location.kind === 'directory') await mkdir(location.path, { recursive: true });
  const parse = (value: string) => Number(value);
  const database = await PGlite.create({
    ...(location.kind === 'directory' ? { dataDir: location.path } : {}),
    parsers: { [INT8_OID]: parse, [NUMERIC_OID]: parse },
  });
  return new Kysely<ArchiveDatabase>({ dialect: new PostgresDialect({ pool: pglitePool(database) }) });
}
