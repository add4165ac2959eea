/**
 * Fuzzing every parser of this layer with fast-check: random bytes and mutated real packets must
 * never throw, never hang and never produce views outside the input.
 */
import { existsSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CaptureReader } from '../pcap/capture-reader';
import { ReaderPacket, type CapturedPacket } from '../pcap/types';
import { parseTcp } from '../transport/tcp-header';
import { parseUdp, parseUdpAt } from '../transport/udp-header';
import { decodePacket, type DecodedPacket } from './decode-packet';
import { FragmentReassembler } from './fragment-reassembler';
import { decodeGre } from './gre';
import { parseIpv4 } from './ipv4';
import { parseIpv6 } from './ipv6';
import { decodeTunnelPayload } from './udp-tunnels';

const ignore = () => {};

function packetOf(linkType: number, data: Uint8Array, frame = 1, tsSec = 1000): CapturedPacket {
  return {
    frame,
    interfaceId: 0,
    linkType,
    tsSec,
    tsNsec: 0,
    capLen: data.length,
    origLen: data.length,
    data,
    fileOffset: 0,
  };
}

function insideInput(view: Uint8Array, input: Uint8Array): boolean {
  return view.buffer !== input.buffer || view.byteOffset + view.length <= input.byteOffset + input.length;
}

describe('parsers on random bytes', () => {
  it('parseIpv4 / parseIpv6 stay inside the input', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 120 }), fc.boolean(), (data, six) => {
        if (data.length > 0) data[0] = (data[0] & 0x0f) | (six ? 0x60 : 0x40);
        const header = six ? parseIpv6(data, 0, ignore) : parseIpv4(data, 0, ignore);
        if (header !== null) {
          expect(header.payloadEnd).toBeLessThanOrEqual(data.length);
          const start = 'payloadOffset' in header ? header.payloadOffset : header.offset;
          expect(start).toBeLessThanOrEqual(header.payloadEnd);
        }
      }),
      { numRuns: 20_000 },
    );
  });

  it('parseTcp / parseUdp stay inside the input', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 80 }), (data) => {
        const tcp = parseTcp(data, ignore);
        if (tcp) expect(insideInput(tcp.payload, data)).toBe(true);
        const udp = parseUdp(data, ignore);
        if (udp) expect(insideInput(udp.payload, data)).toBe(true);
      }),
      { numRuns: 20_000 },
    );
  });

  it('parseUdpAt on a range of a larger buffer reads what parseUdp reads from a copy of it', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 40 }),
        fc.uint8Array({ maxLength: 80 }),
        fc.uint8Array({ maxLength: 40 }),
        (before, datagram, after) => {
          const bytes = new Uint8Array([...before, ...datagram, ...after]);
          const start = before.length;
          const end = start + datagram.length;
          const rangeAnomalies: string[] = [];
          const copyAnomalies: string[] = [];
          const inRange = parseUdpAt(bytes, start, end, (name, detail) =>
            rangeAnomalies.push(`${name} ${detail}`),
          );
          const copy = parseUdp(datagram.slice(), (name, detail) => copyAnomalies.push(`${name} ${detail}`));
          expect(rangeAnomalies).toEqual(copyAnomalies);
          if (inRange === null || copy === null) {
            expect(inRange).toBe(copy);
            return;
          }
          expect([inRange.srcPort, inRange.dstPort]).toEqual([copy.srcPort, copy.dstPort]);
          expect([...inRange.payload]).toEqual([...copy.payload]);
          // The payload never reaches into the bytes after the range (only its view's own end counts).
          if (inRange.payload.length > 0) {
            expect(inRange.payload.buffer).toBe(bytes.buffer);
            expect(inRange.payload.byteOffset + inRange.payload.length).toBeLessThanOrEqual(
              bytes.byteOffset + end,
            );
          }
        },
      ),
      { numRuns: 20_000 },
    );
  });

  it('decodeGre and decodeTunnelPayload never point past the payload', () => {
    const ports = [4789, 4790, 6081, 4754, 2152, 3544, 53];
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 120 }), fc.constantFrom(...ports), (data, port) => {
        const gre = decodeGre(data, 0, ignore);
        if (gre) expect(gre.offset).toBeLessThanOrEqual(data.length);
        const tunnel = decodeTunnelPayload(40000, port, data, ignore);
        if (tunnel) expect(tunnel.link.offset).toBeLessThanOrEqual(data.length);
      }),
      { numRuns: 20_000 },
    );
  });

  it('decodeGre stays inside the payload for every protocol type it knows', () => {
    const protocols = [0x0800, 0x86dd, 0x6558, 0x88be, 0x22eb, 0x880b, 0x883e, 0x8847, 0x0806];
    fc.assert(
      fc.property(
        fc.nat(0xffff),
        fc.constantFrom(...protocols),
        fc.uint8Array({ maxLength: 60 }),
        (flags, protocol, rest) => {
          const data = new Uint8Array([
            flags >> 8,
            (flags & 0xf8) | (flags & 1),
            protocol >> 8,
            protocol & 0xff,
            ...rest,
          ]);
          const inner = decodeGre(data, 0, ignore);
          if (inner) expect(inner.offset).toBeLessThanOrEqual(data.length);
        },
      ),
      { numRuns: 20_000 },
    );
  });

  it('decodePacket never throws on random frames of any link type', () => {
    const reasm = new FragmentReassembler(ignore, { maxPending: 64 });
    fc.assert(
      fc.property(
        fc.constantFrom(0, 1, 9, 101, 113, 127, 276),
        fc.uint8Array({ maxLength: 300 }),
        fc.nat(100),
        (linkType, data, ts) => {
          for (const decoded of decodePacket(packetOf(linkType, data, 1, ts), reasm, ignore)) {
            expect(decoded.ip.frames.length).toBeGreaterThan(0);
          }
        },
      ),
      { numRuns: 20_000 },
    );
  });

  it('decodePacket survives valid IPv4 headers over random transport and tunnel bytes', () => {
    const reasm = new FragmentReassembler(ignore, { maxPending: 64 });
    fc.assert(
      fc.property(
        fc.constantFrom(4, 6, 17, 41, 47, 1),
        fc.uint8Array({ maxLength: 200 }),
        fc.constantFrom(4789, 2152, 3544, 6081, 4754, 443),
        fc.nat(0x3fff),
        (protocol, body, port, fragmentField) => {
          // A UDP body gets a tunnel port so the tunnel decoders see the random bytes.
          const payload =
            protocol === 17
              ? new Uint8Array([0x9c, 0x40, port >> 8, port & 0xff, 0, 0, 0, 0, ...body])
              : body;
          const total = 20 + payload.length;
          const data = new Uint8Array(total);
          data.set(ipv4Header(protocol, total, 0x45, fragmentField));
          data.set(payload, 20);
          decodePacket(packetOf(101, data), reasm, ignore);
        },
      ),
      { numRuns: 20_000 },
    );
  });
});

/**
 * A 20-byte IPv4 header from 10.0.0.1 to 10.0.0.2 (TTL 64, no checksum): `first` is the
 * version/IHL byte, `fragmentField` the flags and fragment offset.
 */
function ipv4Header(protocol: number, totalLength: number, first: number, fragmentField: number): number[] {
  return [
    ...[first, 0, totalLength >> 8, totalLength & 0xff],
    ...[0, 1, fragmentField >> 8, fragmentField & 0xff],
    ...[64, protocol, 0, 0],
    ...[10, 0, 0, 1],
    ...[10, 0, 0, 2],
  ];
}

/** What a decoded packet says, without the link offset (which indexes whichever buffer was read). */
function summary(decoded: DecodedPacket[]) {
  return decoded.map((d) => ({
    ip: {
      version: d.ip.version,
      src: d.ip.src,
      dst: d.ip.dst,
      protocol: d.ip.protocol,
      payload: [...d.ip.payload],
      frames: [...d.ip.frames],
      hopLimit: d.ip.hopLimit,
      fragmented: d.ip.fragmented,
      truncated: d.ip.truncated,
    },
    transport: { ...d.transport, payload: 'payload' in d.transport ? [...d.transport.payload] : null },
    link: d.link && { etherType: d.link.etherType, srcMac: d.link.srcMac, dstMac: d.link.dstMac },
    tunnels: d.tunnels,
  }));
}

describe('decodePacket reading a frame in place', () => {
  it('decodes a frame inside the reader buffer exactly as a copy of the frame alone', () => {
    const header = (etherType: number): number[] => [
      2,
      0,
      0,
      0,
      0,
      1,
      2,
      0,
      0,
      0,
      0,
      2,
      etherType >> 8,
      etherType & 0xff,
    ];
    const ipv6 = (protocol: number, length: number): number[] => [
      0x60,
      0,
      0,
      0,
      length >> 8,
      length & 0xff,
      protocol,
      64,
      ...[0x20, 1, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1],
      ...[0x20, 1, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2],
    ];
    const inPlace = new FragmentReassembler(ignore, { maxPending: 64 });
    const copied = new FragmentReassembler(ignore, { maxPending: 64 });
    fc.assert(
      fc.property(
        fc.constantFrom(0x0800, 0x86dd, 0x8100, 0x0806, 0x05dc, 0x8847),
        fc.constantFrom(6, 6, 6, 17, 1, 4, 41, 47, 58),
        fc.uint8Array({ maxLength: 120, size: 'large' }),
        // The TCP data offset, mostly sound.
        fc.constantFrom(5, 5, 5, 6, 8, 15, 0, 4),
        fc.integer({ min: -8, max: 80 }),
        // Version and header length, and the flags and fragment offset of an IPv4 header.
        fc.constantFrom(0x45, 0x45, 0x46, 0x44, 0x55),
        fc.constantFrom(0, 0x4000, 0x2000, 0x0001, 0x6001, 0x8000),
        fc.option(fc.nat(200), { freq: 4 }),
        fc.uint8Array({ maxLength: 40 }),
        fc.uint8Array({ maxLength: 40 }),
        (etherType, protocol, body, tcpOffset, lengthSkew, first, fragmentField, cut, before, after) => {
          if (body.length > 12) body[12] = (tcpOffset << 4) | (body[12] & 0x0f);
          const length = Math.max(0, body.length + lengthSkew);
          const ip =
            etherType === 0x86dd
              ? ipv6(protocol, length)
              : ipv4Header(protocol, 20 + length, first, fragmentField);
          const whole = new Uint8Array([...header(etherType), ...ip, ...body]);
          const frame = cut === null ? whole : whole.slice(0, cut);
          const buffer = new Uint8Array([...before, ...frame, ...after]);
          const packet = new ReaderPacket();
          packet.frame = 1;
          packet.linkType = 1;
          packet.tsSec = 1000;
          packet.capLen = frame.length;
          packet.origLen = frame.length;
          packet.setData(buffer, before.length, before.length + frame.length);
          const anomaliesInPlace: string[] = [];
          const anomaliesCopied: string[] = [];
          const got = summary(decodePacket(packet, inPlace, (n, d) => anomaliesInPlace.push(`${n} ${d}`)));
          const want = summary(
            decodePacket(packetOf(1, frame.slice(), 1, 1000), copied, (n, d) =>
              anomaliesCopied.push(`${n} ${d}`),
            ),
          );
          expect(got).toEqual(want);
          expect(anomaliesInPlace).toEqual(anomaliesCopied);
        },
      ),
      { numRuns: 20_000 },
    );
  });
});

const CORPUS = '/work/shared/corpus';
const SAMPLES = [
  'ndpi__vxlan.pcap',
  'zeek__ipv6-fragmented-dns.pcap',
  'zeek__tunnels__Teredo.pcap',
  'arkime__80211http.pcap',
  'ndpi__quic-v2.pcapng',
  'ndpi__4in6tunnel.pcap',
];

describe.skipIf(!existsSync(CORPUS))('decodePacket on mutated corpus packets', () => {
  const packets: CapturedPacket[] = [];
  for (const name of SAMPLES) {
    const reader = new CaptureReader({ onPacket: (p) => packets.push({ ...p, data: p.data.slice() }) });
    reader.push(readFileSync(`${CORPUS}/${name}`));
    reader.end();
  }

  it('never throws on flipped bytes and truncations of real packets', () => {
    expect(packets.length).toBeGreaterThan(100);
    const reasm = new FragmentReassembler(ignore);
    fc.assert(
      fc.property(
        fc.nat(packets.length - 1),
        fc.array(fc.tuple(fc.nat(), fc.nat(255)), { minLength: 1, maxLength: 6 }),
        fc.option(fc.nat()),
        (index, flips, cut) => {
          const original = packets[index];
          const data = original.data.slice(0, cut === null ? undefined : cut % (original.data.length + 1));
          for (const [position, value] of flips) if (data.length > 0) data[position % data.length] = value;
          for (const decoded of decodePacket({ ...original, data }, reasm, ignore)) {
            if (decoded.transport.kind !== 'other')
              expect(insideInput(decoded.transport.payload, data)).toBe(true);
          }
        },
      ),
      { numRuns: 20_000 },
    );
  });
});
