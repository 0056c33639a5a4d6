import { isTerminalTargetStatus, type InvocationStatus, type InvokeStatus } from '@invocations/core';
import { invocationStateAt } from './simulator.js';
import type { SimulationOptions, StoredInvocation, TargetPlan } from './types.js';

/** The parts of an invocation's state that listing filters read (InvokeStatus, Timed). */
export interface StatusSummary {
  status: InvocationStatus;
  invokeStatus: InvokeStatus;
  timed: boolean;
}

interface Entry extends StatusSummary {
  now: number;
  /** What the state depends on besides the time; a change invalidates the entry. */
  stops: number;
  targets: readonly TargetPlan[];
  targetCount: number;
  simulation: Required<SimulationOptions>;
  /**
   * Every target is terminal: the state no longer depends on the time (a finished run, a completed
   * stop, an Invalid target), so the entry holds for any later time until a stop is added.
   */
  settled: boolean;
}

// Keyed by the record itself: an entry goes when retention drops its record.
const cache = new WeakMap<StoredInvocation, Entry>();

/**
 * An invocation's overall status at `now`, as {@link invocationStateAt} computes it, remembered per
 * record: a filter over the whole store (InvokeStatus, Timed) recomputes only what can have changed.
 */
export function statusAt(invocation: StoredInvocation, now: number, simulation: Required<SimulationOptions>): StatusSummary {
  const entry = cache.get(invocation);
  if (
    entry &&
    entry.stops === invocation.stops.size &&
    entry.targets === invocation.targets &&
    entry.targetCount === invocation.targets.length &&
    entry.simulation === simulation &&
    (entry.now === now || (entry.settled && now >= entry.now))
  ) {
    return entry;
  }
  const view = invocationStateAt(invocation, now, simulation);
  const fresh: Entry = {
    status: view.status,
    invokeStatus: view.invokeStatus,
    timed: view.timed,
    now,
    stops: invocation.stops.size,
    targets: invocation.targets,
    targetCount: invocation.targets.length,
    simulation,
    settled: view.targets.every((target) => isTerminalTargetStatus(target.status)),
  };
  cache.set(invocation, fresh);
  return fresh;
}
