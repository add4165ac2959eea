import { describe, expect, it } from 'vitest';
import {
  dhcpv6Message,
  dhcpv6Option,
  dhcpv6Relay,
  dnsLabels,
  duidEn,
  duidLl,
  duidLlt,
  iaNa,
  pcapngOf,
  udpEthernetFrame,
} from '../../../e2e/fixtures/lib/dhcp-builder';
import { te } from '../../../e2e/fixtures/lib/packet-builder';
import { MAX_RELAY_DEPTH, parseDhcpv6 } from './dhcpv6';
import { hexBytes } from './test-support/annotated-hex';
import { hasTshark, run, tempFile } from './test-support/tools';

const PHONE = '64:09:80:3c:5e:21';
const SERVER = '02:50:48:00:00:01';
const PHONE_LL = 'fe80::6609:80ff:fe3c:5e21';
const SERVER_LL = 'fe80::50:48ff:fe00:1';

function collect(): { sink: (name: string) => void; names: string[] } {
  const names: string[] = [];
  return { sink: (name) => names.push(name), names };
}

describe('parseDhcpv6', () => {
  it('reads a Solicit from a hand-annotated hex dump (the one in ndpi android.pcap)', () => {
    const bytes = hexBytes(
      '01' + // msg-type: SOLICIT
        'd8e4fe' + // transaction-id
        '0001' +
        '000e' + // option CLIENTID, length 14
        '0001' + // DUID type: DUID-LLT
        '0001' + // hardware type: Ethernet
        '25e5148e' + // time
        '4c6af69ff627' + // link-layer address: 4c:6a:f6:9f:f6:27
        '0003' +
        '000c' + // option IA_NA, length 12
        '0e0008ca' +
        '00000000' +
        '00000000' + // IAID, T1, T2
        '0008' +
        '0002' +
        '0000', // option ELAPSED_TIME, length 2, 0
    );
    const { sink, names } = collect();
    expect(parseDhcpv6(bytes, sink)).toEqual({
      msgType: 1,
      transactionId: 0xd8e4fe,
      relays: 0,
      clientId: { type: 1, mac: '4c:6a:f6:9f:f6:27' },
      serverId: null,
      fqdn: null,
      addresses: [],
      hardwareSpans: [{ start: 8, end: 22, field: 'client identifier' }],
    });
    expect(names).toEqual([]);
  });

  it('reports truncation and keeps the options read before it', () => {
    const msg = dhcpv6Message(
      1,
      7,
      dhcpv6Option(1, duidLl(PHONE)),
      dhcpv6Option(39, Uint8Array.of(1), dnsLabels('phone')),
    );
    let c = collect();
    const cut = parseDhcpv6(msg.subarray(0, msg.length - 3), c.sink);
    expect(cut?.clientId?.mac).toBe(PHONE);
    expect(cut?.fqdn).toBeNull();
    expect(c.names).toEqual(['dhcpv6-option-truncated']);
    c = collect();
    expect(parseDhcpv6(msg.subarray(0, 3), c.sink)).toBeNull();
    expect(c.names).toEqual(['dhcpv6-truncated']);
  });

  it('opens relay messages, but not deeper than the hop count limit', () => {
    const inner = dhcpv6Message(3, 9, dhcpv6Option(1, duidLlt(PHONE)));
    let wrapped = inner;
    for (let i = 0; i < 2; i++) wrapped = dhcpv6Relay(12, i, '2001:db8::1', PHONE_LL, wrapped);
    const msg = parseDhcpv6(wrapped, () => {});
    expect(msg).toMatchObject({ msgType: 3, transactionId: 9, relays: 2, clientId: { type: 1, mac: PHONE } });
    // The span points into the outer buffer, past two 34-byte relay headers and two option headers.
    expect(msg?.hardwareSpans).toEqual([
      { start: 2 * 38 + 8, end: 2 * 38 + 8 + 14, field: 'client identifier' },
    ]);
    let deep = inner;
    for (let i = 0; i <= MAX_RELAY_DEPTH; i++) deep = dhcpv6Relay(12, i, '2001:db8::1', PHONE_LL, deep);
    const c = collect();
    expect(parseDhcpv6(deep, c.sink)).toBeNull();
    expect(c.names).toEqual(['dhcpv6-relay-too-deep']);
  });

  it('gives no MAC for DUID-EN or a DUID of another hardware type', () => {
    const en = parseDhcpv6(dhcpv6Message(1, 1, dhcpv6Option(1, duidEn(9, te.encode('serial-1')))), () => {});
    expect(en?.clientId).toEqual({ type: 2, mac: null });
    const other = duidLl(PHONE);
    other[3] = 32; // hardware type InfiniBand
    expect(parseDhcpv6(dhcpv6Message(1, 1, dhcpv6Option(1, other)), () => {})?.clientId).toEqual({
      type: 3,
      mac: null,
    });
  });

  it.skipIf(!hasTshark)(
    'agrees with tshark on Solicit, Advertise, Request, Reply and a relayed Request',
    () => {
      const fqdn = dhcpv6Option(39, Uint8Array.of(1), dnsLabels('pixel-7.example.org'));
      const partial = dhcpv6Option(39, Uint8Array.of(0), dnsLabels('galaxy', true));
      const client = dhcpv6Option(1, duidLlt(PHONE));
      const server = dhcpv6Option(2, duidLl(SERVER));
      const messages: { bytes: Uint8Array; fromClient: boolean }[] = [
        { bytes: dhcpv6Message(1, 0x1234, client, iaNa(1, []), fqdn), fromClient: true },
        { bytes: dhcpv6Message(2, 0x1234, client, server, iaNa(1, ['2001:db8::23'])), fromClient: false },
        {
          bytes: dhcpv6Message(3, 0x1235, dhcpv6Option(1, duidLl(PHONE)), server, partial),
          fromClient: true,
        },
        {
          bytes: dhcpv6Message(7, 0x1235, client, server, iaNa(1, ['2001:db8::23', '2001:db8::24'])),
          fromClient: false,
        },
        {
          bytes: dhcpv6Relay(12, 0, '2001:db8::1', PHONE_LL, dhcpv6Message(3, 0x1236, client, server, fqdn)),
          fromClient: true,
        },
      ];
      const frames = messages.map(({ bytes, fromClient }) =>
        fromClient
          ? udpEthernetFrame(PHONE, '33:33:00:01:00:02', PHONE_LL, 'ff02::1:2', 546, 547, bytes)
          : udpEthernetFrame(SERVER, PHONE, SERVER_LL, PHONE_LL, 547, 546, bytes),
      );
      const file = tempFile('dhcpv6.pcapng', pcapngOf(frames));
      // occurrence=l: in a relayed message the innermost msgtype is the last one.
      const fields = [
        'dhcpv6.msgtype',
        'dhcpv6.duidllt.link_layer_addr',
        'dhcpv6.duidll.link_layer_addr',
        'dhcpv6.client_domain',
        'dhcpv6.iaaddr.ip',
      ];
      const theirs = run('tshark', [
        '-r',
        file,
        '-n',
        '-T',
        'fields',
        '-E',
        'occurrence=a',
        '-E',
        'aggregator=;',
        ...fields.flatMap((f) => ['-e', f]),
      ])
        .trim()
        .split('\n')
        .map((l) => {
          const [types, llt, ll, domain, addrs] = l.split('\t');
          return [types.split(';').pop(), llt, ll, domain, addrs ?? ''];
        });
      const ours = messages.map(({ bytes }) => {
        const m = parseDhcpv6(bytes, () => {})!;
        const duids = [m.clientId, m.serverId].filter((d) => d !== null);
        const macs = (type: number) =>
          duids
            .filter((d) => d.type === type && d.mac)
            .map((d) => d.mac)
            .join(';');
        return [String(m.msgType), macs(1), macs(3), m.fqdn ?? '', m.addresses.join(';')];
      });
      expect(ours).toEqual(theirs);
    },
  );
});
