/**
 * Masks an identifier for display: a few leading and trailing letters or digits stay visible so
 * the reporter can tell identifiers apart, the rest become bullets. Separators (":", "-", ".",
 * "@", spaces, ...) stay, so a masked MAC or phone number keeps its familiar shape.
 */
const SEPARATOR = /[\s:.\-@+,/()_]/;

export function maskValue(value: string): string {
  const chars = Array.from(value);
  const significant = chars.filter((c) => !SEPARATOR.test(c)).length;
  if (significant === 0) return value;
  const keep = significant >= 12 ? 3 : significant >= 8 ? 2 : significant >= 5 ? 1 : 0;
  let seen = 0;
  return chars
    .map((c) => {
      if (SEPARATOR.test(c)) return c;
      const position = seen++;
      return position < keep || position >= significant - keep ? c : '•';
    })
    .join('');
}
