/**
 * Views into packet bytes, made for every packet (the packet itself, its TCP payload), so their
 * cost counts: `subarray` looks up the array's species and clamps its arguments on every call,
 * and took about twice as long as constructing the same view directly, which is what this does
 * for in-bounds ranges.
 */

/**
 * What an empty range gives: one shared array, since nothing can be read or written through an
 * empty view, and empty ranges are common (the payload of every pure TCP acknowledgment).
 */
const EMPTY = new Uint8Array(0);

/**
 * bytes[start..end) as a view sharing bytes' memory, like bytes.subarray(start, end). Ranges
 * outside 0 <= start <= end <= bytes.length are clamped by subarray itself, so a caller's
 * mistake never turns into a RangeError.
 */
export function byteView(bytes: Uint8Array, start: number, end: number): Uint8Array {
  if (start < 0 || start > end || end > bytes.length) return bytes.subarray(start, end);
  if (start === end) return EMPTY;
  return new Uint8Array(bytes.buffer, bytes.byteOffset + start, end - start);
}
