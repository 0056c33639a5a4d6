import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  aggregateStatus,
  deriveInvokeStatus,
  INVOCATION_STATUSES,
  isActiveTargetStatus,
  isFailedTargetStatus,
  isStoppedTargetStatus,
  isTerminal,
  isTerminalTargetStatus,
  normalizeInvocationStatus,
  normalizeInvokeStatus,
  normalizeRepeatMode,
  normalizeTargetStatus,
  TARGET_STATUSES,
  type InvocationStatus,
} from '@invocations/core';

// ---------------------------------------------------------------------------------------------
// The oracle, written from the seed text (seed 003 for ECS, seed 002 for eflo: the same rules),
// independently of status.ts. Each overall status is the seed's sentence as a predicate:
//
//   Pending:   存在至少一台实例的命令执行状态为 Pending            -> some target Pending
//   Scheduled: 存在至少一台实例 ... Scheduled                      -> some target Scheduled
//   Running:   存在至少一台实例 ... Running                        -> some target Running
//   Success:   各个实例 ... 均为 Stopped 或 Success, 且至少一个 ... Success
//   Failed:    各个实例 ... 均为 Stopped 或 Failed
//              (Failed = Invalid, Aborted, Failed, Timeout, Error)
//   Stopping:  存在至少一台实例 ... Stopping
//   Stopped:   所有实例 ... 是 Stopped (Stopped = Cancelled, Terminated)
//   PartialFailed: 各个实例 ... 均为 Success、Failed 或 Stopped
//
// The seeds give no precedence and, read literally, several rules match at once. The design fixes
// the order below (first match wins) and that no targets at all is Pending; the named tests
// further down pin each of those decisions.
// ---------------------------------------------------------------------------------------------
const SEED_FAILED_CLASS = new Set(['Invalid', 'Aborted', 'Failed', 'Timeout', 'Error']);
const SEED_STOPPED_CLASS = new Set(['Cancelled', 'Terminated']);
const isSeedFailed = (status: string): boolean => SEED_FAILED_CLASS.has(status);
const isSeedStopped = (status: string): boolean => SEED_STOPPED_CLASS.has(status);

const SEED_RULES: Record<string, (statuses: readonly string[]) => boolean> = {
  Pending: (s) => s.includes('Pending'),
  Scheduled: (s) => s.includes('Scheduled'),
  Running: (s) => s.includes('Running'),
  Success: (s) => s.every((x) => x === 'Success' || isSeedStopped(x)) && s.includes('Success'),
  Failed: (s) => s.every((x) => isSeedFailed(x) || isSeedStopped(x)),
  Stopping: (s) => s.includes('Stopping'),
  Stopped: (s) => s.every(isSeedStopped),
  PartialFailed: (s) => s.every((x) => x === 'Success' || isSeedFailed(x) || isSeedStopped(x)),
};
const DESIGN_PRECEDENCE = ['Pending', 'Scheduled', 'Running', 'Stopping', 'Stopped', 'Success', 'Failed', 'PartialFailed'];

/** The seeds' rules that match literally, in no particular order. */
function matchingSeedRules(statuses: readonly string[]): string[] {
  return Object.keys(SEED_RULES).filter((rule) => SEED_RULES[rule]?.(statuses));
}

/** Known statuses only: the seed rules under the design's precedence. */
function oracle(statuses: readonly string[]): string {
  if (statuses.length === 0) return 'Pending';
  const match = DESIGN_PRECEDENCE.find((rule) => SEED_RULES[rule]?.(statuses));
  if (!match) throw new Error(`the seed rules match nothing for ${statuses.join(',')}`);
  return match;
}

/** Every multiset of exactly `size` values from `values` (combinations with repetition). */
function multisets<T>(values: readonly T[], size: number, from = 0): T[][] {
  if (size === 0) return [[]];
  const result: T[][] = [];
  for (let index = from; index < values.length; index++) {
    for (const rest of multisets(values, size - 1, index)) result.push([values[index] as T, ...rest]);
  }
  return result;
}

const allMultisets = [0, 1, 2, 3, 4].flatMap((size) => multisets(TARGET_STATUSES, size));

describe('aggregateStatus: every multiset of 0..4 documented target statuses', () => {
  it('enumerates all 1,820 multisets of the 12 statuses', () => {
    // C(12+k-1, k) for k = 0..4: 1 + 12 + 78 + 364 + 1365
    expect(TARGET_STATUSES).toHaveLength(12);
    expect(allMultisets).toHaveLength(1_820);
  });

  it('agrees with the seed rules under the design precedence on each of them', () => {
    const disagreements = allMultisets
      .map((statuses) => ({ statuses: statuses.join(','), expected: oracle(statuses), actual: aggregateStatus(statuses) }))
      .filter((row) => row.expected !== row.actual);
    expect(disagreements).toEqual([]);
  });

  it('always answers with a rule the seeds make match (except the empty set, a design decision)', () => {
    for (const statuses of allMultisets.filter((set) => set.length > 0)) {
      expect(matchingSeedRules(statuses)).toContain(aggregateStatus(statuses));
    }
  });

  it('reaches each of the 8 overall statuses', () => {
    expect(new Set(allMultisets.map((statuses) => aggregateStatus(statuses)))).toEqual(new Set(INVOCATION_STATUSES));
  });

  it('does not depend on the order of the targets', () => {
    for (const statuses of allMultisets.filter((set) => set.length > 1)) {
      expect(aggregateStatus([...statuses].reverse())).toBe(aggregateStatus(statuses));
    }
  });
});

describe('aggregateStatus: the decisions where the seeds are silent or overlap', () => {
  it.each([
    [['Pending', 'Running'], 'Pending'],
    [['Pending', 'Scheduled'], 'Pending'],
    [['Scheduled', 'Running'], 'Scheduled'],
    [['Running', 'Stopping'], 'Running'],
    [['Scheduled', 'Stopping'], 'Scheduled'],
    [['Stopping', 'Cancelled'], 'Stopping'],
    [['Stopping', 'Success', 'Failed'], 'Stopping'],
  ])('precedence Pending > Scheduled > Running > Stopping: %j -> %s', (statuses, expected) => {
    expect(aggregateStatus(statuses)).toBe(expected);
  });

  it('reads {Success, Cancelled} and {Success, Terminated} as Success (stopped targets count toward Success)', () => {
    expect(aggregateStatus(['Success', 'Cancelled'])).toBe('Success');
    expect(aggregateStatus(['Success', 'Terminated', 'Success'])).toBe('Success');
  });

  // The literal Failed rule ("all Stopped or Failed") also matches all-cancelled targets; the design picks Stopped.
  it('reads all-cancelled as Stopped, not Failed (the literal Failed rule also matches)', () => {
    expect(aggregateStatus(['Cancelled', 'Cancelled'])).toBe('Stopped');
    expect(aggregateStatus(['Cancelled', 'Terminated'])).toBe('Stopped');
  });

  it('reads failed plus stopped targets as Failed', () => {
    expect(aggregateStatus(['Timeout', 'Cancelled'])).toBe('Failed');
    expect(aggregateStatus(['Invalid', 'Aborted', 'Error'])).toBe('Failed');
  });

  // The literal PartialFailed rule ("all Success, Failed or Stopped") also matches all-Success targets.
  it('reaches PartialFailed only with at least one Success and one failed target (the literal rule is broader)', () => {
    expect(aggregateStatus(['Success'])).toBe('Success');
    expect(aggregateStatus(['Success', 'Success'])).toBe('Success');
    for (const statuses of allMultisets) {
      if (aggregateStatus(statuses) === 'PartialFailed') {
        expect(statuses).toContain('Success');
        expect(statuses.some(isSeedFailed)).toBe(true);
      }
    }
    expect(aggregateStatus(['Success', 'Failed', 'Cancelled'])).toBe('PartialFailed');
  });

  it('reads no targets at all as Pending', () => {
    expect(aggregateStatus([])).toBe('Pending');
  });

  it('treats an unknown status as still in progress (Running), below Pending and Scheduled', () => {
    expect(aggregateStatus(['Rebooting'])).toBe('Running');
    expect(aggregateStatus(['Success', 'Rebooting'])).toBe('Running');
    expect(aggregateStatus(['Cancelled', 'Rebooting', 'Failed'])).toBe('Running');
    expect(aggregateStatus(['Scheduled', 'Rebooting'])).toBe('Scheduled');
    expect(aggregateStatus(['Pending', 'Rebooting'])).toBe('Pending');
    expect(aggregateStatus(['Stopping', 'Rebooting'])).toBe('Running');
    expect(isTerminal(aggregateStatus(['Success', 'Rebooting']))).toBe(false);
  });

  it('compares statuses case-insensitively', () => {
    expect(aggregateStatus(['success', 'FAILED'])).toBe('PartialFailed');
    expect(aggregateStatus([' cancelled ', 'terminated'])).toBe('Stopped');
  });
});

const knownStatus = fc.constantFrom(...TARGET_STATUSES);
const anyStatus = fc.oneof({ weight: 12, arbitrary: knownStatus }, { weight: 1, arbitrary: fc.constantFrom('Rebooting', 'Queued', 'Unknown') });

describe('aggregateStatus: properties over larger target lists', () => {
  it('agrees with the seed oracle on up to 200 targets', () => {
    fc.assert(
      fc.property(fc.array(knownStatus, { maxLength: 200 }), (statuses) => {
        expect(aggregateStatus(statuses)).toBe(oracle(statuses));
      }),
      { numRuns: 2_000 },
    );
  });

  it('does not depend on order or on how many targets share a status', () => {
    fc.assert(
      fc.property(
        fc.array(anyStatus, { maxLength: 100 }).chain((statuses) =>
          fc.tuple(fc.constant(statuses), fc.shuffledSubarray(statuses, { minLength: statuses.length, maxLength: statuses.length })),
        ),
        ([statuses, shuffled]) => {
          expect(aggregateStatus(shuffled)).toBe(aggregateStatus(statuses));
          expect(aggregateStatus([...new Set(statuses)])).toBe(aggregateStatus(statuses));
          expect(aggregateStatus([...statuses, ...statuses])).toBe(aggregateStatus(statuses));
        },
      ),
      { numRuns: 1_000 },
    );
  });

  it('keeps the class invariants', () => {
    fc.assert(
      fc.property(fc.array(anyStatus, { minLength: 1, maxLength: 100 }), (statuses) => {
        const result: InvocationStatus = aggregateStatus(statuses);
        const allTerminal = statuses.every(isTerminalTargetStatus);
        expect(isTerminal(result)).toBe(allTerminal);
        const hasSuccess = statuses.includes('Success');
        const hasFailed = statuses.some(isFailedTargetStatus);
        if (result === 'Success') expect(hasSuccess && !hasFailed && allTerminal).toBe(true);
        if (result === 'Failed') expect(!hasSuccess && hasFailed && allTerminal).toBe(true);
        if (result === 'PartialFailed') expect(hasSuccess && hasFailed && allTerminal).toBe(true);
        if (result === 'Stopped') expect(statuses.every(isStoppedTargetStatus)).toBe(true);
        expect(result === 'Pending').toBe(statuses.includes('Pending'));
        if (statuses.some((status) => isActiveTargetStatus(status))) expect(isTerminal(result)).toBe(false);
      }),
      { numRuns: 2_000 },
    );
  });

  it('lets one Pending target make the whole invocation Pending', () => {
    fc.assert(
      fc.property(fc.array(anyStatus, { maxLength: 50 }), fc.nat(), (statuses, at) => {
        const withPending = [...statuses];
        withPending.splice(at % (statuses.length + 1), 0, 'Pending');
        expect(aggregateStatus(withPending)).toBe('Pending');
      }),
    );
  });
});

describe('status classes', () => {
  it('splits the 12 documented target statuses into active, Success, failed and stopped', () => {
    expect(TARGET_STATUSES.filter(isActiveTargetStatus)).toEqual(['Pending', 'Scheduled', 'Running', 'Stopping']);
    expect(TARGET_STATUSES.filter(isFailedTargetStatus)).toEqual(['Invalid', 'Aborted', 'Failed', 'Timeout', 'Error']);
    expect(TARGET_STATUSES.filter(isStoppedTargetStatus)).toEqual(['Cancelled', 'Terminated']);
    expect(TARGET_STATUSES.filter(isTerminalTargetStatus)).toEqual(['Success', 'Invalid', 'Aborted', 'Failed', 'Timeout', 'Error', 'Cancelled', 'Terminated']);
  });

  it('reads an unknown target status as active and every class case-insensitively', () => {
    expect(isActiveTargetStatus('Rebooting')).toBe(true);
    expect(isTerminalTargetStatus('Rebooting')).toBe(false);
    expect(isFailedTargetStatus('timeout')).toBe(true);
    expect(isStoppedTargetStatus('TERMINATED')).toBe(true);
  });
});

describe('isTerminal', () => {
  it.each(INVOCATION_STATUSES.map((status) => [status, ['Success', 'Failed', 'PartialFailed', 'Stopped'].includes(status)] as const))(
    '%s -> %s',
    (status, terminal) => {
      expect(isTerminal(status)).toBe(terminal);
    },
  );

  it('is false for an unknown status and ignores case', () => {
    expect(isTerminal('Finished')).toBe(false); // a legacy InvokeStatus, not an InvocationStatus
    expect(isTerminal('Rebooting')).toBe(false);
    expect(isTerminal('partialfailed')).toBe(true);
  });
});

describe('deriveInvokeStatus (seed 003 InvokeStatus rules)', () => {
  it.each([
    ['Success', 'Finished'],
    ['Failed', 'Failed'],
    ['PartialFailed', 'PartialFailed'],
    ['Stopped', 'Stopped'],
    ['Stopping', 'Stopping'],
    ['Running', 'Running'],
    ['Pending', 'Running'],
    ['Scheduled', 'Running'],
    ['Rebooting', 'Running'],
  ])('one-shot %s -> %s', (status, legacy) => {
    expect(deriveInvokeStatus(status)).toBe(legacy);
    expect(deriveInvokeStatus(status, 'Once')).toBe(legacy);
    expect(deriveInvokeStatus(status, 'NextRebootOnly')).toBe(legacy);
  });

  it.each([
    ['Success', 'Running'],
    ['Failed', 'Running'],
    ['PartialFailed', 'Running'],
    ['Running', 'Running'],
    ['Stopping', 'Stopping'],
    ['Stopped', 'Stopped'],
  ])('periodic %s -> %s (never Finished, Failed or PartialFailed until stopped)', (status, legacy) => {
    expect(deriveInvokeStatus(status, 'Period')).toBe(legacy);
    expect(deriveInvokeStatus(status, 'EveryReboot')).toBe(legacy);
    expect(deriveInvokeStatus(status, 'period')).toBe(legacy);
  });

  it('reads "some stopped by hand, the rest finished" as Finished', () => {
    expect(deriveInvokeStatus(aggregateStatus(['Success', 'Cancelled', 'Success']))).toBe('Finished');
  });

  it('ignores the case of the overall status', () => {
    expect(deriveInvokeStatus('success')).toBe('Finished');
  });
});

describe('normalizers', () => {
  it.each([
    [normalizeTargetStatus, 'success', 'Success'],
    [normalizeTargetStatus, ' RUNNING\t', 'Running'],
    [normalizeTargetStatus, 'cancelled', 'Cancelled'],
    [normalizeTargetStatus, 'Rebooting', 'Rebooting'],
    [normalizeTargetStatus, ' rebooting ', 'rebooting'],
    [normalizeInvocationStatus, 'partialfailed', 'PartialFailed'],
    [normalizeInvocationStatus, 'STOPPED', 'Stopped'],
    [normalizeInvocationStatus, 'Weird', 'Weird'],
    [normalizeInvokeStatus, 'finished', 'Finished'],
    [normalizeInvokeStatus, 'running', 'Running'],
    [normalizeInvokeStatus, 'success', 'success'],
    [normalizeRepeatMode, 'everyreboot', 'EveryReboot'],
    [normalizeRepeatMode, 'dryrun', 'DryRun'],
    [normalizeRepeatMode, 'Hourly', 'Hourly'],
  ] as const)('%o(%j) -> %j', (normalize, raw, expected) => {
    expect(normalize(raw)).toBe(expected);
  });

  it('maps every documented value in any case to its spelling', () => {
    for (const status of TARGET_STATUSES) {
      expect(normalizeTargetStatus(status.toUpperCase())).toBe(status);
      expect(normalizeTargetStatus(status.toLowerCase())).toBe(status);
    }
    for (const status of INVOCATION_STATUSES) expect(normalizeInvocationStatus(status.toLowerCase())).toBe(status);
  });
});
