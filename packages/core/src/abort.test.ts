import { getEventListeners } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import { linkSignal, untilAborted } from '@invocations/core';
import { sleep } from './abort.js';

describe('sleep', () => {
  it('waits, and ends at once with the reason when the signal aborts', async () => {
    const started = Date.now();
    await sleep(20);
    expect(Date.now() - started).toBeGreaterThanOrEqual(15);
    const controller = new AbortController();
    const pending = sleep(60_000, controller.signal);
    controller.abort('stop');
    await expect(pending).rejects.toBe('stop');
    await expect(sleep(10, AbortSignal.abort('early'))).rejects.toBe('early');
  });
});

describe('untilAborted', () => {
  it('settles as the promise does, or rejects on abort even when the promise never settles', async () => {
    const controller = new AbortController();
    await expect(untilAborted(Promise.resolve(1), controller.signal)).resolves.toBe(1);
    await expect(untilAborted(Promise.reject(new Error('x')), controller.signal)).rejects.toThrow('x');
    const never = new Promise<never>(() => undefined);
    const pending = untilAborted(never, controller.signal, () => new Error('aborted here'));
    controller.abort('why');
    await expect(pending).rejects.toThrow('aborted here');
    await expect(untilAborted(never, controller.signal)).rejects.toBe('why');
  });
});

describe('linkSignal', () => {
  it("follows the caller's abort, can be aborted alone, and stops following once unlinked", () => {
    const outer = new AbortController();
    const link = linkSignal(outer.signal);
    outer.abort('caller');
    expect(link.signal.aborted).toBe(true);
    expect(link.signal.reason).toBe('caller');

    const second = new AbortController();
    const alone = linkSignal(second.signal);
    alone.abort('mine');
    expect(alone.signal.reason).toBe('mine');
    expect(second.signal.aborted).toBe(false);

    const third = new AbortController();
    const unlinked = linkSignal(third.signal);
    unlinked.unlink();
    third.abort();
    expect(unlinked.signal.aborted).toBe(false);
    expect(linkSignal(AbortSignal.abort('early')).signal.reason).toBe('early');
  });
});

// Each helper leaves no listener behind on the caller's signal, however it ended: a long-lived signal
// (a whole CLI run) would otherwise collect one per call.
describe('listeners left on the signal', () => {
  const listeners = (signal: AbortSignal): number => getEventListeners(signal, 'abort').length;

  it('untilAborted removes its listener when the promise settles, and when the signal aborts', async () => {
    const controller = new AbortController();
    await untilAborted(Promise.resolve(1), controller.signal);
    await untilAborted(Promise.reject(new Error('x')), controller.signal).catch(() => undefined);
    expect(listeners(controller.signal)).toBe(0);
    const pending = untilAborted(new Promise<never>(() => undefined), controller.signal);
    expect(listeners(controller.signal)).toBe(1);
    controller.abort('why');
    await expect(pending).rejects.toBe('why');
    expect(listeners(controller.signal)).toBe(0);
  });

  it('sleep removes its listener when the time is up, and clears its timer on abort', async () => {
    const controller = new AbortController();
    await sleep(1, controller.signal);
    expect(listeners(controller.signal)).toBe(0);
    vi.useFakeTimers();
    try {
      const pending = sleep(60_000, controller.signal);
      expect(vi.getTimerCount()).toBe(1);
      controller.abort('stop');
      await expect(pending).rejects.toBe('stop');
      expect(vi.getTimerCount()).toBe(0);
      expect(listeners(controller.signal)).toBe(0);
    } finally {
      vi.useRealTimers();
    }
  });

  it('linkSignal follows an abort once and leaves no listener; without a caller signal it stands alone', () => {
    const outer = new AbortController();
    const link = linkSignal(outer.signal);
    expect(listeners(outer.signal)).toBe(1);
    outer.abort('caller');
    expect(link.signal.reason).toBe('caller');
    expect(listeners(outer.signal)).toBe(0);

    const second = new AbortController();
    linkSignal(second.signal).unlink();
    expect(listeners(second.signal)).toBe(0);

    const alone = linkSignal(undefined);
    expect(alone.signal.aborted).toBe(false);
    alone.unlink();
    alone.abort('mine');
    expect(alone.signal.reason).toBe('mine');
  });
});
