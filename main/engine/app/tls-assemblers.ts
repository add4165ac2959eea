/**
 * The two per-direction TLS readers the engine runs on a TCP connection:
 * TlsClientHelloAssembler (client to server: the ClientHello, and the second one that follows
 * a HelloRetryRequest, then nothing more) and
 * TlsServerAssembler (server to client: ServerHello and, up to TLS 1.2, the certificate).
 *
 * Threat model: see tls-record-reader.ts (framing) and tls-client-hello.ts / tls-server-hello.ts
 * (message contents). Once an assembler has what it wants, or the stream turns out not to be
 * TLS, every later push returns after one comparison: the rest of a TLS stream is ciphertext.
 */
import type { AnomalySink } from '../anomaly';
import {
  HANDSHAKE_CERTIFICATE,
  HANDSHAKE_CLIENT_HELLO,
  HANDSHAKE_SERVER_HELLO,
  HANDSHAKE_SERVER_HELLO_DONE,
  parseClientHello,
  type ClientHello,
} from './tls-client-hello';
import { TlsRecordReader, type HandshakeMessage } from './tls-record-reader';
import { parseCertificateMessage, parseServerHello, type ServerHello } from './tls-server-hello';
import type { CertificateNames } from './x509-names';

/** ClientHello bodies are bounded by their own uint16 vectors to well under 128 KiB. */
const MAX_CLIENT_HELLO = 1 << 17;
/** A client sends a second hello only after a HelloRetryRequest (RFC 8446 §4.1.4). */
const MAX_CLIENT_HELLOS = 2;
/** Certificate chains above 256 KiB are not seen in practice; past that we stop. */
const MAX_SERVER_MESSAGE = 1 << 18;
/** ServerHello, Certificate, ServerKeyExchange, CertificateRequest, ServerHelloDone and slack. */
const MAX_SERVER_MESSAGES = 8;

export interface ClientHelloResult {
  hello: ClientHello;
  /** The frame that completed the ClientHello. */
  frame: number;
  /** Every frame that carried its bytes (record headers included), in stream order. */
  frames: number[];
}

export class TlsClientHelloAssembler {
  private readonly reader: TlsRecordReader;
  private results: ClientHelloResult[] = [];
  private hellos = 0;

  constructor(anomaly: AnomalySink) {
    this.reader = new TlsRecordReader({
      anomaly,
      maxMessage: MAX_CLIENT_HELLO,
      firstHandshakeType: HANDSHAKE_CLIENT_HELLO,
      afterChangeCipherSpec: HANDSHAKE_CLIENT_HELLO,
      onMessage: (m: HandshakeMessage) => {
        // After the hello the client's next plaintext handshake message (TLS 1.2's
        // ClientKeyExchange) ends the search; only a retried hello is read.
        if (m.type !== HANDSHAKE_CLIENT_HELLO) return false;
        const hello = parseClientHello(m.bytes, anomaly);
        if (hello) this.results.push({ hello, frame: m.frame, frames: m.frames });
        return ++this.hellos < MAX_CLIENT_HELLOS;
      },
    });
  }

  /** True once the search is over: hellos read, stream not TLS, or broken. */
  get done(): boolean {
    return this.reader.state !== 'more';
  }

  /**
   * Feeds client-to-server bytes. Returns the ClientHellos this segment completed (usually
   * one; a second one follows a HelloRetryRequest), 'not-tls' (once) when the stream does not
   * start with a TLS handshake record carrying a ClientHello, and null otherwise.
   */
  push(bytes: Uint8Array, streamOffset: number, frame: number): ClientHelloResult[] | 'not-tls' | null {
    if (this.reader.state !== 'more') return null;
    const state = this.reader.push(bytes, streamOffset, frame);
    if (this.results.length > 0) {
      const r = this.results;
      this.results = [];
      return r;
    }
    return state === 'not-tls' ? 'not-tls' : null;
  }

  gap(streamOffset: number, length: number): void {
    this.reader.gap(streamOffset, length);
  }

  end(): void {
    this.reader.end();
  }
}

export class TlsServerAssembler {
  serverHello: ServerHello | null = null;
  serverHelloFrame = 0;
  /** Names of the leaf certificate (TLS <= 1.2 only: later versions encrypt it). */
  certificate: CertificateNames | null = null;
  certificateFrame = 0;
  private readonly reader: TlsRecordReader;
  private messages = 0;
  private fresh: string[] | null = null;

  constructor(anomaly: AnomalySink) {
    this.reader = new TlsRecordReader({
      anomaly,
      maxMessage: MAX_SERVER_MESSAGE,
      afterChangeCipherSpec: HANDSHAKE_SERVER_HELLO,
      onMessage: (m: HandshakeMessage) => this.onMessage(m, anomaly),
    });
  }

  get done(): boolean {
    return this.reader.state !== 'more';
  }

  /**
   * Feeds server-to-client bytes. Returns the certificate's names (CN first, then the
   * subjectAltName dNSNames, without repeats) when this segment completed the Certificate
   * message, else null. The ServerHello is available as `serverHello` once seen.
   */
  push(bytes: Uint8Array, streamOffset: number, frame: number): string[] | null {
    if (this.reader.state !== 'more') return null;
    this.reader.push(bytes, streamOffset, frame);
    const names = this.fresh;
    this.fresh = null;
    return names;
  }

  gap(streamOffset: number, length: number): void {
    this.reader.gap(streamOffset, length);
  }

  end(): void {
    this.reader.end();
  }

  private onMessage(m: HandshakeMessage, anomaly: AnomalySink): boolean {
    this.messages++;
    switch (m.type) {
      case HANDSHAKE_SERVER_HELLO: {
        const sh = parseServerHello(m.bytes, anomaly);
        if (!sh) return false;
        this.serverHello = sh;
        this.serverHelloFrame = m.frame;
        // After a HelloRetryRequest the real ServerHello follows (after the client's second
        // hello); from TLS 1.3 on (drafts are 0x7fxx) everything after it is encrypted.
        if (sh.helloRetryRequest) return this.messages < MAX_SERVER_MESSAGES;
        return !(sh.version >= 0x0304 || sh.version >> 8 === 0x7f);
      }
      case HANDSHAKE_CERTIFICATE: {
        const names = parseCertificateMessage(m.bytes, anomaly);
        if (names) {
          this.certificate = names;
          this.certificateFrame = m.frame;
          const all = names.commonName !== null ? [names.commonName, ...names.dnsNames] : names.dnsNames;
          this.fresh = [...new Set(all)];
        }
        return false;
      }
      case HANDSHAKE_SERVER_HELLO_DONE:
        return false;
    }
    return this.messages < MAX_SERVER_MESSAGES;
  }
}
