/**
 * Proxy preambles: what a TCP stream carries before the application protocol when it goes
 * through a proxy. PROXY protocol headers (HAProxy v1 text and v2 binary, sent by a load
 * balancer to its backend) and SOCKS4/4a/5 negotiations (RFC 1928, RFC 1929) are read and
 * skipped, so the TLS ClientHello or HTTP request behind them is found.
 *
 * Threat model: the bytes are untrusted and may only look like a preamble. Detection asks for
 * an exact shape (a SOCKS client waits for the proxy's answer, so its first segment holds the
 * greeting and nothing else). Each direction buffers at most MAX_BUFFER bytes of its preamble
 * and re-reads them from the start as segments arrive (a preamble is a few hundred bytes at
 * most, so this is cheap); a PROXY v2 header's TLVs, which may be longer, are skipped by count
 * without buffering. Every read is bounds-checked; anything unexpected ends the preamble with
 * a named anomaly (`socks-invalid`, `proxy-protocol-invalid`, ...) and the stream is then
 * treated as an unknown protocol. Nothing here throws.
 */
import type { AnomalySink } from '../anomaly';

export type PreambleKind = 'proxy-v1' | 'proxy-v2' | 'socks4' | 'socks5';

/** The parse needs more bytes. */
export const PREAMBLE_MORE = -1;
/** The bytes are not (or no longer) a preamble of the announced kind. */
export const PREAMBLE_FAIL = -2;

const MAX_BUFFER = 2048;
/** PROXY v1: "the maximum line length is 107 bytes including the CRLF". */
const PROXY_V1_MAX = 107;
const PROXY_V2_SIGNATURE = [0x0d, 0x0a, 0x0d, 0x0a, 0x00, 0x0d, 0x0a, 0x51, 0x55, 0x49, 0x54, 0x0a];
const PROXY_V1_PREFIX = [0x50, 0x52, 0x4f, 0x58, 0x59, 0x20]; // "PROXY "
const CR = 0x0d;
const LF = 0x0a;

/** RFC 1928 §3: SOCKS5 authentication methods. */
const METHOD_GSSAPI = 0x01;
const METHOD_USERNAME_PASSWORD = 0x02;
const METHOD_NONE_ACCEPTABLE = 0xff;

/**
 * Which preamble `first`, the first bytes one side sent on a connection, begins; null when it
 * is none of them.
 */
export function detectPreamble(first: Uint8Array): PreambleKind | null {
  if (startsWith(first, PROXY_V1_PREFIX)) return 'proxy-v1';
  if (first.length >= 13 && startsWith(first, PROXY_V2_SIGNATURE) && first[12] >> 4 === 2) return 'proxy-v2';
  if (first[0] === 5 && looksLikeSocks5Greeting(first)) return 'socks5';
  if (first[0] === 4 && socks4Request(first) === first.length) return 'socks4';
  return null;
}

/*
 * RFC 1928 §3, the client's greeting:  VER (5) | NMETHODS (1) | METHODS (1 to 255)
 * Methods are IANA-assigned (0x00-0x09) or private (0x80-0xfe). Nothing may follow but, from
 * a client that does not wait for the answer, its next message (a request or RFC 1929 login).
 */
function looksLikeSocks5Greeting(b: Uint8Array): boolean {
  if (b.length < 3) return false;
  const n = b[1];
  if (n === 0 || b.length < 2 + n) return false;
  for (let i = 2; i < 2 + n; i++) {
    const m = b[i];
    if (!(m <= 0x09 || (m >= 0x80 && m !== METHOD_NONE_ACCEPTABLE))) return false;
  }
  return b.length === 2 + n || b[2 + n] === 0x05 || b[2 + n] === 0x01;
}

/** The SOCKS5 method the proxy chose, shared by the two directions of one negotiation. */
interface Socks5Choice {
  method: number | null;
}

/**
 * Reads one direction's preamble. `push` takes the direction's in-order bytes and returns the
 * stream offset where the application data begins, PREAMBLE_MORE, or PREAMBLE_FAIL; once it
 * has returned an offset or failed, the reader is spent and every later push fails.
 */
export class PreambleReader {
  private readonly buf = new Uint8Array(MAX_BUFFER);
  private buffered = 0;
  /** Stream offset of the preamble's first byte; -1 until the first push. */
  private start = -1;
  /** Total length once known (PROXY v2 headers are skipped by count past the buffer). */
  private total = -1;
  private ended = false;

  private constructor(
    readonly kind: PreambleKind,
    private readonly side: 'client' | 'server',
    private readonly choice: Socks5Choice,
    private readonly anomaly: AnomalySink,
  ) {}

  /**
   * The readers for a connection whose `client` side began a `kind` preamble: PROXY headers
   * have no answer, so the server side gets none.
   */
  static pair(
    kind: PreambleKind,
    anomaly: AnomalySink,
  ): { client: PreambleReader; server: PreambleReader | null } {
    const choice: Socks5Choice = { method: null };
    const client = new PreambleReader(kind, 'client', choice, anomaly);
    const server =
      kind === 'socks4' || kind === 'socks5' ? new PreambleReader(kind, 'server', choice, anomaly) : null;
    return { client, server };
  }

  push(bytes: Uint8Array, streamOffset: number): number {
    if (this.ended) return PREAMBLE_FAIL;
    if (this.start < 0) this.start = streamOffset;
    const end = streamOffset + bytes.length;
    if (this.total < 0) {
      const room = Math.min(bytes.length, MAX_BUFFER - this.buffered);
      this.buf.set(bytes.subarray(0, room), this.buffered);
      this.buffered += room;
      const view = this.buf.subarray(0, this.buffered);
      const total = this.parse(view);
      if (total === PREAMBLE_FAIL) return this.fail(`${this.kind}-invalid`);
      if (total === PREAMBLE_MORE) {
        return this.buffered >= MAX_BUFFER ? this.fail(`${this.kind}-too-long`) : PREAMBLE_MORE;
      }
      this.total = total;
    }
    const dataStart = this.start + this.total;
    if (dataStart > end) return PREAMBLE_MORE;
    this.ended = true;
    return dataStart;
  }

  /** Bytes were lost: the preamble's length can no longer be followed. */
  gap(): void {
    if (!this.ended) this.fail(`${this.kind}-gap`);
  }

  private fail(name: string): number {
    this.ended = true;
    this.anomaly(name, `${this.side} side of a ${this.kind} preamble`);
    return PREAMBLE_FAIL;
  }

  private parse(b: Uint8Array): number {
    switch (this.kind) {
      case 'proxy-v1':
        return proxyV1(b);
      case 'proxy-v2':
        return proxyV2(b);
      case 'socks4':
        return this.side === 'client' ? socks4Request(b) : socks4Reply(b);
      case 'socks5':
        return this.side === 'client' ? socks5Client(b, this.choice) : socks5Server(b, this.choice);
    }
  }
}

/*
 * PROXY protocol v1 (haproxy doc/proxy-protocol.txt §2.1), one line:
 *   "PROXY" SP ( "TCP4" | "TCP6" | "UNKNOWN" ) [ SP src SP dst SP sport SP dport ] CRLF
 * at most 107 bytes, printable US-ASCII.
 */
function proxyV1(b: Uint8Array): number {
  for (let i = 0; i < b.length && i < PROXY_V1_MAX; i++) {
    const c = b[i];
    if (c === CR) {
      if (i + 1 >= b.length) return PREAMBLE_MORE;
      return b[i + 1] === LF ? i + 2 : PREAMBLE_FAIL;
    }
    if (c < 0x20 || c > 0x7e) return PREAMBLE_FAIL;
  }
  return b.length < PROXY_V1_MAX ? PREAMBLE_MORE : PREAMBLE_FAIL;
}

/*
 * PROXY protocol v2 (§2.2):
 *   signature (12) | ver_cmd (1: version 2 in the high nibble, command LOCAL 0 / PROXY 1)
 *   | fam (1) | len (2, network order) | addresses and TLVs (len bytes)
 */
function proxyV2(b: Uint8Array): number {
  if (b.length < 16) return PREAMBLE_MORE;
  if (!startsWith(b, PROXY_V2_SIGNATURE) || b[12] >> 4 !== 2 || (b[12] & 0x0f) > 1) return PREAMBLE_FAIL;
  return 16 + ((b[14] << 8) | b[15]);
}

/*
 * SOCKS4 request (OpenSSH's socks4.protocol; 4a by Ying-Da Lee):
 *   VN (4) | CD (1 CONNECT, 2 BIND) | DSTPORT (2) | DSTIP (4) | USERID | NUL
 *   [ hostname | NUL ]   -- SOCKS4a, when DSTIP is 0.0.0.x with x != 0
 */
function socks4Request(b: Uint8Array): number {
  if (b.length < 9) return PREAMBLE_MORE;
  if (b[0] !== 4 || (b[1] !== 1 && b[1] !== 2)) return PREAMBLE_FAIL;
  const userEnd = b.indexOf(0, 8);
  if (userEnd < 0) return PREAMBLE_MORE;
  const socks4a = b[4] === 0 && b[5] === 0 && b[6] === 0 && b[7] !== 0;
  if (!socks4a) return userEnd + 1;
  const hostEnd = b.indexOf(0, userEnd + 1);
  if (hostEnd < 0) return PREAMBLE_MORE;
  return hostEnd > userEnd + 1 ? hostEnd + 1 : PREAMBLE_FAIL;
}

/* SOCKS4 reply:  VN (0) | CD (90 granted .. 93) | DSTPORT (2) | DSTIP (4) */
function socks4Reply(b: Uint8Array): number {
  if (b.length < 8) return PREAMBLE_MORE;
  return b[0] === 0 && b[1] >= 90 && b[1] <= 93 ? 8 : PREAMBLE_FAIL;
}

/*
 * SOCKS5 client side, RFC 1928 §3-4 and RFC 1929 §2:
 *   greeting  VER (5) | NMETHODS | METHODS
 *   [ login   VER (1) | ULEN | UNAME | PLEN | PASSWD ]    -- when the proxy chose method 2
 *   request   VER (5) | CMD (1 CONNECT, 2 BIND, 3 UDP ASSOCIATE) | RSV (0) | ATYP | DST.ADDR | DST.PORT
 * GSSAPI (method 1) exchanges are not followed.
 */
function socks5Client(b: Uint8Array, choice: Socks5Choice): number {
  if (b.length < 2) return PREAMBLE_MORE;
  if (b[0] !== 5 || b[1] === 0) return PREAMBLE_FAIL;
  let i = 2 + b[1];
  if (b.length <= i) return PREAMBLE_MORE;
  if (b[i] === 0x01) {
    if (choice.method === METHOD_GSSAPI) return PREAMBLE_FAIL;
    if (b.length < i + 2) return PREAMBLE_MORE;
    const passLenAt = i + 2 + b[i + 1];
    if (b.length <= passLenAt) return PREAMBLE_MORE;
    i = passLenAt + 1 + b[passLenAt];
  }
  return socks5Address(b, i, 3);
}

/*
 * SOCKS5 server side:
 *   choice    VER (5) | METHOD (0xff: none acceptable)
 *   [ status  VER (1) | STATUS (0 success) ]              -- after an RFC 1929 login
 *   reply     VER (5) | REP | RSV (0) | ATYP | BND.ADDR | BND.PORT
 */
function socks5Server(b: Uint8Array, choice: Socks5Choice): number {
  if (b.length < 2) return PREAMBLE_MORE;
  if (b[0] !== 5 || b[1] === METHOD_NONE_ACCEPTABLE) return PREAMBLE_FAIL;
  choice.method = b[1];
  let i = 2;
  if (b[1] === METHOD_USERNAME_PASSWORD) {
    if (b.length < 4) return PREAMBLE_MORE;
    if (b[2] !== 1 || b[3] !== 0) return PREAMBLE_FAIL;
    i = 4;
  } else if (b[1] === METHOD_GSSAPI) {
    return PREAMBLE_FAIL;
  }
  return socks5Address(b, i, 8);
}

/*
 * RFC 1928 §4-6: VER (5) | CMD or REP (at most `maxCode`) | RSV (0) | ATYP | ADDR | PORT (2),
 * ATYP 1 = IPv4 (4 bytes), 3 = domain name (length octet + name), 4 = IPv6 (16 bytes).
 * Returns the offset after the message starting at `i`. `maxCode` is 3 for a request (CMD 1
 * to 3) and 8 for a reply (REP 0 to 8).
 */
function socks5Address(b: Uint8Array, i: number, maxCode: number): number {
  if (b.length < i + 5) return PREAMBLE_MORE;
  if (b[i] !== 5 || b[i + 1] > maxCode || (maxCode === 3 && b[i + 1] === 0) || b[i + 2] !== 0) {
    return PREAMBLE_FAIL;
  }
  const atyp = b[i + 3];
  const addrLen = atyp === 1 ? 4 : atyp === 4 ? 16 : atyp === 3 ? 1 + b[i + 4] : -1;
  if (addrLen < 0) return PREAMBLE_FAIL;
  const end = i + 4 + addrLen + 2;
  return b.length < end ? PREAMBLE_MORE : end;
}

function startsWith(b: Uint8Array, prefix: readonly number[]): boolean {
  if (b.length < prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) if (b[i] !== prefix[i]) return false;
  return true;
}
