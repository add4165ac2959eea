import { describe, expect, it } from 'vitest';
import { anomalyRecorder, hex } from '../link/hex-fixture';
import { parseIpv4 } from './ipv4';

function parse(...fragments: string[]) {
  const recorder = anomalyRecorder();
  return { header: parseIpv4(hex(...fragments), 0, recorder.sink), anomalies: recorder.names };
}

describe('parseIpv4', () => {
  it('reads the fixed header', () => {
    const { header, anomalies } = parse(
      '45', // version 4, IHL 5 (20 bytes)
      '00', // DSCP/ECN
      '0020', // total length 32
      'abcd', // identification 0xabcd
      '4000', // flags DF, offset 0
      '3f', // TTL 63
      '06', // protocol TCP
      'ffff', // checksum (never verified)
      '0a000001', // source 10.0.0.1
      'ac10fe02', // destination 172.16.254.2
      '0102030405060708 090a0b0c', // 12 payload bytes
    );
    expect(anomalies).toEqual([]);
    expect(header).toEqual({
      src: '10.0.0.1',
      dst: '172.16.254.2',
      protocol: 6,
      ttl: 63,
      id: 0xabcd,
      fragmentOffset: 0,
      moreFragments: false,
      payloadOffset: 20,
      payloadEnd: 32,
      payloadLength: 12,
      truncated: false,
    });
  });

  it('skips options and reads fragment fields', () => {
    const { header, anomalies } = parse(
      '47', // IHL 7: 8 bytes of options
      '00 0024', // total length 36
      '0001',
      '2005', // MF set, fragment offset 5 (40 bytes)
      '40 11 0000',
      'c0000201 c6336402',
      '94040000', // option: Router Alert (type 148, length 4, value 0)
      '01', // NOP
      '01', // NOP
      '00', // End of Option List
      '00', // padding
      'deadbeef deadbeef', // 8 payload bytes
    );
    expect(anomalies).toEqual([]);
    expect(header).toMatchObject({
      fragmentOffset: 40,
      moreFragments: true,
      payloadOffset: 28,
      payloadEnd: 36,
      payloadLength: 8,
    });
  });

  it('cuts link-layer padding after the total length', () => {
    const { header } = parse('4500 0018 0000 0000 4001 0000 7f000001 7f000001', '08000000', '000000000000'); // 6 bytes Ethernet padding
    expect(header).toMatchObject({ payloadEnd: 24, payloadLength: 4, truncated: false });
  });

  it('reports a capture shorter than the total length and keeps the captured part', () => {
    const { header, anomalies } = parse(
      '4500 05dc 0000 0000 4011 0000 7f000001 7f000001',
      '3039003505c80000',
    ); // claims 1500
    expect(anomalies).toEqual(['ipv4-truncated']);
    expect(header).toMatchObject({ payloadEnd: 28, payloadLength: 1480, truncated: true });
  });

  it('uses the captured length when total length is 0 (TCP segmentation offload)', () => {
    const { header, anomalies } = parse('4500 0000 0000 4000 4006 0000 7f000001 7f000001', '00'.repeat(40));
    expect(anomalies).toEqual([]);
    expect(header).toMatchObject({ payloadEnd: 60, payloadLength: 40 });
  });

  it('names every malformation', () => {
    expect(parse('4500 0014 0000').anomalies).toEqual(['ipv4-truncated']); // shorter than 20 bytes
    expect(parse('4400 0014 0000 0000 4006 0000 7f000001 7f000001').anomalies).toEqual(['ipv4-bad-ihl']); // IHL 4
    expect(parse('4f00 0040 0000 0000 4006 0000 7f000001 7f000001').anomalies).toEqual(['ipv4-truncated']); // 60-byte header, 20 captured
    expect(parse('4600 0014 0000 0000 4006 0000 7f000001 7f000001 01010101').anomalies).toEqual([
      'ipv4-bad-total-length',
    ]); // 20 < 24
    expect(parse('6500 0014 0000 0000 4006 0000 7f000001 7f000001').anomalies).toEqual(['ipv4-bad-version']);
    const badOption = parse('4600 0018 0000 0000 4006 0000 7f000001 7f000001', '44 09 0000'); // timestamp option, length 9 > 4
    expect(badOption.anomalies).toEqual(['ipv4-bad-option']);
    expect(badOption.header).not.toBeNull();
  });
});
