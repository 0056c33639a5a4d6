import { readFileSync, readdirSync } from 'node:fs';
import { decodeBody } from '@invocations/openapi';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SWAS_DESCRIBE_INVOCATIONS_ARRAY_TAGS } from './parse-describe-invocations.js';
import { readDescribeInvocationsResponse } from './read-wire.js';
import { swasDescribeInvocationsResponseSchema } from './wire-schema.js';

// The fast reader must accept exactly what the zod schema accepts, with the same result.
function agree(decoded: unknown) {
  const fast = readDescribeInvocationsResponse(decoded);
  const slow = swasDescribeInvocationsResponseSchema.safeParse(decoded);
  if (slow.success) expect(fast).toEqual(slow.data);
  else expect(fast).toBeUndefined();
}

describe('readDescribeInvocationsResponse agrees with the zod wire schema', () => {
  const dir = new URL('../test/fixtures/', import.meta.url);
  it.each(readdirSync(dir))('%s', (name) => {
    const text = readFileSync(new URL(name, dir), 'utf8');
    const decoded = decodeBody(text, { format: name.endsWith('.xml') ? 'xml' : 'json', arrayTags: SWAS_DESCRIBE_INVOCATIONS_ARRAY_TAGS });
    agree(decoded);
    if (name === 'swas-seed-001.json' || name === 'swas-seed-001.xml') expect(readDescribeInvocationsResponse(decoded)?.Invocations.length).toBeGreaterThan(0);
  });

  it('on generated bodies with sloppy values', () => {
    const scalar = fc.oneof(
      fc.constantFrom('', ' ', 'True', 'false', '007', '1e5', '-1', ' 3 ', '1.5', 'Success', 'Finished', '\t2024-01-01T00:00:00Z\n', 'ZWNobyAx'),
      fc.boolean(),
      fc.integer(),
      fc.double(),
      fc.constant(null),
      fc.constant(undefined),
      fc.constant({}),
      fc.constant([]),
    );
    const invocation = fc.record(
      {
        InvokeId: fc.oneof(fc.constant('t-1'), scalar),
        CommandName: scalar,
        CommandType: scalar,
        CommandContent: scalar,
        Parameters: fc.oneof(scalar, fc.constant({ name: 'x' })),
        CreationTime: scalar,
        InvocationStatus: scalar,
        InvokeStatus: scalar,
        Extra: scalar,
      },
      { requiredKeys: [] },
    );
    const body = fc.oneof(
      fc.record(
        {
          RequestId: fc.oneof(fc.constant('r-1'), scalar),
          TotalCount: scalar,
          PageNumber: scalar,
          PageSize: scalar,
          Invocations: fc.oneof(scalar, invocation, fc.array(invocation, { maxLength: 3 })),
        },
        { requiredKeys: [] },
      ),
      scalar,
    );
    fc.assert(fc.property(body, agree), { numRuns: 3_000 });
  });
});
