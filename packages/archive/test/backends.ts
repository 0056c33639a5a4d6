// The two back ends every archive test runs on: PGlite (always) and a real PostgreSQL server when
// INVOCATIONS_TEST_PG_URL names one (.ci/run starts one; without it that variant is skipped).
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

/** The environment variable naming the test server (a database the tests may create databases from). */
export const TEST_PG_URL_ENV = 'INVOCATIONS_TEST_PG_URL';

/** A place for one archive: its URL and how to remove it. */
export interface ArchiveSpace {
  url: string;
  dispose(): Promise<void>;
}

/** One back end of the suite. */
export interface Backend {
  name: 'pglite' | 'postgres';
  /** Why it is skipped, when it is. */
  skip?: string;
  /** A fresh, empty place for an archive that another process can open too. */
  createSpace(): Promise<ArchiveSpace>;
  /** A fresh place for an archive this process alone opens (memory:// for PGlite: a directory costs an initdb on disk). */
  createSharedSpace(): Promise<ArchiveSpace>;
}

async function directorySpace(): Promise<ArchiveSpace> {
  const path = await mkdtemp(join(tmpdir(), 'invocations-archive-test-'));
  return { url: path, dispose: () => rm(path, { recursive: true, force: true }) };
}

async function databaseSpace(adminUrl: string): Promise<ArchiveSpace> {
  const name = `invocations_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async dispose() {
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      try {
        await client.query(`drop database if exists ${name} with (force)`);
      } finally {
        await client.end();
      }
    },
  };
}

const serverUrl = process.env[TEST_PG_URL_ENV]?.trim();

/** PGlite and, when configured, PostgreSQL. */
export const BACKENDS: Backend[] = [
  {
    name: 'pglite',
    createSpace: directorySpace,
    createSharedSpace: async () => ({ url: 'memory://', dispose: async () => undefined }),
  },
  {
    name: 'postgres',
    ...(serverUrl ? {} : { skip: `${TEST_PG_URL_ENV} is not set: the PostgreSQL variant is skipped (scripts/test-postgres.sh starts a server)` }),
    createSpace: () => databaseSpace(serverUrl as string),
    createSharedSpace: () => databaseSpace(serverUrl as string),
  },
];
