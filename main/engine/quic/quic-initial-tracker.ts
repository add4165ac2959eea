/**
 * QuicInitialTracker: the ClientHello of every QUIC connection seen on a UDP flow, read from
 * the client's Initial packets (RFC 9001 §4 and §5). The engine keeps one tracker per UDP flow
 * and pushes each datagram with its direction; the tracker walks the coalesced packets of the
 * datagram, decrypts the client's Initials, reassembles their CRYPTO stream per connection and
 * reports the ClientHello once, when its last byte has arrived, and a second one if it
 * follows (the client's answer to a HelloRetryRequest, RFC 8446 §4.1.4).
 *
 * Connections are keyed by the Destination Connection ID of the client's first Initial (the
 * key derivation input). Later client Initials may be addressed to a connection ID the server
 * chose (after its first Initial, or after a Retry, which also changes the keys); the tracker
 * learns those from the server's long headers (their Destination Connection ID is the
 * client's Source Connection ID) and, when server packets are missing, by trying the keys of
 * the most recently opened connections. Server packets are never decrypted.
 *
 * Threat model: every datagram is untrusted and Initial keys are public, so an attacker can
 * make packets that decrypt. Memory is bounded: at most `maxConnections` connections (least
 * recently used evicted, 'quic-connection-evicted' when its hello was not complete), each with
 * at most MAX_ALIASES learned connection IDs and a CRYPTO buffer of at most `maxCryptoBytes`
 * (dropped once a hello is read; bytes after it get a fresh, empty stream). Work per datagram is linear in its size plus, for an unknown
 * connection ID, a bounded number of key derivations and trial decryptions. No exception
 * leaves push(): parsers report named anomalies, and a packet that does not authenticate is
 * 'quic-initial-decrypt-failed'.
 */
import type { AnomalySink } from '../anomaly';
import { HANDSHAKE_CLIENT_HELLO } from '../app/tls-client-hello';
import { parseClientHello, type ClientHelloResult } from '../app/tls-handshake';
import { CryptoStream } from './crypto-stream';
import { clientInitialKeys } from './initial-secrets';
import { walkInitialFrames } from './initial-frames';
import { parseLongHeader, type LongHeader } from './long-header';
import { InitialProtection, type Plaintext } from './packet-protection';
import { quicVersionName, type QuicVersionInfo } from './quic-versions';

export interface QuicTrackerLimits {
  /** Connections remembered at once (pending and finished). */
  maxConnections: number;
  /** CRYPTO stream bytes buffered per connection; a larger ClientHello is given up. */
  maxCryptoBytes: number;
  /** CRYPTO pieces (and holes) per connection. */
  maxCryptoPieces: number;
}

export const DEFAULT_QUIC_LIMITS: QuicTrackerLimits = {
  maxConnections: 16,
  maxCryptoBytes: 64 * 1024,
  maxCryptoPieces: 1024,
};

export interface QuicHelloResult extends ClientHelloResult {
  /** The QUIC version of the Initial packets, e.g. 0x00000001. */
  version: number;
  /** Its display name, e.g. 'v1', 'draft-29', 'mvfst-draft-27'. */
  versionName: string;
}

/** Connection IDs learned per connection (server CIDs, Retry CIDs); more are ignored. */
const MAX_ALIASES = 4;
/** A first ClientHello and the one answering a HelloRetryRequest. */
const MAX_HELLOS = 2;
/** Connections whose keys are tried on an Initial addressed to an unknown connection ID. */
const TRIAL_CONNECTIONS = 2;
const HANDSHAKE_HEADER_LENGTH = 4;
const LONG_HEADER_FORM = 0x80;

interface Connection {
  /** The client's original Destination Connection ID, as a map key. */
  key: string;
  scidKey: string;
  version: number;
  info: QuicVersionInfo;
  /** The salt that decrypted the first Initial (reserved versions have two candidates). */
  salt: Uint8Array;
  /** The keys of the client's Initials: from the original DCID, or from a Retry's SCID after one. */
  protection: InitialProtection;
  aliases: string[];
  largestPn: number;
  /** The part of the CRYPTO stream after the hellos read so far; created on first use. */
  crypto: CryptoStream | null;
  /** Where that part starts in the stream. */
  nextHelloAt: number;
  /** Hellos reported (or found unparsable) so far. */
  hellos: number;
  /** Both hellos were read, or the stream turned out unusable: later Initials are skipped. */
  done: boolean;
}

export class QuicInitialTracker {
  private readonly limits: QuicTrackerLimits;
  /** By original Destination Connection ID; iteration order is least recently used first. */
  private readonly connections = new Map<string, Connection>();
  /** Other connection IDs the client's Initials are sent to. */
  private readonly aliases = new Map<string, Connection>();
  /** By the client's Source Connection ID, where server packets are addressed. */
  private readonly byClientScid = new Map<string, Connection>();
  /** The most recently opened connections, newest first. */
  private recent: Connection[] = [];
  private unsupportedReported = false;

  constructor(
    private readonly anomaly: AnomalySink,
    limits: Partial<QuicTrackerLimits> = {},
  ) {
    this.limits = { ...DEFAULT_QUIC_LIMITS, ...limits };
  }

  /** Connections currently remembered. */
  get size(): number {
    return this.connections.size;
  }

  /** CRYPTO buffer bytes held across all connections. */
  get bufferedBytes(): number {
    let total = 0;
    for (const conn of this.connections.values()) total += conn.crypto?.capacity ?? 0;
    return total;
  }

  /**
   * Feeds one UDP payload. `fromClient` says whether it was sent by the flow's client; the
   * tracker decrypts only client packets and learns connection IDs from the others. Returns
   * the ClientHellos this datagram completed (usually none).
   */
  push(payload: Uint8Array, fromClient: boolean, frame: number): QuicHelloResult[] {
    const results: QuicHelloResult[] = [];
    let pos = 0;
    // RFC 9000 §12.2: packets coalesce until one without a Length (Retry, VN) or a short
    // header, which runs to the end of the datagram; zero padding after the last packet
    // looks like a short header and ends the walk too.
    while (pos < payload.length && (payload[pos] & LONG_HEADER_FORM) !== 0) {
      const header = parseLongHeader(payload, pos, this.anomaly);
      if (header === null) break;
      if (header.kind === 'unsupported') this.reportUnsupported(header.version);
      else if (!fromClient) this.learnServerIds(header);
      else if (header.kind === 'initial') {
        const hello = this.clientInitial(payload, header, frame);
        if (hello) results.push(hello);
      }
      pos = header.end;
    }
    return results;
  }

  private clientInitial(datagram: Uint8Array, h: LongHeader, frame: number): QuicHelloResult | null {
    const dcidKey = idKey(h.dcid);
    const known = this.connections.get(dcidKey) ?? this.aliases.get(dcidKey);
    if (known !== undefined) {
      this.touch(known);
      if (known.done) return null;
      const plain = known.protection.unprotect(datagram, h.start, h.pnOffset, h.end, known.largestPn);
      if (plain === null) {
        this.decryptFailed(h);
        return null;
      }
      return this.consume(known, plain, frame);
    }
    const info = h.info as QuicVersionInfo;
    for (const salt of info.salts) {
      const protection = new InitialProtection(clientInitialKeys(info, salt, h.dcid));
      const plain = protection.unprotect(datagram, h.start, h.pnOffset, h.end, -1);
      if (plain !== null) return this.consume(this.open(dcidKey, h, info, salt, protection), plain, frame);
    }
    // Addressed to a connection ID the client learned from a server packet we did not see.
    for (const conn of this.recent) {
      const plain = conn.protection.unprotect(datagram, h.start, h.pnOffset, h.end, conn.largestPn);
      if (plain === null) continue;
      this.addAlias(conn, dcidKey);
      return conn.done ? null : this.consume(conn, plain, frame);
    }
    this.decryptFailed(h);
    return null;
  }

  /** Hands the packet's CRYPTO data to the connection's stream; returns the hello if now complete. */
  private consume(conn: Connection, plain: Plaintext, frame: number): QuicHelloResult | null {
    if (plain.packetNumber > conn.largestPn) conn.largestPn = plain.packetNumber;
    const crypto = (conn.crypto ??= new CryptoStream(
      { maxBytes: this.limits.maxCryptoBytes, maxPieces: this.limits.maxCryptoPieces },
      conn.nextHelloAt,
    ));
    let tooFragmented = false;
    walkInitialFrames(
      plain.payload,
      conn.info.gquicFrames,
      (offset, data) => {
        if (tooFragmented) return;
        const outcome = crypto.add(offset, data, frame);
        if (outcome === 'conflict') this.anomaly('quic-crypto-overlap-conflict', `offset ${offset}`);
        else if (outcome === 'beyond-limit') this.anomaly('quic-crypto-beyond-limit', `offset ${offset}`);
        else if (outcome === 'too-fragmented') tooFragmented = true;
      },
      this.anomaly,
    );
    if (!tooFragmented) return this.completeHello(conn, crypto, frame);
    // A stream cut into more pieces than any client uses is not worth following further.
    this.anomaly('quic-crypto-too-fragmented', `more than ${this.limits.maxCryptoPieces} pieces`);
    this.finish(conn);
    return null;
  }

  /*
   * RFC 8446 §4: the CRYPTO stream of the client's Initials holds the ClientHello (and, after
   * a HelloRetryRequest, the second ClientHello right after it):
   *
   *   struct {
   *       HandshakeType msg_type;    -- client_hello(1)
   *       uint24 length;
   *       ClientHello body;
   *   } Handshake;
   */
  private completeHello(conn: Connection, crypto: CryptoStream, frame: number): QuicHelloResult | null {
    const have = crypto.contiguous;
    if (have < HANDSHAKE_HEADER_LENGTH) return null;
    const head = crypto.prefix(HANDSHAKE_HEADER_LENGTH);
    if (head[0] !== HANDSHAKE_CLIENT_HELLO) {
      this.anomaly('quic-crypto-not-client-hello', `handshake type ${head[0]}`);
      this.finish(conn);
      return null;
    }
    const total = HANDSHAKE_HEADER_LENGTH + ((head[1] << 16) | (head[2] << 8) | head[3]);
    if (total > this.limits.maxCryptoBytes) {
      this.anomaly('quic-client-hello-too-large', `${total} bytes`);
      this.finish(conn);
      return null;
    }
    if (have < total) return null;
    const hello = parseClientHello(crypto.prefix(total), this.anomaly);
    const frames = crypto.framesBelow(total);
    conn.crypto = null;
    conn.nextHelloAt += total;
    if (++conn.hellos >= MAX_HELLOS) this.finish(conn);
    if (hello === null) return null;
    return { hello, frame, frames, version: conn.version, versionName: quicVersionName(conn.version) };
  }

  private finish(conn: Connection): void {
    conn.done = true;
    conn.crypto = null;
  }

  /*
   * A server's Initial, Handshake or Retry is addressed to the client's Source Connection ID
   * and carries, as its own Source Connection ID, the ID the client must use from then on
   * (RFC 9000 §7.2). After a Retry the client also derives new Initial keys from that ID
   * (RFC 9001 §5.2), so the connection switches to them (unless it has nothing left to read).
   */
  private learnServerIds(h: LongHeader): void {
    if (h.kind !== 'initial' && h.kind !== 'handshake' && h.kind !== 'retry') return;
    const conn = this.byClientScid.get(idKey(h.dcid));
    if (conn === undefined) return;
    const scidKey = idKey(h.scid);
    if (scidKey === conn.key || this.aliases.has(scidKey) || conn.aliases.length >= MAX_ALIASES) return;
    if (h.kind === 'retry' && !conn.done)
      conn.protection = new InitialProtection(clientInitialKeys(conn.info, conn.salt, h.scid));
    this.addAlias(conn, scidKey);
  }

  private addAlias(conn: Connection, key: string): void {
    if (conn.aliases.length >= MAX_ALIASES) return;
    conn.aliases.push(key);
    this.aliases.set(key, conn);
  }

  private open(
    key: string,
    h: LongHeader,
    info: QuicVersionInfo,
    salt: Uint8Array,
    protection: InitialProtection,
  ): Connection {
    const conn: Connection = {
      key,
      scidKey: idKey(h.scid),
      version: h.version,
      info,
      salt,
      protection,
      aliases: [],
      largestPn: -1,
      crypto: null,
      nextHelloAt: 0,
      hellos: 0,
      done: false,
    };
    this.connections.set(key, conn);
    this.byClientScid.set(conn.scidKey, conn);
    this.recent = [conn, ...this.recent.slice(0, TRIAL_CONNECTIONS - 1)];
    while (this.connections.size > this.limits.maxConnections) {
      this.evict(this.connections.values().next().value as Connection);
    }
    return conn;
  }

  private touch(conn: Connection): void {
    this.connections.delete(conn.key);
    this.connections.set(conn.key, conn);
  }

  private evict(conn: Connection): void {
    // Evicting a connection that only waits for an unlikely second hello loses nothing.
    if (conn.hellos === 0 && !conn.done)
      this.anomaly('quic-connection-evicted', `ClientHello incomplete, ${conn.aliases.length} aliases`);
    this.connections.delete(conn.key);
    for (const alias of conn.aliases) this.aliases.delete(alias);
    if (this.byClientScid.get(conn.scidKey) === conn) this.byClientScid.delete(conn.scidKey);
    this.recent = this.recent.filter((c) => c !== conn);
  }

  private decryptFailed(h: LongHeader): void {
    this.anomaly(
      'quic-initial-decrypt-failed',
      `${quicVersionName(h.version)} Initial, DCID of ${h.dcid.length} bytes, ${h.end - h.start} bytes`,
    );
  }

  private reportUnsupported(version: number): void {
    if (this.unsupportedReported) return;
    this.unsupportedReported = true;
    this.anomaly('quic-unsupported-version', quicVersionName(version));
  }
}

/** A connection ID as a map key: one character per byte. */
function idKey(id: Uint8Array): string {
  let s = '';
  for (let i = 0; i < id.length; i++) s += String.fromCharCode(id[i]);
  return s;
}
