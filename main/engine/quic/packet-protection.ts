/**
 * Removing Initial packet protection (RFC 9001 §5.3 and §5.4): header protection first (it
 * hides the low bits of the first byte and the packet number), then AEAD_AES_128_GCM over the
 * payload with the unprotected header as associated data.
 *
 * Threat model: the packet is untrusted and the keys are public, so anyone can make a packet
 * that decrypts; what this guarantees is only that a packet which does not authenticate yields
 * null, never an exception (node:crypto's tag check throws; it is caught here), and that no
 * read leaves [start, end). Cost per packet: one AES block for the mask, one GCM pass over the
 * payload, one allocation for the plaintext; the associated data and nonce reuse scratch
 * buffers, which is safe because node:crypto copies them before returning.
 */
import { createCipheriv, createDecipheriv, type Cipher } from 'node:crypto';
import type { InitialKeys } from './initial-secrets';

const SAMPLE_LENGTH = 16;
const TAG_LENGTH = 16;
/** The sample starts as if the packet number were 4 bytes long (RFC 9001 §5.4.2). */
const SAMPLE_OFFSET = 4;
const TWO_POW_32 = 0x1_0000_0000;
const TWO_POW_62 = 2 ** 62;

export interface Plaintext {
  /** The decrypted frames. */
  payload: Uint8Array;
  /** The full packet number, reconstructed against the largest one seen. */
  packetNumber: number;
}

let aadScratch = new Uint8Array(256);
const nonceScratch = new Uint8Array(12);

/** One connection's Initial keys, with the header protection cipher kept between packets. */
export class InitialProtection {
  private hpCipher: Cipher | null = null;

  constructor(readonly keys: InitialKeys) {}

  /*
   * RFC 9001 §5.4.1 (receiving side) and Figure 6:
   *
   *   mask = header_protection(hp_key, sample)       -- AES-ECB of the 16-byte sample
   *   packet[0] ^= mask[0] & 0x0f                    -- long header: 4 bits
   *   pn_length = (packet[0] & 0x03) + 1
   *   packet[pn_offset:pn_offset+pn_length] ^= mask[1:1+pn_length]
   *
   * §5.3: nonce = iv XOR packet number (left-padded to 12 bytes); associated data = the
   * header up to and including the unprotected packet number; the last 16 bytes are the tag.
   *
   * `start` is the packet's first byte, `pnOffset` its Packet Number field, `end` the end of
   * its Length. Returns null when the packet is too short to sample or does not authenticate.
   */
  unprotect(
    packet: Uint8Array,
    start: number,
    pnOffset: number,
    end: number,
    largestPn: number,
  ): Plaintext | null {
    const sampleStart = pnOffset + SAMPLE_OFFSET;
    if (start >= pnOffset || sampleStart + SAMPLE_LENGTH > end || end > packet.length) return null;
    const mask = this.mask(packet.subarray(sampleStart, sampleStart + SAMPLE_LENGTH));
    const first = packet[start] ^ (mask[0] & 0x0f);
    const pnLength = (first & 0x03) + 1;
    const headerLength = pnOffset + pnLength - start;
    if (aadScratch.length < headerLength)
      aadScratch = new Uint8Array(Math.max(headerLength, aadScratch.length * 2));
    const aad = aadScratch.subarray(0, headerLength);
    aad.set(packet.subarray(start, pnOffset + pnLength));
    aad[0] = first;
    let truncated = 0;
    for (let i = 0; i < pnLength; i++) {
      const byte = packet[pnOffset + i] ^ mask[1 + i];
      aad[pnOffset - start + i] = byte;
      truncated = truncated * 256 + byte;
    }
    const packetNumber = decodePacketNumber(largestPn, truncated, pnLength * 8);
    const payload = this.open(aad, packet.subarray(pnOffset + pnLength, end), packetNumber);
    return payload === null ? null : { payload, packetNumber };
  }

  private mask(sample: Uint8Array): Uint8Array {
    if (this.hpCipher === null) {
      // ECB without padding turns every 16-byte update into one block of output, so one
      // cipher object serves all the connection's packets.
      this.hpCipher = createCipheriv('aes-128-ecb', this.keys.hp, null);
      this.hpCipher.setAutoPadding(false);
    }
    return this.hpCipher.update(sample);
  }

  private open(aad: Uint8Array, sealed: Uint8Array, packetNumber: number): Uint8Array | null {
    const iv = this.keys.iv;
    nonceScratch.set(iv);
    const high = Math.floor(packetNumber / TWO_POW_32);
    const low = packetNumber % TWO_POW_32;
    for (let i = 0; i < 4; i++) {
      nonceScratch[4 + i] = iv[4 + i] ^ ((high >>> (24 - 8 * i)) & 0xff);
      nonceScratch[8 + i] = iv[8 + i] ^ ((low >>> (24 - 8 * i)) & 0xff);
    }
    const cipherLength = sealed.length - TAG_LENGTH;
    const decipher = createDecipheriv('aes-128-gcm', this.keys.key, nonceScratch);
    decipher.setAAD(aad);
    decipher.setAuthTag(sealed.subarray(cipherLength));
    const plain = decipher.update(sealed.subarray(0, cipherLength));
    try {
      decipher.final();
    } catch {
      // node:crypto reports a tag mismatch by throwing; for us it is an ordinary outcome.
      return null;
    }
    return plain;
  }
}

/*
 * RFC 9000 Appendix A.3:
 *
 *   DecodePacketNumber(largest_pn, truncated_pn, pn_nbits):
 *      expected_pn  = largest_pn + 1
 *      pn_win       = 1 << pn_nbits
 *      pn_hwin      = pn_win / 2
 *      pn_mask      = pn_win - 1
 *      candidate_pn = (expected_pn & ~pn_mask) | truncated_pn
 *      if candidate_pn <= expected_pn - pn_hwin and
 *         candidate_pn < (1 << 62) - pn_win:
 *         return candidate_pn + pn_win
 *      if candidate_pn > expected_pn + pn_hwin and
 *         candidate_pn >= pn_win:
 *         return candidate_pn - pn_win
 *      return candidate_pn
 *
 * Written with arithmetic instead of bit operations, which JavaScript limits to 32 bits.
 * `largestPn` is -1 before the first packet of a connection.
 */
export function decodePacketNumber(largestPn: number, truncated: number, bits: number): number {
  const expected = largestPn + 1;
  const window = 2 ** bits;
  const half = window / 2;
  const candidate = expected - (expected % window) + truncated;
  if (candidate <= expected - half && candidate < TWO_POW_62 - window) return candidate + window;
  if (candidate > expected + half && candidate >= window) return candidate - window;
  return candidate;
}
