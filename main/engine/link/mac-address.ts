/**
 * MAC address text ("aa:bb:cc:dd:ee:ff", lower case) for link decoders.
 * Formatting runs for every frame, and a capture holds few distinct MACs, so a small direct-mapped
 * cache returns the same string object for repeats instead of building a new one each time.
 */

const HEX_BYTE: string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

const CACHE_SLOTS = 1024;
const cacheHigh = new Int32Array(CACHE_SLOTS).fill(-1);
const cacheLow = new Int32Array(CACHE_SLOTS);
const cacheText: string[] = new Array<string>(CACHE_SLOTS).fill('');

/** Formats the six bytes at data[offset..offset+6); the caller guarantees they are in bounds. */
export function formatMac(data: Uint8Array, offset: number): string {
  const high = (data[offset] << 8) | data[offset + 1];
  const low =
    (data[offset + 2] << 24) | (data[offset + 3] << 16) | (data[offset + 4] << 8) | data[offset + 5];
  const slot = (low ^ (low >>> 13) ^ (high * 31)) & (CACHE_SLOTS - 1);
  if (cacheHigh[slot] === high && cacheLow[slot] === low) return cacheText[slot];
  const text =
    HEX_BYTE[data[offset]] +
    ':' +
    HEX_BYTE[data[offset + 1]] +
    ':' +
    HEX_BYTE[data[offset + 2]] +
    ':' +
    HEX_BYTE[data[offset + 3]] +
    ':' +
    HEX_BYTE[data[offset + 4]] +
    ':' +
    HEX_BYTE[data[offset + 5]];
  cacheHigh[slot] = high;
  cacheLow[slot] = low;
  cacheText[slot] = text;
  return text;
}
