import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ApiError,
  InvalidQueryError,
  NotFoundError,
  waitForInvocation,
  type Invocation,
  type InvocationSource,
  type WaitForInvocationOptions,
} from '@invocations/core';
import { invocation, manualClock, MemorySource, setTargets, target, type ManualClock } from '../test/memory-source.js';

// A fake sleep that moves the manual clock instead of waiting, and remembers each pause.
function fakeTime(clock: ManualClock = manualClock()): { clock: ManualClock; sleeps: number[]; options: Pick<WaitForInvocationOptions, 'sleep' | 'now'> } {
  const sleeps: number[] = [];
  return {
    clock,
    sleeps,
    options: {
      now: clock.now,
      sleep: async (ms) => {
        sleeps.push(ms);
        clock.advance(ms);
      },
    },
  };
}

const running = (): Invocation => invocation('t-1', [target('i-1', 'Running'), target('i-2', 'Running')]);

describe('waitForInvocation', () => {
  it('polls until Success and reports each change once through onUpdate', async () => {
    const time = fakeTime();
    const source = new MemorySource({
      clock: time.clock,
      invocations: [invocation('t-1', [target('i-1', 'Pending'), target('i-2', 'Pending')])],
      timeline: [
        { at: 1_500, apply: (store) => setTargets(store, 't-1', [target('i-1', 'Running'), target('i-2', 'Running')]) },
        { at: 5_000, apply: (store) => setTargets(store, 't-1', [target('i-1', 'Success'), target('i-2', 'Running')]) },
        { at: 12_000, apply: (store) => setTargets(store, 't-1', [target('i-1', 'Success'), target('i-2', 'Success')]) },
      ],
    });
    const updates: [string, string | undefined][] = [];
    const result = await waitForInvocation(source, 't-1', {
      ...time.options,
      random: () => 0.5,
      onUpdate: (current, previous) => updates.push([current.targets.map((item) => item.status).join(','), previous?.targets.map((item) => item.status).join(',')]),
    });
    expect(result.state).toBe('success');
    expect(result.invocation?.status).toBe('Success');
    expect(result.reason).toMatch(/t-1 on ecs cn-hangzhou finished with status Success \(2 ok\)/);
    expect(result.polls).toBe(source.getCalls);
    expect(updates).toEqual([
      ['Pending,Pending', undefined],
      ['Running,Running', 'Pending,Pending'],
      ['Success,Running', 'Running,Running'],
      ['Success,Success', 'Success,Running'],
    ]);
    expect(source.getCalls).toBeGreaterThan(updates.length); // some polls saw no change and stayed silent
  });

  it('settles at once when the first answer is already terminal', async () => {
    const time = fakeTime();
    const source = new MemorySource({ invocations: [invocation('t-1', [target('i-1', 'Success')])] });
    const result = await waitForInvocation(source, 't-1', time.options);
    expect(result).toMatchObject({ state: 'success', polls: 1 });
    expect(time.sleeps).toEqual([]);
  });

  it.each([
    ['PartialFailed', [target('i-1', 'Success'), target('i-2', 'Failed', { exitCode: 2, errorCode: 'ExitCodeNonzero' })], '1 ok / 1 failed'],
    ['Failed', [target('i-1', 'Timeout', { errorCode: 'ExecutionTimeout' }), target('i-2', 'Cancelled')], '1 failed / 1 stopped'],
    ['Stopped', [target('i-1', 'Cancelled'), target('i-2', 'Terminated')], '2 stopped'],
  ])('settles as failure on %s and keeps the targets to read', async (status, targets, counts) => {
    const time = fakeTime();
    const source = new MemorySource({
      clock: time.clock,
      invocations: [running()],
      timeline: [{ at: 3_000, apply: (store) => setTargets(store, 't-1', targets) }],
    });
    const result = await waitForInvocation(source, 't-1', time.options);
    expect(result.state).toBe('failure');
    expect(result.invocation?.status).toBe(status);
    expect(result.invocation?.targets).toEqual(targets);
    expect(result.reason).toContain(`finished with status ${status} (${counts})`);
  });

  it('settles on the service status even when its targets say otherwise', async () => {
    // Seed 003's own example: overall Running while the only instance is Success. The service's
    // status is what counts, so this keeps polling until the service says so.
    const time = fakeTime();
    const source = new MemorySource({
      clock: time.clock,
      invocations: [invocation('t-1', [target('i-1', 'Success')], { status: 'Running' })],
      timeline: [{ at: 4_000, apply: (store) => store.set('t-1', invocation('t-1', [target('i-1', 'Success')])) }],
    });
    const result = await waitForInvocation(source, 't-1', time.options);
    expect(result.state).toBe('success');
    expect(time.clock.now()).toBeGreaterThanOrEqual(4_000);
  });

  it('backs off exponentially from minDelayMs to maxDelayMs', async () => {
    const time = fakeTime();
    const source = new MemorySource({ clock: time.clock, invocations: [running()] });
    await waitForInvocation(source, 't-1', { ...time.options, random: () => 0.999_999, timeoutMs: 60_000 });
    expect(time.sleeps.slice(0, 7)).toEqual([1_000, 2_000, 4_000, 8_000, 15_000, 15_000, 15_000]);
  });

  it('keeps every pause between min and max, and the jitter spreads them', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 100, max: 5_000 }),
        fc.integer({ min: 0, max: 20_000 }),
        fc.infiniteStream(fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true })),
        async (minDelayMs, extra, randoms) => {
          const maxDelayMs = minDelayMs + extra;
          const time = fakeTime();
          const source = new MemorySource({ clock: time.clock, invocations: [running()] });
          await waitForInvocation(source, 't-1', { ...time.options, minDelayMs, maxDelayMs, timeoutMs: 120_000, random: () => randoms.next().value });
          // the last pause may be cut short by the deadline
          for (const pause of time.sleeps.slice(0, -1)) {
            expect(pause).toBeGreaterThanOrEqual(minDelayMs);
            expect(pause).toBeLessThanOrEqual(maxDelayMs);
          }
        },
      ),
      { numRuns: 50 },
    );
    const time = fakeTime();
    const source = new MemorySource({ clock: time.clock, invocations: [running()] });
    await waitForInvocation(source, 't-1', { ...time.options, timeoutMs: 300_000 });
    expect(new Set(time.sleeps.slice(5)).size).toBeGreaterThan(1); // default Math.random jitters
  });

  it('grows the pause from 0 towards maxDelayMs when minDelayMs is 0', async () => {
    const time = fakeTime();
    const source = new MemorySource({ clock: time.clock, invocations: [running()] });
    await waitForInvocation(source, 't-1', { ...time.options, minDelayMs: 0, maxDelayMs: 1_000, timeoutMs: 10_000, random: () => 0.999_999 });
    expect(time.sleeps.slice(0, 6)).toEqual([100, 200, 400, 800, 1_000, 1_000]);
  });

  it('resolves timeout with the last invocation seen, after a final poll at the deadline', async () => {
    const time = fakeTime();
    const source = new MemorySource({
      clock: time.clock,
      invocations: [running()],
      timeline: [{ at: 2_000, apply: (store) => setTargets(store, 't-1', [target('i-1', 'Success'), target('i-2', 'Running')]) }],
    });
    const result = await waitForInvocation(source, 't-1', { ...time.options, timeoutMs: 30_000, random: () => 0.999_999 });
    expect(result.state).toBe('timeout');
    expect(result.invocation?.targets.map((item) => item.status)).toEqual(['Success', 'Running']);
    expect(result.reason).toMatch(/not finished after 30000 ms; last status Running \(1 ok \/ 1 active\)/);
    expect(time.clock.now()).toBe(30_000);
    expect(time.sleeps.reduce((sum, pause) => sum + pause, 0)).toBe(30_000);
  });

  it('gives up on time even when the source never answers (real clock)', async () => {
    const silent: InvocationSource = {
      product: 'eflo',
      region: 'cn-wulanchabu',
      list: () => ({ [Symbol.asyncIterator]: () => ({ next: () => new Promise<never>(() => undefined) }) }),
      get: () => new Promise<never>(() => undefined),
    };
    const started = Date.now();
    const result = await waitForInvocation(silent, 't-1', { timeoutMs: 50 });
    expect(result).toMatchObject({ state: 'timeout', polls: 1 });
    expect(result.invocation).toBeUndefined();
    expect(result.reason).toContain('it was never seen');
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('treats "not found" as "not visible yet" during the grace period', async () => {
    const time = fakeTime();
    const source = new MemorySource({
      clock: time.clock,
      invocations: [invocation('t-1', [target('i-1', 'Success')])],
      visibleAt: { 't-1': 6_000 },
    });
    const seen: (Invocation | undefined)[] = [];
    const result = await waitForInvocation(source, 't-1', { ...time.options, random: () => 0, onUpdate: (_current, previous) => seen.push(previous) });
    expect(result.state).toBe('success');
    expect(source.getCalls).toBe(7); // at 0, 1000, ..., 6000 with random 0
    expect(seen).toEqual([undefined]);
  });

  it('throws a clear NotFoundError once the grace period is over', async () => {
    const time = fakeTime();
    const source = new MemorySource({ clock: time.clock, product: 'swas', region: 'cn-shanghai' });
    const error = await waitForInvocation(source, 't-missing', { ...time.options, notFoundGraceMs: 10_000, random: () => 0 }).catch((caught: unknown) => caught);
    expect(NotFoundError.isInstance(error)).toBe(true);
    expect((error as NotFoundError).invokeId).toBe('t-missing');
    expect((error as NotFoundError).message).toMatch(/t-missing not found on swas cn-shanghai after waiting 10000 ms \(grace 10000 ms\)/);
    expect(NotFoundError.isInstance((error as NotFoundError).cause)).toBe(true);
    expect(time.clock.now()).toBe(10_000);
  });

  it('throws NotFoundError at once with no grace period', async () => {
    const time = fakeTime();
    const source = new MemorySource({ clock: time.clock });
    await expect(waitForInvocation(source, 't-missing', { ...time.options, notFoundGraceMs: 0 })).rejects.toSatisfy((error: unknown) =>
      NotFoundError.isInstance(error),
    );
    expect(source.getCalls).toBe(1);
  });

  it('throws NotFoundError when an invocation it has seen disappears', async () => {
    const time = fakeTime();
    const source = new MemorySource({
      clock: time.clock,
      invocations: [running()],
      timeline: [{ at: 1_000, apply: (store) => store.delete('t-1') }],
    });
    await expect(waitForInvocation(source, 't-1', { ...time.options, random: () => 0 })).rejects.toThrow(/disappeared/);
  });

  it('resolves aborted with the last invocation when the signal fires', async () => {
    const time = fakeTime();
    const controller = new AbortController();
    const source = new MemorySource({
      clock: time.clock,
      invocations: [running()],
      timeline: [{ at: 3_000, apply: (store) => setTargets(store, 't-1', [target('i-1', 'Failed'), target('i-2', 'Running')]) }],
    });
    const result = await waitForInvocation(source, 't-1', {
      ...time.options,
      signal: controller.signal,
      onUpdate: (current) => {
        if (current.targets[0]?.status === 'Failed') controller.abort();
      },
    });
    expect(result.state).toBe('aborted');
    expect(result.invocation?.targets[0]?.status).toBe('Failed');
    expect(result.reason).toMatch(/aborted; last status Running/);
  });

  it('resolves aborted without a call when the signal is already aborted', async () => {
    const source = new MemorySource({ invocations: [running()] });
    const result = await waitForInvocation(source, 't-1', { signal: AbortSignal.abort() });
    expect(result).toEqual({ state: 'aborted', reason: expect.stringContaining('aborted') as unknown, polls: 0 });
    expect(source.getCalls).toBe(0);
  });

  it('stops a real pause promptly on abort', async () => {
    const source = new MemorySource({ invocations: [running()] });
    const started = Date.now();
    const result = await waitForInvocation(source, 't-1', { minDelayMs: 60_000, maxDelayMs: 60_000, signal: AbortSignal.timeout(30) });
    expect(result.state).toBe('aborted');
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('passes its signal and includeOutput to the source', async () => {
    const source = new MemorySource({ invocations: [invocation('t-1', [target('i-1', 'Success', { output: 'hello\n' })])] });
    const withOutput = await waitForInvocation(source, 't-1', { includeOutput: true });
    expect(withOutput.invocation?.targets[0]?.output).toBe('hello\n');
    const without = await waitForInvocation(source, 't-1');
    expect(without.invocation?.targets[0]?.output).toBeUndefined();
    expect(source.signals).toHaveLength(2);
  });

  it('lets other errors from get through unchanged', async () => {
    const denied = new ApiError({ code: 'Forbidden.RAM', message: 'User not authorized to operate on the specified resource.', httpStatus: 403 });
    const source = new MemorySource({ getError: denied });
    await expect(waitForInvocation(source, 't-1', fakeTime().options)).rejects.toBe(denied);
  });

  it('reports a change of a target status or exit code even when the overall status stays', async () => {
    const time = fakeTime();
    const source = new MemorySource({
      clock: time.clock,
      invocations: [running()],
      timeline: [
        { at: 1_000, apply: (store) => setTargets(store, 't-1', [target('i-1', 'Success'), target('i-2', 'Running')]) },
        { at: 2_000, apply: (store) => setTargets(store, 't-1', [target('i-1', 'Success'), target('i-2', 'Running', { exitCode: 3 })]) },
        { at: 3_000, apply: (store) => setTargets(store, 't-1', [target('i-1', 'Success'), target('i-2', 'Failed', { exitCode: 3 })]) },
      ],
    });
    const statuses: string[] = [];
    await waitForInvocation(source, 't-1', { ...time.options, random: () => 0, onUpdate: (current) => statuses.push(current.status) });
    expect(statuses).toEqual(['Running', 'Running', 'Running', 'PartialFailed']);
    expect(source.getCalls).toBe(4);
  });

  it('rejects bad options before any call, naming the field', async () => {
    const source = new MemorySource({ invocations: [running()] });
    await expect(waitForInvocation(source, 't-1', { minDelayMs: 5_000, maxDelayMs: 1_000 })).rejects.toThrow(
      /options\.minDelayMs: must not be greater than maxDelayMs/,
    );
    await expect(waitForInvocation(source, '', {})).rejects.toThrow(/invokeId: must not be empty/);
    await expect(waitForInvocation(source, 't-1', { timeoutMs: 0 })).rejects.toBeInstanceOf(InvalidQueryError);
    await expect(waitForInvocation(source, 't-1', { minDelayMs: -1 })).rejects.toThrow(/options\.minDelayMs: must be at least 0/);
    expect(source.getCalls).toBe(0);
  });
});
