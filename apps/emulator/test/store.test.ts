import { describe, expect, it } from 'vitest';
import { createManualClock, DEFAULT_RETENTION, InvocationStore, SEED_REGIONS, startEmulator, type StoredInvocation } from '../src/index.js';

const DAY = 86_400_000;

function record(invokeId: string, createdAt: number): StoredInvocation {
  return {
    product: 'ecs', region: 'cn-hangzhou', invokeId, commandName: '', commandDescription: '', commandContent: 'ls', parameters: {},
    repeatMode: 'Once', frequency: '', timeoutSeconds: 60, username: 'root', workingDir: '/root', createdAt, tags: [], targets: [], stops: new Map(),
  };
}

describe('retention', () => {
  it('drops records older than two weeks by default', () => {
    const clock = createManualClock(100 * DAY);
    const store = new InvocationStore(clock);
    store.insert(record('t-old', clock.now() - 15 * DAY));
    store.insert(record('t-new', clock.now() - 13 * DAY));
    expect(store.list('ecs', 'cn-hangzhou').map((item) => item.invokeId)).toEqual(['t-new']);
    clock.advance(2 * DAY);
    expect(store.count('ecs')).toBe(0);
  });

  it('keeps at most maxRecords per product and region, dropping the oldest first', () => {
    const clock = createManualClock(100 * DAY);
    const store = new InvocationStore(clock, { maxRecords: 3 });
    for (const [index, id] of ['t-2', 't-0', 't-4', 't-1', 't-3'].entries()) store.insert(record(id, clock.now() - 1000 + Number(id.slice(2)) + index * 0));
    expect(store.list('ecs', 'cn-hangzhou').map((item) => item.invokeId)).toEqual(['t-4', 't-3', 't-2']);
    expect(store.get('ecs', 'cn-hangzhou', 't-0')).toBeUndefined();
  });

  it('applies a configured cap through startEmulator (default: 2 weeks, 100,000)', async () => {
    expect(DEFAULT_RETENTION).toEqual({ maxAgeMs: 14 * DAY, maxRecords: 100_000 });
    const emulator = await startEmulator({ retention: { maxRecords: 2 } });
    try {
      for (let index = 0; index < 4; index++) emulator.createInvocation({ product: 'swas', region: 'cn-hangzhou', targetIds: ['i-a'] });
      expect(emulator.store.count('swas', 'cn-hangzhou')).toBe(2);
    } finally {
      await emulator.close();
    }
  });
});

describe('seed', () => {
  it('is deterministic for a seed and different across seeds', async () => {
    const clock = createManualClock(Date.UTC(2025, 0, 1));
    const a = await startEmulator({ seed: 1, clock });
    const b = await startEmulator({ seed: 1, clock });
    const c = await startEmulator({ seed: 2, clock });
    try {
      const ids = (emulator: typeof a) => emulator.store.list('ecs', 'cn-hangzhou').map((item) => item.invokeId);
      expect(ids(a)).toEqual(ids(b));
      expect(ids(a)).not.toEqual(ids(c));
      expect(a.instances.list('cn-hangzhou')).toEqual(b.instances.list('cn-hangzhou'));
    } finally {
      await Promise.all([a.close(), b.close(), c.close()]);
    }
  });

  it('covers cn-hangzhou and cn-shanghai for every product, all target statuses, Chinese and >24 KB output', async () => {
    const emulator = await startEmulator({ seed: 1 });
    try {
      const statuses = new Set<string>();
      let chinese = false;
      let big = false;
      for (const product of ['ecs', 'swas', 'eflo'] as const) {
        expect(SEED_REGIONS[product]).toEqual(expect.arrayContaining(['cn-hangzhou', 'cn-shanghai']));
        for (const region of SEED_REGIONS[product]) {
          expect(emulator.store.count(product, region)).toBe(120);
          for (const invocation of emulator.store.list(product, region)) {
            const view = emulator.inspect(product, region, invocation.invokeId);
            for (const target of view?.targets ?? []) {
              statuses.add(target.status);
              if (/[\u4e00-\u9fff]/.test(target.output)) chinese = true;
              if (Buffer.byteLength(target.output) > 24 * 1024) big = true;
            }
          }
        }
      }
      for (const status of ['Pending', 'Scheduled', 'Running', 'Success', 'Failed', 'Timeout', 'Error', 'Invalid', 'Aborted', 'Cancelled', 'Terminated']) {
        expect(statuses, status).toContain(status);
      }
      expect(chinese).toBe(true);
      expect(big).toBe(true);
      expect(emulator.instances.count('cn-hangzhou')).toBe(6);
    } finally {
      await emulator.close();
    }
  });
});

describe('findFinishedWithOutput', () => {
  it('names a seeded invocation that finished with Success and printed output, and throws when there is none', async () => {
    const emulator = await startEmulator({ seed: 1, seedOptions: { perRegion: 40 } });
    try {
      const invokeId = emulator.findFinishedWithOutput('ecs', 'cn-hangzhou');
      const view = emulator.inspect('ecs', 'cn-hangzhou', invokeId);
      expect(view?.status).toBe('Success');
      expect(view?.targets.some((target) => target.output.length > 0)).toBe(true);
      expect(() => emulator.findFinishedWithOutput('ecs', 'cn-hangzhou', [])).toThrow(/no finished ecs invocation with output in cn-hangzhou/);
    } finally {
      await emulator.close();
    }
  });
});
