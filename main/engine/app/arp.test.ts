import { describe, expect, it } from 'vitest';
import { arpPacket, ETHERTYPE_ARP, pcapngOf } from '../../../e2e/fixtures/lib/dhcp-builder';
import { ethernet } from '../../../e2e/fixtures/lib/packet-builder';
import { parseArp } from './arp';
import { hexBytes } from './test-support/annotated-hex';
import { hasTshark, run, tempFile } from './test-support/tools';

function collect(): { sink: (name: string) => void; names: string[] } {
  const names: string[] = [];
  return { sink: (name) => names.push(name), names };
}

describe('parseArp', () => {
  it('reads a request from a hand-annotated hex dump', () => {
    const bytes = hexBytes(
      '0001' + // ar$hrd: Ethernet
        '0800' + // ar$pro: IPv4
        '06' + // ar$hln: 6
        '04' + // ar$pln: 4
        '0001' + // ar$op: REQUEST
        '78f882d3fbc2' + // ar$sha: 78:f8:82:d3:fb:c2
        'ac102ad8' + // ar$spa: 172.16.42.216
        '000000000000' + // ar$tha: unknown yet
        'ac102a01' + // ar$tpa: 172.16.42.1
        '0000', // Ethernet padding, ignored
    );
    expect(parseArp(bytes, 0, () => {})).toEqual({
      hardwareType: 1,
      protocolType: 0x0800,
      opcode: 1,
      senderMac: '78:f8:82:d3:fb:c2',
      senderIp: '172.16.42.216',
      targetMac: '00:00:00:00:00:00',
      targetIp: '172.16.42.1',
    });
  });

  it('reports a packet shorter than its declared addresses and never reads past it', () => {
    const full = arpPacket({
      op: 2,
      senderMac: '00:c0:ca:91:a3:ef',
      senderIp: '198.51.100.1',
      targetMac: '78:f8:82:d3:fb:c2',
      targetIp: '198.51.100.7',
    });
    for (let cut = 0; cut < full.length; cut++) {
      const { sink, names } = collect();
      expect(parseArp(full.subarray(0, cut), 0, sink)).toBeNull();
      expect(names).toEqual(['arp-truncated']);
    }
  });

  it('leaves addresses of other sizes or hardware unread (hln 8, pln 16; hardware type 0x8801)', () => {
    const bytes = new Uint8Array(8 + 2 * (8 + 16));
    bytes.set([0, 1, 0x86, 0xdd, 8, 16, 0, 1]);
    const arp = parseArp(bytes, 0, () => {});
    expect(arp).toMatchObject({ senderMac: null, targetMac: null, senderIp: null, targetIp: null });
    // Six-byte addresses of unknown hardware are not MACs (as in Wireshark's ARP_HW_IS_ETHER).
    const other = new Uint8Array(28);
    other.set([0x88, 0x01, 0x08, 0x00, 6, 4, 0, 2, 0, 0xe0, 0xed, 1, 0x6e, 0xbd, 192, 168, 1, 2]);
    expect(parseArp(other, 0, () => {})).toMatchObject({ senderMac: null, senderIp: '192.168.1.2' });
  });

  it.skipIf(!hasTshark)('agrees with tshark on requests, replies, probes and announcements', () => {
    const packets = [
      {
        op: 1,
        senderMac: '64:09:80:3c:5e:21',
        senderIp: '198.51.100.23',
        targetMac: '00:00:00:00:00:00',
        targetIp: '198.51.100.1',
      },
      {
        op: 2,
        senderMac: '02:50:48:00:00:01',
        senderIp: '198.51.100.1',
        targetMac: '64:09:80:3c:5e:21',
        targetIp: '198.51.100.23',
      },
      // RFC 5227 probe: sender address 0.0.0.0.
      {
        op: 1,
        senderMac: 'da:a1:19:00:11:22',
        senderIp: '0.0.0.0',
        targetMac: '00:00:00:00:00:00',
        targetIp: '198.51.100.42',
      },
      // Announcement: sender and target address the same.
      {
        op: 1,
        senderMac: 'da:a1:19:00:11:22',
        senderIp: '198.51.100.42',
        targetMac: '00:00:00:00:00:00',
        targetIp: '198.51.100.42',
      },
    ];
    const frames = packets.map((p) =>
      ethernet(p.senderMac, p.op === 1 ? 'ff:ff:ff:ff:ff:ff' : p.targetMac, ETHERTYPE_ARP, arpPacket(p)),
    );
    const file = tempFile('arp.pcapng', pcapngOf(frames));
    const fields = [
      'arp.opcode',
      'arp.src.hw_mac',
      'arp.src.proto_ipv4',
      'arp.dst.hw_mac',
      'arp.dst.proto_ipv4',
    ];
    const theirs = run('tshark', ['-r', file, '-n', '-T', 'fields', ...fields.flatMap((f) => ['-e', f])])
      .trim()
      .split('\n')
      .map((l) => l.split('\t'));
    const ours = frames.map((f) => {
      const a = parseArp(f, 14, () => {})!;
      return [String(a.opcode), a.senderMac, a.senderIp, a.targetMac, a.targetIp];
    });
    expect(ours).toEqual(theirs);
  });
});
