/**
 * MPLS label stacks (RFC 3032), carried after EtherType 0x8847/0x8848 or PPP protocol 0x0281.
 * Threat model: untrusted bytes; the stack walk is bounded by MAX_LINK_NESTING labels and by
 * data.length, so a stack without a bottom-of-stack bit ends in an anomaly, not a loop.
 */
import type { AnomalySink } from '../anomaly';
import { MAX_LINK_NESTING } from './link-layer';

/**
 * RFC 3032 section 2.1, one label stack entry:
 *
 *    0                   1                   2                   3
 *    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |                Label                  | TC  |S|       TTL     |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 * Returns the offset just past the entry whose S (bottom of stack) bit is set, or -1.
 */
export function skipMplsStack(data: Uint8Array, offset: number, anomaly: AnomalySink): number {
  let position = offset;
  for (let labels = 0; labels < MAX_LINK_NESTING; labels++) {
    if (position + 4 > data.length) {
      anomaly('mpls-truncated');
      return -1;
    }
    const bottomOfStack = (data[position + 2] & 0x01) !== 0;
    position += 4;
    if (bottomOfStack) return position;
  }
  anomaly('mpls-too-many-labels');
  return -1;
}
