import { describe, expect, it } from 'vitest';
import { createManualClock } from './clock.js';
import { ecsInvocationJson } from './ecs-json.js';
import { startEmulator } from './server.js';
import { ecsInvocation, type ShapeOptions } from './shapes.js';
import { DEFAULT_SIMULATION, invocationStateAt } from './simulator.js';
import { stopTargets } from './state.js';
import type { StoredInvocation } from './types.js';

const OPTIONS: ShapeOptions[] = [
  { includeOutput: false, encoding: 'Base64' },
  { includeOutput: true, encoding: 'Base64' },
  { includeOutput: false, encoding: 'PlainText' },
  { includeOutput: true, encoding: 'PlainText' },
];

describe('ecsInvocationJson', () => {
  it('writes exactly JSON.stringify(ecsInvocation(...)) for every seeded record, option and moment', async () => {
    const start = Date.UTC(2025, 5, 1, 12, 0, 0);
    const clock = createManualClock(start);
    const emulator = await startEmulator({ seed: 11, clock, seedOptions: { perRegion: 40 } });
    try {
      const records: StoredInvocation[] = (['ecs', 'swas', 'eflo'] as const).flatMap((product) =>
        ['cn-hangzhou', 'cn-shanghai'].flatMap((region) => emulator.store.list(product, region)),
      );
      // What the seed does not make: RunCommand's optional fields, tags, parameters, text that needs escaping.
      records.push(
        emulator.createInvocation({
          product: 'ecs',
          region: 'cn-hangzhou',
          commandName: 'quote " backslash \\ line\nbreak \u2028 中文',
          commandDescription: '\u0000\u001f',
          commandContent: 'echo "héllo"\nexit 3',
          parameters: { name: 'value "x"', nested: { list: [1, 'two'] } },
          tags: [{ key: 'team', value: 'ops "a"' }, { key: 'empty', value: '' }],
          targetIds: ['i-one', 'i-two-fail', 'i-missing', 'i-offline'],
        }),
      );
      const withOptions = emulator.createInvocation({ product: 'ecs', region: 'cn-hangzhou', commandContent: 'sleep 5', targetIds: ['i-a', 'i-b'] });
      Object.assign(withOptions, { containerId: 'c1', containerName: 'web', launcher: 'bash', terminationMode: 'ProcessTree', ossOutputDelivery: 'oss://bucket/prefix//' });
      records.push(withOptions);
      const stopped = emulator.createInvocation({ product: 'ecs', region: 'cn-hangzhou', commandContent: 'sleep 30', repeatMode: 'Period', frequency: 'rate(1m)', targetIds: ['i-p1', 'i-p2'] });
      records.push(stopped);
      let compared = 0;
      for (const offset of [0, 1_500, 4_000, 90_000, 3_600_000]) {
        if (offset === 4_000) stopTargets(stopped, ['i-p1'], start + offset);
        for (const record of records) {
          const view = invocationStateAt(record, start + offset, DEFAULT_SIMULATION);
          for (const options of OPTIONS) {
            expect(ecsInvocationJson(view, options)).toBe(JSON.stringify(ecsInvocation(view, options)));
            compared++;
          }
        }
      }
      expect(compared).toBeGreaterThan(2_000);
    } finally {
      await emulator.close();
    }
  }, 120_000);

  it('leaves out what JSON.stringify leaves out and writes null for a number that is not finite', () => {
    const record = {
      product: 'ecs',
      region: 'cn-hangzhou',
      invokeId: 't-odd',
      commandName: undefined,
      commandId: 'c-x',
      commandDescription: '',
      commandContent: '',
      parameters: {},
      repeatMode: 'Once',
      frequency: '',
      timeoutSeconds: 60,
      username: 'root',
      workingDir: '/root',
      createdAt: Date.UTC(2025, 0, 1),
      tags: [{ key: 'k', value: undefined }],
      targets: [{ id: 'i-x', outcome: 'failed', exitCode: Number.NaN, dispatchMs: 0, runMs: 0, output: '', errorInfo: undefined }],
      stops: new Map(),
    } as unknown as StoredInvocation;
    const view = invocationStateAt(record, Date.UTC(2025, 0, 2), DEFAULT_SIMULATION);
    for (const options of OPTIONS) expect(ecsInvocationJson(view, options)).toBe(JSON.stringify(ecsInvocation(view, options)));
  });
});
