/** looksLikeQuic on the RFC packets and on near misses. */
import { describe, expect, it } from 'vitest';
import { hexBytes } from '../app/test-support/annotated-hex';
import { looksLikeQuic } from './looks-like-quic';
import { V1_CLIENT_PACKET, V2_CLIENT_PACKET } from './test-support/rfc-vectors';

const header = (first: number, version: number, dcidLength = 8, scidLength = 0) =>
  Uint8Array.of(
    first,
    version >>> 24,
    (version >> 16) & 0xff,
    (version >> 8) & 0xff,
    version & 0xff,
    dcidLength,
    ...new Uint8Array(dcidLength),
    scidLength,
    ...new Uint8Array(scidLength),
    0,
  );

describe('looksLikeQuic', () => {
  it('accepts the RFC 9001 and RFC 9369 client Initials', () => {
    expect(looksLikeQuic(hexBytes(V1_CLIENT_PACKET))).toBe(true);
    expect(looksLikeQuic(hexBytes(V2_CLIENT_PACKET))).toBe(true);
  });

  it('accepts drafts 22-34, mvfst, T050/T051 and reserved versions; rejects others', () => {
    for (const v of [0xff000016, 0xff00001d, 0xff000022, 0xfaceb001, 0xfaceb00e, 0x54303531, 0x0a1a2a3a]) {
      expect(looksLikeQuic(header(0xc3, v))).toBe(true);
    }
    for (const v of [0, 0xff000015, 0xff000023, 0xfaceb003, 0x51303530, 0x12345678]) {
      expect(looksLikeQuic(header(0xc3, v))).toBe(false);
    }
  });

  it('rejects short headers, a clear fixed bit, connection IDs over 20 bytes and truncated headers', () => {
    expect(looksLikeQuic(header(0x43, 1))).toBe(false);
    expect(looksLikeQuic(header(0x83, 1))).toBe(false);
    expect(looksLikeQuic(header(0xc3, 1, 21))).toBe(false);
    expect(looksLikeQuic(header(0xc3, 1, 8, 21))).toBe(false);
    expect(looksLikeQuic(header(0xc3, 1, 8).subarray(0, 14))).toBe(false);
    expect(looksLikeQuic(new Uint8Array(0))).toBe(false);
  });
});
