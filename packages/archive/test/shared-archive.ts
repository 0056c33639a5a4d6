// One archive per describe block of a back end: opened once (PGlite's first open runs initdb in WASM:
// seconds on an idle machine, minutes on a crowded one), emptied before each test, closed after.
import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { databaseOf, openArchive, type Archive } from '../src/index.js';
import type { ArchiveSpace, Backend } from './backends.js';

/** Registers the hooks of a block that shares one archive on `backend`; `onOpen` receives it once open. */
export function useSharedArchive(backend: Backend, onOpen: (archive: Archive) => void): void {
  let space: ArchiveSpace | undefined;
  let archive: Archive | undefined;
  beforeAll(async () => {
    space = await backend.createSharedSpace();
    archive = await openArchive({ url: space.url });
    onOpen(archive);
  }, 240_000);
  afterAll(async () => {
    await archive?.close();
    await space?.dispose();
  });
  beforeEach(async () => {
    await sql`truncate invocations, targets, sync_state, invocation_counts, invocation_totals restart identity cascade`.execute(databaseOf(archive!));
  });
}
