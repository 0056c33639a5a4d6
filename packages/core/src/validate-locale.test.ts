// Its own file: importing core must be the first thing that could touch zod's global config, so this
// file imports nothing that configures zod (the classic `zod` entry configures English when imported).
import { fr } from 'zod/v4/locales';
import * as z from 'zod/mini';
import { afterEach, describe, expect, it } from 'vitest';

const schema = z.object({ name: z.string().check(z.minLength(3)), pageSize: z.number().check(z.int(), z.maximum(50)) });
const bad = { name: 'ab', pageSize: 51 };

afterEach(() => {
  // Back to zod's own state: no locale, no custom map.
  z.config({ localeError: undefined, customError: undefined });
});

describe("core and zod's global config", () => {
  it('importing core leaves z.config() as the application had it', async () => {
    const before = { ...z.config() };
    expect(before.localeError).toBeUndefined();
    await import('@invocations/core');
    expect({ ...z.config() }).toStrictEqual(before);
    // And the application's own parses still get zod/mini's bare message.
    expect(z.safeParse(schema, bad).error?.issues[0]?.message).toBe('Invalid input');
  });

  it('our errors name the field and the rule in English without any global locale', async () => {
    const { parseInput, parseOptions } = await import('@invocations/core');
    expect(() => parseInput(schema, bad, 'demo')).toThrow(
      'demo: invalid query: name: Too small: expected string to have >=3 characters; pageSize: Too big: expected number to be <=50',
    );
    expect(() => parseOptions(schema, { name: 5, pageSize: 1 }, 'createDemo')).toThrow('createDemo: name: Invalid input: expected string, received number');
    expect(z.config().localeError).toBeUndefined();
  });

  it("an application's chosen locale is not overridden, in its own parses or in ours", async () => {
    const { parseInput } = await import('@invocations/core');
    z.config(fr());
    const own = z.safeParse(schema, bad).error?.issues[0]?.message;
    expect(own).toMatch(/^Trop petit/);
    const ours = (() => {
      try {
        parseInput(schema, bad);
      } catch (error) {
        return (error as Error).message;
      }
    })();
    expect(ours).toContain(`name: ${own}`);
    expect(z.safeParse(schema, bad).error?.issues[0]?.message).toBe(own);
  });

  it("an application's custom error map is asked first; English covers what it leaves", async () => {
    const { parseInput } = await import('@invocations/core');
    z.config({ customError: (issue) => (issue.code === 'too_big' ? 'trop grand' : undefined) });
    expect(() => parseInput(schema, bad)).toThrow('invalid query: name: Too small: expected string to have >=3 characters; pageSize: trop grand');
  });
});
