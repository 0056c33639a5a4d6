import { describe, expect, it } from 'vitest';
import {
  ApiError,
  canRun,
  canStop,
  InvalidQueryError,
  runAndWait,
  type Invocation,
  type RunOptions,
  type RunRequestInput,
  type RunResult,
} from '@invocations/core';
import { invocation, manualClock, MemorySource, setTargets, target } from '../test/memory-source.js';

// A MemorySource that can run: each run stores the invocations a product would create.
class RunnableMemorySource extends MemorySource {
  readonly runs: RunRequestInput[] = [];
  readonly runOptions: (RunOptions | undefined)[] = [];
  constructor(
    private readonly answer: (request: RunRequestInput, store: Map<string, Invocation>) => RunResult,
    options: ConstructorParameters<typeof MemorySource>[0] = {},
  ) {
    super(options);
  }
  async run(request: RunRequestInput, options?: RunOptions): Promise<RunResult> {
    this.runs.push(request);
    this.runOptions.push(options);
    return this.answer(request, this.store);
  }
}

// What a product that splits answers for a run on i-a and i-b: one invocation each, t-a (the run's id) and t-b.
function twoPartRun(rejected: RunResult['rejected'] = []): RunResult {
  return { invokeId: 't-a', split: true, invocations: [{ invokeId: 't-a', targetIds: ['i-a'] }, { invokeId: 't-b', targetIds: ['i-b'] }], rejected };
}

function fakeTime() {
  const clock = manualClock();
  return { clock, options: { now: clock.now, sleep: async (ms: number) => clock.advance(ms), random: () => 0.5 } };
}

describe('capabilities', () => {
  it('canRun and canStop look at the source', () => {
    const plain = new MemorySource();
    expect(canRun(plain)).toBe(false);
    expect(canStop(plain)).toBe(false);
    const runnable = new RunnableMemorySource(() => ({ invokeId: 't', clientToken: 'c', split: false, invocations: [], rejected: [] }));
    expect(canRun(runnable)).toBe(true);
    expect(canStop(runnable)).toBe(false);
  });

  it('runAndWait checks the wait options before running anything', async () => {
    const runnable = new RunnableMemorySource(() => ({ invokeId: 't', split: false, invocations: [], rejected: [] }));
    await expect(runAndWait(runnable, { command: 'x', targets: ['i-1'] }, { minDelayMs: 5_000, maxDelayMs: 1_000 })).rejects.toSatisfy(
      (error) => InvalidQueryError.isInstance(error) && /runAndWait: .*options\.minDelayMs: must not be greater than maxDelayMs/.test(error.message),
    );
    expect(runnable.runs).toHaveLength(0);
  });

  it('runAndWait refuses a source that cannot run, naming it', async () => {
    await expect(runAndWait(new MemorySource(), { command: 'x', targets: ['i-1'] })).rejects.toSatisfy(
      (error) => InvalidQueryError.isInstance(error) && error.message === 'runAndWait: invalid query: source: ecs sources cannot run commands',
    );
  });
});

describe('runAndWait', () => {
  it('runs, then waits, and reports target changes', async () => {
    const time = fakeTime();
    const source = new RunnableMemorySource(
      (request, store) => {
        store.set('t-1', invocation('t-1', (request.targets as string[]).map((id) => target(id, 'Pending'))));
        return { invokeId: 't-1', clientToken: 'tok', split: false, invocations: [{ invokeId: 't-1', targetIds: request.targets as string[] }], rejected: [] };
      },
      {
        clock: time.clock,
        timeline: [
          { at: 2_000, apply: (store) => setTargets(store, 't-1', [target('i-1', 'Running'), target('i-2', 'Running')]) },
          { at: 6_000, apply: (store) => setTargets(store, 't-1', [target('i-1', 'Success'), target('i-2', 'Failed', { exitCode: 1 })]) },
        ],
      },
    );
    const updates: string[] = [];
    const result = await runAndWait(source, { command: 'x', targets: ['i-1', 'i-2'] }, { ...time.options, onUpdate: (current) => updates.push(current.targets.map((item) => item.status).join(',')) });
    expect(source.runs).toHaveLength(1);
    expect(result.state).toBe('failure');
    expect(result.invocation?.status).toBe('PartialFailed');
    expect(result.run.invokeId).toBe('t-1');
    expect(result.invocations.map((item) => item.invokeId)).toEqual(['t-1']);
    expect(updates).toEqual(['Pending,Pending', 'Running,Running', 'Success,Failed']);
  });

  it('waits for every invocation of a split run and shows rejected targets as Invalid with their code', async () => {
    const time = fakeTime();
    const rejection = new ApiError({ code: 'InvalidInstanceId.NotFound', message: 'The specified instance does not exist.', httpStatus: 404 });
    const source = new RunnableMemorySource(
      (_request, store) => {
        store.set('t-a', invocation('t-a', [target('i-a', 'Running')], { product: 'swas' }));
        store.set('t-b', invocation('t-b', [target('i-b', 'Running')], { product: 'swas' }));
        return {
          invokeId: 't-a',
          clientToken: 'tok',
          split: true,
          invocations: [
            { invokeId: 't-a', targetIds: ['i-a'] },
            { invokeId: 't-b', targetIds: ['i-b'] },
          ],
          rejected: [{ targetId: 'i-missing', error: rejection }],
        };
      },
      {
        product: 'swas',
        clock: time.clock,
        timeline: [
          { at: 3_000, apply: (store) => setTargets(store, 't-a', [target('i-a', 'Success')]) },
          { at: 5_000, apply: (store) => setTargets(store, 't-b', [target('i-b', 'Success')]) },
        ],
      },
    );
    const updates: string[] = [];
    const result = await runAndWait(source, { command: 'x', targets: ['i-a', 'i-b', 'i-missing'] }, { ...time.options, onUpdate: (current) => updates.push(`${current.status}:${current.targets.map((item) => item.status).join(',')}`) });
    expect(result.state).toBe('failure');
    expect(result.invocation?.status).toBe('PartialFailed');
    expect(result.invocation?.extra?.invokeIds).toEqual(['t-a', 't-b']);
    const missing = result.invocation?.targets.find((item) => item.id === 'i-missing');
    expect(missing).toMatchObject({ status: 'Invalid', errorCode: 'InvalidInstanceId.NotFound' });
    expect(result.invocations.map((item) => item.status)).toEqual(['Success', 'Success']);
    // Never terminal before both invocations are.
    expect(updates.at(-1)).toBe('PartialFailed:Success,Success,Invalid');
    expect(updates.slice(0, -1).every((entry) => !entry.startsWith('PartialFailed'))).toBe(true);
  });

  it('a split run that times out says so', async () => {
    const time = fakeTime();
    const source = new RunnableMemorySource(
      (_request, store) => {
        store.set('t-a', invocation('t-a', [target('i-a', 'Running')]));
        return { invokeId: 't-a', clientToken: 'tok', split: true, invocations: [{ invokeId: 't-a', targetIds: ['i-a'] }], rejected: [] };
      },
      { clock: time.clock },
    );
    const result = await runAndWait(source, { command: 'x', targets: ['i-a'] }, { ...time.options, timeoutMs: 5_000 });
    expect(result.state).toBe('timeout');
    expect(result.reason).toMatch(/not finished after 5000 ms/);
  });

  it('a split run that succeeds everywhere says how many invocations, sums the polls, and reports a refused target first', async () => {
    const time = fakeTime();
    const rejection = new ApiError({ code: 'IncorrectInstanceStatus', message: '', httpStatus: 403 });
    const split = (rejected: boolean) =>
      new RunnableMemorySource(
        (_request, store) => {
          store.set('t-a', invocation('t-a', [target('i-a', 'Success')]));
          store.set('t-b', invocation('t-b', [target('i-b', 'Success')]));
          return twoPartRun(rejected ? [{ targetId: 'i-off', error: rejection }] : []);
        },
        { clock: time.clock, product: 'swas' },
      );
    const ok = split(false);
    const result = await runAndWait(ok, { command: 'x', targets: ['i-a', 'i-b'] }, time.options);
    expect(result.state).toBe('success');
    expect(result.reason).toBe('2 invocations on swas cn-hangzhou (one per target) finished with status Success (2 ok)');
    expect(result.polls).toBe(ok.getCalls);
    expect(result.polls).toBe(2);

    const first: string[] = [];
    const refused = await runAndWait(split(true), { command: 'x', targets: ['i-a', 'i-b', 'i-off'] }, {
      ...time.options,
      onUpdate: (view, previous) => first.push(`${view.status}|${view.targets.map((item) => item.id).join(',')}|${previous === undefined}`),
    });
    // Before any invocation is seen: the refused target alone, and not terminal (two still unseen).
    expect(first[0]).toBe('Pending|i-off|true');
    expect(refused.invocation?.targets.find((item) => item.id === 'i-off')).toEqual({
      id: 'i-off',
      kind: 'instance',
      status: 'Invalid',
      droppedBytes: 0,
      errorCode: 'IncorrectInstanceStatus',
      rawErrorCode: 'IncorrectInstanceStatus',
      errorInfo: 'IncorrectInstanceStatus',
      repeats: 0,
    });
    expect(refused.state).toBe('failure');
    expect(refused.reason).toMatch(/finished with status PartialFailed \(2 ok \/ 1 failed\)/);
  });

  it('an aborted split wait is aborted, whatever the other parts did', async () => {
    const time = fakeTime();
    const controller = new AbortController();
    const source = new RunnableMemorySource(
      (_request, store) => {
        store.set('t-a', invocation('t-a', [target('i-a', 'Success')]));
        store.set('t-b', invocation('t-b', [target('i-b', 'Running')]));
        return twoPartRun();
      },
      { clock: time.clock },
    );
    const sleep = async (ms: number) => {
      time.clock.advance(ms);
      controller.abort();
    };
    const result = await runAndWait(source, { command: 'x', targets: ['i-a', 'i-b'] }, { ...time.options, sleep, signal: controller.signal });
    expect(result.state).toBe('aborted');
    expect(result.reason).toMatch(/t-b .*aborted/);
    expect(result.invocations.map((item) => item.invokeId)).toEqual(['t-a', 't-b']);
  });

  it('passes the caller\'s signal to run, and nothing when there is none', async () => {
    const time = fakeTime();
    const source = new RunnableMemorySource(
      (_request, store) => {
        store.set('t-1', invocation('t-1', [target('i-1', 'Success')]));
        return { invokeId: 't-1', split: false, invocations: [{ invokeId: 't-1', targetIds: ['i-1'] }], rejected: [] };
      },
      { clock: time.clock },
    );
    const controller = new AbortController();
    await runAndWait(source, { command: 'x', targets: ['i-1'] }, { ...time.options, signal: controller.signal });
    await runAndWait(source, { command: 'x', targets: ['i-1'] }, time.options);
    expect(source.runOptions).toStrictEqual([{ signal: controller.signal }, {}]);
  });

  it('resolves a run that was not split with the waiter\'s own result, untouched', async () => {
    const time = fakeTime();
    const finished = invocation('t-1', [target('i-1', 'Success'), target('i-2', 'Failed', { exitCode: 1 })], { commandName: 'probe' });
    const source = new RunnableMemorySource(
      (_request, store) => {
        store.set('t-1', finished);
        return { invokeId: 't-1', split: false, invocations: [{ invokeId: 't-1', targetIds: ['i-1', 'i-2'] }], rejected: [] };
      },
      { clock: time.clock },
    );
    const result = await runAndWait(source, { command: 'x', targets: ['i-1', 'i-2'] }, time.options);
    expect(result.invocation).toStrictEqual(finished);
    expect(result.reason).toBe('invocation t-1 on ecs cn-hangzhou finished with status PartialFailed (1 ok / 1 failed)');
    expect(result.invocations).toStrictEqual([finished]);
  });

  it('resolves a run aborted before its first poll with no invocation', async () => {
    const time = fakeTime();
    const make = (split: boolean) =>
      new RunnableMemorySource(
        (_request, store) => {
          store.set('t-1', invocation('t-1', [target('i-1', 'Running')]));
          return { invokeId: 't-1', split, invocations: [{ invokeId: 't-1', targetIds: ['i-1'] }], rejected: [] };
        },
        { clock: time.clock },
      );
    for (const split of [false, true]) {
      const updates: unknown[] = [];
      const result = await runAndWait(make(split), { command: 'x', targets: ['i-1'] }, { ...time.options, signal: AbortSignal.abort('no'), onUpdate: (view) => updates.push(view) });
      expect(result.state).toBe('aborted');
      expect('invocation' in result).toBe(false);
      expect(result.invocations).toStrictEqual([]);
      expect(result.reason).toBe('waiting for invocation t-1 on ecs cn-hangzhou was aborted');
      expect(updates).toStrictEqual([]);
    }
  });

  it('shows an eflo node it could not run on as a node, in a view built before any invocation is seen', async () => {
    const time = fakeTime();
    const rejection = new ApiError({ code: 'NodeNotFound', message: 'no such node', httpStatus: 404 });
    const source = new RunnableMemorySource(
      (_request, store) => {
        store.set('t-a', invocation('t-a', [target('e-a', 'Success', { kind: 'node' })], { product: 'eflo', region: 'cn-wulanchabu' }));
        return { invokeId: 't-a', split: true, invocations: [{ invokeId: 't-a', targetIds: ['e-a'] }], rejected: [{ targetId: 'e-x', error: rejection }] };
      },
      { product: 'eflo', region: 'cn-wulanchabu', clock: time.clock },
    );
    const views: Invocation[] = [];
    const result = await runAndWait(source, { command: 'x', targets: ['e-a', 'e-x'] }, { ...time.options, onUpdate: (view) => views.push(view) });
    const refused = { id: 'e-x', kind: 'node', status: 'Invalid', droppedBytes: 0, errorCode: 'NodeNotFound', rawErrorCode: 'NodeNotFound', errorInfo: 'no such node', repeats: 0 };
    expect(views[0]).toStrictEqual({
      product: 'eflo',
      region: 'cn-wulanchabu',
      invokeId: 't-a',
      parameters: {},
      timed: false,
      status: 'Pending',
      targets: [refused],
      extra: { invokeIds: ['t-a'] },
    });
    expect(result.invocation?.targets).toStrictEqual([target('e-a', 'Success', { kind: 'node' }), refused]);
    expect(result.reason).toBe('1 invocations on eflo cn-wulanchabu (one per target) finished with status PartialFailed (1 ok / 1 failed)');
  });

  it('takes the merged view\'s fields from the first invocation seen, whichever part it is', async () => {
    const time = fakeTime();
    const source = new RunnableMemorySource(
      (_request, store) => {
        store.set('t-a', invocation('t-a', [target('i-a', 'Running')], { commandName: 'first' }));
        store.set('t-b', invocation('t-b', [target('i-b', 'Running')], { commandName: 'second' }));
        return twoPartRun();
      },
      { clock: time.clock, visibleAt: { 't-a': 2_000 }, timeline: [{ at: 3_000, apply: (store) => { setTargets(store, 't-a', [target('i-a', 'Success')]); setTargets(store, 't-b', [target('i-b', 'Success')]); } }] },
    );
    const views: string[] = [];
    const result = await runAndWait(source, { command: 'x', targets: ['i-a', 'i-b'] }, { ...time.options, onUpdate: (view) => views.push(`${view.invokeId}:${view.commandName}:${view.status}`) });
    // t-a is not found at first, so t-b's record is the first seen; the view keeps the run's invoke id.
    expect(views[0]).toBe('t-a:second:Pending');
    expect(views.at(-1)).toBe('t-a:first:Success');
    expect(result.state).toBe('success');
  });

  it('a split run with a failed part and no refused target is a failure', async () => {
    const time = fakeTime();
    const source = new RunnableMemorySource(
      (_request, store) => {
        store.set('t-a', invocation('t-a', [target('i-a', 'Success')]));
        store.set('t-b', invocation('t-b', [target('i-b', 'Failed', { exitCode: 2 })]));
        return twoPartRun();
      },
      { product: 'swas', region: '', clock: time.clock },
    );
    const result = await runAndWait(source, { command: 'x', targets: ['i-a', 'i-b'] }, time.options);
    expect(result.state).toBe('failure');
    expect(result.reason).toBe('2 invocations on swas (one per target) finished with status PartialFailed (1 ok / 1 failed)');
  });

  it('names only the parts that did not settle, and the refused targets, when a split run times out', async () => {
    const time = fakeTime();
    const rejection = new ApiError({ code: 'IncorrectInstanceStatus', message: 'stopped', httpStatus: 403 });
    const source = new RunnableMemorySource(
      (_request, store) => {
        store.set('t-a', invocation('t-a', [target('i-a', 'Success')]));
        store.set('t-b', invocation('t-b', [target('i-b', 'Running', { output: 'one\n' })]));
        return twoPartRun([{ targetId: 'i-off', error: rejection }]);
      },
      // Only the output changes: the waiter does not report it, but its result carries it.
      { clock: time.clock, timeline: [{ at: 2_000, apply: (store) => setTargets(store, 't-b', [target('i-b', 'Running', { output: 'one\ntwo\n' })]) }] },
    );
    const outputs: (string | undefined)[] = [];
    const result = await runAndWait(source, { command: 'x', targets: ['i-a', 'i-b', 'i-off'] }, {
      ...time.options,
      includeOutput: true,
      timeoutMs: 5_000,
      onUpdate: (view) => outputs.push(view.targets.find((item) => item.id === 'i-b')?.output),
    });
    expect(result.state).toBe('timeout');
    expect(result.reason).toBe('invocation t-b on ecs cn-hangzhou was not finished after 5000 ms; last status Running (1 active); i-off: IncorrectInstanceStatus');
    expect(outputs.at(-1)).toBe('one\n');
    expect(result.invocation?.targets.map((item) => item.output)).toStrictEqual([undefined, 'one\ntwo\n', undefined]);
    expect(result.invocations.map((item) => item.targets[0]?.output)).toStrictEqual([undefined, 'one\ntwo\n']);
  });

  it('leaves a part never seen out of invocations, and names only the aborted part', async () => {
    const time = fakeTime();
    const controller = new AbortController();
    const source = new RunnableMemorySource(
      (_request, store) => {
        store.set('t-a', invocation('t-a', [target('i-a', 'Success')]));
        store.set('t-b', invocation('t-b', [target('i-b', 'Running')]));
        return twoPartRun();
      },
      { clock: time.clock, visibleAt: { 't-b': 60_000 } },
    );
    const sleep = async (ms: number) => {
      time.clock.advance(ms);
      controller.abort();
    };
    const result = await runAndWait(source, { command: 'x', targets: ['i-a', 'i-b'] }, { ...time.options, sleep, signal: controller.signal });
    expect(result.state).toBe('aborted');
    expect(result.reason).toBe('waiting for invocation t-b on ecs cn-hangzhou was aborted');
    expect(result.invocations.map((item) => item.invokeId)).toStrictEqual(['t-a']);
    // The unseen part counts as Pending, so the view is not finished.
    expect(result.invocation?.status).toBe('Pending');
  });

  it('says so when a split run started nothing and refused nothing', async () => {
    const source = new RunnableMemorySource(() => ({ invokeId: 't-0', split: true, invocations: [], rejected: [] }));
    const result = await runAndWait(source, { command: 'x', targets: ['i-1'] }, fakeTime().options);
    expect(result).toStrictEqual({ state: 'success', reason: 'the run started no invocation on ecs cn-hangzhou', polls: 0, run: { invokeId: 't-0', split: true, invocations: [], rejected: [] }, invocations: [] });
  });
});
