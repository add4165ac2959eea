import { describe, expect, it } from 'vitest';
import { parseClientHello } from './tls-client-hello';
import { anomalyLog, hexBytes } from './test-support/annotated-hex';
import {
  CLIENT_HELLO_MESSAGE,
  CLIENT_HELLO_RECORD,
  RFC8448_CLIENT_HELLO,
  RFC9001_CRYPTO_FRAME,
} from './test-support/tls-fixtures';

describe('parseClientHello', () => {
  it('reads SNI, ALPN, supported_versions and ECH from the annotated fixture', () => {
    const log = anomalyLog();
    const hello = parseClientHello(CLIENT_HELLO_MESSAGE, log.sink);
    expect(log.names).toEqual([]);
    expect(hello).toEqual({
      legacyVersion: 0x0303,
      sni: 'example.com',
      alpn: ['h2', 'http/1.1'],
      supportedVersions: [0x0304, 0x0303],
      ech: true,
      esni: false,
      extensionCount: 4,
      quicTransportParams: false,
    });
  });

  it('reads the RFC 8448 §3 ClientHello', () => {
    const log = anomalyLog();
    const hello = parseClientHello(hexBytes(RFC8448_CLIENT_HELLO), log.sink);
    expect(log.names).toEqual([]);
    expect(hello).toEqual({
      legacyVersion: 0x0303,
      sni: 'server',
      alpn: [],
      supportedVersions: [0x0304],
      ech: false,
      esni: false,
      extensionCount: 9,
      quicTransportParams: false,
    });
  });

  it('reads the QUIC ClientHello of RFC 9001 Appendix A.2 (CRYPTO frame data)', () => {
    // CRYPTO frame: type 0x06, offset 0 (varint 00), length 241 (varint 40f1), then the data.
    const frame = hexBytes(RFC9001_CRYPTO_FRAME);
    expect(Array.from(frame.subarray(0, 4))).toEqual([0x06, 0x00, 0x40, 0xf1]);
    const log = anomalyLog();
    expect(parseClientHello(frame.subarray(4, 4 + 0xf1), log.sink)).toEqual({
      legacyVersion: 0x0303,
      sni: 'example.com',
      alpn: ['alpn'],
      supportedVersions: [0x0304],
      ech: false,
      esni: false,
      extensionCount: 11,
      quicTransportParams: true,
    });
    expect(log.names).toEqual([]);
  });

  it('accepts a TLS 1.0 hello without an extensions block', () => {
    // 01 | 00 00 29 | 03 01 | random(32) | 00 (no session id) | 00 02 00 2f | 01 00
    const msg = hexBytes(`01 000029 0301 ${'11'.repeat(32)} 00 0002 002f 01 00`);
    const log = anomalyLog();
    expect(parseClientHello(msg, log.sink)).toMatchObject({
      legacyVersion: 0x0301,
      sni: null,
      extensionCount: 0,
    });
    expect(log.names).toEqual([]);
  });

  it('flags quic_transport_parameters', () => {
    // The fixture with the ECH extension type rewritten to quic_transport_parameters (0x0039).
    const msg = CLIENT_HELLO_MESSAGE.slice();
    const ech = CLIENT_HELLO_RECORD.fields.find((f) => f.comment.includes('encrypted_client_hello'))!;
    msg[ech.offset - 5] = 0x00;
    msg[ech.offset - 5 + 1] = 0x39;
    expect(parseClientHello(msg, () => {})).toMatchObject({ quicTransportParams: true, ech: false });
  });

  it('reports a named anomaly, without throwing, for every length field off by one', () => {
    // The record header belongs to the assembler (tested there); ECH's inner fields are opaque
    // to this parser, which only notes the extension's presence.
    const lengthFields = CLIENT_HELLO_RECORD.fields.filter(
      (f) =>
        /length/.test(f.comment) &&
        !f.comment.startsWith('record:') &&
        !/^ECH: (enc|payload)/.test(f.comment),
    );
    expect(lengthFields.length).toBe(15);
    for (const field of lengthFields) {
      for (const delta of [-1, 1]) {
        const msg = CLIENT_HELLO_MESSAGE.slice();
        const at = field.offset - 5;
        let value = 0;
        for (let i = 0; i < field.size; i++) value = value * 256 + msg[at + i];
        if (value + delta < 0) continue;
        value += delta;
        for (let i = field.size - 1; i >= 0; i--) {
          msg[at + i] = value & 0xff;
          value = Math.floor(value / 256);
        }
        const log = anomalyLog();
        expect(() => parseClientHello(msg, log.sink), field.comment).not.toThrow();
        expect(log.names.length, `${field.comment} ${delta > 0 ? '+1' : '-1'}`).toBeGreaterThan(0);
        for (const name of log.names)
          expect(name).toMatch(/^tls-[a-z0-9-]+-(too-short|trailing-bytes|length-invalid)$/);
      }
    }
  });

  it('returns null with an anomaly for a truncated message, at every cut', () => {
    for (let cut = 0; cut < CLIENT_HELLO_MESSAGE.length; cut++) {
      const log = anomalyLog();
      const hello = parseClientHello(CLIENT_HELLO_MESSAGE.subarray(0, cut), log.sink);
      expect(hello).toBeNull();
      expect(log.names[0]).toMatch(/-too-short$/);
    }
  });

  it('keeps a hello whose cipher_suites vector overruns the message, as tshark does', () => {
    // ndpi tls_cipher_lens.pcap: cipher_suites length one larger than the bytes left.
    const msg = hexBytes(`01 00002d 0301 ${'00'.repeat(32)} 00 0009 c02f c02b 0035 01 00`);
    const log = anomalyLog();
    expect(parseClientHello(msg, log.sink)).toMatchObject({
      legacyVersion: 0x0301,
      sni: null,
      extensionCount: 0,
    });
    expect(log.names).toEqual(['tls-cipher-suites-too-short']);
  });

  it('rejects another handshake type', () => {
    const log = anomalyLog();
    expect(parseClientHello(hexBytes('02 000000'), log.sink)).toBeNull();
    expect(log.names).toEqual(['tls-not-client-hello']);
  });

  it('escapes control characters and non-ASCII bytes in the server name', () => {
    // host_name "a\nb\xff" inside a minimal hello with one extension.
    const sni = '0000 0009 0007 00 0004 610a62ff';
    const msg = hexBytes(`01 000038 0303 ${'00'.repeat(32)} 00 0002 1301 01 00 000d ${sni}`);
    const log = anomalyLog();
    expect(parseClientHello(msg, log.sink)?.sni).toBe('a\\nb\ufffd');
    expect(log.names).toEqual([]);
  });
});
