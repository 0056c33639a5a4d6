import { describe, expect, it } from 'vitest';
import { createManualClock } from './clock.js';
import { startEmulator } from './server.js';
import { invocationStateAt } from './simulator.js';
import { statusAt } from './status-cache.js';

describe('statusAt', () => {
  it('agrees with invocationStateAt for every seeded record as time moves, stops arrive and the clock goes back', async () => {
    const clock = createManualClock(Date.UTC(2025, 0, 10, 8, 0, 0));
    const emulator = await startEmulator({ seed: 5, clock, simulation: { dispatchMs: 500, runMs: 1_500, stopMs: 700, stopBehaviour: 'documented' as const } });
    const simulation = { dispatchMs: 500, runMs: 1_500, stopMs: 700, stopBehaviour: 'documented' as const };
    try {
      const records = (['ecs', 'swas', 'eflo'] as const).flatMap((product) => ['cn-hangzhou', 'cn-shanghai'].flatMap((region) => emulator.store.list(product, region)));
      expect(records.length).toBeGreaterThan(300);
      let compared = 0;
      const steps = [0, 0, 300, 900, 1_000, 60_000, -61_500, 3_600_000, 0];
      for (const [step, ms] of steps.entries()) {
        if (ms >= 0) emulator.advance(ms);
        else clock.set(clock.now() + ms);
        // Stop a few records between steps, including ones whose summary was cached as settled.
        for (const record of records.filter((_, index) => index % 17 === step)) emulator.stopInvocation(record.product, record.region, record.invokeId);
        const now = emulator.now();
        for (const record of records) {
          const fresh = invocationStateAt(record, now, simulation);
          const cached = statusAt(record, now, simulation);
          expect({ status: cached.status, invokeStatus: cached.invokeStatus, timed: cached.timed }, record.invokeId).toEqual({
            status: fresh.status,
            invokeStatus: fresh.invokeStatus,
            timed: fresh.timed,
          });
          compared++;
        }
      }
      expect(compared).toBe(records.length * steps.length);
    } finally {
      await emulator.close();
    }
  });
});
