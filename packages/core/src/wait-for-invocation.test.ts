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
// Not exported: runAndWait checks its wait options with it before it starts a command.
import { checkWaitOptions } from './wait-for-invocation.js';

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
      // The overall status is the service's, set here as sent: the waiter must report it, not recompute it.
      timeline: [{ at: 3_000, apply: (store) => store.set('t-1', invocation('t-1', targets, { status })) }],
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
    expect(result).toStrictEqual({ state: 'aborted', reason: 'waiting for invocation t-1 on ecs cn-hangzhou was aborted', polls: 0 });
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
    expect(source.signals.every((signal) => signal instanceof AbortSignal && !signal.aborted)).toBe(true);
  });

  it('aborts the signal it passed to the source when the caller aborts, with the caller\'s reason', async () => {
    const passed: AbortSignal[] = [];
    const hanging: InvocationSource = {
      product: 'ecs',
      region: 'cn-hangzhou',
      list: () => ({ [Symbol.asyncIterator]: () => ({ next: () => new Promise<never>(() => undefined) }) }),
      get: (_id, options) => {
        if (options?.signal) passed.push(options.signal);
        return new Promise<never>(() => undefined);
      },
    };
    const controller = new AbortController();
    const reason = new Error('user pressed Ctrl-C');
    const waiting = waitForInvocation(hanging, 't-1', { signal: controller.signal });
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(passed).toHaveLength(1);
    expect(passed[0]?.aborted).toBe(false);
    controller.abort(reason);
    const result = await waiting;
    expect(result).toStrictEqual({ state: 'aborted', reason: 'waiting for invocation t-1 on ecs cn-hangzhou was aborted', polls: 1 });
    expect(passed[0]?.aborted).toBe(true);
    expect(passed[0]?.reason).toBe(reason);
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

// Tests written from mutation testing (issue 19): each one fails on a change of the waiter that
// the tests above let through.
describe('waitForInvocation: what the mutants showed', () => {
  // A clock near the real epoch, as `Date.now` is: code that adds a start time instead of
  // subtracting it passes with a clock at 0 and fails here.
  const epoch = (): ManualClock => manualClock(Date.now());

  it('applies the not-found grace period with a clock near the real time', async () => {
    const time = fakeTime(epoch());
    const start = time.clock.now();
    const source = new MemorySource({ clock: time.clock, invocations: [invocation('t-1', [target('i-1', 'Success')])], visibleAt: { 't-1': start + 6_000 } });
    const result = await waitForInvocation(source, 't-1', { ...time.options, random: () => 0 });
    expect(result.state).toBe('success');
    expect(source.getCalls).toBe(7);
  });

  it('ends the grace period on time with a clock near the real time, and says how long it waited', async () => {
    const time = fakeTime(epoch());
    const start = time.clock.now();
    const source = new MemorySource({ clock: time.clock });
    const error = await waitForInvocation(source, 't-missing', { ...time.options, notFoundGraceMs: 3_000, random: () => 0 }).catch((caught: unknown) => caught);
    expect(NotFoundError.isInstance(error)).toBe(true);
    expect((error as Error).message).toBe(
      'invocation t-missing not found on ecs cn-hangzhou after waiting 3000 ms (grace 3000 ms): check the id, the region and the credentials',
    );
    expect(time.clock.now() - start).toBe(3_000);
    expect(source.getCalls).toBe(4); // at +0, +1000, +2000, +3000
  });

  it('times out on the deadline with a clock near the real time', async () => {
    const time = fakeTime(epoch());
    const start = time.clock.now();
    const source = new MemorySource({ clock: time.clock, invocations: [running()] });
    const result = await waitForInvocation(source, 't-1', { ...time.options, timeoutMs: 10_000, random: () => 0.999_999 });
    expect(result.state).toBe('timeout');
    expect(time.clock.now() - start).toBe(10_000);
  });

  it('caps the last pause at the time left before the deadline', async () => {
    const time = fakeTime();
    const source = new MemorySource({ clock: time.clock, invocations: [running()] });
    const result = await waitForInvocation(source, 't-1', { ...time.options, timeoutMs: 2_500, random: () => 0.999_999 });
    expect(time.sleeps).toStrictEqual([1_000, 1_500]);
    expect(result.state).toBe('timeout');
    expect(result.polls).toBe(3);
    expect(time.clock.now()).toBe(2_500);
  });

  it('throws an error other than NotFound that arrives after the deadline, rather than reporting a timeout', async () => {
    const clock = manualClock();
    const denied = new ApiError({ code: 'Forbidden.RAM', message: 'User not authorized.', httpStatus: 403 });
    const slow: InvocationSource = {
      product: 'ecs',
      region: 'cn-hangzhou',
      list: () => ({ [Symbol.asyncIterator]: () => ({ next: async () => ({ done: true, value: undefined }) }) }),
      get: async () => {
        clock.advance(5_000); // the call takes past the deadline, then fails
        throw denied;
      },
    };
    await expect(waitForInvocation(slow, 't-1', { now: clock.now, sleep: async () => undefined, timeoutMs: 1_000 })).rejects.toBe(denied);
  });

  it('reports a timeout, not "not found", when the first not-found answer comes after the deadline', async () => {
    const clock = manualClock();
    const late: InvocationSource = {
      product: 'ecs',
      region: 'cn-hangzhou',
      list: () => ({ [Symbol.asyncIterator]: () => ({ next: async () => ({ done: true, value: undefined }) }) }),
      get: async (invokeId) => {
        clock.advance(5_000);
        throw new NotFoundError({ invokeId });
      },
    };
    const result = await waitForInvocation(late, 't-1', { now: clock.now, sleep: async () => undefined, timeoutMs: 1_000, notFoundGraceMs: 0 });
    expect(result).toStrictEqual({ state: 'timeout', reason: 'invocation t-1 on ecs cn-hangzhou was not finished after 1000 ms; it was never seen', polls: 1 });
  });

  it('reports a timeout when the not-found answer comes exactly at the deadline', async () => {
    const clock = manualClock();
    const onTime: InvocationSource = {
      product: 'ecs',
      region: 'cn-hangzhou',
      list: () => ({ [Symbol.asyncIterator]: () => ({ next: async () => ({ done: true, value: undefined }) }) }),
      get: async (invokeId) => {
        clock.advance(1_000); // the answer arrives when the deadline is reached, not after it
        throw new NotFoundError({ invokeId });
      },
    };
    const result = await waitForInvocation(onTime, 't-1', { now: clock.now, sleep: async () => undefined, timeoutMs: 1_000, notFoundGraceMs: 0 });
    expect(result).toStrictEqual({ state: 'timeout', reason: 'invocation t-1 on ecs cn-hangzhou was not finished after 1000 ms; it was never seen', polls: 1 });
  });

  it('throws at the first "not found" after the invocation was seen, without waiting out the grace period', async () => {
    const time = fakeTime();
    const start = time.clock.now();
    const source = new MemorySource({ clock: time.clock, invocations: [running()], timeline: [{ at: start + 1_000, apply: (store) => store.delete('t-1') }] });
    const error = await waitForInvocation(source, 't-1', { ...time.options, random: () => 0, notFoundGraceMs: 60_000 }).catch((caught: unknown) => caught);
    expect(NotFoundError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain('disappeared');
    expect(source.getCalls).toBe(2);
    expect(time.clock.now() - start).toBe(1_000);
  });

  it('sees an exit code that changes from one value to another', async () => {
    const time = fakeTime();
    const source = new MemorySource({
      clock: time.clock,
      invocations: [invocation('t-1', [target('i-1', 'Running', { exitCode: 3 })])],
      timeline: [
        { at: 1_000, apply: (store) => setTargets(store, 't-1', [target('i-1', 'Running', { exitCode: 5 })]) },
        { at: 2_000, apply: (store) => setTargets(store, 't-1', [target('i-1', 'Success')]) },
      ],
    });
    const exitCodes: (number | undefined)[] = [];
    await waitForInvocation(source, 't-1', { ...time.options, random: () => 0, onUpdate: (current) => exitCodes.push(current.targets[0]?.exitCode) });
    expect(exitCodes).toStrictEqual([3, 5, 0]);
  });

  it('does not report targets that only came back in another order', async () => {
    const time = fakeTime();
    const source = new MemorySource({
      clock: time.clock,
      invocations: [invocation('t-1', [target('i-1', 'Running'), target('i-2', 'Success')])],
      timeline: [
        { at: 1_000, apply: (store) => setTargets(store, 't-1', [target('i-2', 'Success'), target('i-1', 'Running')]) },
        { at: 2_000, apply: (store) => setTargets(store, 't-1', [target('i-2', 'Success'), target('i-1', 'Success')]) },
      ],
    });
    const updates: string[] = [];
    await waitForInvocation(source, 't-1', {
      ...time.options,
      random: () => 0,
      onUpdate: (current) => updates.push(current.targets.map((item) => `${item.id}=${item.status}`).join(',')),
    });
    expect(updates).toStrictEqual(['i-1=Running,i-2=Success', 'i-2=Success,i-1=Success']);
    expect(source.getCalls).toBe(3);
  });

  it('returns the newest invocation when only its output changed (silently: no update)', async () => {
    const time = fakeTime();
    const source = new MemorySource({
      clock: time.clock,
      invocations: [invocation('t-1', [target('i-1', 'Running', { output: 'step 1\n' })])],
      timeline: [{ at: 1_000, apply: (store) => setTargets(store, 't-1', [target('i-1', 'Running', { output: 'step 1\nstep 2\n' })]) }],
    });
    const updates: (string | undefined)[] = [];
    const result = await waitForInvocation(source, 't-1', {
      ...time.options,
      includeOutput: true,
      timeoutMs: 1_500,
      random: () => 0,
      onUpdate: (current) => updates.push(current.targets[0]?.output),
    });
    expect(result.state).toBe('timeout');
    expect(result.invocation?.targets[0]?.output).toBe('step 1\nstep 2\n');
    expect(updates).toStrictEqual(['step 1\n']);
  });

  it('reads a terminal status in another case as the documented one', async () => {
    const source = new MemorySource({ invocations: [invocation('t-1', [target('i-1', 'Success')], { status: 'success' })] });
    const result = await waitForInvocation(source, 't-1', fakeTime().options);
    expect(result.state).toBe('success');
    expect(result.reason).toBe('invocation t-1 on ecs cn-hangzhou finished with status success (1 ok)');
  });

  it('names a source without a region by its product alone', async () => {
    const source: InvocationSource = {
      product: 'eflo',
      region: '',
      list: () => ({ [Symbol.asyncIterator]: () => ({ next: async () => ({ done: true, value: undefined }) }) }),
      get: async () => invocation('t-1', [target('n-1', 'Failed')], { product: 'eflo' }),
    };
    const result = await waitForInvocation(source, 't-1', fakeTime().options);
    expect(result.reason).toBe('invocation t-1 on eflo finished with status Failed (1 failed)');
  });

  it('says what the last status was when aborted between two polls', async () => {
    const time = fakeTime();
    const controller = new AbortController();
    const source = new MemorySource({ clock: time.clock, invocations: [running()] });
    const result = await waitForInvocation(source, 't-1', {
      now: time.clock.now,
      sleep: async (ms) => {
        time.clock.advance(ms);
        controller.abort();
      },
      signal: controller.signal,
    });
    expect(result.reason).toBe('waiting for invocation t-1 on ecs cn-hangzhou was aborted; last status Running');
    expect(result.polls).toBe(1);
    expect(result.invocation?.invokeId).toBe('t-1');
  });

  it('pins the timeout reason word for word', async () => {
    const time = fakeTime();
    const source = new MemorySource({ clock: time.clock, invocations: [running()] });
    const result = await waitForInvocation(source, 't-1', { ...time.options, timeoutMs: 1_000 });
    expect(result.reason).toBe('invocation t-1 on ecs cn-hangzhou was not finished after 1000 ms; last status Running (2 active)');
  });

  it('says an invocation that disappeared did so while waiting', async () => {
    const time = fakeTime();
    const source = new MemorySource({ clock: time.clock, invocations: [running()], timeline: [{ at: 1_000, apply: (store) => store.delete('t-1') }] });
    const error = await waitForInvocation(source, 't-1', { ...time.options, random: () => 0 }).catch((caught: unknown) => caught);
    expect((error as Error).message).toBe('invocation t-1 disappeared from ecs cn-hangzhou while waiting (the service keeps records for a limited time)');
    expect((error as NotFoundError).product).toBe('ecs');
    expect((error as NotFoundError).region).toBe('cn-hangzhou');
  });

  it.each([
    ['signal', { signal: { aborted: 'no' } }, 'options.signal: must be an AbortSignal'],
    ['signal', { signal: 'abort' }, 'options.signal: must be an AbortSignal'],
    ['signal', { signal: null }, 'options.signal: must be an AbortSignal'],
    ['signal', { signal: Object.assign(() => undefined, { aborted: false }) }, 'options.signal: must be an AbortSignal'],
    ['onUpdate', { onUpdate: 'log' }, 'options.onUpdate: must be a function'],
    ['sleep', { sleep: 1_000 }, 'options.sleep: must be a function'],
    ['random', { random: 0.5 }, 'options.random: must be a function'],
    ['now', { now: 1_764_400_000_000 }, 'options.now: must be a function'],
    ['includeOutput', { includeOutput: 'yes' }, 'options.includeOutput'],
    ['maxDelayMs', { maxDelayMs: 1.5 }, 'options.maxDelayMs: must be an integer'],
    ['maxDelayMs', { maxDelayMs: -1 }, 'options.maxDelayMs: must be at least 0'],
    ['timeoutMs', { timeoutMs: -5 }, 'options.timeoutMs: must be positive'],
    ['timeoutMs', { timeoutMs: 1.5 }, 'options.timeoutMs: must be an integer'],
    ['notFoundGraceMs', { notFoundGraceMs: -1 }, 'options.notFoundGraceMs: must be at least 0'],
    ['notFoundGraceMs', { notFoundGraceMs: 0.5 }, 'options.notFoundGraceMs: must be an integer'],
    ['minDelayMs', { minDelayMs: 0.5 }, 'options.minDelayMs: must be an integer'],
    ['minDelayMs', { minDelayMs: 20_000 }, 'options.minDelayMs: must not be greater than maxDelayMs'],
  ])('rejects a bad %s before any call: %j', async (_field, badOptions, message) => {
    const source = new MemorySource({ invocations: [running()] });
    const error = await waitForInvocation(source, 't-1', badOptions as unknown as WaitForInvocationOptions).catch((caught: unknown) => caught);
    expect(InvalidQueryError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain(`waitForInvocation: invalid query: ${message}`);
    expect(source.getCalls).toBe(0);
  });

  it('checks options without waiting (checkWaitOptions), with the same rules and the caller named', () => {
    expect(() => checkWaitOptions({}, 'runAndWait')).not.toThrow();
    expect(() => checkWaitOptions({ minDelayMs: 0, maxDelayMs: 0, timeoutMs: 1 }, 'runAndWait')).not.toThrow();
    const error = (() => {
      try {
        checkWaitOptions({ timeoutMs: -5 }, 'runAndWait');
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    expect(InvalidQueryError.isInstance(error)).toBe(true);
    expect((error as Error).message).toBe('runAndWait: invalid query: options.timeoutMs: must be positive');
  });

  it('accepts the edge values of each option', async () => {
    const source = new MemorySource({ invocations: [invocation('t-1', [target('i-1', 'Success')])] });
    const options = { minDelayMs: 0, maxDelayMs: 0, notFoundGraceMs: 0, timeoutMs: 1, includeOutput: false, signal: new AbortController().signal };
    await expect(waitForInvocation(source, 't-1', { ...options, onUpdate: () => undefined, sleep: async () => undefined, random: () => 0, now: () => 0 })).resolves.toMatchObject({
      state: 'success',
    });
    await expect(waitForInvocation(source, 't-1', { minDelayMs: 15_000 })).resolves.toMatchObject({ state: 'success' }); // equal to the default max
    await expect(waitForInvocation(source, 't-1', { maxDelayMs: 1_000 })).resolves.toMatchObject({ state: 'success' }); // equal to the default min
  });
});

describe('waitForInvocation: a source that ignores its signal', () => {
  it('does not start a call that would hang once the deadline has passed during a pause', async () => {
    let calls = 0;
    const stubborn: InvocationSource = {
      product: 'ecs',
      region: 'cn-hangzhou',
      list: () => ({ [Symbol.asyncIterator]: () => ({ next: async () => ({ done: true, value: undefined }) }) }),
      // The first answer is Running; every later call never settles and ignores the signal.
      get: () => (calls++ === 0 ? Promise.resolve(running()) : new Promise<never>(() => undefined)),
    };
    const result = await waitForInvocation(stubborn, 't-1', {
      timeoutMs: 200,
      minDelayMs: 0,
      maxDelayMs: 0,
      // A pause that outlasts the deadline (a slow timer on a loaded machine), whatever it was asked for.
      sleep: () => new Promise((resolve) => setTimeout(resolve, 500)),
    });
    expect(result.state).toBe('timeout');
    expect(result.invocation?.status).toBe('Running');
    expect(calls).toBe(2);
  });
});

describe('waitForInvocation: the call in flight at the deadline', () => {
  it('is aborted with a reason that names the deadline, so a source can tell it from the caller aborting', async () => {
    const signals: AbortSignal[] = [];
    let calls = 0;
    const source: InvocationSource = {
      product: 'ecs',
      region: 'cn-hangzhou',
      list: () => ({ [Symbol.asyncIterator]: () => ({ next: async () => ({ done: true, value: undefined }) }) }),
      // The first answer is Running; the second call only ends when its signal aborts.
      get: (_id, options) => {
        if (options?.signal) signals.push(options.signal);
        return calls++ === 0 ? Promise.resolve(running()) : new Promise<never>(() => undefined);
      },
    };
    // A whole second: the second call must start before the deadline, even on a loaded machine.
    const result = await waitForInvocation(source, 't-1', { timeoutMs: 1_000, minDelayMs: 0, maxDelayMs: 0 });
    expect(result.state).toBe('timeout');
    expect(calls).toBe(2);
    const reason: unknown = signals[1]?.reason;
    expect(signals[1]?.aborted).toBe(true);
    expect(reason).toBeInstanceOf(Error);
    expect((reason as Error).message).toBe('deadline');
  });
});

describe('waitForInvocation: after the wait, and with a clock that moves on every reading', () => {
  const answering = (answer: () => Invocation, seen: { options: unknown[] }): InvocationSource => ({
    product: 'ecs',
    region: 'cn-hangzhou',
    list: () => ({ [Symbol.asyncIterator]: () => ({ next: async () => ({ done: true, value: undefined }) }) }),
    get: async (_id, options) => {
      seen.options.push(options);
      return answer();
    },
  });

  it('leaves the signal it passed alone once the wait is over: neither the deadline nor the caller aborts it later', async () => {
    const seen = { options: [] as unknown[] };
    const caller = new AbortController();
    const result = await waitForInvocation(answering(() => invocation('t-1', [target('i-1', 'Success')]), seen), 't-1', { timeoutMs: 20, signal: caller.signal });
    expect(result.state).toBe('success');
    const passed = (seen.options[0] as { signal: AbortSignal }).signal;
    caller.abort(new Error('too late'));
    await new Promise((resolve) => setTimeout(resolve, 60)); // past the deadline
    expect(passed.aborted).toBe(false);
  });

  it('passes includeOutput only when the caller gave it', async () => {
    const seen = { options: [] as unknown[] };
    const source = answering(() => invocation('t-1', [target('i-1', 'Success')]), seen);
    await waitForInvocation(source, 't-1');
    await waitForInvocation(source, 't-1', { includeOutput: false });
    expect(seen.options.map((options) => Object.keys(options as object).sort())).toStrictEqual([['signal'], ['includeOutput', 'signal']]);
    expect((seen.options[1] as { includeOutput: boolean }).includeOutput).toBe(false);
  });

  it('does not poll again when the deadline is reached between the last check and the next pause', async () => {
    // Each reading of this clock moves it on by 1 ms, as a real clock moves while code runs. With
    // a 1,000 ms pause and a 1,005 ms timeout the clock reads 1,004 after the second poll (not yet
    // due) and exactly 1,005 when the next pause is computed: the wait must end there, not pause
    // 0 ms and poll once more.
    let time = 0;
    const now = (): number => time++;
    const sleeps: number[] = [];
    const seen = { options: [] as unknown[] };
    const result = await waitForInvocation(answering(running, seen), 't-1', {
      now,
      sleep: async (ms) => {
        sleeps.push(ms);
        time += ms;
      },
      timeoutMs: 1_005,
      minDelayMs: 1_000,
      maxDelayMs: 1_000,
    });
    expect(result.state).toBe('timeout');
    expect(sleeps).toStrictEqual([1_000]);
    expect(result.polls).toBe(2);
  });
});

describe('waitForInvocation: the default pause', () => {
  it('waits out a short real pause and polls again', async () => {
    const time = manualClock();
    const source = new MemorySource({
      clock: { now: () => (time.now() === 0 ? 0 : 1) },
      invocations: [running()],
      timeline: [{ at: 1, apply: (store) => setTargets(store, 't-1', [target('i-1', 'Success'), target('i-2', 'Success')]) }],
    });
    const result = await waitForInvocation(source, 't-1', {
      minDelayMs: 5,
      maxDelayMs: 5,
      onUpdate: () => time.advance(1),
    });
    expect(result.state).toBe('success');
    expect(result.polls).toBe(2);
  });
});
