import { createEnumNormalizer } from '@invocations/core';
import * as z from 'zod/mini';

/**
 * Zod schema of an enum input given in any case (design.md): a known value comes out in its
 * documented spelling (core's `createEnumNormalizer`), anything else fails naming the values.
 * `why` is added to the message (e.g. `' (SWAS filters on nothing else)'`).
 * @example caseInsensitiveEnum(['Base64', 'PlainText']).parse(' base64 ') // 'Base64'
 */
export function caseInsensitiveEnum<const Values extends readonly [string, ...string[]]>(values: Values, why = '') {
  const normalize = createEnumNormalizer(values);
  const known = new Set<string>(values);
  return z.pipe(z.string(), z.transform((value, context): Values[number] => {
    const spelled = normalize(value);
    if (known.has(spelled)) return spelled as Values[number];
    context.issues.push({ code: 'custom', message: `must be one of ${values.join(', ')} (any case)${why}, got ${JSON.stringify(value)}`, input: value });
    return z.NEVER;
  }));
}
