// While new invocations are created during a listing (they are the newest, so they land on page 1
// and push every older record one place further), every invocation that existed throughout the
// listing appears exactly once, in every paging mode; none appears twice.
import type { Emulator } from '@invocations/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { populateEcs } from '../src/emulator-data.js';
import { REGION, duplicates, listIds, reliabilitySource, startReliabilityEmulator } from './support/emulator.js';
import { watchForSecrets } from './support/secrets.js';

const TOTAL = 2_000;

const secrets = watchForSecrets();
let emulator: Emulator;
let existing: string[];
let created = 0;

function createOne(): void {
  created += 1;
  emulator.createInvocation({
    product: 'ecs',
    region: REGION,
    invokeId: `t-shift${created.toString(36).padStart(8, '0')}`,
    commandName: 'created-during-listing',
    commandContent: 'echo new',
    targetIds: [`i-shift${created.toString(36).padStart(12, '0')}`],
  });
}

beforeAll(async () => {
  emulator = await startReliabilityEmulator(12);
  existing = populateEcs(emulator, TOTAL, { region: REGION });
});

afterAll(async () => {
  await emulator?.close();
});

function expectEveryExistingOnce(ids: string[]): void {
  expect(duplicates(ids)).toEqual([]);
  const listed = new Set(ids);
  const missing = existing.filter((id) => !listed.has(id));
  expect(missing, `${missing.length} invocations that existed throughout were not listed`).toEqual([]);
}

describe.each(['concurrent', 'token', 'sequential'] as const)('listing %s while invocations are created', (paging) => {
  it('sees every pre-existing invocation exactly once when each response creates three more', async () => {
    const before = created;
    const { source } = reliabilitySource(emulator, secrets, {
      paging,
      hooks: {
        onResponse() {
          // Three per page: a PageNumber loop that ignores shifting sees repeats and, fetching
          // pages out of order, misses records that slid onto a page it already read.
          createOne();
          createOne();
          createOne();
        },
      },
    });
    const ids = await listIds(source).catch((error: unknown) => {
      secrets.error(`shifting ${paging}`, error);
      throw error;
    });
    expect(created - before).toBeGreaterThan(0);
    expectEveryExistingOnce(ids);
  });

  it('sees every pre-existing invocation exactly once while a timer creates invocations', async () => {
    emulator.setFaults({ latencyMs: 5 });
    const before = created;
    const timer = setInterval(createOne, 2);
    try {
      const { source } = reliabilitySource(emulator, secrets, { paging });
      const ids = await listIds(source);
      expect(created - before).toBeGreaterThan(10);
      expectEveryExistingOnce(ids);
    } finally {
      clearInterval(timer);
      emulator.setFaults({});
    }
  });
});

it('reports what it saw to the secret watch', () => {
  expect(secrets.count).toBeGreaterThan(10);
  secrets.assertClean();
});
