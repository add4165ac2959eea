import { describe, expect, it } from 'vitest';
import { anomalyRecorder, hex, zeros } from '../link/hex-fixture';
import { parseIpv6 } from './ipv6';

function fixedHeader(payloadLength: number, nextHeader: number): string {
  return [
    '6', // version 6
    '00', // traffic class
    '00000', // flow label
    payloadLength.toString(16).padStart(4, '0'), // payload length
    nextHeader.toString(16).padStart(2, '0'), // next header
    '40', // hop limit 64
    '20010db8000000000000000000000001', // source 2001:db8::1
    'fe800000000000000211223344556677', // destination fe80::211:2233:4455:6677
  ].join('');
}

function parse(...fragments: string[]) {
  const recorder = anomalyRecorder();
  return { header: parseIpv6(hex(...fragments), 0, recorder.sink), anomalies: recorder.names };
}

describe('parseIpv6', () => {
  it('reads the fixed header', () => {
    const { header, anomalies } = parse(fixedHeader(8, 17), '3039 0035 0008 0000');
    expect(anomalies).toEqual([]);
    expect(header).toMatchObject({
      src: '2001:db8::1',
      dst: 'fe80::211:2233:4455:6677',
      hopLimit: 64,
      protocol: 17,
      offset: 40,
      payloadEnd: 48,
      fragment: false,
      truncated: false,
    });
  });

  it('skips hop-by-hop, routing, destination options and AH', () => {
    const { header, anomalies } = parse(
      fixedHeader(8 + 24 + 16 + 16 + 20, 0),
      '2b 00 050200000000', // hop-by-hop: next 43 (routing), length 0 (8 bytes), Router Alert + PadN
      '3c 02 04 01 00000000', // routing: next 60 (dest opts), length 2 (24 bytes), type 4 (SRH), segments left 1 ...
      '20010db8000000000000000000000002', // ... one segment
      '33 01 01 0c',
      zeros(12), // destination options: next 51 (AH), length 1 (16 bytes), PadN of 12
      '06 02 0000', // AH: next 6 (TCP), payload len 2 -> (2 + 2) * 4 = 16 bytes, reserved
      '00000100 00000001 00000000', // SPI, sequence, ICV (4 bytes)
      zeros(20), // TCP header
    );
    expect(anomalies).toEqual([]);
    expect(header).toMatchObject({ protocol: 6, offset: 40 + 8 + 24 + 16 + 16 });
  });

  it('stops at a fragment header and records it', () => {
    const { header } = parse(
      fixedHeader(16, 44),
      '11', // next header 17 (UDP)
      '00', // reserved
      '0579', // offset 0x0579 >> 3 = 175 units = 1400 bytes, M = 1
      '8badf00d', // identification
      zeros(8),
    );
    expect(header).toMatchObject({
      fragment: true,
      fragmentOffset: 1400,
      moreFragments: true,
      fragmentId: 0x8badf00d,
      protocol: 17,
      offset: 48,
    });
  });

  it('stops at ESP and at No Next Header', () => {
    expect(parse(fixedHeader(8, 50), '00000001 00000001').header).toMatchObject({ protocol: 50, offset: 40 });
    expect(parse(fixedHeader(8, 60), '3b00 0104 00000000').header).toMatchObject({
      protocol: 59,
      offset: 48,
    });
  });

  it('treats payload length 0 with hop-by-hop as a jumbogram sized by the capture', () => {
    const { header } = parse(fixedHeader(0, 0), '11 00 c204 00010000', '3039 0035 0000 0000'); // Jumbo Payload option
    expect(header).toMatchObject({ protocol: 17, offset: 48, payloadEnd: 56, truncated: false });
  });

  it('reports truncation of the header, of the payload and of an extension header', () => {
    expect(parse('6000000000081140').anomalies).toEqual(['ipv6-truncated']);
    const cut = parse(fixedHeader(100, 17), '30390035');
    expect(cut.anomalies).toEqual(['ipv6-truncated']);
    expect(cut.header).toMatchObject({ truncated: true, payloadEnd: 44 });
    const extension = parse(fixedHeader(16, 60), '11 05', zeros(14)); // dest opts claims 48 bytes, 16 present
    expect(extension.header).toBeNull();
    expect(extension.anomalies).toEqual(['ipv6-extension-truncated']);
  });

  it('caps the number of extension headers', () => {
    const chain = '3c00 0104 00000000'.repeat(40); // 40 destination-options headers, each pointing at another
    const { header, anomalies } = parse(fixedHeader(320, 60), chain);
    expect(header).toBeNull();
    expect(anomalies).toEqual(['ipv6-too-many-extension-headers']);
  });
});
