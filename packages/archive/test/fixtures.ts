// Canonical invocations built by hand for the archive tests.
import type { Invocation, InvocationTarget } from '@invocations/core';

/** A target with the fields every target has, plus overrides. */
export function target(id: string, overrides: Partial<InvocationTarget> = {}): InvocationTarget {
  return { id, kind: 'instance', status: 'Success', droppedBytes: 0, repeats: 1, exitCode: 0, ...overrides };
}

/** An ECS invocation in cn-hangzhou created `minutesAgo` before 2025-03-01T12:00:00Z, plus overrides. */
export function invocation(invokeId: string, minutesAgo: number, overrides: Partial<Invocation> = {}): Invocation {
  return {
    product: 'ecs',
    region: 'cn-hangzhou',
    invokeId,
    commandName: 'check-disk',
    commandType: 'RunShellScript',
    commandContent: 'df -h /',
    parameters: {},
    timed: false,
    createdAt: new Date(Date.parse('2025-03-01T12:00:00Z') - minutesAgo * 60_000).toISOString(),
    status: 'Success',
    invokeStatus: 'Finished',
    targets: [target('i-bp1aaaa', { finishedAt: '2025-03-01T12:00:05Z' })],
    ...overrides,
  };
}
