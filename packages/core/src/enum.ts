/**
 * Builds a case-insensitive normaliser for a documented enum: a known value in any case comes
 * out in its documented spelling, an unknown value is kept as sent (trimmed), because the
 * services add values over time and a parser must not reject them.
 */
export function createEnumNormalizer<const Values extends readonly string[]>(values: Values) {
  const byLowerCase = new Map<string, Values[number]>(values.map((value) => [value.toLowerCase(), value]));
  return (raw: string): Values[number] | (string & {}) => {
    const trimmed = raw.trim();
    return byLowerCase.get(trimmed.toLowerCase()) ?? trimmed;
  };
}
