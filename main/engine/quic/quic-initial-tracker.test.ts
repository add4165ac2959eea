/**
 * QuicInitialTracker end to end. The RFC 9001 A.2 and RFC 9369 A.2 packets are decrypted as
 * published; every other packet is built by test-support/protect-initial.ts (itself checked
 * against the RFC packet in packet-protection.test.ts) around the RFC 9001 ClientHello, so
 * the expected SNI, ALPN and extension count come from the RFC, not from our parser.
 */
import { describe, expect, it } from 'vitest';
import { hexBytes } from '../app/test-support/annotated-hex';
import { RFC8448_CLIENT_HELLO } from '../app/test-support/tls-fixtures';
import { QuicInitialTracker, type QuicTrackerLimits } from './quic-initial-tracker';
import { concat, cryptoFrame, protectInitial, serverPacket } from './test-support/protect-initial';
import {
  CLIENT_CRYPTO_FRAME,
  V1_CLIENT_PACKET,
  V1_SERVER_PACKET,
  V2_CLIENT_PACKET,
} from './test-support/rfc-vectors';

/** The RFC 9001 ClientHello handshake message: the CRYPTO frame minus type, offset and length. */
const HELLO = hexBytes(CLIENT_CRYPTO_FRAME).subarray(4);
const SECOND_HELLO = hexBytes(RFC8448_CLIENT_HELLO);
const V1 = 0x00000001;
const DCID = Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8);
const SCID = Uint8Array.of(0xc1, 0xc2, 0xc3, 0xc4);
const SERVER_ID = Uint8Array.of(0x5e, 0x5e, 0x5e, 0x5e, 0x5e);

function tracker(limits: Partial<QuicTrackerLimits> = {}) {
  const anomalies: string[] = [];
  const t = new QuicInitialTracker((name) => anomalies.push(name), limits);
  return { t, anomalies };
}

/** A client Initial carrying the given CRYPTO pieces of `stream` ([offset, end) pairs). */
function initial(
  pieces: [number, number][],
  options: Partial<Parameters<typeof protectInitial>[0]> = {},
  stream = HELLO,
) {
  const frames = pieces.map(([from, to]) => cryptoFrame(from, stream.subarray(from, to)));
  return protectInitial({
    version: V1,
    dcid: DCID,
    scid: SCID,
    packetNumber: 0,
    payload: concat(...frames, new Uint8Array(20)),
    ...options,
  });
}

const summary = (r: ReturnType<QuicInitialTracker['push']>) =>
  r.map((h) => ({ frame: h.frame, frames: h.frames, version: h.versionName, sni: h.hello.sni }));

describe('QuicInitialTracker on the RFC packets', () => {
  it('RFC 9001 A.2: the v1 Initial yields the example.com ClientHello', () => {
    const { t, anomalies } = tracker();
    const [r] = t.push(hexBytes(V1_CLIENT_PACKET), true, 7);
    expect(r.frame).toBe(7);
    expect(r.frames).toEqual([7]);
    expect([r.version, r.versionName]).toEqual([1, 'v1']);
    expect(r.hello.sni).toBe('example.com');
    expect(r.hello.alpn).toEqual(['alpn']);
    expect(r.hello.supportedVersions).toEqual([0x0304]);
    expect(r.hello.extensionCount).toBe(11);
    expect(r.hello.quicTransportParams).toBe(true);
    expect(anomalies).toEqual([]);
  });

  it('RFC 9369 A.2: the v2 Initial yields the same ClientHello', () => {
    const { t, anomalies } = tracker();
    expect(summary(t.push(hexBytes(V2_CLIENT_PACKET), true, 3))).toEqual([
      { frame: 3, frames: [3], version: 'v2', sni: 'example.com' },
    ]);
    expect(t.push(hexBytes(V2_CLIENT_PACKET), true, 4)).toEqual([]);
    expect(anomalies).toEqual([]);
  });

  it('a retransmitted Initial reports nothing more', () => {
    const { t } = tracker();
    expect(t.push(hexBytes(V1_CLIENT_PACKET), true, 1)).toHaveLength(1);
    expect(t.push(hexBytes(V1_CLIENT_PACKET), true, 2)).toEqual([]);
  });

  it('server packets are not decrypted; a server Initial sent as if from the client is a decrypt failure', () => {
    const { t, anomalies } = tracker();
    expect(t.push(hexBytes(V1_SERVER_PACKET), false, 1)).toEqual([]);
    expect(t.push(hexBytes(V1_CLIENT_PACKET), false, 2)).toEqual([]);
    expect(anomalies).toEqual([]);
    expect(t.push(hexBytes(V1_SERVER_PACKET), true, 3)).toEqual([]);
    expect(anomalies).toEqual(['quic-initial-decrypt-failed']);
  });

  it('a changed byte makes the packet fail authentication: an anomaly, not an exception', () => {
    const { t, anomalies } = tracker();
    const packet = hexBytes(V1_CLIENT_PACKET);
    packet[500] ^= 0xff;
    expect(t.push(packet, true, 1)).toEqual([]);
    expect(anomalies).toEqual(['quic-initial-decrypt-failed']);
  });
});

describe('CRYPTO reassembly across packets and datagrams', () => {
  it('out-of-order, overlapping pieces over three datagrams; frame = the completing one, frames = all three', () => {
    const { t, anomalies } = tracker();
    expect(t.push(initial([[150, 245]], { packetNumber: 2 }), true, 10)).toEqual([]);
    expect(t.push(initial([[0, 80]], { packetNumber: 0 }), true, 11)).toEqual([]);
    expect(summary(t.push(initial([[60, 160]], { packetNumber: 1 }), true, 12))).toEqual([
      { frame: 12, frames: [10, 11, 12], version: 'v1', sni: 'example.com' },
    ]);
    expect(anomalies).toEqual([]);
  });

  it('several CRYPTO frames shuffled inside one packet (Chrome style)', () => {
    const { t } = tracker();
    const pieces: [number, number][] = [
      [200, 245],
      [0, 30],
      [100, 200],
      [30, 100],
    ];
    expect(summary(t.push(initial(pieces), true, 5))).toEqual([
      { frame: 5, frames: [5], version: 'v1', sni: 'example.com' },
    ]);
  });

  it('coalesced datagram: Initial, then a Handshake packet, then zero padding', () => {
    const { t, anomalies } = tracker();
    const handshake = serverPacket(V1, 'handshake', DCID, SCID, 30);
    const first = concat(initial([[0, 120]]), handshake, new Uint8Array(50));
    expect(t.push(first, true, 1)).toEqual([]);
    const second = concat(handshake, initial([[120, 245]], { packetNumber: 1 }));
    expect(summary(t.push(second, true, 2))).toEqual([
      { frame: 2, frames: [1, 2], version: 'v1', sni: 'example.com' },
    ]);
    expect(anomalies).toEqual([]);
  });

  it('Initials to the connection ID the server chose: learned from its Initial, or found by trial without it', () => {
    for (const withServer of [true, false]) {
      const { t, anomalies } = tracker();
      t.push(initial([[0, 100]]), true, 1);
      if (withServer) t.push(serverPacket(V1, 'initial', SCID, SERVER_ID), false, 2);
      const later = initial([[100, 245]], { dcid: SERVER_ID, keyDcid: DCID, packetNumber: 1 });
      expect(summary(t.push(later, true, 3))).toEqual([
        { frame: 3, frames: [1, 3], version: 'v1', sni: 'example.com' },
      ]);
      // An ACK-only Initial after the hello is skipped without an anomaly either way.
      t.push(initial([], { dcid: SERVER_ID, keyDcid: DCID, packetNumber: 2 }), true, 4);
      expect(anomalies).toEqual([]);
    }
  });

  it('after a Retry the client uses keys from the Retry source connection ID', () => {
    const { t, anomalies } = tracker();
    expect(t.push(initial([[0, 100]]), true, 1)).toEqual([]);
    t.push(serverPacket(V1, 'retry', SCID, SERVER_ID), false, 2);
    const again = initial([[0, 245]], { dcid: SERVER_ID, packetNumber: 1 });
    expect(summary(t.push(again, true, 3))).toEqual([
      { frame: 3, frames: [1, 3], version: 'v1', sni: 'example.com' },
    ]);
    expect(anomalies).toEqual([]);
  });

  it('a hello completed before a Retry is not reported again when the client resends it', () => {
    const { t, anomalies } = tracker();
    expect(t.push(initial([[0, 245]]), true, 1)).toHaveLength(1);
    t.push(serverPacket(V1, 'retry', SCID, SERVER_ID), false, 2);
    expect(t.push(initial([[0, 245]], { dcid: SERVER_ID, packetNumber: 1 }), true, 3)).toEqual([]);
    expect(anomalies).toEqual([]);
  });

  it('a second ClientHello after a HelloRetryRequest follows the first in the stream and is reported too', () => {
    const { t } = tracker();
    const stream = concat(HELLO, SECOND_HELLO);
    expect(t.push(initial([[0, 245]], {}, stream), true, 1)).toHaveLength(1);
    const second = initial([[200, stream.length]], { packetNumber: 1 }, stream);
    expect(summary(t.push(second, true, 4))).toEqual([
      { frame: 4, frames: [4], version: 'v1', sni: 'server' },
    ]);
    expect(t.push(second, true, 5)).toEqual([]);
  });
});

describe('versions', () => {
  it('a reserved version (0x?a?a?a?a) decrypts with the draft-29 salt or, failing that, the v1 salt', () => {
    for (const saltIndex of [0, 1]) {
      const { t, anomalies } = tracker();
      const packet = initial([[0, 245]], { version: 0x1a2a3a4a, saltIndex });
      expect(summary(t.push(packet, true, 1))).toEqual([
        { frame: 1, frames: [1], version: 'reserved-0x1a2a3a4a', sni: 'example.com' },
      ]);
      expect(anomalies).toEqual([]);
    }
  });

  it('drafts, mvfst and T051 carry their version and name', () => {
    const t051Payload = concat(Uint8Array.of(0x08, 0x00, 0x40, 0xf5), HELLO, new Uint8Array(8));
    const cases: [number, string, Uint8Array | null][] = [
      [0xff00001d, 'draft-29', null],
      [0xff000017, 'draft-23', null],
      [0xfaceb001, 'mvfst-draft-22', null],
      [0xfaceb002, 'mvfst-draft-27', null],
      [0x54303531, 'gquic-t051', t051Payload],
    ];
    for (const [version, name, payload] of cases) {
      const { t, anomalies } = tracker();
      const packet = payload
        ? protectInitial({ version, dcid: DCID, scid: SCID, packetNumber: 0, payload })
        : initial([[0, 245]], { version });
      const [r] = t.push(packet, true, 1);
      expect([r?.version, r?.versionName, r?.hello.sni]).toEqual([version, name, 'example.com']);
      expect(anomalies).toEqual([]);
    }
  });

  it('an unsupported version is reported once per tracker; 0-RTT and Version Negotiation are skipped silently', () => {
    const { t, anomalies } = tracker();
    const other = Uint8Array.of(0xc0, 0x12, 0x34, 0x56, 0x78, 0, 0, 1, 2, 3);
    t.push(other, true, 1);
    t.push(other, false, 2);
    const zeroRtt = concat(
      Uint8Array.of(0xd0, 0, 0, 0, 1, 8),
      DCID,
      Uint8Array.of(0, 0x05),
      new Uint8Array(5),
    );
    t.push(zeroRtt, true, 3);
    t.push(Uint8Array.of(0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1), false, 4);
    expect(anomalies).toEqual(['quic-unsupported-version']);
  });
});

describe('limits and hostile streams', () => {
  it('a CRYPTO stream that does not start with a ClientHello is given up', () => {
    const { t, anomalies } = tracker();
    const notHello = Uint8Array.from(HELLO);
    notHello[0] = 2;
    t.push(initial([[0, 245]], {}, notHello), true, 1);
    t.push(initial([[0, 245]], { packetNumber: 1 }), true, 2);
    expect(anomalies).toEqual(['quic-crypto-not-client-hello']);
  });

  it('a ClientHello longer than maxCryptoBytes is given up; CRYPTO data past the limit is reported', () => {
    const small = tracker({ maxCryptoBytes: 100 });
    expect(small.t.push(initial([[0, 50]]), true, 1)).toEqual([]);
    expect(small.anomalies).toEqual(['quic-client-hello-too-large']);
    const past = tracker({ maxCryptoBytes: 100 });
    past.t.push(initial([[60, 245]]), true, 1);
    expect(past.anomalies).toEqual(['quic-crypto-beyond-limit']);
  });

  it('a stream cut into more pieces than maxCryptoPieces is given up with one anomaly', () => {
    const { t, anomalies } = tracker({ maxCryptoPieces: 4 });
    const pieces: [number, number][] = [0, 20, 40, 60, 80, 100, 120].map((from) => [from + 10, from + 20]);
    expect(t.push(initial(pieces), true, 1)).toEqual([]);
    expect(t.push(initial([[0, 245]], { packetNumber: 1 }), true, 2)).toEqual([]);
    expect(anomalies).toEqual(['quic-crypto-too-fragmented']);
  });

  it('evicting a connection whose hello was reported is silent', () => {
    const { t, anomalies } = tracker({ maxConnections: 1 });
    expect(t.push(initial([[0, 245]]), true, 1)).toHaveLength(1);
    expect(t.push(initial([[0, 245]], { dcid: SERVER_ID }), true, 2)).toHaveLength(1);
    expect(t.size).toBe(1);
    expect(anomalies).toEqual([]);
  });

  it('evicts the least recently used connection beyond maxConnections', () => {
    const { t, anomalies } = tracker({ maxConnections: 2 });
    const ids = [1, 2, 3].map((i) => Uint8Array.of(i, i, i, i, i, i, i, i));
    for (const [i, dcid] of ids.entries()) t.push(initial([[0, 100]], { dcid }), true, i + 1);
    expect(t.size).toBe(2);
    expect(anomalies).toEqual(['quic-connection-evicted']);
    // The evicted first connection's remainder opens a new connection with a hole at 0.
    expect(t.push(initial([[100, 245]], { dcid: ids[0], packetNumber: 1 }), true, 4)).toEqual([]);
    // The third one still completes.
    expect(t.push(initial([[100, 245]], { dcid: ids[2], packetNumber: 1 }), true, 5)).toHaveLength(1);
  });
});
