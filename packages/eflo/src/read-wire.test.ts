import { readFileSync, readdirSync } from 'node:fs';
import { decodeBody } from '@invocations/openapi';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readDescribeInvocationsResponse } from './read-wire.js';
import { EFLO_XML_ARRAY_TAGS, efloDescribeInvocationsResponseSchema } from './wire-schema.js';

// The fast reader must accept exactly what the zod schema accepts, with the same result.
function agree(decoded: unknown) {
  const fast = readDescribeInvocationsResponse(decoded);
  const slow = efloDescribeInvocationsResponseSchema.safeParse(decoded);
  if (slow.success) expect(fast).toEqual(slow.data);
  else expect(fast).toBeUndefined();
}

describe('readDescribeInvocationsResponse agrees with the zod wire schema', () => {
  const dir = new URL('../test/fixtures/', import.meta.url);
  it.each(readdirSync(dir))('%s', (name) => {
    const text = readFileSync(new URL(name, dir), 'utf8');
    const decoded = decodeBody(text, { format: name.endsWith('.xml') ? 'xml' : 'json', arrayTags: EFLO_XML_ARRAY_TAGS });
    agree(decoded);
    if (!name.includes('error-code-boolean') && !name.includes('not-found')) expect(readDescribeInvocationsResponse(decoded)).toBeDefined();
  });

  it('on generated bodies with sloppy values', () => {
    const scalar = fc.oneof(
      fc.constantFrom('', ' ', 'True', 'false', ' FALSE ', '007', '1e5', '-1', ' 3 ', '1.5', 'Success', 'Finished', '\t2024-01-01T00:00:00Z\n', 'null'),
      fc.boolean(),
      fc.integer(),
      fc.double(),
      fc.constant(null),
      fc.constant(undefined),
      fc.constant({}),
      fc.constant([]),
    );
    const node = fc.record(
      {
        NodeId: fc.oneof(fc.constant('e01-cn-1'), scalar),
        InvocationStatus: scalar,
        NodeInvokeStatus: scalar,
        CreationTime: scalar,
        StartTime: scalar,
        FinishTime: scalar,
        StopTime: scalar,
        UpdateTime: scalar,
        ExitCode: scalar,
        Dropped: scalar,
        Repeats: scalar,
        Output: scalar,
        Timed: scalar,
        ErrorCode: scalar,
        ErrorInfo: scalar,
        Extra: scalar,
      },
      { requiredKeys: [] },
    );
    const list = <T>(item: fc.Arbitrary<T>, name: string) =>
      fc.oneof(
        fc.constant(''),
        fc.constant(undefined),
        fc.constant(null),
        scalar,
        item.map((value) => ({ [name]: value })),
        fc.array(item, { maxLength: 3 }).map((value) => ({ [name]: value })),
        fc.array(item, { maxLength: 2 }),
      );
    const invocation = fc.record(
      {
        InvokeId: fc.oneof(fc.constant('t-1'), scalar),
        CommandName: scalar,
        CommandDescription: scalar,
        CommandContent: scalar,
        Parameters: scalar,
        RepeatMode: scalar,
        Frequency: scalar,
        Timeout: scalar,
        Username: scalar,
        WorkingDir: scalar,
        CreationTime: scalar,
        InvocationStatus: scalar,
        InvokeStatus: scalar,
        InvokeNodes: list(node, 'InvokeNode'),
      },
      { requiredKeys: [] },
    );
    const body = fc.oneof(
      fc.record({ RequestId: fc.oneof(fc.constant('r-1'), scalar), Invocations: list(invocation, 'Invocation'), Code: scalar }, { requiredKeys: [] }),
      scalar,
    );
    fc.assert(fc.property(body, agree), { numRuns: 3_000 });
  });
});
