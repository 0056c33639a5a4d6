import { InvalidQueryError } from './errors.js';
import type { Invocation, InvocationTarget } from './model.js';
import type { RunRequestInput } from './run-request.js';
import { canRun, type InvocationSource, type RejectedTarget, type RunResult } from './source.js';
import { aggregateStatus } from './status.js';
import { formatTargetCounts, summarizeInvocation } from './summarize.js';
import { checkWaitOptions, waitForInvocation, type WaitForInvocationOptions, type WaitResult, type WaitState } from './wait-for-invocation.js';

/** What {@link runAndWait} resolves with: the wait's result plus what the run started. */
export interface RunAndWaitResult extends WaitResult {
  /** What `source.run` returned (invoke ids, ClientToken, split, rejected targets). */
  run: RunResult;
  /** The last sighting of each invocation the run created, in the order of `run.invocations`. */
  invocations: Invocation[];
}

/** A target a split run could not start on, shown as Invalid with the service's error code. */
function rejectedTarget(source: InvocationSource, rejected: RejectedTarget): InvocationTarget {
  return {
    id: rejected.targetId,
    kind: source.product === 'eflo' ? 'node' : 'instance',
    status: 'Invalid',
    droppedBytes: 0,
    errorCode: rejected.error.code,
    rawErrorCode: rejected.error.code,
    errorInfo: rejected.error.serviceMessage || rejected.error.code,
    repeats: 0,
  };
}

/**
 * One view of a split run (SWAS: one invocation per target): the first invocation's fields, every
 * invocation's targets, and the rejected targets as Invalid. `extra.invokeIds` lists the real ids.
 */
function mergedView(source: InvocationSource, run: RunResult, seen: readonly (Invocation | undefined)[]): Invocation | undefined {
  const first = seen.find((invocation) => invocation !== undefined);
  if (!first && run.rejected.length === 0) return undefined;
  const targets = [...seen.flatMap((invocation) => invocation?.targets ?? []), ...run.rejected.map((entry) => rejectedTarget(source, entry))];
  // Invocations not seen yet count as Pending, so the whole is not terminal before every part is.
  const pending = seen.filter((invocation) => invocation === undefined).length;
  const statuses = [...targets.map((target) => target.status), ...Array.from({ length: pending }, () => 'Pending' as const)];
  const base: Omit<Invocation, 'status' | 'targets'> = first ?? { product: source.product, region: source.region, invokeId: run.invokeId, parameters: {}, timed: false };
  return {
    ...base,
    invokeId: run.invokeId,
    status: aggregateStatus(statuses),
    targets,
    extra: { ...base.extra, invokeIds: run.invocations.map((started) => started.invokeId) },
  };
}

function combinedState(states: readonly WaitState[], rejected: number): WaitState {
  if (states.includes('aborted')) return 'aborted';
  if (states.includes('timeout')) return 'timeout';
  if (states.includes('failure') || rejected > 0) return 'failure';
  return 'success';
}

/**
 * Runs a command with `source.run`, then waits for it with {@link waitForInvocation}, and resolves
 * with the same `{ state, invocation, reason }` (plus `run` and `invocations`). `onUpdate` is called
 * whenever the invocation's status or a target's status or exit code changes. When the product split
 * the run into one invocation per target (SWAS), each is waited for at once and `invocation` is one
 * merged view of all of them (`extra.invokeIds`), with targets the product refused shown as Invalid
 * carrying the service's error code. Rejects with an `InvalidQueryError` when the source cannot run
 * commands or the request is invalid, before anything is sent.
 *
 * @example
 * const result = await runAndWait(ecs, { command: 'uptime', targets: ['i-bp1...'] }, { timeoutMs: 120_000 });
 * if (result.state !== 'success') console.error(result.reason);
 */
export async function runAndWait(
  source: InvocationSource,
  request: RunRequestInput,
  waitOptions: WaitForInvocationOptions = {},
): Promise<RunAndWaitResult> {
  if (!canRun(source)) {
    throw new InvalidQueryError([{ path: 'source', message: `${source.product} sources cannot run commands` }], { context: 'runAndWait' });
  }
  // Bad wait options must not be found after the command has started.
  checkWaitOptions(waitOptions, 'runAndWait');
  const run = await source.run(request, waitOptions.signal ? { signal: waitOptions.signal } : {});
  if (!run.split) {
    const result = await waitForInvocation(source, run.invokeId, waitOptions);
    return { ...result, run, invocations: result.invocation ? [result.invocation] : [] };
  }

  const seen: (Invocation | undefined)[] = run.invocations.map(() => undefined);
  const { onUpdate } = waitOptions;
  let previous: Invocation | undefined;
  const report = (): void => {
    const view = mergedView(source, run, seen);
    if (view) onUpdate?.(view, previous);
    previous = view;
  };
  // The refused targets are news before any invocation is seen; with none refused there is no view yet.
  report();
  const results = await Promise.all(
    run.invocations.map((started, index) =>
      waitForInvocation(source, started.invokeId, {
        ...waitOptions,
        onUpdate: (invocation) => {
          seen[index] = invocation;
          report();
        },
      }),
    ),
  );
  // The last sighting, which onUpdate may not have seen (only the output changed since).
  results.forEach((result, index) => {
    seen[index] = result.invocation ?? seen[index];
  });
  const invocation = mergedView(source, run, seen);
  const state = combinedState(
    results.map((result) => result.state),
    run.rejected.length,
  );
  const where = `${source.product}${source.region ? ` ${source.region}` : ''}`;
  // Every part settled (success or failure): say how the whole finished. Else name the parts that did
  // not settle (timed out, aborted) and the refused targets. A run that started nothing has no view.
  const reason =
    invocation !== undefined && (state === 'success' || state === 'failure')
      ? `${run.invocations.length} invocations on ${where} (one per target) finished with status ${invocation.status} (${formatTargetCounts(summarizeInvocation(invocation))})`
      : results
          .filter((result) => result.state === 'timeout' || result.state === 'aborted')
          .map((result) => result.reason)
          .concat(run.rejected.map((entry) => `${entry.targetId}: ${entry.error.code}`))
          .join('; ') || `the run started no invocation on ${where}`;
  return {
    state,
    ...(invocation ? { invocation } : {}),
    reason,
    polls: results.reduce((sum, result) => sum + result.polls, 0),
    run,
    invocations: seen.filter((entry): entry is Invocation => entry !== undefined),
  };
}
