// With the emulator throttling 20% of requests and failing 10% with 5xx, a listing of 2,000
// invocations returns exactly those 2,000, within a bounded number of attempts, in every paging mode.
import type { Emulator } from '@invocations/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { populateEcs } from '../src/emulator-data.js';
import { REGION, duplicates, listIds, reliabilitySource, startReliabilityEmulator } from './support/emulator.js';
import { watchForSecrets } from './support/secrets.js';

const TOTAL = 2_000;
const PAGES = TOTAL / 50;

const secrets = watchForSecrets();
let emulator: Emulator;
let expected: string[];

beforeAll(async () => {
  emulator = await startReliabilityEmulator(11);
  expected = populateEcs(emulator, TOTAL, { region: REGION });
});

afterAll(async () => {
  await emulator?.close();
});

describe.each(['concurrent', 'token', 'sequential'] as const)('listing %s under throttling and 5xx', (paging) => {
  it(`returns exactly the ${TOTAL} invocations within a bounded number of attempts`, async () => {
    emulator.setFaults({ throttleRate: 0.2, serverErrorRate: 0.1 });
    try {
      const { source, attempts } = reliabilitySource(emulator, secrets, { paging });
      let ids: string[];
      try {
        ids = await listIds(source);
      } catch (error) {
        secrets.error(`faults ${paging}`, error);
        throw error;
      }
      expect(duplicates(ids)).toEqual([]);
      expect(ids).toHaveLength(TOTAL);
      expect(new Set(ids)).toEqual(new Set(expected));

      // 30% of attempts fail, so about PAGES / 0.7 ≈ 57 requests; 3 per page is a generous ceiling
      // that a retry storm (or a listing that restarts from page 1) would break.
      const failed = [...attempts.statuses].filter(([status]) => status !== 200).reduce((sum, [, n]) => sum + n, 0);
      expect(failed, 'the faults were not injected').toBeGreaterThan(0);
      expect(attempts.retries).toBe(failed);
      expect(attempts.requests).toBe(attempts.retries + (attempts.statuses.get(200) ?? 0));
      expect(attempts.statuses.get(200)).toBeGreaterThanOrEqual(PAGES);
      expect(attempts.requests).toBeLessThanOrEqual(PAGES * 3);
    } finally {
      emulator.setFaults({});
    }
  });
});

it('reports what it saw to the secret watch', () => {
  expect(secrets.count).toBeGreaterThan(100);
  secrets.assertClean();
});
