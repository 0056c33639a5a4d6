// Its own file, importing only zod/mini: the classic `zod` entry configures English globally when
// imported, which would hide a parse that relies on a global locale.
import { DecodeError } from '@invocations/core';
import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { readBody } from './read-body.js';

describe('readBody without a zod locale configured', () => {
  it("names the field and zod's rule in English, and leaves z.config() alone", () => {
    const schema = z.object({ RequestId: z.string(), Items: z.array(z.object({ Id: z.string().check(z.minLength(2)) })) });
    let error: unknown;
    try {
      readBody(schema, '{"RequestId":"r3","Items":[{"Id":"a"}]}', { format: 'json', action: 'ListItems' });
    } catch (caught) {
      error = caught;
    }
    expect(DecodeError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain('not a ListItems response: Items.0.Id: Too small: expected string to have >=2 characters');
    expect(z.config().localeError).toBeUndefined();
  });
});
