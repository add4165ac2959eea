import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { TlsClientHelloAssembler, TlsServerAssembler, type ClientHelloResult } from './tls-assemblers';
import { annotatedHex, anomalyLog, hexBytes } from './test-support/annotated-hex';
import { CLIENT_HELLO_MESSAGE, CLIENT_HELLO_RECORD, RFC8448_SERVER_HELLO } from './test-support/tls-fixtures';
import { hasOpenssl, run, tempFile } from './test-support/tools';

const EXPECTED_HELLO = {
  legacyVersion: 0x0303,
  sni: 'example.com',
  alpn: ['h2', 'http/1.1'],
  supportedVersions: [0x0304, 0x0303],
  ech: true,
  esni: false,
  extensionCount: 4,
  quicTransportParams: false,
};

/** Feeds `segments` as consecutive frames 1..n; returns every non-null push result. */
function feed(asm: TlsClientHelloAssembler, segments: Uint8Array[]): (ClientHelloResult | 'not-tls')[] {
  const out: (ClientHelloResult | 'not-tls')[] = [];
  let offset = 0;
  segments.forEach((seg, i) => {
    const r = asm.push(seg, offset, i + 1);
    if (r === 'not-tls') out.push(r);
    else if (r) out.push(...r);
    offset += seg.length;
  });
  return out;
}

function cut(bytes: Uint8Array, ...at: number[]): Uint8Array[] {
  const bounds = [0, ...at, bytes.length];
  return bounds.slice(1).map((end, i) => bytes.subarray(bounds[i], end));
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** The fixture's handshake message fragmented into two handshake records at `split`. */
function twoRecords(split: number): Uint8Array {
  const m = CLIENT_HELLO_MESSAGE;
  const header = (len: number) => Uint8Array.of(0x16, 0x03, 0x01, len >> 8, len & 0xff);
  return concat(header(split), m.subarray(0, split), header(m.length - split), m.subarray(split));
}

describe('TlsClientHelloAssembler', () => {
  it('emits the hello of a record that arrives in one segment, then stays quiet', () => {
    const asm = new TlsClientHelloAssembler(() => {});
    const out = feed(asm, [CLIENT_HELLO_RECORD.bytes, hexBytes('14 0303 0001 01'), hexBytes('17 0303 0010')]);
    expect(out).toEqual([{ hello: EXPECTED_HELLO, frame: 1, frames: [1] }]);
    expect(asm.done).toBe(true);
  });

  it('reassembles a hello split across 3 segments, at every pair of cut points', () => {
    const rec = CLIENT_HELLO_RECORD.bytes;
    for (let i = 1; i < rec.length - 1; i++) {
      for (let j = i + 1; j < rec.length; j++) {
        const log = anomalyLog();
        const out = feed(new TlsClientHelloAssembler(log.sink), cut(rec, i, j));
        expect(out).toEqual([{ hello: EXPECTED_HELLO, frame: 3, frames: [1, 2, 3] }]);
        expect(log.names).toEqual([]);
      }
    }
  });

  it('reassembles a hello fragmented across 2 records, in one segment or split anywhere', () => {
    for (const split of [1, 3, 4, 70, CLIENT_HELLO_MESSAGE.length - 1]) {
      const stream = twoRecords(split);
      expect(feed(new TlsClientHelloAssembler(() => {}), [stream])).toEqual([
        { hello: EXPECTED_HELLO, frame: 1, frames: [1] },
      ]);
      for (let i = 1; i < stream.length; i++) {
        const log = anomalyLog();
        const out = feed(new TlsClientHelloAssembler(log.sink), cut(stream, i));
        // Both frames count, even when frame 1 held only record-header bytes.
        expect(out).toEqual([{ hello: EXPECTED_HELLO, frame: 2, frames: [1, 2] }]);
        expect(log.names).toEqual([]);
      }
    }
  });

  it('reports a record length one short as an invalid next record header', () => {
    const rec = CLIENT_HELLO_RECORD.bytes.slice();
    rec[4] -= 1;
    const log = anomalyLog();
    const asm = new TlsClientHelloAssembler(log.sink);
    expect(feed(asm, [rec])).toEqual([]);
    expect(log.names).toEqual(['tls-record-header-invalid']);
    expect(asm.done).toBe(true);
  });

  it('reads the second hello after a HelloRetryRequest, past a ChangeCipherSpec', () => {
    const ccs = hexBytes('14 0303 0001 01');
    const log = anomalyLog();
    const asm = new TlsClientHelloAssembler(log.sink);
    const rec = CLIENT_HELLO_RECORD.bytes;
    const out = feed(asm, [rec, concat(ccs, rec), hexBytes('17 0303 0010')]);
    expect(out).toEqual([
      { hello: EXPECTED_HELLO, frame: 1, frames: [1] },
      { hello: EXPECTED_HELLO, frame: 2, frames: [2] },
    ]);
    expect(asm.done).toBe(true);
    expect(log.names).toEqual([]);
  });

  it('stops quietly at an encrypted handshake record after ChangeCipherSpec (TLS 1.2 Finished)', () => {
    const log = anomalyLog();
    const asm = new TlsClientHelloAssembler(log.sink);
    // The "message" starts with 01 like a ClientHello, but its version byte is not 03.
    const finished = hexBytes(`16 0303 0028 01 000024 ${'9c'.repeat(36)}`);
    const out = feed(asm, [CLIENT_HELLO_RECORD.bytes, concat(hexBytes('14 0303 0001 01'), finished)]);
    expect(out.length).toBe(1);
    expect(asm.done).toBe(true);
    expect(log.names).toEqual([]);
  });

  it('stops at the ClientKeyExchange of a TLS 1.2 handshake', () => {
    const asm = new TlsClientHelloAssembler(() => {});
    const out = feed(asm, [
      CLIENT_HELLO_RECORD.bytes,
      hexBytes('16 0303 0006 10 000002 0001'),
      CLIENT_HELLO_RECORD.bytes,
    ]);
    expect(out.length).toBe(1);
    expect(asm.done).toBe(true);
  });

  it('says not-tls at once for other protocols', () => {
    for (const text of [
      'GET / HTTP/1.1\r\n',
      'SSH-2.0-OpenSSH_9.6\r\n',
      '\x16\x03\x01\x00\x05\x02\x00\x00\x01\x00',
    ]) {
      const asm = new TlsClientHelloAssembler(() => {});
      const bytes = Uint8Array.from(text, (c) => c.charCodeAt(0));
      expect(asm.push(bytes, 0, 1)).toBe('not-tls');
      expect(asm.push(bytes, bytes.length, 2)).toBeNull();
    }
  });

  it('waits on a plausible prefix instead of guessing', () => {
    const asm = new TlsClientHelloAssembler(() => {});
    expect(asm.push(hexBytes('16 03'), 0, 1)).toBeNull();
    expect(asm.push(hexBytes('09'), 2, 2)).toBe('not-tls');
  });

  it('gives up on a gap before the hello completed', () => {
    const log = anomalyLog();
    const asm = new TlsClientHelloAssembler(log.sink);
    const rec = CLIENT_HELLO_RECORD.bytes;
    expect(asm.push(rec.subarray(0, 40), 0, 1)).toBeNull();
    expect(asm.push(rec.subarray(50), 50, 2)).toBeNull();
    expect(log.names).toEqual(['tls-handshake-gap']);
    expect(asm.done).toBe(true);
  });

  it('refuses a handshake message announcing more than it may buffer', () => {
    const log = anomalyLog();
    const asm = new TlsClientHelloAssembler(log.sink);
    expect(asm.push(hexBytes('16 0301 0004 01 ffffff'), 0, 1)).toBeNull();
    expect(log.names).toEqual(['tls-handshake-message-too-long']);
  });

  it('reports an unfinished hello at the end of the stream', () => {
    const log = anomalyLog();
    const asm = new TlsClientHelloAssembler(log.sink);
    asm.push(CLIENT_HELLO_RECORD.bytes.subarray(0, 100), 0, 1);
    asm.end();
    expect(log.names).toEqual(['tls-handshake-incomplete']);
  });
});

/** TLS 1.2 ServerHello without extensions (RFC 5246 §7.4.1.3). */
const SERVER_HELLO_12 = annotatedHex(`
  02                    // handshake: msg_type server_hello (2)
  00 00 26              // handshake: length 38
  03 03                 // ServerHello: server_version TLS 1.2
  ${'5a '.repeat(32)}   // ServerHello: random (32 bytes)
  00                    // ServerHello: session_id length 0
  c0 2f                 // ServerHello: cipher_suite TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256
  00                    // ServerHello: compression_method null
`);

function u24(n: number): Uint8Array {
  return Uint8Array.of(n >> 16, (n >> 8) & 0xff, n & 0xff);
}

describe('TlsServerAssembler', () => {
  it('reads the RFC 8448 ServerHello and stops: TLS 1.3 encrypts the rest', () => {
    const msg = hexBytes(RFC8448_SERVER_HELLO);
    const record = concat(Uint8Array.of(0x16, 0x03, 0x03, 0x00, msg.length), msg);
    const asm = new TlsServerAssembler(() => {});
    expect(asm.push(record, 0, 7)).toBeNull();
    expect(asm.serverHello).toEqual({
      legacyVersion: 0x0303,
      version: 0x0304,
      cipherSuite: 0x1301,
      alpn: null,
      helloRetryRequest: false,
      extensionCount: 2,
    });
    expect(asm.serverHelloFrame).toBe(7);
    expect(asm.done).toBe(true);
  });

  it.skipIf(!hasOpenssl)('reads a TLS 1.2 Certificate made by openssl, split at every byte', () => {
    const key = tempFile('leaf.key');
    const der = tempFile('leaf.der');
    run('openssl', [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:P-256',
      '-nodes',
      '-keyout',
      key,
      '-subj',
      '/C=DE/O=Example Org/CN=leaf.example.net',
      '-days',
      '2',
      '-addext',
      'subjectAltName=DNS:a.example.net,IP:192.0.2.1,DNS:*.b.example.net,email:x@example.net',
      '-outform',
      'DER',
      '-out',
      der,
    ]);
    // The oracle: openssl's own reading of the certificate it made.
    const subject = run('openssl', [
      'x509',
      '-inform',
      'DER',
      '-in',
      der,
      '-noout',
      '-subject',
      '-nameopt',
      'multiline',
    ]);
    const san = run('openssl', ['x509', '-inform', 'DER', '-in', der, '-noout', '-ext', 'subjectAltName']);
    const cn = /commonName\s*=\s*(.+)/.exec(subject)![1].trim();
    const dnsNames = [...san.matchAll(/DNS:([^,\s]+)/g)].map((m) => m[1]);
    expect(dnsNames.length).toBe(2);

    const cert = new Uint8Array(readFileSync(der));
    const certMsg = concat(
      Uint8Array.of(11),
      u24(cert.length + 6),
      u24(cert.length + 3),
      u24(cert.length),
      cert,
    );
    const body = concat(SERVER_HELLO_12.bytes, certMsg, hexBytes('0e 000000'));
    const stream = concat(Uint8Array.of(0x16, 0x03, 0x03, body.length >> 8, body.length & 0xff), body);
    for (let i = 1; i < stream.length; i++) {
      const asm = new TlsServerAssembler(() => {});
      const first = asm.push(stream.subarray(0, i), 0, 1);
      const second = asm.push(stream.subarray(i), i, 2);
      expect(first ?? second).toEqual([cn, ...dnsNames]);
      expect(asm.serverHello?.version).toBe(0x0303);
      expect(asm.certificate).toEqual({ commonName: cn, dnsNames });
      expect(asm.done).toBe(true);
    }
  });
});
