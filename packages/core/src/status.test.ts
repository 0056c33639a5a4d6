import { describe, expect, it } from 'vitest';
import { aggregateStatus } from '@invocations/core';

describe('aggregateStatus (smoke)', () => {
  it('reads a mix of Success and Failed as PartialFailed', () => {
    expect(aggregateStatus(['Success', 'Failed'])).toBe('PartialFailed');
  });
});
