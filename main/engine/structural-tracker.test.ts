import { describe, expect, it } from 'vitest';
import type { EngineRecord, StructuralRecord } from '../../shared/events';
import type { Identifier } from '../../shared/identifier-types';
import {
  arpPacket,
  dhcpMessage,
  dhcpOption,
  dhcpv6Message,
  dhcpv6Option,
  duidLl,
  ETHERTYPE_ARP,
  icmpv6Frame,
  linkLayerOption,
  udpEthernetFrame,
} from '../../e2e/fixtures/lib/dhcp-builder';
import {
  Clock,
  concat,
  ethernet,
  macBytes,
  TcpConnection,
  te,
  type Frame,
  type Host,
} from '../../e2e/fixtures/lib/packet-builder';
import { runFrames } from './test-support/run-exchange';
import { linkProtocolOf, StructuralTracker } from './structural-tracker';

const MAC: Identifier = { kind: 'mac', value: '64-09-80-3C-5E-21', label: 'Wi-Fi MAC' };
const IMEI: Identifier = { kind: 'imei', value: '490154203237518' };

function tracker(): StructuralTracker {
  return new StructuralTracker([
    { identifier: IMEI, canonical: '490154203237518', index: 0 },
    { identifier: MAC, canonical: '64:09:80:3c:5e:21', index: 1 },
  ]);
}

describe('StructuralTracker', () => {
  it('is inactive without a MAC identifier', () => {
    expect(new StructuralTracker([{ identifier: IMEI, canonical: '490154203237518', index: 0 }]).active).toBe(
      false,
    );
    expect(tracker().active).toBe(true);
  });

  it('counts the user MAC per protocol and field, keeping the first frame, once per drain', () => {
    const t = tracker();
    t.sawMac('64:09:80:3c:5e:21', 'ethernet', 'source address', 1, 100);
    t.sawMac('02:50:48:00:00:01', 'ethernet', 'destination address', 1, 100);
    t.sawMac('64:09:80:3c:5e:21', 'ethernet', 'source address', 2, 101);
    t.sawMac('64:09:80:3c:5e:21', 'arp', 'sender hardware address', 2, 101);
    t.sawMac(null, 'arp', 'target hardware address', 2, 101);
    expect(t.drain()).toEqual([
      {
        type: 'structural',
        frame: 1,
        ts: 100,
        kind: 'mac',
        label: 'Wi-Fi MAC',
        identifier: 1,
        protocol: 'ethernet',
        field: 'source address',
        count: 2,
      },
      {
        type: 'structural',
        frame: 2,
        ts: 101,
        kind: 'mac',
        label: 'Wi-Fi MAC',
        identifier: 1,
        protocol: 'arp',
        field: 'sender hardware address',
        count: 1,
      },
    ]);
    expect(t.drain()).toEqual([]);
    t.sawMac('64:09:80:3c:5e:21', 'ethernet', 'source address', 9, 109);
    expect(t.drain()).toMatchObject([{ field: 'source address', frame: 1, count: 3 }]);
  });

  it('counts matcher hits of a MAC identifier only', () => {
    const t = tracker();
    expect(t.isMac(1)).toBe(true);
    expect(t.isMac(0)).toBe(false);
    t.sawIdentifier(0, 'dhcp', 'client identifier', 5, 1);
    t.sawIdentifier(1, 'dhcp', 'client identifier', 5, 1);
    expect(t.drain()).toMatchObject([
      { identifier: 1, protocol: 'dhcp', field: 'client identifier', count: 1 },
    ]);
  });

  it('counts a MAC the user entered twice under each identifier', () => {
    const t = new StructuralTracker([
      { identifier: MAC, canonical: '64:09:80:3c:5e:21', index: 0 },
      { identifier: { ...MAC, label: 'same MAC, other label' }, canonical: '64:09:80:3c:5e:21', index: 1 },
    ]);
    t.sawMac('64:09:80:3c:5e:21', 'ethernet', 'source address', 1, 1);
    expect(t.drain().map((r) => [r.identifier, r.label, r.count])).toEqual([
      [0, 'Wi-Fi MAC', 1],
      [1, 'same MAC, other label', 1],
    ]);
  });

  it('names radio captures 802.11 and everything else Ethernet', () => {
    expect([105, 127, 119, 163].map(linkProtocolOf)).toEqual(['802.11', '802.11', '802.11', '802.11']);
    expect([1, 113, 276, 101].map(linkProtocolOf)).toEqual(['ethernet', 'ethernet', 'ethernet', 'ethernet']);
  });
});

describe('structural MACs through the engine', () => {
  const PHONE: Host = { mac: '64:09:80:3c:5e:21', ip: '198.51.100.23' };
  const GATEWAY: Host = { mac: '02:50:48:00:00:01', ip: '198.51.100.1' };
  const ids: Identifier[] = [MAC, IMEI];

  /** A phone joining: DHCP (chaddr, client id as bytes and as text), ARP, NDP, DHCPv6. */
  function joining(): Frame[] {
    const frames: Frame[] = [];
    const clock = new Clock(1_700_000_000);
    const add = (data: Uint8Array) => {
      frames.push({ ...clock.stamp(), data });
      clock.advance(10);
    };
    add(
      udpEthernetFrame(
        PHONE.mac,
        'ff:ff:ff:ff:ff:ff',
        '0.0.0.0',
        '255.255.255.255',
        68,
        67,
        dhcpMessage({
          op: 1,
          chaddr: PHONE.mac,
          options: [
            dhcpOption(53, Uint8Array.of(1)),
            dhcpOption(61, concat(Uint8Array.of(1), macBytes(PHONE.mac))),
          ],
        }),
      ),
    );
    // Some clients send the client identifier as text; the MAC in it is still structural.
    add(
      udpEthernetFrame(
        PHONE.mac,
        'ff:ff:ff:ff:ff:ff',
        '0.0.0.0',
        '255.255.255.255',
        68,
        67,
        dhcpMessage({
          op: 1,
          chaddr: PHONE.mac,
          options: [
            dhcpOption(53, Uint8Array.of(3)),
            dhcpOption(61, concat(Uint8Array.of(0), te.encode('6409.803c.5e21'))),
          ],
        }),
      ),
    );
    add(
      ethernet(
        PHONE.mac,
        'ff:ff:ff:ff:ff:ff',
        ETHERTYPE_ARP,
        arpPacket({
          op: 1,
          senderMac: PHONE.mac,
          senderIp: PHONE.ip,
          targetMac: '00:00:00:00:00:00',
          targetIp: GATEWAY.ip,
        }),
      ),
    );
    add(
      ethernet(
        GATEWAY.mac,
        PHONE.mac,
        ETHERTYPE_ARP,
        arpPacket({
          op: 2,
          senderMac: GATEWAY.mac,
          senderIp: GATEWAY.ip,
          targetMac: PHONE.mac,
          targetIp: PHONE.ip,
        }),
      ),
    );
    add(
      icmpv6Frame(
        PHONE.mac,
        '33:33:00:00:00:02',
        'fe80::1:2',
        'ff02::2',
        133,
        concat(new Uint8Array(4), linkLayerOption(1, PHONE.mac)),
      ),
    );
    add(
      udpEthernetFrame(
        PHONE.mac,
        '33:33:00:01:00:02',
        'fe80::1:2',
        'ff02::1:2',
        546,
        547,
        dhcpv6Message(1, 1, dhcpv6Option(1, duidLl(PHONE.mac))),
      ),
    );
    return frames;
  }

  const analyse = runFrames;

  const finalStructural = (records: EngineRecord[]) => {
    const byKey = new Map<string, StructuralRecord>();
    for (const r of records) if (r.type === 'structural') byKey.set(`${r.protocol}/${r.field}`, r);
    return Object.fromEntries([...byKey].map(([k, r]) => [k, r.count]));
  };

  it('reports the MAC in Ethernet, ARP, DHCP, DHCPv6 and NDP fields as structural, never as a leak', () => {
    const records = analyse(joining(), ids);
    expect(records.filter((r) => r.type === 'leak')).toEqual([]);
    expect(finalStructural(records)).toEqual({
      'ethernet/source address': 5,
      'ethernet/destination address': 1,
      'dhcp/chaddr': 2,
      'dhcp/client identifier': 2,
      'arp/sender hardware address': 1,
      'arp/target hardware address': 1,
      'ndp/source link-layer address': 1,
      'dhcpv6/client identifier': 1,
    });
  });

  it('reports the same MAC written in an HTTP query as a leak', () => {
    const frames = joining();
    const clock = new Clock(1_700_000_100);
    new TcpConnection(frames, clock, PHONE, GATEWAY, '203.0.113.80', 40000, 80)
      .handshake()
      .send(true, te.encode('GET /track?mac=64%3A09%3A80%3A3c%3A5e%3A21 HTTP/1.1\r\nHost: t.example\r\n\r\n'))
      .close();
    const records = analyse(frames, ids);
    const leaks = records.filter((r) => r.type === 'leak');
    expect(leaks.map((l) => [l.kind, l.encoding, l.where, l.protocol])).toEqual([
      ['mac', 'url', 'query', 'http'],
    ]);
    expect(finalStructural(records)['dhcp/chaddr']).toBe(2);
  });

  it('emits nothing structural when the user gave no MAC', () => {
    const records = analyse(joining(), [IMEI]);
    expect(records.filter((r) => r.type === 'structural' || r.type === 'leak')).toEqual([]);
  });
});
