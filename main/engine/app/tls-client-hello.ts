/**
 * TLS ClientHello parsing, shared by TLS over TCP (after record reassembly) and QUIC (the
 * CRYPTO stream of Initial packets carries the same handshake message, RFC 9001 §4).
 *
 * Threat model: the message is untrusted and possibly truncated or crafted with lengths that
 * disagree with each other. Every length-prefixed vector is opened through BoundedReader,
 * which never reads outside the enclosing vector and reports `tls-<field>-too-short` or
 * `tls-<field>-trailing-bytes`; an inconsistent extension is skipped as a whole (its outer
 * length still frames the next one), as Wireshark does. Output is bounded: strings are at
 * most 64 KiB (a uint16 vector) and lists hold at most one entry per two input bytes.
 */
import type { AnomalySink } from '../anomaly';
import { BoundedReader } from './bounded-reader';
import { asciiDisplay } from './text-bytes';

export interface ClientHello {
  legacyVersion: number;
  /** First host_name of server_name, or null. */
  sni: string | null;
  alpn: string[];
  /** supported_versions as offered (GREASE values included), empty when absent. */
  supportedVersions: number[];
  /** encrypted_client_hello (0xfe0d) present; Chrome also sends it as GREASE. */
  ech: boolean;
  /** Draft encrypted_server_name (0xffce) present. */
  esni: boolean;
  extensionCount: number;
  /** quic_transport_parameters (0x39, or draft 0xffa5) present: this hello came over QUIC. */
  quicTransportParams: boolean;
}

export const HANDSHAKE_CLIENT_HELLO = 1;
export const HANDSHAKE_SERVER_HELLO = 2;
export const HANDSHAKE_CERTIFICATE = 11;
export const HANDSHAKE_SERVER_HELLO_DONE = 14;

export const EXT_SERVER_NAME = 0x0000;
export const EXT_ALPN = 0x0010;
export const EXT_SUPPORTED_VERSIONS = 0x002b;
const EXT_QUIC_TRANSPORT_PARAMETERS = 0x0039;
const EXT_QUIC_TRANSPORT_PARAMETERS_DRAFT = 0xffa5;
const EXT_ECH = 0xfe0d;
const EXT_ESNI = 0xffce;
const NAME_TYPE_HOST_NAME = 0;

/*
 * RFC 8446 §4 and §4.1.2:
 *
 *   struct {
 *       HandshakeType msg_type;    -- client_hello(1)
 *       uint24 length;             -- remaining bytes in message
 *       ClientHello body;
 *   } Handshake;
 *
 *   uint16 ProtocolVersion;
 *   opaque Random[32];
 *   uint8 CipherSuite[2];
 *
 *   struct {
 *       ProtocolVersion legacy_version = 0x0303;    -- TLS v1.2
 *       Random random;
 *       opaque legacy_session_id<0..32>;
 *       CipherSuite cipher_suites<2..2^16-2>;
 *       opaque legacy_compression_methods<1..2^8-1>;
 *       Extension extensions<8..2^16-1>;
 *   } ClientHello;
 *
 *   struct {
 *       ExtensionType extension_type;
 *       opaque extension_data<0..2^16-1>;
 *   } Extension;
 *
 * TLS 1.0-1.2 clients may omit the extensions block entirely (RFC 5246 §7.4.1.2), so it is
 * optional here.
 */
export function parseClientHello(msg: Uint8Array, anomaly: AnomalySink): ClientHello | null {
  const top = BoundedReader.over(msg, 'tls', anomaly);
  const type = top.u8('handshake-header');
  const body = top.vector(3, 'client-hello');
  if (!top.ok) return null;
  if (type !== HANDSHAKE_CLIENT_HELLO) {
    anomaly('tls-not-client-hello', `handshake type ${type}`);
    return null;
  }
  top.finish('client-hello-message');

  const legacyVersion = body.u16('client-hello-version');
  if (!body.ok) return null;
  const hello: ClientHello = {
    legacyVersion,
    sni: null,
    alpn: [],
    supportedVersions: [],
    ech: false,
    esni: false,
    extensionCount: 0,
    quicTransportParams: false,
  };
  body.skip(32, 'client-hello-random');
  body.vector(1, 'session-id', 0, 32);
  body.vector(2, 'cipher-suites', 2, 0xfffe);
  body.vector(1, 'compression-methods', 1, 0xff);
  // A hello whose fixed part is inconsistent is still a hello (tshark shows it too): what was
  // read so far is returned, next to the anomaly the reader recorded.
  if (body.remaining() === 0) return hello;

  const exts = body.vector(2, 'extensions');
  body.finish('client-hello');
  while (exts.remaining() > 0) {
    const extType = exts.u16('extension-header');
    const data = exts.vector(2, 'extension-data');
    if (!exts.ok) break;
    hello.extensionCount++;
    switch (extType) {
      case EXT_SERVER_NAME:
        if (hello.sni === null) hello.sni = readServerName(data);
        break;
      case EXT_ALPN:
        hello.alpn = readAlpnList(data);
        break;
      case EXT_SUPPORTED_VERSIONS:
        hello.supportedVersions = readSupportedVersions(data);
        break;
      case EXT_ECH:
        hello.ech = true;
        break;
      case EXT_ESNI:
        hello.esni = true;
        break;
      case EXT_QUIC_TRANSPORT_PARAMETERS:
      case EXT_QUIC_TRANSPORT_PARAMETERS_DRAFT:
        hello.quicTransportParams = true;
        break;
    }
  }
  return hello;
}

/*
 * RFC 6066 §3:
 *   struct {
 *       NameType name_type;
 *       select (name_type) { case host_name: HostName; } name;
 *   } ServerName;
 *   enum { host_name(0), (255) } NameType;
 *   opaque HostName<1..2^16-1>;
 *   struct { ServerName server_name_list<1..2^16-1> } ServerNameList;
 *
 * An empty extension_data is legal in a ServerHello (the server acknowledges SNI); in a
 * ClientHello it names nothing.
 */
function readServerName(data: BoundedReader): string | null {
  if (data.remaining() === 0) return null;
  const list = data.vector(2, 'server-name-list', 1);
  data.finish('server-name-extension');
  let host: string | null = null;
  // The whole list is walked (not just up to the first host_name) so that a bad length in it
  // is reported; a list that does not parse yields no name at all.
  while (list.remaining() > 0) {
    const nameType = list.u8('server-name-entry');
    const name = list.vector(2, 'host-name', 1);
    if (!list.ok) return null;
    if (nameType === NAME_TYPE_HOST_NAME && host === null) host = asciiDisplay(name.buf, name.pos, name.end);
  }
  return host;
}

/*
 * RFC 7301 §3.1:
 *   opaque ProtocolName<1..2^8-1>;
 *   struct { ProtocolName protocol_name_list<2..2^16-1> } ProtocolNameList;
 */
function readAlpnList(data: BoundedReader): string[] {
  const out: string[] = [];
  const list = data.vector(2, 'alpn-list', 2);
  data.finish('alpn-extension');
  while (list.remaining() > 0) {
    const name = list.vector(1, 'alpn-protocol', 1);
    if (!list.ok) break;
    out.push(asciiDisplay(name.buf, name.pos, name.end));
  }
  return out;
}

/*
 * RFC 8446 §4.2.1 (ClientHello form):
 *   struct { ProtocolVersion versions<2..254>; } SupportedVersions;
 */
function readSupportedVersions(data: BoundedReader): number[] {
  const out: number[] = [];
  const list = data.vector(1, 'supported-versions', 2, 254);
  data.finish('supported-versions-extension');
  while (list.remaining() > 0) {
    const v = list.u16('supported-version');
    if (!list.ok) break;
    out.push(v);
  }
  return out;
}
