/**
 * Proxy preambles on hand-annotated byte sequences (PROXY protocol spec examples, RFC 1928 /
 * RFC 1929 message layouts), split across segments, broken, and fuzzed.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { annotatedHex, anomalyLog } from './test-support/annotated-hex';
import {
  detectPreamble,
  PREAMBLE_FAIL,
  PREAMBLE_MORE,
  PreambleReader,
  type PreambleKind,
} from './proxy-preamble';

const te = new TextEncoder();

/** Feeds `chunks` (in order, from stream offset `base`) and returns every push's result. */
function feed(reader: PreambleReader, chunks: Uint8Array[], base = 0): number[] {
  const results: number[] = [];
  let offset = base;
  for (const c of chunks) {
    results.push(reader.push(c, offset));
    offset += c.length;
  }
  return results;
}

/** Every one-byte-at-a-time split of `bytes`. */
function bytewise(bytes: Uint8Array): Uint8Array[] {
  return Array.from(bytes, (_, i) => bytes.subarray(i, i + 1));
}

/* The haproxy spec's example line, then the first bytes of a TLS record. */
const PROXY_V1 = te.encode('PROXY TCP4 192.0.2.1 198.51.100.7 56324 443\r\n');
const TLS_START = annotatedHex(`
  16 03 01 00 fd        // TLS record header: handshake, TLS 1.0 record version, length 253
  01                    // handshake type client_hello
`).bytes;

const PROXY_V2 = annotatedHex(`
  0d 0a 0d 0a 00 0d 0a 51 55 49 54 0a   // PROXY v2 signature
  21                    // version 2, command PROXY
  11                    // family AF_INET, protocol STREAM
  00 0f                 // length of what follows: 12 address bytes + a 3-byte TLV
  c0 00 02 01           // source address 192.0.2.1
  c6 33 64 07           // destination address 198.51.100.7
  dc 04                 // source port 56324
  01 bb                 // destination port 443
  04 00 00              // TLV PP2_TYPE_NOOP (4), length 0
`).bytes;

const SOCKS5_GREETING = annotatedHex(`
  05                    // SOCKS version 5
  02                    // NMETHODS 2
  00 02                 // methods: no authentication, username/password
`).bytes;
const SOCKS5_LOGIN = annotatedHex(`
  01                    // RFC 1929 subnegotiation version 1
  03 62 6f 62           // ULEN 3, UNAME "bob"
  02 70 77              // PLEN 2, PASSWD "pw"
`).bytes;
const SOCKS5_REQUEST = annotatedHex(`
  05                    // SOCKS version 5
  01                    // CMD CONNECT
  00                    // RSV
  03                    // ATYP domain name
  0b 65 78 61 6d 70 6c 65 2e 63 6f 6d   // length 11, "example.com"
  01 bb                 // DST.PORT 443
`).bytes;
const SOCKS5_CHOICE_LOGIN = annotatedHex(`
  05                    // SOCKS version 5
  02                    // METHOD username/password
`).bytes;
const SOCKS5_LOGIN_OK = annotatedHex(`
  01                    // subnegotiation version 1
  00                    // STATUS success
`).bytes;
const SOCKS5_REPLY = annotatedHex(`
  05                    // SOCKS version 5
  00                    // REP succeeded
  00                    // RSV
  04                    // ATYP IPv6
  20 01 0d b8 00 00 00 00 00 00 00 00 00 00 00 01   // BND.ADDR 2001:db8::1
  04 38                 // BND.PORT 1080
`).bytes;

const SOCKS4A_REQUEST = annotatedHex(`
  04                    // SOCKS version 4
  01                    // CD CONNECT
  00 50                 // DSTPORT 80
  00 00 00 01           // DSTIP 0.0.0.1: SOCKS4a, a host name follows
  61 6c 69 63 65 00     // USERID "alice", NUL
  65 78 61 6d 70 6c 65 2e 6f 72 67 00   // host name "example.org", NUL
`).bytes;
const SOCKS4_REPLY = annotatedHex(`
  00                    // reply version 0
  5a                    // CD 90: request granted
  00 50                 // DSTPORT (ignored)
  c6 33 64 07           // DSTIP (ignored)
`).bytes;

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

describe('detectPreamble', () => {
  it('recognises each kind from the client first bytes', () => {
    expect(detectPreamble(concat(PROXY_V1, TLS_START))).toBe('proxy-v1');
    expect(detectPreamble(concat(PROXY_V2, TLS_START))).toBe('proxy-v2');
    expect(detectPreamble(SOCKS5_GREETING)).toBe('socks5');
    expect(detectPreamble(SOCKS4A_REQUEST)).toBe('socks4');
  });

  it('refuses near misses', () => {
    // A greeting with more bytes after it than a request could start with.
    expect(detectPreamble(concat(SOCKS5_GREETING, Uint8Array.of(0x16)))).toBeNull();
    // NMETHODS 0, a method 0xff (means "none acceptable", never offered), a short greeting.
    expect(detectPreamble(Uint8Array.of(5, 0))).toBeNull();
    expect(detectPreamble(Uint8Array.of(5, 1, 0xff))).toBeNull();
    expect(detectPreamble(Uint8Array.of(5, 3, 0, 2))).toBeNull();
    // SOCKS4 with a command other than CONNECT/BIND, or with bytes after the request.
    expect(detectPreamble(concat(Uint8Array.of(4, 3), SOCKS4A_REQUEST.subarray(2)))).toBeNull();
    expect(detectPreamble(concat(SOCKS4A_REQUEST, TLS_START))).toBeNull();
    // "PROXY" without its space, PROXY v2 signature with version 1.
    expect(detectPreamble(te.encode('PROXYTCP4'))).toBeNull();
    const v1 = PROXY_V2.slice();
    v1[12] = 0x11;
    expect(detectPreamble(v1)).toBeNull();
    expect(detectPreamble(TLS_START)).toBeNull();
    expect(detectPreamble(te.encode('GET / HTTP/1.1\r\n'))).toBeNull();
  });
});

describe('PreambleReader', () => {
  it('ends a PROXY v1 line at its CRLF, in one segment or byte by byte', () => {
    const whole = concat(PROXY_V1, TLS_START);
    expect(feed(PreambleReader.pair('proxy-v1', () => {}).client, [whole], 100)).toEqual([
      100 + PROXY_V1.length,
    ]);
    const results = feed(PreambleReader.pair('proxy-v1', () => {}).client, bytewise(whole), 100);
    expect(results.indexOf(100 + PROXY_V1.length)).toBe(PROXY_V1.length - 1);
    expect(results.slice(0, PROXY_V1.length - 1).every((r) => r === PREAMBLE_MORE)).toBe(true);
  });

  it('has no server side for PROXY headers', () => {
    expect(PreambleReader.pair('proxy-v1', () => {}).server).toBeNull();
    expect(PreambleReader.pair('proxy-v2', () => {}).server).toBeNull();
  });

  it('skips a PROXY v2 header by its length, TLVs included', () => {
    const r = PreambleReader.pair('proxy-v2', () => {}).client;
    expect(feed(r, [PROXY_V2.subarray(0, 20), concat(PROXY_V2.subarray(20), TLS_START)])).toEqual([
      PREAMBLE_MORE,
      PROXY_V2.length,
    ]);
  });

  it('follows a SOCKS5 negotiation with a login on both sides', () => {
    const { client, server } = PreambleReader.pair('socks5', () => {});
    expect(server).not.toBeNull();
    expect(client.push(SOCKS5_GREETING, 0)).toBe(PREAMBLE_MORE);
    expect(server!.push(SOCKS5_CHOICE_LOGIN, 0)).toBe(PREAMBLE_MORE);
    expect(client.push(SOCKS5_LOGIN, 4)).toBe(PREAMBLE_MORE);
    expect(server!.push(SOCKS5_LOGIN_OK, 2)).toBe(PREAMBLE_MORE);
    const reqAt = 4 + SOCKS5_LOGIN.length;
    expect(client.push(concat(SOCKS5_REQUEST, TLS_START), reqAt)).toBe(reqAt + SOCKS5_REQUEST.length);
    expect(server!.push(SOCKS5_REPLY, 4)).toBe(4 + SOCKS5_REPLY.length);
  });

  it('reads SOCKS5 messages split anywhere', () => {
    const stream = concat(SOCKS5_GREETING, SOCKS5_REQUEST);
    const results = feed(PreambleReader.pair('socks5', () => {}).client, bytewise(stream));
    expect(results[results.length - 1]).toBe(stream.length);
    expect(results.slice(0, -1).every((r) => r === PREAMBLE_MORE)).toBe(true);
  });

  it('reads SOCKS4a requests and replies', () => {
    const { client, server } = PreambleReader.pair('socks4', () => {});
    expect(client.push(SOCKS4A_REQUEST, 0)).toBe(SOCKS4A_REQUEST.length);
    expect(server!.push(concat(SOCKS4_REPLY, te.encode('HTTP/1.1 200 OK\r\n')), 0)).toBe(8);
  });

  it('names what went wrong and then stays failed', () => {
    const log = anomalyLog();
    const { server } = PreambleReader.pair('socks5', log.sink);
    // The proxy accepts none of the offered methods: no tunnel follows.
    expect(server!.push(Uint8Array.of(5, 0xff), 0)).toBe(PREAMBLE_FAIL);
    expect(server!.push(SOCKS5_REPLY, 2)).toBe(PREAMBLE_FAIL);
    expect(log.names).toEqual(['socks5-invalid']);

    const bad = anomalyLog();
    const v1 = PreambleReader.pair('proxy-v1', bad.sink).client;
    expect(v1.push(te.encode('PROXY TCP4 \x01\r\n'), 0)).toBe(PREAMBLE_FAIL);
    expect(bad.names).toEqual(['proxy-v1-invalid']);

    const long = anomalyLog();
    const v1long = PreambleReader.pair('proxy-v1', long.sink).client;
    expect(v1long.push(te.encode(`PROXY ${'1'.repeat(200)}`), 0)).toBe(PREAMBLE_FAIL);
    expect(long.names).toEqual(['proxy-v1-invalid']);

    const gap = anomalyLog();
    const g = PreambleReader.pair('socks5', gap.sink).client;
    g.push(SOCKS5_GREETING.subarray(0, 2), 0);
    g.gap();
    expect(gap.names).toEqual(['socks5-gap']);
  });

  it('never throws and answers within the bytes it was given, on any input', () => {
    const kinds: PreambleKind[] = ['proxy-v1', 'proxy-v2', 'socks4', 'socks5'];
    fc.assert(
      fc.property(
        fc.constantFrom(...kinds),
        fc.boolean(),
        fc.array(fc.uint8Array({ maxLength: 600 }), { maxLength: 8 }),
        (kind, serverSide, chunks) => {
          const pair = PreambleReader.pair(kind, () => {});
          const reader = serverSide && pair.server ? pair.server : pair.client;
          let offset = 0;
          for (const c of chunks) {
            const r = reader.push(c, offset);
            offset += c.length;
            if (r >= 0 && r > offset) return false;
            if (r < 0 && r !== PREAMBLE_MORE && r !== PREAMBLE_FAIL) return false;
          }
          return true;
        },
      ),
      { numRuns: 2000 },
    );
  });
});
