import { describe, expect, it } from 'vitest';
import { guessProtocol } from './protocol-guess';
import { annotatedHex, hexBytes } from './test-support/annotated-hex';
import { hasCorpus, udpPayloads } from './test-support/corpus';
import { CLIENT_HELLO_RECORD } from './test-support/tls-fixtures';

const text = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));

/** MQTT 3.1.1 §3.1 CONNECT. */
const MQTT_CONNECT = annotatedHex(`
  10                    // fixed header: packet type CONNECT (1), flags 0
  10                    // fixed header: remaining length 16
  00 04                 // variable header: protocol name length 4
  4d 51 54 54           // variable header: protocol name "MQTT"
  04                    // variable header: protocol level 4 (3.1.1)
  02                    // variable header: connect flags, clean session
  00 3c                 // variable header: keep alive 60 s
  00 04                 // payload: client identifier length 4
  74 65 73 74           // payload: client identifier "test"
`);

/** RFC 9000 §17.2.2 Initial packet, first bytes. */
const QUIC_INITIAL = annotatedHex(`
  c3                    // header form long (1), fixed bit (1), type Initial (00), pn length 4
  00 00 00 01           // version 1 (RFC 9000)
  08                    // destination connection id length 8
  83 94 c8 f0 3e 51 57 08  // destination connection id (RFC 9001 Appendix A)
  00                    // source connection id length 0
  00                    // token length 0
  44 9e                 // length 1182 (varint)
`);

describe('guessProtocol', () => {
  it('recognises TCP protocols by content, on any port', () => {
    const cases: [Uint8Array, number, string][] = [
      [CLIENT_HELLO_RECORD.bytes, 5228, 'tls'],
      [CLIENT_HELLO_RECORD.bytes.subarray(0, 3), 443, 'tls'],
      [hexBytes('80 2e 01 03 01 0015 0000 0010'), 443, 'tls'], // SSLv2-compatible hello
      [text('GET /a?b=c HTTP/1.1\r\nHost: x\r\n\r\n'), 8081, 'http'],
      [text(`GET /pixel?${'a'.repeat(2000)}`), 80, 'http'], // long URI cut by the segment
      [text('HTTP/1.1 200 OK\r\n'), 80, 'http'],
      [text('SSH-2.0-OpenSSH_9.6\r\n'), 22, 'ssh'],
      [text('220 mail.example.com ESMTP Postfix\r\n'), 25, 'smtp'],
      [text('EHLO client.example.com\r\n'), 2525, 'smtp'],
      [
        text("<?xml version='1.0'?><stream:stream to='example.com' xmlns='jabber:client' version='1.0'>"),
        5222,
        'xmpp',
      ],
      [MQTT_CONNECT.bytes, 1883, 'mqtt'],
      [hexBytes('001d 1234 0100 0001 0000 0000 0000 07 6578616d706c65 03 636f6d 00 0001 0001'), 53, 'dns'],
      [text('220 ftp.example.com FTP ready\r\n'), 21, 'text'],
      [text('USER anonymous\r\n'), 21, 'text'],
      [hexBytes('00 ff 13 88 9a 01 02 03 04 fe'), 9999, 'binary'],
    ];
    for (const [bytes, port, want] of cases) {
      expect(guessProtocol(bytes, 50000, port, 'tcp'), `${want} ${port}`).toBe(want);
    }
  });

  it('recognises UDP protocols', () => {
    expect(guessProtocol(QUIC_INITIAL.bytes, 50000, 443, 'udp')).toBe('quic');
    expect(guessProtocol(QUIC_INITIAL.bytes, 50000, 4433, 'udp')).toBe('quic');
    expect(guessProtocol(hexBytes(`43 ${'5a'.repeat(30)}`), 443, 50000, 'udp')).toBe('quic'); // short header
    expect(
      guessProtocol(hexBytes('1234 0100 0001 0000 0000 0000 03 777777 00 0001 0001'), 50000, 53, 'udp'),
    ).toBe('dns');
    expect(
      guessProtocol(text('M-SEARCH * HTTP/1.1\r\nHOST: 239.255.255.250:1900\r\n\r\n'), 50000, 1900, 'udp'),
    ).toBe('ssdp');
    expect(guessProtocol(text('NOTIFY * HTTP/1.1\r\n\r\n'), 50000, 8888, 'udp')).toBe('http');
    expect(guessProtocol(text('hello, plain text datagram'), 50000, 9999, 'udp')).toBe('text');
    expect(guessProtocol(new Uint8Array(0), 50000, 9999, 'udp')).toBe('binary');
  });

  it.skipIf(!hasCorpus)('calls every QUIC long-header packet of the corpus quic', () => {
    const files = [
      'zeek__quic__quicv2-http3-443.pcap',
      'arkime__quicietf.pcap',
      'suricata-verify__quic-frag__input.pcap',
      'zeek__quic__merlinc2_Zeek_example.pcapng',
    ];
    for (const file of files) {
      const payloads = udpPayloads(file, 'quic.header_form == 1');
      expect(payloads.length, file).toBeGreaterThan(0);
      for (const [frame, payload] of payloads)
        expect(guessProtocol(payload, 50000, 50001, 'udp'), `${file} frame ${frame}`).toBe('quic');
    }
  });
});
