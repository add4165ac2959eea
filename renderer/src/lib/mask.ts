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

const MAC_IN_TEXT = /\b[0-9a-f]{2}(?:[:-][0-9a-f]{2}){5}\b/gi;

/** The user's MAC identifiers as 12 lower-case hex digits, whatever separators they were typed with. */
export function macKeys(identifiers: readonly { kind: string; value: string }[]): Set<string> {
  const keys = new Set<string>();
  for (const id of identifiers) {
    if (id.kind !== 'mac') continue;
    const hex = id.value.replace(/[^0-9a-f]/gi, '').toLowerCase();
    if (hex.length === 12) keys.add(hex);
  }
  return keys;
}

/**
 * Masks, in text the services wrote (a device's address, a capture filter), every MAC address
 * that is one of the user's identifiers; other MACs stay readable so devices can be told apart.
 */
export function maskKnownMacs(text: string, keys: ReadonlySet<string>): string {
  if (keys.size === 0) return text;
  return text.replace(MAC_IN_TEXT, (mac) =>
    keys.has(mac.replace(/[:-]/g, '').toLowerCase()) ? maskValue(mac) : mac,
  );
}
