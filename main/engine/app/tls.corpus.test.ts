/**
 * Cross-check against the corpus oracle: every TCP direction of the capture (extracted and put
 * in order by tshark, see test-support/corpus.ts) goes through TlsClientHelloAssembler, as the
 * engine would run it; a direction that is not TLS goes through HttpRequestParser, and after a
 * CONNECT tunnel through a fresh assembler. The ClientHellos must be the oracle's: frame that
 * completed them, the frames that carried them when split, SNI, versions, ECH/ESNI, count of
 * extensions.
 *
 * Over the whole public corpus (481 hellos in 66 captures) the only hellos we do not find are
 * behind a PROXY protocol header (ndpi haproxy.pcap) or a SOCKS5 handshake (ndpi tls_heur
 * trojan/vmess captures): tshark has dissectors for those preambles, the engine does not.
 */
import { describe, expect, it } from 'vitest';
import { HttpRequestParser } from './http1';
import { TlsClientHelloAssembler, type ClientHelloResult } from './tls-handshake';
import { hasCorpus, oracle, tcpDirections, type TcpDirection } from './test-support/corpus';

const FILES = [
  'suricata-verify__lua__lua-tlslib-02__input.pcap', // hello split over 3 segments
  'ndpi__tls_with_huge_ch.pcapng', // a large hello over several segments
  'ndpi__codm.pcap', // split hello
  'ndpi__dingtalk.pcap', // split hello
  'ndpi__reddit.pcap', // HelloRetryRequest: a second hello after ChangeCipherSpec
  'ndpi__http_connect.pcap', // TLS inside an HTTP CONNECT tunnel
  'zeek__tls__tls13-ech.pcap', // encrypted_client_hello
  'ndpi__tls-esni-fuzzed.pcap', // draft ESNI, fuzzed
  'ndpi__tls_cipher_lens.pcap', // cipher_suites lengths that overrun the hello
  'suricata-verify__tls-duplicate-hello__input.pcap', // two hellos in one stream
  'suricata-verify__tls__tls-pre-1970__input.pcap', // TLS 1.0 client
  'ndpi__alexa-app.pcapng', // 88 hellos from a phone app
];

function hellosOf(dir: TcpDirection): ClientHelloResult[] {
  const out: ClientHelloResult[] = [];
  let tls: TlsClientHelloAssembler | null = new TlsClientHelloAssembler(() => {});
  let http: HttpRequestParser | null = null;
  let tunnel = -1;
  const toTls = (bytes: Uint8Array, offset: number, frame: number) => {
    const r = tls!.push(bytes, offset, frame);
    if (r === 'not-tls') tls = null;
    else if (r) out.push(...r);
    return r;
  };
  for (const d of dir.deliveries) {
    if (tls && !http) {
      if (toTls(d.bytes, d.offset, d.frame) !== 'not-tls') continue;
      http = new HttpRequestParser({ anomaly: () => {}, onTunnel: (o) => (tunnel = o) });
    }
    if (http && tunnel < 0) {
      http.push(d.bytes, d.offset, d.frame);
      if (tunnel >= 0) {
        tls = new TlsClientHelloAssembler(() => {});
        toTls(d.bytes.subarray(tunnel - d.offset), tunnel, d.frame);
      }
    } else if (tls) {
      toTls(d.bytes, d.offset, d.frame);
    }
  }
  return out;
}

const hex4 = (v: number) => `0x${v.toString(16).padStart(4, '0')}`;

describe.skipIf(!hasCorpus)('TLS ClientHellos against the corpus oracle', () => {
  for (const file of FILES) {
    it(file, () => {
      const expected = oracle(file).tls.client_hellos.map((c: Record<string, unknown>) => ({
        frame: c.frame,
        sni: c.sni,
        legacyVersion: c.legacy_version,
        supportedVersions: c.supported_versions,
        ech: c.ech,
        esni: c.esni,
        extensionCount: c.extension_count,
        segments: c.tcp_segment_frames,
      }));
      const got = [...tcpDirections(file).values()]
        .flatMap(hellosOf)
        .sort((a, b) => a.frame - b.frame)
        .map((r) => ({
          frame: r.frame,
          sni: r.hello.sni,
          legacyVersion: hex4(r.hello.legacyVersion),
          supportedVersions: r.hello.supportedVersions.map(hex4),
          ech: r.hello.ech,
          esni: r.hello.esni,
          extensionCount: r.hello.extensionCount,
          segments: r.frames.length > 1 ? r.frames : null,
        }));
      expect(got).toEqual(expected);
    });
  }
});
