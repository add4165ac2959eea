import { describe, expect, it } from 'vitest';
import type { DeviceRecord, EngineRecord } from '../../shared/events';
import {
  arpPacket,
  dhcpMessage,
  dhcpOption,
  dhcpv6Message,
  dhcpv6Option,
  dnsLabels,
  duidLlt,
  ETHERTYPE_ARP,
  iaNa,
  icmpv6Frame,
  linkLayerOption,
  udpEthernetFrame,
} from '../../e2e/fixtures/lib/dhcp-builder';
import { concat, ethernet, ipv4, ipv6Bytes, tcp, TCP } from '../../e2e/fixtures/lib/packet-builder';
import type { ArpPacket } from './app/arp';
import type { NdpMessage } from './app/ndp';
import { DeviceTable, LAST_SEEN_STEP, MAX_ADDRESSES, usableMac } from './device-table';
import { Engine } from './engine';
import { capturedFrame } from './test-support/run-exchange';

const PHONE = '64:09:80:3c:5e:21';
const GATEWAY = '02:50:48:00:00:01';
const PHONE_LL = 'fe80::6609:80ff:fe3c:5e21';
const GATEWAY_LL = 'fe80::50:48ff:fe00:1';

const arp = (senderMac: string, senderIp: string): ArpPacket => ({
  hardwareType: 1,
  protocolType: 0x0800,
  opcode: 1,
  senderMac,
  senderIp,
  targetMac: '00:00:00:00:00:00',
  targetIp: '198.51.100.1',
});

function run(frames: Uint8Array[]): EngineRecord[] {
  const engine = new Engine({ identifiers: [] });
  const records: EngineRecord[] = [];
  frames.forEach((data, i) => {
    engine.pushPacket(capturedFrame({ tsSec: 1_700_000_000 + i, tsNsec: 0, data }, i + 1));
    records.push(...engine.drain());
  });
  engine.end();
  records.push(...engine.drain());
  return records;
}

/** The last copy of each device, as a consumer keeps them. */
function finalDevices(records: EngineRecord[]): Map<string, DeviceRecord> {
  const out = new Map<string, DeviceRecord>();
  for (const r of records) if (r.type === 'device') out.set(r.mac, r);
  return out;
}

describe('DeviceTable', () => {
  it('learns from ARP senders, ignores group and zero MACs, and emits only what changed', () => {
    const names: string[] = [];
    const t = new DeviceTable((n) => names.push(n));
    t.fromArp(arp(PHONE, '198.51.100.23'), { frame: 1, ts: 10 });
    t.fromArp(arp('ff:ff:ff:ff:ff:ff', '198.51.100.9'), { frame: 2, ts: 11 });
    t.fromArp(arp('00:00:00:00:00:00', '198.51.100.9'), { frame: 3, ts: 12 });
    const first = t.drain();
    expect(first).toEqual([
      {
        type: 'device',
        mac: PHONE,
        frame: 1,
        firstTs: 10,
        lastTs: 10,
        vendor: 'Xiaomi Communications Co Ltd',
        randomized: false,
        hostname: null,
        vendorClass: null,
        ipv4: ['198.51.100.23'],
        ipv6: [],
        sources: ['arp'],
      },
    ]);
    // The same fact again is not news.
    t.fromArp(arp(PHONE, '198.51.100.23'), { frame: 4, ts: 13 });
    expect(t.drain()).toEqual([]);
    // A probe (sender 0.0.0.0) adds no address; a randomised MAC has no vendor.
    t.fromArp(arp('da:a1:19:00:11:22', '0.0.0.0'), { frame: 5, ts: 14 });
    expect(t.drain()).toMatchObject([{ mac: 'da:a1:19:00:11:22', ipv4: [], vendor: null, randomized: true }]);
    // Emitted copies do not change afterwards.
    t.fromArp(arp(PHONE, '198.51.100.24'), { frame: 6, ts: 15 });
    expect(first[0].ipv4).toEqual(['198.51.100.23']);
    expect(t.drain()).toMatchObject([{ mac: PHONE, frame: 6, ipv4: ['198.51.100.23', '198.51.100.24'] }]);
    expect(names).toEqual([]);
  });

  it('learns IP sources only for known MACs, only with an initial TTL, and caps each family', () => {
    const t = new DeviceTable(() => {});
    t.fromIpSource(PHONE, 4, '198.51.100.23', 64, 1, 10);
    expect(t.size).toBe(0);
    t.fromArp(arp(GATEWAY, '198.51.100.1'), { frame: 2, ts: 11 });
    t.drain();
    // A router forwards the Internet's packets with its own MAC: TTL 63 has been forwarded.
    t.fromIpSource(GATEWAY, 4, '203.0.113.80', 63, 3, 12);
    expect(t.drain()).toEqual([]);
    t.fromIpSource(GATEWAY, 6, GATEWAY_LL, 255, 4, 13);
    expect(t.drain()).toMatchObject([{ ipv6: [GATEWAY_LL], sources: ['arp', 'ip'], frame: 4 }]);
    for (let i = 0; i < MAX_ADDRESSES + 5; i++)
      t.fromIpSource(GATEWAY, 4, `198.51.100.${100 + i}`, 64, 5, 14);
    const [capped] = t.drain();
    expect(capped.ipv4).toHaveLength(MAX_ADDRESSES);
    // Last-seen alone is re-emitted only after LAST_SEEN_STEP seconds, and at the end.
    t.fromIpSource(GATEWAY, 4, '198.51.100.1', 63, 6, 20);
    expect(t.drain()).toEqual([]);
    t.fromIpSource(GATEWAY, 4, '198.51.100.1', 63, 7, 14 + LAST_SEEN_STEP);
    expect(t.drain()).toMatchObject([{ lastTs: 14 + LAST_SEEN_STEP }]);
    t.fromIpSource(GATEWAY, 4, '198.51.100.1', 63, 8, 15 + LAST_SEEN_STEP);
    expect(t.drain()).toEqual([]);
    expect(t.drain(true)).toMatchObject([{ lastTs: 15 + LAST_SEEN_STEP }]);
  });

  it('ignores NDP whose hop limit is not 255, with an anomaly', () => {
    const names: string[] = [];
    const t = new DeviceTable((n) => names.push(n));
    const ns: NdpMessage = {
      type: 135,
      code: 0,
      targetAddress: '2001:db8::1',
      destinationAddress: null,
      router: false,
      solicited: false,
      override: false,
      sourceLinkLayer: PHONE,
      targetLinkLayer: null,
    };
    t.fromNdp(ns, { frame: 1, ts: 1, srcIp: '2001:db8::23', hopLimit: 64 });
    expect(t.size).toBe(0);
    expect(names).toEqual(['ndp-hop-limit-invalid']);
    t.fromNdp(ns, { frame: 2, ts: 2, srcIp: '2001:db8::23', hopLimit: 255 });
    expect(t.drain()).toMatchObject([{ mac: PHONE, ipv6: ['2001:db8::23'], sources: ['ndp'] }]);
  });

  it('accepts only unicast, non-zero MACs in colon form', () => {
    expect([PHONE, 'da:a1:19:00:11:22'].map(usableMac)).toEqual([true, true]);
    expect(
      ['01:00:5e:00:00:fb', '33:33:00:00:00:01', '00:00:00:00:00:00', '', null, 'x'].map(usableMac),
    ).toEqual([false, false, false, false, false, false]);
  });
});

describe('devices through the engine', () => {
  it('builds one device per MAC from a phone joining over DHCP, ARP, NDP and DHCPv6', () => {
    const server = '198.51.100.1';
    const frames = [
      udpEthernetFrame(
        PHONE,
        'ff:ff:ff:ff:ff:ff',
        '0.0.0.0',
        '255.255.255.255',
        68,
        67,
        dhcpMessage({
          op: 1,
          chaddr: PHONE,
          options: [
            dhcpOption(53, Uint8Array.of(1)),
            dhcpOption(12, 'Redmi-Note'),
            dhcpOption(60, 'android-dhcp-13'),
          ],
        }),
      ),
      udpEthernetFrame(
        GATEWAY,
        PHONE,
        server,
        '198.51.100.23',
        67,
        68,
        dhcpMessage({
          op: 2,
          chaddr: PHONE,
          yiaddr: '198.51.100.23',
          options: [dhcpOption(53, Uint8Array.of(5))],
        }),
      ),
      ethernet(
        GATEWAY,
        'ff:ff:ff:ff:ff:ff',
        ETHERTYPE_ARP,
        arpPacket({
          op: 1,
          senderMac: GATEWAY,
          senderIp: server,
          targetMac: '00:00:00:00:00:00',
          targetIp: '198.51.100.23',
        }),
      ),
      icmpv6Frame(
        PHONE,
        '33:33:00:00:00:02',
        PHONE_LL,
        'ff02::2',
        133,
        concat(new Uint8Array(4), linkLayerOption(1, PHONE)),
      ),
      icmpv6Frame(
        GATEWAY,
        PHONE,
        '2001:db8::1',
        PHONE_LL,
        136,
        concat(Uint8Array.of(0xe0, 0, 0, 0), ipv6Bytes('2001:db8::1'), linkLayerOption(2, GATEWAY)),
      ),
      udpEthernetFrame(
        PHONE,
        '33:33:00:01:00:02',
        PHONE_LL,
        'ff02::1:2',
        546,
        547,
        dhcpv6Message(
          1,
          7,
          dhcpv6Option(1, duidLlt(PHONE)),
          dhcpv6Option(39, Uint8Array.of(1), dnsLabels('redmi.example')),
        ),
      ),
      udpEthernetFrame(
        GATEWAY,
        PHONE,
        GATEWAY_LL,
        PHONE_LL,
        547,
        546,
        dhcpv6Message(7, 7, dhcpv6Option(1, duidLlt(PHONE)), iaNa(1, ['2001:db8::23'])),
      ),
      // A forwarded packet from the Internet (TTL 50) teaches nothing about the gateway...
      ethernet(
        GATEWAY,
        PHONE,
        0x0800,
        ipv4(
          { src: '203.0.113.80', dst: '198.51.100.23', protocol: 6, ttl: 50 },
          tcp(
            {
              src: '203.0.113.80',
              dst: '198.51.100.23',
              sport: 443,
              dport: 40000,
              seq: 1,
              ack: 1,
              flags: TCP.ACK,
            },
            new Uint8Array(0),
          ),
        ),
      ),
      // ... while the phone's own packet (TTL 64) confirms the address it uses.
      ethernet(
        PHONE,
        GATEWAY,
        0x0800,
        ipv4(
          { src: '198.51.100.23', dst: '203.0.113.80', protocol: 6 },
          tcp(
            {
              src: '198.51.100.23',
              dst: '203.0.113.80',
              sport: 40000,
              dport: 443,
              seq: 1,
              ack: 1,
              flags: TCP.ACK,
            },
            new Uint8Array(0),
          ),
        ),
      ),
    ];
    const devices = finalDevices(run(frames));
    expect([...devices.keys()].sort()).toEqual([GATEWAY, PHONE].sort());
    expect(devices.get(PHONE)).toEqual({
      type: 'device',
      mac: PHONE,
      frame: 7,
      firstTs: 1_700_000_000,
      lastTs: 1_700_000_008,
      vendor: 'Xiaomi Communications Co Ltd',
      randomized: false,
      // DHCPv6's FQDN came later than DHCP's option 12 and replaced it.
      hostname: 'redmi.example.',
      vendorClass: 'android-dhcp-13',
      ipv4: ['198.51.100.23'],
      ipv6: [PHONE_LL, '2001:db8::23'],
      sources: ['dhcp', 'ndp', 'dhcpv6'],
    });
    expect(devices.get(GATEWAY)).toMatchObject({
      randomized: true,
      vendor: null,
      ipv4: [server],
      // The NA's target, then the link-local source of its DHCPv6 Reply (hop limit 1: sent here).
      ipv6: ['2001:db8::1', GATEWAY_LL],
      sources: ['arp', 'ndp', 'ip'],
    });
  });
});
