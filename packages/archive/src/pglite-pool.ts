import type { PGlite } from '@electric-sql/pglite';
import type { PostgresPool, PostgresPoolClient } from 'kysely';

/**
 * PGlite as the pool Kysely's own PostgresDialect expects, so both back ends share one dialect,
 * one query compiler and one set of queries. PGlite is a single connection: a client is lent to one
 * caller at a time (a transaction must not see another caller's statements in between).
 */
export function pglitePool(database: PGlite): PostgresPool {
  let tail: Promise<void> = Promise.resolve();
  return {
    async connect(): Promise<PostgresPoolClient> {
      let release!: () => void;
      const previous = tail;
      tail = new Promise<void>((resolve) => {
        release = resolve;
      });
      await previous;
      return {
        query: (sql: string, parameters: readonly unknown[]) => database.query(sql, parameters as unknown[]),
        release,
      } as unknown as PostgresPoolClient;
    },
    async end(): Promise<void> {
      await tail;
      await database.close();
    },
  };
}
