import { readFileSync, readdirSync } from 'node:fs';
import { decodeBody } from '@invocations/openapi';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readDescribeInvocationsResponse } from './read-wire.js';
import { ECS_XML_ARRAY_TAGS, ecsDescribeInvocationsResponseSchema } from './wire-schema.js';

// The fast reader must accept exactly what the zod schema accepts, with the same result.
function agree(decoded: unknown) {
  const fast = readDescribeInvocationsResponse(decoded);
  const slow = ecsDescribeInvocationsResponseSchema.safeParse(decoded);
  if (slow.success) expect(fast).toEqual(slow.data);
  else expect(fast).toBeUndefined();
}

describe('readDescribeInvocationsResponse agrees with the zod wire schema', () => {
  const dir = new URL('../test/fixtures/', import.meta.url);
  it.each(readdirSync(dir))('%s', (name) => {
    const text = readFileSync(new URL(name, dir), 'utf8');
    agree(decodeBody(text, { format: name.endsWith('.xml') ? 'xml' : 'json', arrayTags: ECS_XML_ARRAY_TAGS }));
  });

  it('on generated bodies with sloppy values', () => {
    const scalar = fc.oneof(
      fc.constantFrom('', ' ', 'True', 'false', ' FALSE ', '007', '1e5', '-1', ' 3 ', '1.5', 'Success', 'finished', '\t2024-01-01T00:00:00Z\n'),
      fc.boolean(),
      fc.integer(),
      fc.double(),
      fc.constant(null),
      fc.constant(undefined),
      fc.constant({}),
      fc.constant([]),
    );
    const target = fc.record(
      {
        InstanceId: fc.oneof(fc.constant('i-1'), scalar),
        InvocationStatus: scalar,
        InstanceInvokeStatus: scalar,
        ExitCode: scalar,
        Dropped: scalar,
        Repeats: scalar,
        Output: scalar,
        Timed: scalar,
        ErrorCode: scalar,
        StartTime: scalar,
        OssOutputUri: scalar,
      },
      { requiredKeys: [] },
    );
    const list = <T>(item: fc.Arbitrary<T>, name: string) =>
      fc.oneof(fc.constant(''), fc.constant(undefined), item.map((value) => ({ [name]: value })), fc.array(item, { maxLength: 3 }).map((value) => ({ [name]: value })));
    const invocation = fc.record(
      {
        InvokeId: fc.oneof(fc.constant('t-1'), scalar),
        CommandName: scalar,
        CommandContent: scalar,
        Parameters: scalar,
        Timed: scalar,
        Timeout: scalar,
        InvocationStatus: scalar,
        Tags: list(fc.record({ TagKey: scalar, TagValue: scalar }, { requiredKeys: [] }), 'Tag'),
        InvokeInstances: list(target, 'InvokeInstance'),
      },
      { requiredKeys: [] },
    );
    const body = fc.record(
      { RequestId: fc.oneof(fc.constant('r-1'), scalar), TotalCount: scalar, NextToken: scalar, Invocations: list(invocation, 'Invocation') },
      { requiredKeys: [] },
    );
    fc.assert(fc.property(body, agree), { numRuns: 2_000 });
  });
});
