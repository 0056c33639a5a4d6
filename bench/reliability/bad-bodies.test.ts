// Every adapter's parseDescribeInvocations, fed thousands of broken bodies, either returns
// invocations that satisfy the canonical schema or throws one of our typed errors: never a
// TypeError, a RangeError from a stack overflow, or a hang.
import { InvocationsError, invocationSchema } from '@invocations/core';
import { parseDescribeInvocations as parseEcs } from '@invocations/ecs';
import { parseDescribeInvocations as parseEflo } from '@invocations/eflo';
import { parseDescribeInvocations as parseSwas } from '@invocations/swas';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { BodyProduct } from '../src/bodies.js';
import { editedBody, emptyishBody, extraFieldsBody, htmlBody, hugeBodies, serialise, smallResponse, truncatedBody, wrongTypeBody } from './support/mutations.js';
import { watchForSecrets } from './support/secrets.js';

const PARSERS: Record<BodyProduct, (body: string, format: 'json' | 'xml') => { invocations: unknown[] }> = {
  ecs: (body, format) => parseEcs(body, { format }),
  swas: (body, format) => parseSwas(body, { format, instanceId: 'ebab0c8e5a2e4d3a9e5c5b8a0b2d****' }),
  eflo: (body, format) => parseEflo(body, { format }),
};

/** Most CPU time a single parse may use before it counts as a hang. */
// A hang, not a speed limit: the benchmarks measure speed. CPU time rather than wall time, because on a
// loaded 2-core CI machine a 16 MB body that needs 5 s of CPU took 40 s of wall time; a parser that
// loops forever exceeds any bound either way.
const HANG_MS = 30_000;

/** The process's CPU time (user + system) in ms. */
const cpuMs = (): number => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};
const RUNS = 300;

interface Outcome {
  parsed: number;
  rejected: number;
}

function check(product: BodyProduct, format: 'json' | 'xml', body: string, outcome: Outcome): void {
  const started = cpuMs();
  let result: { invocations: unknown[] } | undefined;
  try {
    result = PARSERS[product](body, format);
  } catch (error) {
    if (!InvocationsError.isInstance(error)) {
      throw new Error(`${product} ${format}: untyped ${(error as Error)?.name ?? typeof error}: ${(error as Error)?.message} for body ${JSON.stringify(body.slice(0, 300))}`, { cause: error });
    }
    expect(typeof error.message).toBe('string');
    outcome.rejected += 1;
  }
  const elapsed = cpuMs() - started;
  expect(elapsed, `${product} ${format} took ${elapsed.toFixed(0)} ms of CPU`).toBeLessThan(HANG_MS);
  if (result) {
    // What comes back is the canonical model, whatever came in.
    for (const invocation of result.invocations) {
      const checked = invocationSchema.safeParse(invocation);
      if (!checked.success) throw new Error(`${product} ${format}: returned a non-canonical invocation: ${checked.error.message}`);
    }
    outcome.parsed += 1;
  }
  expect(({} as Record<string, unknown>).polluted, 'Object.prototype was polluted').toBeUndefined();
}

const secrets = watchForSecrets();

describe.each(['ecs', 'swas', 'eflo'] as const)('%s parseDescribeInvocations with bad bodies', (product) => {
  describe.each(['json', 'xml'] as const)('%s', (format) => {
    it('accepts its own valid bodies (the mutations start from real pages)', () => {
      for (const seed of [1, 2, 3]) {
        const result = PARSERS[product](serialise(smallResponse(product, seed), format), format);
        expect(result.invocations).toHaveLength(3);
      }
    });

    const properties: [string, fc.Arbitrary<string>][] = [
      ['truncated bodies', truncatedBody(product, format)],
      ['bodies with characters overwritten', editedBody(product, format)],
      ['values of the wrong type anywhere', wrongTypeBody(product, format)],
      ['undocumented extra fields', extraFieldsBody(product, format)],
      ['HTML pages', htmlBody],
      ['empty and non-object bodies', emptyishBody],
      ['arbitrary text', fc.string({ maxLength: 200 })],
    ];
    it.each(properties)('%s raise only typed errors', (_name, arbitrary) => {
      const outcome: Outcome = { parsed: 0, rejected: 0 };
      fc.assert(
        fc.property(arbitrary, (body) => check(product, format, body, outcome)),
        { numRuns: RUNS, seed: 20_240_312 },
      );
      expect(outcome.parsed + outcome.rejected).toBeGreaterThanOrEqual(RUNS);
    });

    it('huge and deep bodies fail or pass without hanging', () => {
      const outcome: Outcome = { parsed: 0, rejected: 0 };
      for (const { body } of hugeBodies(product, format)) check(product, format, body, outcome);
      expect(outcome.parsed + outcome.rejected).toBe(format === 'xml' ? 6 : 5);
    }, 180_000);
  });
});

describe('secrets', () => {
  it('no error message or log line of the bad-body runs carries a secret', () => {
    secrets.assertClean();
  });
});
