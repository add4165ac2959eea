import { describe, expect, it } from 'vitest';
import {
  dhcpMessage,
  dhcpOption,
  duidLl,
  pcapngOf,
  udpEthernetFrame,
} from '../../../e2e/fixtures/lib/dhcp-builder';
import { concat, te } from '../../../e2e/fixtures/lib/packet-builder';
import { parseDhcp } from './dhcp';
import { hexBytes } from './test-support/annotated-hex';
import { hasTshark, run, tempFile } from './test-support/tools';

const PHONE = '64:09:80:3c:5e:21';
const SERVER = '02:50:48:00:00:01';

function collect(): { sink: (name: string) => void; names: string[] } {
  const names: string[] = [];
  return { sink: (name) => names.push(name), names };
}

const ip4 = (s: string) => Uint8Array.from(s.split('.').map(Number));

describe('parseDhcp', () => {
  it('reads a DHCPDISCOVER from a hand-annotated hex dump', () => {
    const fixed =
      '01' + // op: BOOTREQUEST
      '01' + // htype: Ethernet
      '06' + // hlen: 6
      '00' + // hops
      '7c6d7f31' + // xid
      '0000' + // secs
      '0000' + // flags
      '00000000' + // ciaddr
      '00000000' + // yiaddr
      '00000000' + // siaddr
      '00000000' + // giaddr
      '6409803c5e21' + // chaddr: 64:09:80:3c:5e:21 ...
      '00'.repeat(10) + // ... padded to 16 bytes
      '00'.repeat(64) + // sname
      '00'.repeat(128); // file
    const options =
      '63825363' + // magic cookie 99.130.83.99
      '3501' +
      '01' + // option 53, length 1: DHCPDISCOVER
      '3d07' +
      '016409803c5e21' + // option 61, length 7: type 1 (Ethernet) + MAC
      '0c0d' +
      '616e64726f69642d7068' +
      '6f6e65' + // option 12, length 13: "android-phone"
      '3c0f' +
      '616e64726f69642d646863702d3133' + // option 60, length 15: "android-dhcp-13"
      'ff'; // END
    const bytes = hexBytes(fixed + options);
    const { sink, names } = collect();
    const msg = parseDhcp(bytes, sink);
    expect(names).toEqual([]);
    expect(msg).toEqual({
      op: 1,
      htype: 1,
      hlen: 6,
      xid: 0x7c6d7f31,
      ciaddr: '0.0.0.0',
      yiaddr: '0.0.0.0',
      siaddr: '0.0.0.0',
      giaddr: '0.0.0.0',
      clientMac: PHONE,
      messageType: 1,
      hostname: 'android-phone',
      vendorClass: 'android-dhcp-13',
      requestedIp: null,
      clientId: { type: 1, mac: PHONE },
      hardwareSpans: [
        { start: 28, end: 34, field: 'chaddr' },
        // Options start at 240 (after the cookie); option 53 takes 3 bytes, option 61's value
        // follows its 2-byte header at 243.
        { start: 245, end: 252, field: 'client identifier' },
      ],
    });
  });

  it('reports a header shorter than 236 bytes, still naming the client when chaddr is there', () => {
    let c = collect();
    expect(parseDhcp(new Uint8Array(43), c.sink)).toBeNull();
    expect(c.names).toEqual(['dhcp-truncated']);
    // A capture with a 96-byte snaplen keeps 54 bytes of the datagram (gopacket's test006.pcapng).
    c = collect();
    const cut = parseDhcp(dhcpMessage({ op: 1, chaddr: PHONE }).subarray(0, 54), c.sink);
    expect(cut).toMatchObject({ op: 1, clientMac: PHONE, messageType: null, hostname: null });
    expect(c.names).toEqual(['dhcp-truncated']);
  });

  it('reports an option running past the end and keeps the options before it', () => {
    const msg = dhcpMessage({
      op: 1,
      chaddr: PHONE,
      options: [dhcpOption(53, Uint8Array.of(3)), dhcpOption(12, 'phone')],
      noEnd: true,
    });
    const c = collect();
    const cut = parseDhcp(msg.subarray(0, msg.length - 2), c.sink);
    expect(cut?.messageType).toBe(3);
    expect(cut?.hostname).toBeNull();
    expect(c.names).toEqual(['dhcp-option-truncated']);
  });

  it('follows option overload into file and sname, once', () => {
    const file = new Uint8Array(128);
    file.set(concat(dhcpOption(12, 'in-file'), dhcpOption(52, Uint8Array.of(3)), Uint8Array.of(255)));
    const sname = new Uint8Array(64);
    sname.set(concat(dhcpOption(60, 'in-sname'), Uint8Array.of(255)));
    const msg = parseDhcp(
      dhcpMessage({ op: 1, chaddr: PHONE, file, sname, options: [dhcpOption(52, Uint8Array.of(3))] }),
      () => {},
    );
    expect(msg?.hostname).toBe('in-file');
    expect(msg?.vendorClass).toBe('in-sname');
  });

  it('finds the MAC in a client identifier that is a DUID (RFC 4361) and none in a text one', () => {
    const duid = parseDhcp(
      dhcpMessage({
        op: 1,
        chaddr: PHONE,
        options: [dhcpOption(61, concat(Uint8Array.of(255, 0, 0, 0, 1), duidLl('a4:5e:60:c2:11:7f')))],
      }),
      () => {},
    );
    expect(duid?.clientId).toEqual({ type: 255, mac: 'a4:5e:60:c2:11:7f' });
    const text = parseDhcp(
      dhcpMessage({
        op: 1,
        chaddr: PHONE,
        options: [dhcpOption(61, concat(Uint8Array.of(0), te.encode('cisco-6409.803c.5e21-Vl1')))],
      }),
      () => {},
    );
    expect(text?.clientId).toEqual({ type: 0, mac: null });
    // Option 61 is the first option (240), its value (type byte + 24 characters) starts at 242.
    expect(text?.hardwareSpans[1]).toEqual({ start: 242, end: 267, field: 'client identifier' });
  });

  it.skipIf(!hasTshark)('agrees with tshark on DISCOVER, REQUEST, ACK, INFORM and plain BOOTP', () => {
    const messages = [
      dhcpMessage({
        op: 1,
        chaddr: PHONE,
        options: [
          dhcpOption(53, Uint8Array.of(1)),
          dhcpOption(61, concat(Uint8Array.of(1), Uint8Array.of(0x64, 0x09, 0x80, 0x3c, 0x5e, 0x21))),
          dhcpOption(12, 'Galaxy-S23'),
          dhcpOption(60, 'android-dhcp-13'),
          dhcpOption(55, Uint8Array.of(1, 3, 6, 15)),
        ],
      }),
      dhcpMessage({
        op: 1,
        chaddr: PHONE,
        options: [
          dhcpOption(53, Uint8Array.of(3)),
          dhcpOption(50, ip4('198.51.100.23')),
          dhcpOption(54, ip4('198.51.100.1')),
          // A host name with a trailing NUL, as some clients send it.
          dhcpOption(12, concat(te.encode('iPhone'), Uint8Array.of(0))),
        ],
      }),
      dhcpMessage({
        op: 2,
        chaddr: PHONE,
        yiaddr: '198.51.100.23',
        siaddr: '198.51.100.1',
        options: [
          dhcpOption(53, Uint8Array.of(5)),
          dhcpOption(54, ip4('198.51.100.1')),
          dhcpOption(1, ip4('255.255.255.0')),
        ],
      }),
      dhcpMessage({
        op: 1,
        chaddr: 'da:a1:19:00:11:22',
        ciaddr: '198.51.100.42',
        options: [dhcpOption(53, Uint8Array.of(8)), dhcpOption(12, 'laptop')],
      }),
      dhcpMessage({ op: 2, chaddr: '00:0b:82:01:fc:42', yiaddr: '198.51.100.10', noCookie: true }),
    ];
    const frames = messages.map((m, i) =>
      m[0] === 1
        ? udpEthernetFrame(
            i === 3 ? 'da:a1:19:00:11:22' : PHONE,
            'ff:ff:ff:ff:ff:ff',
            '0.0.0.0',
            '255.255.255.255',
            68,
            67,
            m,
          )
        : udpEthernetFrame(SERVER, PHONE, '198.51.100.1', '198.51.100.23', 67, 68, m),
    );
    const file = tempFile('dhcp.pcapng', pcapngOf(frames));
    const fields = [
      'dhcp.type',
      'dhcp.hw.mac_addr',
      'dhcp.option.dhcp',
      'dhcp.option.hostname',
      'dhcp.option.vendor_class_id',
      'dhcp.option.requested_ip_address',
      'dhcp.ip.client',
      'dhcp.ip.your',
    ];
    // occurrence=f: tshark also shows a type-1 client identifier's MAC as dhcp.hw.mac_addr.
    const theirs = run('tshark', [
      '-r',
      file,
      '-n',
      '-T',
      'fields',
      '-E',
      'occurrence=f',
      ...fields.flatMap((f) => ['-e', f]),
    ])
      .trim()
      .split('\n')
      .map((l) => l.split('\t'));
    const ours = messages.map((b) => {
      const m = parseDhcp(b, () => {})!;
      return [
        String(m.op),
        m.clientMac ?? '',
        m.messageType === null ? '' : String(m.messageType),
        m.hostname ?? '',
        m.vendorClass ?? '',
        m.requestedIp ?? '',
        m.ciaddr,
        m.yiaddr,
      ];
    });
    expect(ours).toEqual(theirs);
  });
});
