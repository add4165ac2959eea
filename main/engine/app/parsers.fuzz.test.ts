/**
 * Property tests (fast-check) for every parser of untrusted bytes in this folder, in the
 * spirit of nDPI's fuzz/ directory: random bytes and mutated valid inputs (byte changes,
 * truncation, insertion, random segmentation) must never throw, must finish (vitest's
 * timeout bounds each property), and must produce output bounded by the input.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { certificateNames } from './x509-names';
import {
  arpPacket,
  dhcpMessage,
  dhcpOption,
  dhcpv6Message,
  dhcpv6Option,
  dhcpv6Relay,
  dnsLabels,
  duidLlt,
  iaNa,
  icmpv6,
  linkLayerOption,
} from '../../../e2e/fixtures/lib/dhcp-builder';
import { ipv6Bytes } from '../../../e2e/fixtures/lib/packet-builder';
import { parseArp } from './arp';
import { parseDhcp } from './dhcp';
import { parseDhcpv6 } from './dhcpv6';
import { parseNdp } from './ndp';
import { DnsTcpFramer, parseDns } from './dns';
import { createHttpExchangeQueue, HttpRequestParser, HttpResponseParser, parseHttpDatagram } from './http1';
import { guessProtocol } from './protocol-guess';
import {
  parseClientHello,
  parseServerHello,
  TlsClientHelloAssembler,
  TlsServerAssembler,
} from './tls-handshake';
import { hexBytes } from './test-support/annotated-hex';
import { CLIENT_HELLO_MESSAGE, CLIENT_HELLO_RECORD, RFC8448_SERVER_HELLO } from './test-support/tls-fixtures';

const RUNS = { numRuns: 400 };
const noop = () => {};

/** A valid input changed at a few places, cut or extended. */
function mutated(base: Uint8Array): fc.Arbitrary<Uint8Array> {
  return fc
    .record({
      edits: fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 6 }),
      cut: fc.nat({ max: base.length }),
      keepAll: fc.boolean(),
      extra: fc.uint8Array({ maxLength: 16 }),
    })
    .map(({ edits, cut, keepAll, extra }) => {
      const out = new Uint8Array(base.length + extra.length);
      out.set(base);
      out.set(extra, base.length);
      for (const [at, value] of edits) out[at % out.length] = value;
      return keepAll ? out : out.subarray(0, cut);
    });
}

/** Random bytes, or a mutation of the valid sample. */
function inputs(base: Uint8Array): fc.Arbitrary<Uint8Array> {
  return fc.oneof(fc.uint8Array({ maxLength: 700 }), mutated(base));
}

/** Cut points for segmenting a stream. */
function segmented(bytes: fc.Arbitrary<Uint8Array>): fc.Arbitrary<Uint8Array[]> {
  return fc.tuple(bytes, fc.array(fc.nat(), { maxLength: 6 })).map(([b, cuts]) => {
    const points = [...new Set(cuts.map((c) => (b.length ? c % b.length : 0)))].sort((x, y) => x - y);
    const parts: Uint8Array[] = [];
    let prev = 0;
    for (const p of [...points, b.length]) {
      parts.push(b.subarray(prev, p));
      prev = p;
    }
    return parts.filter((p) => p.length > 0);
  });
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

const DNS_SAMPLE = hexBytes(
  'abcd 8180 0001 0002 0000 0000 03777777 076578616d706c65 03636f6d 00 0001 0001' +
    ' c00c 0005 0001 00000e10 0006 03636476 c010  c02d 0001 0001 0000003c 0004 c0000201',
);
const HTTP_SAMPLE = new TextEncoder().encode(
  'GET /a?b=1 HTTP/1.1\r\nHost: x\r\nCookie: c=1\r\n\r\nPOST /p HTTP/1.1\r\nContent-Length: 3\r\n\r\nabc' +
    'PUT /c HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n',
);
const HTTP_RESPONSES = new TextEncoder().encode(
  'HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nokHTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\n\r\nHTTP/1.0 200 OK\r\n\r\nrest',
);

describe('fuzz: DNS', () => {
  it('parseDns never throws and its output is bounded by the input', () => {
    fc.assert(
      fc.property(inputs(DNS_SAMPLE), (b) => {
        const m = parseDns(b, noop);
        if (!m) return b.length < 12;
        expect(m.questions.length + m.answers.length).toBeLessThanOrEqual(b.length / 5);
        for (const r of [...m.questions, ...m.answers]) expect(r.name.length).toBeLessThanOrEqual(255 * 4);
        return true;
      }),
      RUNS,
    );
  });

  it('DnsTcpFramer never throws on any segmentation', () => {
    const framed = concat([
      Uint8Array.of(0, DNS_SAMPLE.length),
      DNS_SAMPLE,
      Uint8Array.of(0, DNS_SAMPLE.length),
      DNS_SAMPLE,
    ]);
    fc.assert(
      fc.property(segmented(inputs(framed)), (parts) => {
        const framer = new DnsTcpFramer(noop);
        let offset = 0;
        let messages = 0;
        for (const p of parts) {
          messages += framer.push(p, offset, 1).length;
          offset += p.length;
        }
        framer.end();
        expect(messages).toBeLessThanOrEqual(offset / 14);
      }),
      RUNS,
    );
  });
});

describe('fuzz: TLS', () => {
  it('parseClientHello and parseServerHello never throw; lists stay bounded', () => {
    const sh = hexBytes(RFC8448_SERVER_HELLO);
    fc.assert(
      fc.property(inputs(CLIENT_HELLO_MESSAGE), inputs(sh), (ch, s) => {
        const hello = parseClientHello(ch, noop);
        if (hello) {
          expect(hello.alpn.length + hello.supportedVersions.length).toBeLessThanOrEqual(ch.length / 2);
          expect((hello.sni ?? '').length).toBeLessThanOrEqual(ch.length * 4);
        }
        parseServerHello(s, noop);
      }),
      RUNS,
    );
  });

  it('the assemblers never throw on any segmentation and emit at most two hellos', () => {
    const stream = concat([
      CLIENT_HELLO_RECORD.bytes,
      hexBytes('14 0303 0001 01'),
      CLIENT_HELLO_RECORD.bytes,
    ]);
    fc.assert(
      fc.property(segmented(inputs(stream)), (parts) => {
        const client = new TlsClientHelloAssembler(noop);
        const server = new TlsServerAssembler(noop);
        let offset = 0;
        let hellos = 0;
        for (const p of parts) {
          const r = client.push(p, offset, 1);
          if (Array.isArray(r)) hellos += r.length;
          server.push(p, offset, 1);
          offset += p.length;
        }
        client.end();
        server.end();
        expect(hellos).toBeLessThanOrEqual(2);
      }),
      RUNS,
    );
  });

  it('certificateNames never throws on random or mutated DER', () => {
    // A minimal certificate skeleton built TLV by TLV (X.690 definite short lengths): the
    // fields certificateNames skips are empty SEQUENCEs.
    const tlv = (tag: number, ...body: Uint8Array[]) =>
      concat([
        Uint8Array.of(
          tag,
          body.reduce((n, b) => n + b.length, 0),
        ),
        ...body,
      ]);
    const ascii = (s: string) => new TextEncoder().encode(s);
    const empty = tlv(0x30);
    const subject = tlv(
      0x30,
      tlv(0x31, tlv(0x30, tlv(0x06, Uint8Array.of(0x55, 0x04, 0x03)), tlv(0x0c, ascii('a.example')))),
    );
    const san = tlv(0x30, tlv(0x82, ascii('b.example')), tlv(0x82, ascii('c.example.example.org')));
    const extensions = tlv(
      0xa3,
      tlv(0x30, tlv(0x30, tlv(0x06, Uint8Array.of(0x55, 0x1d, 0x11)), tlv(0x04, san))),
    );
    const version = tlv(0xa0, tlv(0x02, Uint8Array.of(2)));
    const tbs = tlv(
      0x30,
      version,
      tlv(0x02, Uint8Array.of(1)),
      empty,
      empty,
      empty,
      subject,
      empty,
      extensions,
    );
    const der = tlv(0x30, tbs, empty, tlv(0x03, Uint8Array.of(0)));
    expect(certificateNames(der, noop)).toEqual({
      commonName: 'a.example',
      dnsNames: ['b.example', 'c.example.example.org'],
    });
    fc.assert(
      fc.property(inputs(der), (b) => {
        const names = certificateNames(b, noop);
        if (names) expect(names.dnsNames.length).toBeLessThanOrEqual(b.length / 2);
      }),
      RUNS,
    );
  });
});

describe('fuzz: HTTP', () => {
  it('request and response parsers never throw; output is bounded by the input', () => {
    fc.assert(
      fc.property(
        segmented(inputs(HTTP_SAMPLE)),
        segmented(inputs(HTTP_RESPONSES)),
        fc.boolean(),
        (req, res, withGap) => {
          const queue = createHttpExchangeQueue();
          let requests = 0;
          let bodyBytes = 0;
          const rp = new HttpRequestParser({
            anomaly: noop,
            queue,
            onRequest: () => requests++,
            onBody: (b) => (bodyBytes += b.length),
          });
          const sp = new HttpResponseParser({ anomaly: noop, queue, onBody: (b) => (bodyBytes += b.length) });
          let total = 0;
          for (const [parser, parts] of [
            [rp, req],
            [sp, res],
          ] as const) {
            let offset = 0;
            parts.forEach((p, i) => {
              // Optionally lose the second segment, to exercise gap recovery.
              if (withGap && i === 1) parser.gap(offset, p.length);
              else parser.push(p, offset, i + 1);
              offset += p.length;
              parser.placeAt(offset - 1);
            });
            parser.end();
            total += offset;
          }
          expect(requests).toBeLessThanOrEqual(total / 14);
          expect(bodyBytes).toBeLessThanOrEqual(total);
        },
      ),
      RUNS,
    );
  });

  it('parseHttpDatagram and guessProtocol never throw', () => {
    fc.assert(
      fc.property(inputs(HTTP_SAMPLE), fc.nat({ max: 65535 }), fc.boolean(), (b, port, udp) => {
        parseHttpDatagram(b, noop);
        expect(typeof guessProtocol(b, 40000, port, udp ? 'udp' : 'tcp')).toBe('string');
      }),
      RUNS,
    );
  });
});

describe('fuzz: DHCP, DHCPv6, ARP, NDP', () => {
  const MAC = '64:09:80:3c:5e:21';
  const DHCP_SAMPLE = dhcpMessage({
    op: 1,
    chaddr: MAC,
    file: concat([dhcpOption(12, 'in-file'), Uint8Array.of(255)]),
    options: [
      dhcpOption(53, Uint8Array.of(3)),
      dhcpOption(52, Uint8Array.of(3)),
      dhcpOption(61, concat([Uint8Array.of(255, 0, 0, 0, 1), duidLlt(MAC)])),
      dhcpOption(12, 'phone'),
      dhcpOption(60, 'android-dhcp-13'),
      dhcpOption(50, Uint8Array.of(198, 51, 100, 23)),
    ],
  });
  const DHCPV6_SAMPLE = dhcpv6Relay(
    12,
    0,
    '2001:db8::1',
    'fe80::1',
    dhcpv6Message(
      3,
      7,
      dhcpv6Option(1, duidLlt(MAC)),
      iaNa(1, ['2001:db8::23', '2001:db8::24']),
      dhcpv6Option(39, Uint8Array.of(1), dnsLabels('phone.example')),
    ),
  );
  const ARP_SAMPLE = arpPacket({
    op: 1,
    senderMac: MAC,
    senderIp: '198.51.100.23',
    targetMac: '00:00:00:00:00:00',
    targetIp: '198.51.100.1',
  });
  const NDP_SAMPLE = icmpv6(
    'fe80::1',
    'ff02::1',
    137,
    0,
    concat([
      new Uint8Array(4),
      ipv6Bytes('fe80::2'),
      ipv6Bytes('2001:db8::5'),
      linkLayerOption(2, MAC),
      linkLayerOption(1, MAC),
    ]),
  );

  it('parseDhcp never throws; its spans stay inside the datagram', () => {
    fc.assert(
      fc.property(inputs(DHCP_SAMPLE), (b) => {
        const m = parseDhcp(b, noop);
        if (!m) return b.length < 44;
        for (const s of m.hardwareSpans) expect(s.end).toBeLessThanOrEqual(b.length);
        expect((m.hostname ?? '').length + (m.vendorClass ?? '').length).toBeLessThanOrEqual(2 * 255 * 4);
        return true;
      }),
      RUNS,
    );
  });

  it('parseDhcpv6 never throws; address lists are bounded by the datagram', () => {
    fc.assert(
      fc.property(inputs(DHCPV6_SAMPLE), (b) => {
        const m = parseDhcpv6(b, noop);
        if (!m) return;
        expect(m.addresses.length).toBeLessThanOrEqual(b.length / 28);
        for (const s of m.hardwareSpans) expect(s.end).toBeLessThanOrEqual(b.length);
      }),
      RUNS,
    );
  });

  it('parseArp and parseNdp never throw', () => {
    fc.assert(
      fc.property(inputs(ARP_SAMPLE), inputs(NDP_SAMPLE), fc.nat({ max: 40 }), (a, n, at) => {
        parseArp(a, at, noop);
        const m = parseNdp(n, noop);
        if (m) expect(m.type).toBeGreaterThanOrEqual(133);
      }),
      RUNS,
    );
  });
});
