import { InvalidQueryError } from '@invocations/core';
import { describe, expect, it } from 'vitest';
import { flattenParams } from './flatten.js';

describe('flattenParams', () => {
  it('flattens as the official SDK does (protocol.md §0.2)', () => {
    expect(flattenParams({ Tag: [{ Key: 'k', Value: 'v' }, { Key: 'k2' }], IncludeOutput: true, PageSize: 10 })).toEqual({
      'Tag.1.Key': 'k',
      'Tag.1.Value': 'v',
      'Tag.2.Key': 'k2',
      IncludeOutput: 'true',
      PageSize: '10',
    });
  });

  it('skips undefined and null, keeps empty strings, indexes lists from 1, nests objects', () => {
    expect(
      flattenParams({ A: undefined, B: null, C: '', D: ['x', null, 'z'], E: { F: { G: false } }, H: [], I: 0, J: 10n }),
    ).toEqual({ C: '', 'D.1': 'x', 'D.3': 'z', 'E.F.G': 'false', I: '0', J: '10' });
  });

  it('rejects values with no wire form, naming the parameter', () => {
    expect(() => flattenParams({ PageSize: Number.NaN })).toThrow(InvalidQueryError);
    expect(() => flattenParams({ PageSize: Number.POSITIVE_INFINITY })).toThrow(/PageSize: must be a finite number/);
    expect(() => flattenParams({ Tag: [{ Key: () => 1 }] })).toThrow(/Tag\.1\.Key: must be a string/);
    expect(() => flattenParams({ When: new Date(0) })).toThrow(/When: .*got Date/);
  });
});
