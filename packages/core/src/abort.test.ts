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

  it('64 links on one signal put one listener on it, and no MaxListenersExceededWarning; an abort reaches every link still linked', async () => {
    const warnings: Error[] = [];
    const onWarning = (warning: Error): void => {
      warnings.push(warning);
    };
    process.on('warning', onWarning);
    try {
      const outer = new AbortController();
      const links = Array.from({ length: 64 }, () => linkSignal(outer.signal));
      expect(listeners(outer.signal)).toBe(1);
      links[3]!.unlink();
      links[3]!.unlink(); // twice: still only this link leaves
      links.push(linkSignal(outer.signal));
      expect(listeners(outer.signal)).toBe(1);
      // Node reports the warning on the next turn.
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(warnings.map((warning) => warning.name)).not.toContain('MaxListenersExceededWarning');
      outer.abort('all');
      expect(links.filter((link) => link.signal.aborted).map((link) => link.signal.reason)).toEqual(Array(64).fill('all'));
      expect(links[3]!.signal.aborted).toBe(false);
      expect(listeners(outer.signal)).toBe(0);
    } finally {
      process.off('warning', onWarning);
    }
  });

  it('the one listener goes with the last link, comes back for the next, and a link whose abort unlinks another does not stop the rest', () => {
    const outer = new AbortController();
    const first = linkSignal(outer.signal);
    const second = linkSignal(outer.signal);
    first.unlink();
    expect(listeners(outer.signal)).toBe(1);
    second.unlink();
    expect(listeners(outer.signal)).toBe(0);
    const third = linkSignal(outer.signal);
    const fourth = linkSignal(outer.signal);
    // While the abort is handed out, the third's abort unlinks the fourth (as ending a call does).
    third.signal.addEventListener('abort', () => fourth.unlink());
    const fifth = linkSignal(outer.signal);
    expect(listeners(outer.signal)).toBe(1);
    outer.abort('late');
    expect([first.signal.aborted, second.signal.aborted, third.signal.reason, fourth.signal.aborted, fifth.signal.reason]).toEqual([false, false, 'late', false, 'late']);
    expect(listeners(outer.signal)).toBe(0);
    // A signal that has aborted is followed at once, without a listener.
    expect(linkSignal(outer.signal).signal.reason).toBe('late');
    expect(listeners(outer.signal)).toBe(0);
  });
});
