import { describe, expect, it } from 'vitest';
import { AbortedError, InvalidQueryError, InvocationsError, listInvocations, type Invocation, type ListInvocationsOptions } from '@invocations/core';
import { invocation, MemorySource, target } from '../test/memory-source.js';

// Written from mutation testing (issue 19): what list-invocations.test.ts leaves open. A file of
// its own so that changes to the listing's order and to its main test file do not collide with it.

function invocations(prefix: string, count: number): Invocation[] {
  return Array.from({ length: count }, (_, index) => invocation(`${prefix}-${index}`, [target(`i-${prefix}${index}`, 'Success')]));
}

async function collect(stream: AsyncIterable<Invocation>): Promise<string[]> {
  const ids: string[] = [];
  for await (const item of stream) ids.push(item.invokeId);
  return ids;
}

describe('listInvocations: what the mutants showed', () => {
  it('carries the reason of an already-aborted signal as the cause', async () => {
    const reason = new Error('user cancelled');
    const source = new MemorySource({ invocations: invocations('a', 2) });
    const error = await collect(listInvocations([source], undefined, { signal: AbortSignal.abort(reason) })).catch((caught: unknown) => caught);
    expect(AbortedError.isInstance(error)).toBe(true);
    expect((error as AbortedError).message).toBe('listInvocations was aborted');
    expect((error as AbortedError).cause).toBe(reason);
    expect(source.listCalls).toStrictEqual([]);
  });

  it('carries the reason of a signal aborted while listing as the cause, and aborts the sources with it', async () => {
    const reason = new Error('stop now');
    const controller = new AbortController();
    const source = new MemorySource({ invocations: invocations('a', 50), delayMs: 2 });
    let count = 0;
    const error = await (async () => {
      for await (const _ of listInvocations([source], undefined, { signal: controller.signal })) {
        if (++count === 2) controller.abort(reason);
      }
    })().catch((caught: unknown) => caught);
    expect((error as AbortedError).cause).toBe(reason);
    expect(source.signals[0]?.reason).toBe(reason);
  });

  it('calls return() only on the sources still being read when the loop is left early', async () => {
    const finished = new MemorySource({ invocations: invocations('done', 1) });
    const busy = new MemorySource({ invocations: invocations('busy', 50), delayMs: 5 });
    const seen: string[] = [];
    for await (const item of listInvocations([finished, busy])) {
      seen.push(item.invokeId);
      if (seen.includes('done-0') && seen.length >= 3) break;
    }
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(finished.returnCalls).toBe(0);
    expect(busy.returnCalls).toBe(1);
  });

  it('calls return() on no source when every source finished', async () => {
    const sources = [new MemorySource({ invocations: invocations('a', 2) }), new MemorySource({ invocations: invocations('b', 3) })];
    expect((await collect(listInvocations(sources))).sort()).toStrictEqual(['a-0', 'a-1', 'b-0', 'b-1', 'b-2']);
    expect(sources.map((source) => source.returnCalls)).toStrictEqual([0, 0]);
  });

  it.each([
    ['signal', { signal: {} }, 'signal: must be an AbortSignal'],
    ['signal', { signal: { aborted: false } }, 'signal: must be an AbortSignal'],
    ['signal', { signal: null }, 'signal: must be an AbortSignal'],
    ['onSourceError', { onSourceError: 'log' }, 'onSourceError: must be a function'],
    ['concurrency', { concurrency: '2' }, 'concurrency'],
  ])('rejects a bad %s before any source is asked: %j', (_field, options, message) => {
    const source = new MemorySource({ invocations: invocations('a', 1) });
    const call = (): unknown => listInvocations([source], undefined, options as unknown as ListInvocationsOptions);
    expect(call).toThrow(InvalidQueryError);
    expect(call).toThrow(`listInvocations options: invalid query: ${message}`);
    expect(source.listCalls).toStrictEqual([]);
  });

  it('accepts a signal, a callback and concurrency 1', async () => {
    const options = { signal: new AbortController().signal, onSourceError: () => undefined, concurrency: 1 };
    expect(await collect(listInvocations([new MemorySource({ invocations: invocations('a', 1) })], undefined, options))).toStrictEqual(['a-0']);
  });

  it('refuses sources that are not an array, naming the rule', () => {
    expect(() => listInvocations(new MemorySource() as unknown as MemorySource[])).toThrow(InvocationsError);
    expect(() => listInvocations(new MemorySource() as unknown as MemorySource[])).toThrow('listInvocations: sources must be an array of InvocationSource');
  });

  it('names the query as the listing\'s when the query is bad', () => {
    expect(() => listInvocations([], { pageSize: 0 })).toThrow('listInvocations: invalid query: pageSize: must be at least 1');
  });
});
