import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createManualClock, startEmulator, type Emulator } from '../src/index.js';
import { call } from './helpers.js';

// Paging over a store large enough that a page is a slice of an index, not a copy of the store:
// every record must still come back exactly once, newest first, with a TotalCount that matches.
const REGION = 'cn-qingdao';
const RECORDS = 20_000;
const START = Date.UTC(2025, 0, 10, 8, 0, 0);

/** A permutation of 0..n-1 from a fixed seed (mulberry32), so records arrive out of creation order. */
function shuffled(n: number, seed: number): number[] {
  let state = seed >>> 0;
  const random = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const order = Array.from({ length: n }, (_, index) => index);
  for (let index = n - 1; index > 0; index--) {
    const other = Math.floor(random() * (index + 1));
    [order[index], order[other]] = [order[other] as number, order[index] as number];
  }
  return order;
}

let emulator: Emulator;
/** InvokeIds newest first by creation time, ties newest-inserted first: the order the service lists. */
let newestFirst: string[];
const clock = createManualClock(START);

beforeAll(async () => {
  emulator = await startEmulator({ clock });
  // Three records per millisecond (ties keep insertion order), inserted in shuffled order, two per instance.
  const order = shuffled(RECORDS, 7);
  const createdAt = (index: number) => START - 3_600_000 + Math.floor(index / 3);
  const inserted = new Map(order.map((index, position) => [index, position]));
  newestFirst = [...order]
    .sort((a, b) => createdAt(b) - createdAt(a) || (inserted.get(b) as number) - (inserted.get(a) as number))
    .map((index) => `t-page${index.toString().padStart(6, '0')}`);
  for (const index of order) {
    emulator.createInvocation({
      product: 'ecs',
      region: REGION,
      invokeId: `t-page${index.toString().padStart(6, '0')}`,
      commandName: `name-${index % 7}`,
      createdAt: createdAt(index),
      targetIds: [`i-page${Math.floor(index / 2)}`],
    });
  }
  // Creating the records takes a second alone, more than the default 10 s on two loaded cores.
}, 120_000);
afterAll(() => emulator.close());

async function describePage(query: Record<string, string>) {
  const result = await call(emulator, { product: 'ecs', action: 'DescribeInvocations', query: { RegionId: REGION, ...query } });
  expect(result.status, result.text).toBe(200);
  return result.json as { TotalCount: number; NextToken?: string; Invocations: { Invocation: { InvokeId: string; CreationTime: string }[] } };
}

function expectEachOnceNewestFirst(ids: string[], expected: string[]): void {
  expect(new Set(ids).size).toBe(ids.length);
  expect(ids).toEqual(expected);
}

describe(`paging over ${RECORDS.toLocaleString('en-US')} records`, () => {
  it('returns every record exactly once, newest first, through PageNumber', async () => {
    const expected = newestFirst;
    expect(emulator.store.list('ecs', REGION).map((record) => record.invokeId)).toEqual(expected);
    const ids: string[] = [];
    for (let pageNumber = 1; ; pageNumber++) {
      const page = await describePage({ PageNumber: String(pageNumber), PageSize: '50' });
      expect(page.TotalCount).toBe(RECORDS);
      if (page.Invocations.Invocation.length === 0) break;
      ids.push(...page.Invocations.Invocation.map((invocation) => invocation.InvokeId));
    }
    expectEachOnceNewestFirst(ids, expected);
    // 401 requests in a row: a second alone, longer on a loaded machine.
  }, 120_000);

  it('returns every record exactly once, newest first, through NextToken', async () => {
    const expected = newestFirst;
    const ids: string[] = [];
    let token: string | undefined;
    let requests = 0;
    do {
      const page = await describePage({ MaxResults: '50', ...(token ? { NextToken: token } : {}) });
      requests++;
      expect(page.TotalCount).toBe(RECORDS);
      ids.push(...page.Invocations.Invocation.map((invocation) => invocation.InvokeId));
      token = page.NextToken || undefined;
    } while (token);
    expect(requests).toBe(RECORDS / 50);
    expectEachOnceNewestFirst(ids, expected);
  });

  it('pages a filtered listing the same as filtering the whole store', async () => {
    const expected = emulator.store.list('ecs', REGION).filter((record) => record.commandName === 'name-3').map((record) => record.invokeId);
    const ids: string[] = [];
    for (let pageNumber = 1; ; pageNumber++) {
      const page = await describePage({ CommandName: 'name-3', PageNumber: String(pageNumber), PageSize: '50' });
      expect(page.TotalCount).toBe(expected.length);
      if (page.Invocations.Invocation.length === 0) break;
      ids.push(...page.Invocations.Invocation.map((invocation) => invocation.InvokeId));
    }
    expectEachOnceNewestFirst(ids, expected);
  });

  it('filters by InvokeStatus as the clock moves and as invocations are stopped', async () => {
    const newest = emulator.createInvocation({ product: 'ecs', region: REGION, invokeId: 't-page-live', commandContent: 'sleep 30', targetIds: ['i-live'] });
    const running = () => describePage({ InvokeStatus: 'Running', PageSize: '50' });
    const finished = () => describePage({ InvokeStatus: 'Finished', PageSize: '50' });
    // Every older record has finished; the new one is Pending (legacy Running) for now.
    expect((await running()).Invocations.Invocation.map((invocation) => invocation.InvokeId)).toEqual([newest.invokeId]);
    expect((await finished()).TotalCount).toBe(RECORDS);
    emulator.stopInvocation('ecs', REGION, newest.invokeId);
    clock.advance(5_000);
    expect((await running()).TotalCount).toBe(0);
    expect((await describePage({ InvokeStatus: 'Stopped', PageSize: '50' })).Invocations.Invocation.map((invocation) => invocation.InvokeId)).toEqual([newest.invokeId]);
    expect(emulator.store.remove('ecs', REGION, newest.invokeId)).toBe(true);
    expect((await describePage({ PageSize: '1' })).TotalCount).toBe(RECORDS);
  });

  it('finds an instance\'s invocations by InstanceId, also after records are replaced and dropped', async () => {
    const byInstance = await describePage({ InstanceId: 'i-page100', PageSize: '50' });
    expect(byInstance.Invocations.Invocation.map((invocation) => invocation.InvokeId)).toEqual(['t-page000201', 't-page000200']);
    // Re-inserting an InvokeId replaces the record, including its place in the instance index.
    emulator.createInvocation({ product: 'ecs', region: REGION, invokeId: 't-page000201', createdAt: START - 7_200_000, targetIds: ['i-elsewhere'] });
    expect((await describePage({ InstanceId: 'i-page100' })).Invocations.Invocation.map((invocation) => invocation.InvokeId)).toEqual(['t-page000200']);
    expect((await describePage({ InstanceId: 'i-elsewhere' })).TotalCount).toBe(1);
    // Retention drops the oldest (the back-dated replacement first) from the lists and the index alike.
    clock.advance(14 * 86_400_000 - 7_200_000 + 1);
    expect((await describePage({ InstanceId: 'i-elsewhere' })).TotalCount).toBe(0);
    expect((await describePage({ InstanceId: 'i-page100' })).TotalCount).toBe(1);
    expect(emulator.store.size('ecs', REGION)).toBe(RECORDS - 1);
    clock.advance(3_600_000 + 10_000);
    expect((await describePage({ InstanceId: 'i-page100' })).TotalCount).toBe(0);
    expect((await describePage({ PageSize: '10' })).TotalCount).toBe(0);
  });
});

describe('retention by record count', () => {
  it('keeps the newest maxRecords, in order, while records keep arriving', async () => {
    const local = await startEmulator({ clock: createManualClock(START), retention: { maxRecords: 1_500 } });
    try {
      for (let index = 0; index < 5_000; index++) {
        // Asked early, so the instance index exists while retention drops records.
        if (index === 100) expect(local.store.withTarget('swas', 'cn-hangzhou', 'i-keep1')).toHaveLength(33);
        local.createInvocation({ product: 'swas', region: 'cn-hangzhou', invokeId: `t-keep${index}`, createdAt: START - 5_000 + index, targetIds: [`i-keep${index % 3}`] });
      }
      const ids: string[] = [];
      for (const instance of ['i-keep0', 'i-keep1', 'i-keep2']) {
        for (let pageNumber = 1; ; pageNumber++) {
          const result = await call(local, {
            product: 'swas',
            action: 'DescribeInvocations',
            query: { RegionId: 'cn-hangzhou', InstanceId: instance, PageNumber: String(pageNumber), PageSize: '50' },
          });
          expect(result.status, result.text).toBe(200);
          expect(result.json.TotalCount).toBe(500);
          if (result.json.Invocations.length === 0) break;
          ids.push(...result.json.Invocations.map((invocation: { InvokeId: string }) => invocation.InvokeId));
        }
      }
      expect(ids).toHaveLength(1_500);
      expect(new Set(ids)).toEqual(new Set(Array.from({ length: 1_500 }, (_, index) => `t-keep${3_500 + index}`)));
      expect(local.store.list('swas', 'cn-hangzhou').map((record) => record.invokeId)).toEqual(Array.from({ length: 1_500 }, (_, index) => `t-keep${4_999 - index}`));
    } finally {
      await local.close();
    }
  });
});
