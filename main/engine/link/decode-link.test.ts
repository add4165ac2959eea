import { describe, expect, it } from 'vitest';
import { decodeLink } from './decode-link';
import { anomalyRecorder, hex, zeros } from './hex-fixture';

/** A 28-byte IPv4/UDP packet used as the payload of every frame below. */
const IPV4_UDP = [
  '45', // version 4, IHL 5
  '00', // DSCP/ECN
  '001c', // total length 28
  '0001 0000', // identification 1, no flags, offset 0
  '40 11 0000', // TTL 64, protocol 17 (UDP), checksum (not checked)
  'c0000201', // source 192.0.2.1
  'c6336402', // destination 198.51.100.2
  '3039 0035 0008 0000', // UDP 12345 -> 53, length 8, checksum 0
].join('');

/** The first 4 bytes of an IPv6 header, enough for the version nibble. */
const IPV6_START = '60000000';

function decode(linkType: number, ...fragments: string[]) {
  const recorder = anomalyRecorder();
  const link = decodeLink(linkType, hex(...fragments), recorder.sink);
  return { link, anomalies: recorder.names };
}

describe('decodeLink: Ethernet (LINKTYPE 1)', () => {
  it('reads Ethernet II addresses and EtherType', () => {
    const { link, anomalies } = decode(
      1,
      '00 11 22 33 44 55', // destination MAC
      'AA BB CC DD EE FF', // source MAC (upper case in the wire dump, lower case in the output)
      '0800', // EtherType IPv4
      IPV4_UDP,
    );
    expect(anomalies).toEqual([]);
    expect(link).toMatchObject({
      etherType: 0x0800,
      offset: 14,
      dstMac: '00:11:22:33:44:55',
      srcMac: 'aa:bb:cc:dd:ee:ff',
    });
    expect(link?.vlans).toBeUndefined();
  });

  it('follows an 802.1Q tag', () => {
    const { link } = decode(
      1,
      '001122334455 66778899aabb', // destination, source
      '8100', // TPID 802.1Q
      'a064', // PCP 5, DEI 0, VLAN id 0x064 = 100
      '86dd', // EtherType IPv6
      IPV6_START,
    );
    expect(link).toMatchObject({ etherType: 0x86dd, offset: 18, vlans: [100] });
  });

  it('follows QinQ: an 802.1ad S-tag then a C-tag, and the pre-standard 0x9100 tag', () => {
    const stacked = decode(
      1,
      '001122334455 66778899aabb',
      '88a8 0ffe', // S-tag, VLAN 4094
      '8100 0001', // C-tag, VLAN 1
      '0800', // IPv4
      IPV4_UDP,
    );
    expect(stacked.link).toMatchObject({ etherType: 0x0800, offset: 22, vlans: [4094, 1] });
    const old = decode(1, '001122334455 66778899aabb', '9100 0007', '0806', zeros(28));
    expect(old.link).toMatchObject({ etherType: 0x0806, offset: 18, vlans: [7] });
  });

  it('reads 802.3 frames with LLC/SNAP', () => {
    const { link } = decode(
      1,
      '001122334455 66778899aabb',
      '0024', // 802.3 length 36 (<= 1500, so not an EtherType)
      'aa aa 03', // LLC: DSAP SNAP, SSAP SNAP, control UI
      '000000', // SNAP OUI 00-00-00: the protocol id is an EtherType
      '0800', // IPv4
      IPV4_UDP,
    );
    expect(link).toMatchObject({ etherType: 0x0800, offset: 22 });
  });

  it('reports LLC without SNAP (spanning tree) as no EtherType', () => {
    const { link, anomalies } = decode(
      1,
      '0180c2000000 66778899aabb', // STP multicast destination
      '0026', // 802.3 length
      '42 42 03', // DSAP/SSAP 0x42 (spanning tree), control UI
      zeros(35),
    );
    expect(anomalies).toEqual([]);
    expect(link).toMatchObject({ etherType: 0, offset: 17, srcMac: '66:77:88:99:aa:bb' });
  });

  it('unwraps a PPPoE session to the PPP payload', () => {
    const { link } = decode(
      1,
      '001122334455 66778899aabb',
      '8864', // PPPoE session stage
      '11', // version 1, type 1
      '00', // code 0: session data
      '1234', // session id
      '002a', // length
      '0057', // PPP protocol IPv6
      IPV6_START,
    );
    expect(link).toMatchObject({ etherType: 0x86dd, offset: 22 });
  });

  it('walks an MPLS label stack to IPv4', () => {
    const { link } = decode(
      1,
      '001122334455 66778899aabb',
      '8847', // MPLS unicast
      '00010 0 40', // label 16, TC 0, S 0, TTL 64
      '00011 1 40', // label 17, TC 0, S 1 (bottom of stack), TTL 64
      IPV4_UDP, // first nibble 4: IPv4
    );
    expect(link).toMatchObject({ etherType: 0x0800, offset: 22 });
  });

  it('follows an MPLS Ethernet pseudowire with a control word to the inner frame', () => {
    const { link } = decode(
      1,
      '001122334455 66778899aabb', // provider MACs
      '8847',
      '00020 1 ff', // label 32, S 1
      '00000000', // pseudowire control word (first nibble 0)
      '0a0a0a0a0a0a 0b0b0b0b0b0b', // customer destination, source
      '0800',
      IPV4_UDP,
    );
    expect(link).toMatchObject({
      etherType: 0x0800,
      offset: 36,
      dstMac: '0a:0a:0a:0a:0a:0a',
      srcMac: '0b:0b:0b:0b:0b:0b',
    });
  });

  it('reports an MPLS stack without a bottom-of-stack bit', () => {
    const { link, anomalies } = decode(
      1,
      '001122334455 66778899aabb',
      '8847',
      '00010040'.repeat(9),
      IPV4_UDP,
    );
    expect(link).toBeNull();
    expect(anomalies).toEqual(['mpls-too-many-labels']);
  });

  it('reports a frame shorter than the Ethernet header', () => {
    const { link, anomalies } = decode(1, '001122334455 6677');
    expect(link).toBeNull();
    expect(anomalies).toEqual(['ethernet-truncated']);
  });

  it('reports a VLAN tag cut short', () => {
    const { link, anomalies } = decode(1, '001122334455 66778899aabb', '8100', '00');
    expect(link).toBeNull();
    expect(anomalies).toEqual(['vlan-truncated']);
  });
});

describe('decodeLink: Linux cooked captures', () => {
  it('reads LINKTYPE_LINUX_SLL (113)', () => {
    const { link } = decode(
      113,
      '0000', // packet type 0: to us
      '0001', // ARPHRD_ETHER
      '0006', // address length 6
      '021122334455 0000', // sender address, padded to 8
      '0800', // protocol IPv4
      IPV4_UDP,
    );
    expect(link).toMatchObject({ etherType: 0x0800, offset: 16, srcMac: '02:11:22:33:44:55' });
  });

  it('reads LINKTYPE_LINUX_SLL2 (276)', () => {
    const { link } = decode(
      276,
      '86dd', // protocol IPv6
      '0000', // reserved
      '00000002', // interface index 2
      '0001', // ARPHRD_ETHER
      '04', // packet type 4: outgoing
      '06', // address length 6
      '021122334455 0000', // address
      IPV6_START,
    );
    expect(link).toMatchObject({ etherType: 0x86dd, offset: 20, srcMac: '02:11:22:33:44:55' });
  });

  it('reads SLL frames carrying 802.2 LLC', () => {
    const { link } = decode(113, '0000 0001 0006 021122334455 0000', '0004', 'aaaa03 000000 0800', IPV4_UDP);
    expect(link).toMatchObject({ etherType: 0x0800, offset: 24 });
  });

  it('leaves netlink traffic without an EtherType', () => {
    const { link } = decode(113, '0004', '0338', '0000', zeros(8), '0000', zeros(16)); // ARPHRD_NETLINK 824
    expect(link).toMatchObject({ etherType: 0, offset: 16 });
  });

  it('reports a short SLL2 header', () => {
    const { link, anomalies } = decode(276, '86dd0000');
    expect(link).toBeNull();
    expect(anomalies).toEqual(['linux-sll2-truncated']);
  });
});

describe('decodeLink: raw IP', () => {
  it.each([101, 12, 14, 228, 229])('lets the version nibble decide for LINKTYPE %i', (linkType) => {
    expect(decode(linkType, IPV4_UDP).link).toMatchObject({ etherType: 0x0800, offset: 0 });
    expect(decode(linkType, IPV6_START).link).toMatchObject({ etherType: 0x86dd, offset: 0 });
  });

  it('reports a version that is neither 4 nor 6', () => {
    const { link, anomalies } = decode(101, '55000000');
    expect(link).toBeNull();
    expect(anomalies).toEqual(['raw-ip-bad-version']);
  });
});

describe('decodeLink: BSD loopback', () => {
  it('reads LINKTYPE_NULL families in either byte order', () => {
    expect(decode(0, '02000000', IPV4_UDP).link).toMatchObject({ etherType: 0x0800, offset: 4 }); // AF_INET, little-endian host
    expect(decode(0, '00000002', IPV4_UDP).link).toMatchObject({ etherType: 0x0800, offset: 4 }); // AF_INET, big-endian host
    for (const family of ['0a000000', '18000000', '1c000000', '1e000000', '0000001e']) {
      // AF_INET6 of Linux (10), NetBSD/OpenBSD (24), FreeBSD (28), Darwin (30, both byte orders)
      expect(decode(0, family, IPV6_START).link).toMatchObject({ etherType: 0x86dd, offset: 4 });
    }
  });

  it('reads LINKTYPE_LOOP in network byte order', () => {
    expect(decode(108, '00000018', IPV6_START).link).toMatchObject({ etherType: 0x86dd, offset: 4 }); // AF_INET6 = 24
  });

  it('reports an unknown address family', () => {
    const { link, anomalies } = decode(0, '07000000', IPV4_UDP); // AF_ISO / OSI
    expect(link).toBeNull();
    expect(anomalies).toEqual(['link-null-unknown-family']);
  });
});

describe('decodeLink: PPP and HDLC', () => {
  it('reads LINKTYPE_PPP with and without the HDLC address/control bytes', () => {
    expect(decode(9, '0021', IPV4_UDP).link).toMatchObject({ etherType: 0x0800, offset: 2 }); // protocol IPv4
    expect(decode(9, 'ff03', '0057', IPV6_START).link).toMatchObject({ etherType: 0x86dd, offset: 4 }); // address, control, IPv6
    expect(decode(9, '21', IPV4_UDP).link).toMatchObject({ etherType: 0x0800, offset: 1 }); // compressed protocol field
  });

  it('reads PPP control protocols as no EtherType', () => {
    expect(decode(9, 'c021', '01010004').link).toMatchObject({ etherType: 0, offset: 2 }); // LCP configure-request
  });

  it('reads LINKTYPE_PPP_HDLC as PPP or Cisco HDLC', () => {
    expect(decode(50, 'ff03 0021', IPV4_UDP).link).toMatchObject({ etherType: 0x0800, offset: 4 });
    expect(decode(50, '0f00 86dd', IPV6_START).link).toMatchObject({ etherType: 0x86dd, offset: 4 }); // Cisco unicast
    const { link, anomalies } = decode(50, '7e00', IPV4_UDP);
    expect(link).toBeNull();
    expect(anomalies).toEqual(['hdlc-bad-address']);
  });

  it('reads LINKTYPE_C_HDLC', () => {
    expect(decode(104, '8f00 0800', IPV4_UDP).link).toMatchObject({ etherType: 0x0800, offset: 4 }); // multicast address
  });
});

describe('decodeLink: FDDI (LINKTYPE 10)', () => {
  it('reads the addresses and the LLC/SNAP header', () => {
    const { link } = decode(
      10,
      '50', // frame control: asynchronous LLC
      'aa0004008 3a7', // destination
      'aa00040082a7', // source
      'aaaa03 000000 0800', // LLC/SNAP, IPv4
      IPV4_UDP,
    );
    expect(link).toMatchObject({
      etherType: 0x0800,
      offset: 21,
      dstMac: 'aa:00:04:00:83:a7',
      srcMac: 'aa:00:04:00:82:a7',
    });
  });
});

/** An 802.11 data frame To DS: station aa:bb:.. sends to 66:77:.. through access point 00:11:... */
const WLAN_DATA_TO_DS = [
  '08', // frame control: version 0, type 2 (data), subtype 0
  '01', // flags: To DS
  '2c00', // duration
  '001122334455', // address 1: BSSID (receiver)
  'aabbccddeeff', // address 2: source (transmitter)
  '66778899aabb', // address 3: destination
  '1000', // sequence control: fragment 0, sequence 1
  'aaaa03 000000 0800', // LLC/SNAP, IPv4
  IPV4_UDP,
].join('');

describe('decodeLink: IEEE 802.11', () => {
  it('reads an unprotected data frame (LINKTYPE 105)', () => {
    const { link, anomalies } = decode(105, WLAN_DATA_TO_DS);
    expect(anomalies).toEqual([]);
    expect(link).toMatchObject({
      etherType: 0x0800,
      offset: 32,
      srcMac: 'aa:bb:cc:dd:ee:ff',
      dstMac: '66:77:88:99:aa:bb',
    });
  });

  it('reads a QoS data frame From DS', () => {
    const { link } = decode(
      105,
      '88', // type 2 (data), subtype 8 (QoS data)
      '02', // flags: From DS
      '0000',
      '66778899aabb', // address 1: destination
      '001122334455', // address 2: BSSID
      'aabbccddeeff', // address 3: source
      '2000', // sequence control
      '0000', // QoS control (no A-MSDU)
      'aaaa03 000000 86dd',
      IPV6_START,
    );
    expect(link).toMatchObject({
      etherType: 0x86dd,
      offset: 34,
      srcMac: 'aa:bb:cc:dd:ee:ff',
      dstMac: '66:77:88:99:aa:bb',
    });
  });

  it('reports protected frames as wlan-encrypted and keeps the stations', () => {
    const { link, anomalies } = decode(105, '08', '41', WLAN_DATA_TO_DS.slice(4)); // flags: To DS | Protected
    expect(anomalies).toEqual(['wlan-encrypted']);
    expect(link).toMatchObject({ etherType: 0, srcMac: 'aa:bb:cc:dd:ee:ff' });
  });

  it('returns management frames without an EtherType and control frames as nothing', () => {
    const probe = decode(105, '40 00 0000', 'ffffffffffff', '021122334455', 'ffffffffffff', '0000'); // probe request
    expect(probe.link).toMatchObject({
      etherType: 0,
      srcMac: '02:11:22:33:44:55',
      dstMac: 'ff:ff:ff:ff:ff:ff',
    });
    expect(decode(105, 'd4 00 0000', '001122334455').link).toBeNull(); // ACK (control)
  });

  it('reads radiotap with TSFT and Flags before the 802.11 header', () => {
    const { link } = decode(
      127,
      '00', // it_version 0
      '00', // it_pad
      '1100', // it_len 17 (little-endian)
      '03000000', // it_present: TSFT | Flags
      '0102030405060708', // TSFT, 8-aligned at offset 8
      '00', // Flags: none
      WLAN_DATA_TO_DS,
    );
    expect(link).toMatchObject({ etherType: 0x0800, offset: 17 + 32 });
  });

  it('honours the radiotap data-pad flag', () => {
    const { link } = decode(
      127,
      '00 00 0900', // version, pad, it_len 9
      '02000000', // it_present: Flags
      '20', // Flags: data pad (802.11 header padded to 4 bytes)
      '88 02 0000 66778899aabb 001122334455 aabbccddeeff 2000', // QoS data From DS
      '0000', // QoS control: header is now 26 bytes
      '0000', // pad to 28
      'aaaa03 000000 0800',
      IPV4_UDP,
    );
    expect(link).toMatchObject({ etherType: 0x0800, offset: 9 + 28 + 8 });
  });

  it('drops frames radiotap marks as failing the FCS check', () => {
    const { link, anomalies } = decode(127, '00 00 0900 02000000', '40', WLAN_DATA_TO_DS);
    expect(link).toBeNull();
    expect(anomalies).toEqual(['wlan-bad-fcs']);
  });

  it('reports a radiotap length past the frame', () => {
    const { anomalies } = decode(127, '00 00 ff00 00000000');
    expect(anomalies).toEqual(['radiotap-bad-length']);
  });

  it('skips the 144-byte Prism header (LINKTYPE 119)', () => {
    const { link } = decode(
      119,
      '44000000', // msgcode (little-endian host)
      '90000000', // msglen 144
      zeros(16), // device name
      zeros(120), // 10 DID items of 12 bytes
      WLAN_DATA_TO_DS,
    );
    expect(link).toMatchObject({ etherType: 0x0800, offset: 144 + 32 });
  });

  it('skips the AVS header (LINKTYPE 163), also when found under the Prism link type', () => {
    const avs = ['80211001', '00000040', zeros(56)].join(''); // version 2 magic, header length 64
    expect(decode(163, avs, WLAN_DATA_TO_DS).link).toMatchObject({ etherType: 0x0800, offset: 64 + 32 });
    expect(decode(119, avs, WLAN_DATA_TO_DS).link).toMatchObject({ etherType: 0x0800, offset: 64 + 32 });
  });
});

describe('decodeLink: unsupported link types', () => {
  it('reports link-unsupported with the number', () => {
    const recorder: string[] = [];
    const link = decodeLink(147, hex(IPV4_UDP), (name, detail) => recorder.push(`${name}: ${detail}`));
    expect(link).toBeNull();
    expect(recorder).toEqual(['link-unsupported: linktype 147']);
  });
});
