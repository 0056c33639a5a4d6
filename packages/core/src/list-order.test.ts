import { describe, expect, it } from 'vitest';
import { createdTimeOf, defaultListOrder } from '@invocations/core';
import { invocation, MemorySource } from '../test/memory-source.js';

describe('defaultListOrder', () => {
  it('reads ECS as newest first, everything else and any listing by ids as unordered', () => {
    const ecs = new MemorySource({ product: 'ecs' });
    expect(defaultListOrder(ecs)).toBe('newest-first');
    expect(defaultListOrder(ecs, { targetId: 'i-1' })).toBe('newest-first');
    expect(defaultListOrder(ecs, { invokeIds: ['t-2', 't-1'] })).toBe('unordered');
    expect(defaultListOrder(new MemorySource({ product: 'swas' }))).toBe('unordered');
    expect(defaultListOrder(new MemorySource({ product: 'eflo' }), {})).toBe('unordered');
  });
});

describe('createdTimeOf', () => {
  it('reads a creation time in epoch milliseconds, and none when it is absent or unreadable', () => {
    expect(createdTimeOf(invocation('t-1', [], { createdAt: '2026-11-29T09:00:00Z' }))).toBe(Date.UTC(2026, 10, 29, 9));
    expect(createdTimeOf(invocation('t-1', [], { createdAt: '1970-01-01T00:00:00Z' }))).toBe(0);
    expect(createdTimeOf(invocation('t-1', []))).toBeUndefined();
    expect(createdTimeOf(invocation('t-1', [], { createdAt: 'yesterday' }))).toBeUndefined();
  });
});
