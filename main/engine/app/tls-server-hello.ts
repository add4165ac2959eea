/**
 * The server's side of a TLS handshake as far as it is readable on the wire: ServerHello
 * (which version and ALPN protocol were chosen) and, up to TLS 1.2 where it is not yet
 * encrypted, the Certificate message's first (leaf) certificate names.
 *
 * Threat model: as for the ClientHello; all vectors go through BoundedReader, the certificate
 * through the bounded DER walker in x509-names.ts. Nothing here throws.
 */
import type { AnomalySink } from '../anomaly';
import { BoundedReader } from './bounded-reader';
import {
  EXT_ALPN,
  EXT_SUPPORTED_VERSIONS,
  HANDSHAKE_CERTIFICATE,
  HANDSHAKE_SERVER_HELLO,
} from './tls-client-hello';
import { asciiDisplay } from './text-bytes';
import { certificateNames, type CertificateNames } from './x509-names';

export interface ServerHello {
  legacyVersion: number;
  /** supported_versions' selected_version when present (TLS 1.3), else legacyVersion. */
  version: number;
  cipherSuite: number;
  /** The ALPN protocol the server selected, or null. */
  alpn: string | null;
  /** The random is RFC 8446's HelloRetryRequest marker: a second ClientHello follows. */
  helloRetryRequest: boolean;
  extensionCount: number;
}

/** SHA-256("HelloRetryRequest"), RFC 8446 §4.1.3. */
const HRR_RANDOM = [
  0xcf, 0x21, 0xad, 0x74, 0xe5, 0x9a, 0x61, 0x11, 0xbe, 0x1d, 0x8c, 0x02, 0x1e, 0x65, 0xb8, 0x91, 0xc2, 0xa2,
  0x11, 0x16, 0x7a, 0xbb, 0x8c, 0x5e, 0x07, 0x9e, 0x09, 0xe2, 0xc8, 0xa8, 0x33, 0x9c,
];

/*
 * RFC 8446 §4.1.3:
 *   struct {
 *       ProtocolVersion legacy_version = 0x0303;    -- TLS v1.2
 *       Random random;
 *       opaque legacy_session_id_echo<0..32>;
 *       CipherSuite cipher_suite;
 *       uint8 legacy_compression_method = 0;
 *       Extension extensions<6..2^16-1>;
 *   } ServerHello;
 * §4.2.1, ServerHello form:  struct { ProtocolVersion selected_version; } SupportedVersions;
 * RFC 7301 §3.1: the server's ProtocolNameList holds exactly one name.
 */
export function parseServerHello(msg: Uint8Array, anomaly: AnomalySink): ServerHello | null {
  const top = BoundedReader.over(msg, 'tls', anomaly);
  const type = top.u8('handshake-header');
  const body = top.vector(3, 'server-hello');
  if (!top.ok) return null;
  if (type !== HANDSHAKE_SERVER_HELLO) {
    anomaly('tls-not-server-hello', `handshake type ${type}`);
    return null;
  }
  top.finish('server-hello-message');

  const legacyVersion = body.u16('server-hello-version');
  const random = body.bytes(32, 'server-hello-random');
  body.vector(1, 'session-id', 0, 32);
  const cipherSuite = body.u16('cipher-suite');
  body.u8('compression-method');
  if (!body.ok) return null;
  const hello: ServerHello = {
    legacyVersion,
    version: legacyVersion,
    cipherSuite,
    alpn: null,
    helloRetryRequest: HRR_RANDOM.every((b, i) => random[i] === b),
    extensionCount: 0,
  };
  if (body.remaining() === 0) return hello;

  const exts = body.vector(2, 'extensions');
  body.finish('server-hello');
  while (exts.remaining() > 0) {
    const extType = exts.u16('extension-header');
    const data = exts.vector(2, 'extension-data');
    if (!exts.ok) break;
    hello.extensionCount++;
    if (extType === EXT_SUPPORTED_VERSIONS) {
      const v = data.u16('selected-version');
      if (data.ok) hello.version = v;
      data.finish('supported-versions-extension');
    } else if (extType === EXT_ALPN) {
      const list = data.vector(2, 'alpn-list', 2);
      const name = list.vector(1, 'alpn-protocol', 1);
      if (list.ok) hello.alpn = asciiDisplay(name.buf, name.pos, name.end);
      list.finish('alpn-list');
      data.finish('alpn-extension');
    }
  }
  return hello;
}

/*
 * RFC 5246 §7.4.2 (TLS 1.0-1.2):
 *   opaque ASN.1Cert<1..2^24-1>;
 *   struct { ASN.1Cert certificate_list<0..2^24-1>; } Certificate;
 * The sender's (leaf) certificate comes first.
 */
export function parseCertificateMessage(msg: Uint8Array, anomaly: AnomalySink): CertificateNames | null {
  const top = BoundedReader.over(msg, 'tls', anomaly);
  const type = top.u8('handshake-header');
  const body = top.vector(3, 'certificate');
  if (!top.ok) return null;
  if (type !== HANDSHAKE_CERTIFICATE) {
    anomaly('tls-not-certificate', `handshake type ${type}`);
    return null;
  }
  const list = body.vector(3, 'certificate-list');
  body.finish('certificate');
  if (!list.ok || list.remaining() === 0) return null;
  const first = list.vector(3, 'asn1-cert', 1);
  if (!list.ok) return null;
  return certificateNames(first.bytes(first.remaining(), 'asn1-cert'), anomaly);
}
