import { describe, expect, it } from 'vitest';
import { icmpv6Frame, linkLayerOption, pcapngOf } from '../../../e2e/fixtures/lib/dhcp-builder';
import { concat, ipv6Bytes } from '../../../e2e/fixtures/lib/packet-builder';
import { parseNdp } from './ndp';
import { hexBytes } from './test-support/annotated-hex';
import { hasTshark, run, tempFile } from './test-support/tools';

const PHONE = '64:09:80:3c:5e:21';
const ROUTER = '02:50:48:00:00:01';
const PHONE_LL = 'fe80::6609:80ff:fe3c:5e21';
const ROUTER_LL = 'fe80::50:48ff:fe00:1';

function collect(): { sink: (name: string) => void; names: string[] } {
  const names: string[] = [];
  return { sink: (name) => names.push(name), names };
}

/** The ICMPv6 message inside an Ethernet + IPv6 frame built by icmpv6Frame. */
const icmpOf = (frame: Uint8Array) => frame.subarray(14 + 40);

describe('parseNdp', () => {
  it('reads a Neighbor Advertisement from a hand-annotated hex dump', () => {
    const bytes = hexBytes(
      '88' + // Type: Neighbor Advertisement (136)
        '00' + // Code: 0
        '0000' + // Checksum (not checked by the parser)
        'e0000000' + // Flags: R, S, O set; reserved
        '20010db8000100000000000000000002' + // Target Address: 2001:db8:1::2
        '02' + // Option type: Target Link-Layer Address
        '01' + // Option length: 1 (8 bytes)
        '64006a5b8f4a', // Link-layer address: 64:00:6a:5b:8f:4a
    );
    expect(parseNdp(bytes, () => {})).toEqual({
      type: 136,
      code: 0,
      targetAddress: '2001:db8:1::2',
      destinationAddress: null,
      router: true,
      solicited: true,
      override: true,
      sourceLinkLayer: null,
      targetLinkLayer: '64:00:6a:5b:8f:4a',
    });
  });

  it('returns null without an anomaly for ICMPv6 that is not Neighbor Discovery', () => {
    const { sink, names } = collect();
    expect(parseNdp(hexBytes('80 00 0000 1234 0001'), sink)).toBeNull(); // Echo Request
    expect(parseNdp(new Uint8Array(0), sink)).toBeNull();
    expect(names).toEqual([]);
  });

  it('reports a message shorter than its fixed part', () => {
    for (const [type, need] of [
      [133, 8],
      [134, 16],
      [135, 24],
      [136, 24],
      [137, 40],
    ]) {
      const { sink, names } = collect();
      const bytes = new Uint8Array(need - 1);
      bytes[0] = type;
      expect(parseNdp(bytes, sink)).toBeNull();
      expect(names).toEqual(['ndp-truncated']);
    }
  });

  it('stops at an option of length zero and at one running past the end, keeping earlier options', () => {
    const rs = (options: Uint8Array) => concat(Uint8Array.of(133, 0, 0, 0, 0, 0, 0, 0), options);
    let c = collect();
    const zero = parseNdp(
      rs(concat(linkLayerOption(1, PHONE), Uint8Array.of(3, 0, 0, 0, 0, 0, 0, 0))),
      c.sink,
    );
    expect(zero?.sourceLinkLayer).toBe(PHONE);
    expect(c.names).toEqual(['ndp-option-zero-length']);
    c = collect();
    const long = parseNdp(rs(Uint8Array.of(1, 2, 1, 2, 3, 4, 5, 6, 7)), c.sink);
    expect(long?.sourceLinkLayer).toBeNull();
    expect(c.names).toEqual(['ndp-option-truncated']);
    c = collect();
    parseNdp(rs(concat(linkLayerOption(1, PHONE), Uint8Array.of(1))), c.sink);
    expect(c.names).toEqual(['ndp-option-truncated']);
  });

  it.skipIf(!hasTshark)('agrees with tshark on RS, RA, NS, NA and Redirect', () => {
    const prefixInfo = concat(Uint8Array.of(3, 4, 64, 0xc0), new Uint8Array(12), ipv6Bytes('2001:db8:1::'));
    const frames = [
      icmpv6Frame(
        PHONE,
        '33:33:00:00:00:02',
        PHONE_LL,
        'ff02::2',
        133,
        concat(new Uint8Array(4), linkLayerOption(1, PHONE)),
      ),
      icmpv6Frame(
        ROUTER,
        '33:33:00:00:00:01',
        ROUTER_LL,
        'ff02::1',
        134,
        concat(
          Uint8Array.of(64, 0, 0x07, 0x08, 0, 0, 0, 0, 0, 0, 0, 0),
          prefixInfo,
          linkLayerOption(1, ROUTER),
        ),
      ),
      icmpv6Frame(
        PHONE,
        '33:33:ff:00:00:01',
        '2001:db8:1::23',
        'ff02::1:ff00:1',
        135,
        concat(new Uint8Array(4), ipv6Bytes('2001:db8:1::1'), linkLayerOption(1, PHONE)),
      ),
      icmpv6Frame(
        ROUTER,
        PHONE,
        '2001:db8:1::1',
        '2001:db8:1::23',
        136,
        concat(Uint8Array.of(0xc0, 0, 0, 0), ipv6Bytes('2001:db8:1::1'), linkLayerOption(2, ROUTER)),
      ),
      // Duplicate address detection: unspecified source, no link-layer option.
      icmpv6Frame(
        PHONE,
        '33:33:ff:00:00:23',
        '::',
        'ff02::1:ff00:23',
        135,
        concat(new Uint8Array(4), ipv6Bytes('2001:db8:1::23')),
      ),
      icmpv6Frame(
        ROUTER,
        PHONE,
        ROUTER_LL,
        '2001:db8:1::23',
        137,
        concat(
          new Uint8Array(4),
          ipv6Bytes('fe80::1'),
          ipv6Bytes('2001:db8:2::5'),
          linkLayerOption(2, 'a4:5e:60:c2:11:7f'),
        ),
      ),
    ];
    const file = tempFile('ndp.pcapng', pcapngOf(frames));
    const fields = [
      'icmpv6.type',
      'icmpv6.nd.ns.target_address',
      'icmpv6.nd.na.target_address',
      'icmpv6.nd.rd.target_address',
      'icmpv6.nd.na.flag.r',
      'icmpv6.nd.na.flag.s',
      'icmpv6.opt.src_linkaddr',
      'icmpv6.opt.target_linkaddr',
      'icmpv6.checksum.status',
    ];
    const theirs = run('tshark', ['-r', file, '-n', '-T', 'fields', ...fields.flatMap((f) => ['-e', f])])
      .trim()
      .split('\n')
      .map((l) => l.split('\t'));
    const flag = (on: boolean, type: number) => (type === 136 ? (on ? 'True' : 'False') : '');
    const ours = frames.map((f) => {
      const m = parseNdp(icmpOf(f), () => {})!;
      return [
        String(m.type),
        m.type === 135 ? m.targetAddress : '',
        m.type === 136 ? m.targetAddress : '',
        m.type === 137 ? m.targetAddress : '',
        flag(m.router, m.type),
        flag(m.solicited, m.type),
        m.sourceLinkLayer ?? '',
        m.targetLinkLayer ?? '',
        // Checksum status 1 = "Good": the builder made well-formed messages.
        '1',
      ];
    });
    // tshark prints booleans as True/False or 1/0 depending on version; normalise to True/False.
    const norm = theirs.map((row) =>
      row.map((v, i) =>
        i === 4 || i === 5 ? (({ '1': 'True', '0': 'False' } as Record<string, string>)[v] ?? v) : v,
      ),
    );
    expect(ours).toEqual(norm);
    // The Redirect's destination is not in tshark's field list under a stable name; check it by hand.
    expect(parseNdp(icmpOf(frames[5]), () => {})?.destinationAddress).toBe('2001:db8:2::5');
  });
});
