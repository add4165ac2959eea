/**
 * Removing packet protection, against the RFC example packets: RFC 9001 A.2 (client Initial)
 * and A.3 (server Initial), RFC 9369 A.2 and A.3 (the same for v2), and the RFC 9000 A.3
 * packet number example. The test packet writer is checked against the same vectors.
 */
import { describe, expect, it } from 'vitest';
import { hexBytes } from '../app/test-support/annotated-hex';
import { clientInitialKeys, hkdfExpandLabel, hkdfExtract, packetKeys } from './initial-secrets';
import { parseLongHeader } from './long-header';
import { decodePacketNumber, InitialProtection } from './packet-protection';
import { quicVersionInfo } from './quic-versions';
import { concat, protectInitial } from './test-support/protect-initial';
import {
  CLIENT_CRYPTO_FRAME,
  CLIENT_PADDING,
  RFC_DCID,
  V1_CLIENT_PACKET,
  V1_SERVER_PACKET,
  V1_SERVER_PAYLOAD,
  V2_CLIENT_PACKET,
  V2_SERVER_PACKET,
} from './test-support/rfc-vectors';

const dcid = hexBytes(RFC_DCID);
const clientPayload = concat(hexBytes(CLIENT_CRYPTO_FRAME), new Uint8Array(CLIENT_PADDING));
const noop = () => {};

function unprotect(packet: Uint8Array, protection: InitialProtection) {
  const h = parseLongHeader(packet, 0, noop)!;
  return protection.unprotect(packet, h.start, h.pnOffset, h.end, -1);
}

function serverProtection(version: number): InitialProtection {
  const info = quicVersionInfo(version)!;
  const secret = hkdfExpandLabel(hkdfExtract(info.salts[0], dcid), 'server in', 32);
  return new InitialProtection(packetKeys(secret, info));
}

describe.each([
  ['RFC 9001 (v1)', 0x00000001, V1_CLIENT_PACKET, V1_SERVER_PACKET],
  ['RFC 9369 (v2)', 0x6b3343cf, V2_CLIENT_PACKET, V2_SERVER_PACKET],
])('%s Appendix A', (_name, version, clientHex, serverHex) => {
  const info = quicVersionInfo(version)!;
  const client = () => new InitialProtection(clientInitialKeys(info, info.salts[0], dcid));

  it('A.2: the protected client Initial decrypts to the CRYPTO frame and PADDING, packet number 2', () => {
    const plain = unprotect(hexBytes(clientHex), client());
    expect(plain).not.toBeNull();
    expect(plain!.packetNumber).toBe(2);
    expect(Buffer.from(plain!.payload).equals(Buffer.from(clientPayload))).toBe(true);
  });

  it('A.3: the server Initial decrypts with the server keys to ACK + CRYPTO(ServerHello), packet number 1', () => {
    const plain = unprotect(hexBytes(serverHex), serverProtection(version));
    expect(plain!.packetNumber).toBe(1);
    expect(Buffer.from(plain!.payload).toString('hex')).toBe(V1_SERVER_PAYLOAD.replace(/\s+/g, ''));
  });

  it('the test packet writer reproduces the A.2 packet byte for byte', () => {
    const built = protectInitial({
      version,
      dcid,
      scid: new Uint8Array(0),
      packetNumber: 2,
      payload: clientPayload,
    });
    expect(Buffer.from(built).toString('hex')).toBe(clientHex.replace(/\s+/g, ''));
  });

  it('a changed ciphertext byte, tag byte or header byte fails authentication (null, no exception)', () => {
    const protection = client();
    for (const at of [100, 1199, 10]) {
      const packet = hexBytes(clientHex);
      packet[at] ^= 0x01;
      expect(unprotect(packet, protection)).toBeNull();
    }
    // The cached header protection cipher still works afterwards.
    expect(unprotect(hexBytes(clientHex), protection)!.packetNumber).toBe(2);
  });

  it('the server keys do not open the client packet', () => {
    expect(unprotect(hexBytes(clientHex), serverProtection(version))).toBeNull();
  });
});

describe('InitialProtection bounds', () => {
  const protection = new InitialProtection(
    clientInitialKeys(quicVersionInfo(1)!, quicVersionInfo(1)!.salts[0], dcid),
  );
  const packet = hexBytes(V1_CLIENT_PACKET);

  it('returns null when the packet ends before the 16-byte sample (pnOffset + 4 + 16)', () => {
    expect(protection.unprotect(packet, 0, 18, 18 + 19, -1)).toBeNull();
    expect(protection.unprotect(packet, 0, 18, packet.length + 1, -1)).toBeNull();
    expect(protection.unprotect(packet, 18, 18, packet.length, -1)).toBeNull();
  });
});

describe('decodePacketNumber (RFC 9000 Appendix A.3)', () => {
  it('the RFC example: largest 0xa82f30ea, truncated 0x9b32 in 16 bits -> 0xa82f9b32', () => {
    expect(decodePacketNumber(0xa82f30ea, 0x9b32, 16)).toBe(0xa82f9b32);
  });

  it('the first packet of a connection keeps its truncated value; wraps forward and back', () => {
    expect(decodePacketNumber(-1, 2, 32)).toBe(2);
    expect(decodePacketNumber(-1, 0xff, 8)).toBe(0xff);
    expect(decodePacketNumber(0xfe, 0x01, 8)).toBe(0x101);
    expect(decodePacketNumber(0x101, 0xff, 8)).toBe(0xff);
  });
});
