import { describe, expect, it } from 'vitest';
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
