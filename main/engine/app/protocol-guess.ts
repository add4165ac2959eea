/**
 * A first guess at the application protocol of a flow from its first payload bytes, with the
 * ports as a hint, so that a parser can be chosen (HTTP on port 8081, TLS on 5228) and
 * unknown flows are labelled usefully.
 *
 * Threat model: the bytes are untrusted and may be a single byte or a whole segment; only the
 * first MAX_LOOK bytes are examined, every read is bounds-checked, and at most a few short
 * strings (up to 256 characters) are built.
 * The content decides before the ports: a port says what a flow should be, not what it is.
 *
 * Returns one of: 'tls', 'http', 'ssdp' (HTTP over UDP port 1900), 'dns', 'quic', 'ssh',
 * 'smtp', 'xmpp', 'mqtt', 'text' (mostly printable), 'binary'.
 */
import { LINE_DONE, LINE_FAIL, requestLineStep, statusLineStep } from './http1-start-line';

const MAX_LOOK = 512;
const DNS_PORTS = new Set([53, 5353, 5355]);
const SMTP_PORTS = new Set([25, 465, 587, 2525]);
const QUIC_PORTS = new Set([443, 80, 8443]);

export function guessProtocol(
  first: Uint8Array,
  srcPort: number,
  dstPort: number,
  transport: 'tcp' | 'udp',
): string {
  const b = first.length > MAX_LOOK ? first.subarray(0, MAX_LOOK) : first;
  const port = (set: Set<number>) => set.has(srcPort) || set.has(dstPort);
  if (transport === 'udp') {
    if (port(DNS_PORTS) && looksLikeDnsHeader(b, 0)) return 'dns';
    if (looksLikeQuic(b, port(QUIC_PORTS))) return 'quic';
    if (startsHttp(b)) return srcPort === 1900 || dstPort === 1900 ? 'ssdp' : 'http';
    return textOrBinary(b);
  }
  if (looksLikeTls(b)) return 'tls';
  if (startsHttp(b)) return 'http';
  if (startsWith(b, 'SSH-')) return 'ssh';
  if (looksLikeMqttConnect(b)) return 'mqtt';
  if (looksLikeXmpp(b)) return 'xmpp';
  if (startsWith(b, 'EHLO ') || startsWith(b, 'HELO ') || (port(SMTP_PORTS) && /^220[ -]/.test(ascii(b, 4))))
    return 'smtp';
  if (port(DNS_PORTS) && b.length >= 14 && ((b[0] << 8) | b[1]) >= 12 && looksLikeDnsHeader(b, 2))
    return 'dns';
  return textOrBinary(b);
}

/*
 * RFC 8446 §5.1 record header: handshake(22), version 3.x (x <= 4). SSLv2-compatible hellos
 * (RFC 6101 Appendix E.2: two-byte header with the top bit set, msg_type 1, version 3.x)
 * still come from old clients.
 */
function looksLikeTls(b: Uint8Array): boolean {
  if (b.length >= 3 && b[0] === 0x16 && b[1] === 0x03 && b[2] <= 0x04) return true;
  return b.length >= 5 && (b[0] & 0x80) !== 0 && b[2] === 0x01 && b[3] === 0x03 && b[4] <= 0x04;
}

const COMMON_METHODS = [
  'GET ',
  'POST ',
  'PUT ',
  'HEAD ',
  'DELETE ',
  'OPTIONS ',
  'PATCH ',
  'CONNECT ',
  'TRACE ',
];

/**
 * A complete request or status line; or, when the segment ends inside the first line (a long
 * URI), a status line past "HTTP/1.x" or a request line of a common method so far valid.
 */
function startsHttp(b: Uint8Array): boolean {
  for (const step of [requestLineStep, statusLineStep]) {
    let state = 0;
    let i = 0;
    for (; i < b.length; i++) {
      state = step(state, b[i]);
      if (state === LINE_FAIL || state === LINE_DONE) break;
    }
    if (state === LINE_DONE) return true;
    if (i < b.length || state === LINE_FAIL) continue;
    if (step === statusLineStep ? i >= 8 : state >= 41 && COMMON_METHODS.some((m) => startsWith(b, m)))
      return true;
  }
  return false;
}

/*
 * RFC 1035 §4.1.1: a header whose counts are small (a real message has a handful of records;
 * random bytes rarely do) and whose opcode is assigned (0-6).
 */
function looksLikeDnsHeader(b: Uint8Array, off: number): boolean {
  if (b.length < off + 12) return false;
  const opcode = (b[off + 2] >> 3) & 0x0f;
  const qd = (b[off + 4] << 8) | b[off + 5];
  const an = (b[off + 6] << 8) | b[off + 7];
  return opcode <= 6 && qd <= 16 && an <= 256;
}

/*
 * RFC 9000 §17.2 long header: first byte 11xxxxxx, then a 32-bit version: 1 (RFC 9000),
 * 0x6b3343cf (RFC 9369, v2), 0xff0000xx (drafts), 0xfaceb00x (mvfst), 0 (version
 * negotiation), or Google's "Q0xx"/"T0xx". Short headers (01xxxxxx) only on QUIC ports.
 * Google QUIC before T050 has a public header with the version flag (0x01) and the version
 * after an 8-byte connection id.
 */
function looksLikeQuic(b: Uint8Array, quicPort: boolean): boolean {
  if (b.length >= 5 && (b[0] & 0xc0) === 0xc0) {
    const v = ((b[1] << 24) >>> 0) + ((b[2] << 16) | (b[3] << 8) | b[4]);
    if (v === 1 || v === 0x6b3343cf || v === 0 || v >>> 8 === 0xff0000 || v >>> 4 === 0xfaceb00) return true;
    if ((b[1] === 0x51 || b[1] === 0x54) && b[2] === 0x30) return true; // "Q0" / "T0"
  }
  if (b.length >= 13 && (b[0] & 0x09) === 0x09 && b[9] === 0x51 && b[10] === 0x30) return true; // gQUIC Q0xx
  return quicPort && b.length >= 21 && (b[0] & 0xc0) === 0x40;
}

/*
 * MQTT 3.1.1 §3.1 / 5.0 §3.1: CONNECT is packet type 1 (0x10), a 1-4 byte remaining length,
 * then the protocol name as a UTF-8 string: "MQTT" (or "MQIsdp" for 3.1).
 */
function looksLikeMqttConnect(b: Uint8Array): boolean {
  if (b.length < 2 || b[0] !== 0x10) return false;
  let i = 1;
  while (i < 5 && i < b.length && (b[i] & 0x80) !== 0) i++;
  i++;
  if (b.length < i + 2) return false;
  const len = (b[i] << 8) | b[i + 1];
  const name = ascii(b.subarray(i + 2), len);
  return (len === 4 && name === 'MQTT') || (len === 6 && name === 'MQIsdp');
}

/** RFC 6120 §4.2: a stream header, possibly after an XML declaration. */
function looksLikeXmpp(b: Uint8Array): boolean {
  // Both forms begin with '<': anything else is answered without building the text.
  if (b.length === 0 || b[0] !== 0x3c) return false;
  const head = ascii(b, 256);
  return /^(<\?xml[^>]*\?>\s*)?<(stream:)?stream[\s>]/.test(head);
}

/** 'text' when at least 90% of the first bytes are printable ASCII, tab, CR or LF. */
function textOrBinary(b: Uint8Array): string {
  if (b.length === 0) return 'binary';
  let printable = 0;
  for (let i = 0; i < b.length; i++) {
    const c = b[i];
    if ((c >= 0x20 && c < 0x7f) || c === 0x09 || c === 0x0a || c === 0x0d) printable++;
  }
  return printable * 10 >= b.length * 9 ? 'text' : 'binary';
}

function startsWith(b: Uint8Array, s: string): boolean {
  if (b.length < s.length) return false;
  for (let i = 0; i < s.length; i++) if (b[i] !== s.charCodeAt(i)) return false;
  return true;
}

/** The first `max` bytes as a string of char codes (for short pattern tests). */
function ascii(b: Uint8Array, max: number): string {
  const n = Math.min(b.length, max);
  let s = '';
  for (let i = 0; i < n; i++) s += String.fromCharCode(b[i]);
  return s;
}
