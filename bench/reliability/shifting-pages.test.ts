// While new invocations are created during a listing (they are the newest, so they land on page 1
// and push every older record one place further), every invocation that existed throughout the
// listing appears exactly once, in every paging mode; none appears twice.
import type { Emulator } from '@invocations/emulator';
import { createOpenApiClient } from '@invocations/openapi';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { populateEcs } from '../src/emulator-data.js';
import { REGION, duplicates, listIds, reliabilitySource, startReliabilityEmulator } from './support/emulator.js';
import { ACCESS_KEY_ID, SECRET, watchForSecrets } from './support/secrets.js';

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

it('the scenario really shifts pages: a naive PageNumber loop sees repeats', async () => {
  const client = createOpenApiClient({
    product: 'ecs',
    region: REGION,
    endpoint: emulator.url,
    credentials: { accessKeyId: ACCESS_KEY_ID, accessKeySecret: SECRET },
    hooks: { onResponse: () => (createOne(), createOne(), createOne()) },
  });
  const ids: string[] = [];
  for (let pageNumber = 1; pageNumber <= TOTAL / 50; pageNumber++) {
    const response = await client.call({ action: 'DescribeInvocations', query: { RegionId: REGION, PageSize: 50, PageNumber: pageNumber } });
    const body = JSON.parse(response.text) as { Invocations: { Invocation: { InvokeId: string }[] } };
    ids.push(...body.Invocations.Invocation.map((invocation) => invocation.InvokeId));
  }
  // Without a guard the same records come back on the next page: the tests below would catch that.
  expect(duplicates(ids).length).toBeGreaterThan(TOTAL / 50);
});

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
