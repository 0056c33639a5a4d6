/**
 * Builds a case-insensitive normaliser for a documented enum: a known value in any case comes
 * out in its documented spelling, an unknown value is kept as sent (trimmed), because the
 * services add values over time and a parser must not reject them.
 */
export function createEnumNormalizer<const Values extends readonly string[]>(values: Values) {
  const byLowerCase = new Map<string, Values[number]>(values.map((value) => [value.toLowerCase(), value]));
  const documented = new Set<string>(values);
  return (raw: string): Values[number] | (string & {}) => {
    // Services almost always send the documented spelling: skip the trim and case folding then.
    // Stryker disable next-line ConditionalExpression: equivalent, the slow path maps a documented spelling to itself
    if (documented.has(raw)) return raw as Values[number];
    const trimmed = raw.trim();
    return byLowerCase.get(trimmed.toLowerCase()) ?? trimmed;
  };
}
