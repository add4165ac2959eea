/**
 * Masking of matched identifiers for display (DESIGN §4: a leak's context never carries the
 * raw value). The start and end of a value stay readable so a reporter can tell which of
 * their identifiers it is; the middle is replaced character for character by "•".
 */

const MASK = '\u2022';

/** How many characters stay visible at each end of a masked value of `length` characters. */
function visible(length: number): number {
  return length >= 12 ? 4 : Math.floor(length / 4);
}

/** `text` with text[start..end) masked, keeping its first and last 4 characters (fewer when short). */
export function maskValue(text: string, start: number, end: number): string {
  const s = Math.max(0, Math.min(start, text.length));
  const e = Math.max(s, Math.min(end, text.length));
  const keep = visible(e - s);
  return text.slice(0, s + keep) + MASK.repeat(e - s - 2 * keep) + text.slice(e - keep);
}

/**
 * A printable excerpt of `bytes` around bytes[matchStart..matchEnd): up to `radius` bytes each
 * side, printable ASCII as is and every other byte as ".", with the match masked. `others` are
 * further values to hide (other identifiers near the match): masked the same way when wholly in
 * the excerpt, and entirely when the excerpt's edge cuts them, since their visible ends might be
 * all of what shows.
 */
export function contextExcerpt(
  bytes: Uint8Array,
  matchStart: number,
  matchEnd: number,
  radius = 40,
  others: readonly { start: number; end: number }[] = [],
): string {
  const ms = Math.max(0, Math.min(matchStart, bytes.length));
  const me = Math.max(ms, Math.min(matchEnd, bytes.length));
  const from = Math.max(0, ms - radius);
  const to = Math.min(bytes.length, me + radius);
  let text = '';
  for (let i = from; i < to; i++) {
    const b = bytes[i];
    text += b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.';
  }
  for (const o of others) {
    if (o.end <= from || o.start >= to) continue;
    const s = Math.max(o.start, from) - from;
    const e = Math.min(o.end, to) - from;
    text =
      o.start >= from && o.end <= to
        ? maskValue(text, s, e)
        : text.slice(0, s) + MASK.repeat(e - s) + text.slice(e);
  }
  return maskValue(text, ms - from, me - from);
}
