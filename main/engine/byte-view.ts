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
 * The array the last view was cut from, with its buffer and byteOffset. Optimized code reads a
 * typed array's `buffer` and `byteOffset` through a generic property-load call (they are getters
 * on %TypedArray%.prototype), which cost more than building the view itself; consecutive views
 * are nearly always cut from the same array (the capture reader's chunk), so the two are read
 * once per array. Both are fixed for the life of an array unless its buffer is detached, and a
 * detached array has length 0, so byteView never gets here with one. Holding the last array
 * keeps at most one chunk alive until the next view is cut from another.
 */
let lastBytes: Uint8Array = EMPTY;
let lastBuffer: ArrayBufferLike = EMPTY.buffer;
let lastByteOffset = 0;

/**
 * bytes[start..end) as a view sharing bytes' memory, like bytes.subarray(start, end). Ranges
 * outside 0 <= start <= end <= bytes.length are clamped by subarray itself, so a caller's
 * mistake never turns into a RangeError.
 */
export function byteView(bytes: Uint8Array, start: number, end: number): Uint8Array {
  if (start < 0 || start > end || end > bytes.length) return bytes.subarray(start, end);
  if (start === end) return EMPTY;
  if (bytes !== lastBytes) {
    lastBytes = bytes;
    lastBuffer = bytes.buffer;
    lastByteOffset = bytes.byteOffset;
  }
  return new Uint8Array(lastBuffer, lastByteOffset + start, end - start);
}
