/**
 * TLS record layer to handshake messages, for one direction of a TCP stream: record headers
 * and handshake messages may be split anywhere across segments, a handshake message may be
 * fragmented across several records, and one record may hold several messages.
 *
 * Threat model: the stream is untrusted and may not be TLS at all. The first record header is
 * checked byte by byte as it arrives, so a non-TLS stream is rejected within its first three
 * bytes ('not-tls'). Record lengths are capped by RFC 8446 §5.2 (2^14 + 256 for ciphertext;
 * we allow 2^14 + 2048 as RFC 5246 did), handshake messages by `maxMessage`; only handshake
 * bytes of the message being assembled are copied. Reading stops at an alert or application
 * data record (what follows is encrypted or over), at a gap, or when the owner says it has
 * what it wanted.
 *
 * ChangeCipherSpec is special: after it, handshake records are normally encrypted (TLS 1.2
 * Finished), except in the TLS 1.3 HelloRetryRequest exchange, where middlebox-compatibility
 * mode (RFC 8446 Appendix D.4) puts a CCS before the second, plaintext, ClientHello (and
 * before the server's real ServerHello). With `afterChangeCipherSpec` set, the reader skips
 * CCS records and accepts one more message only if it starts like a plaintext message of that
 * type (type byte, then a legacy_version whose major byte is 3); anything else ends reading
 * silently, since ciphertext is expected there.
 */
import type { AnomalySink } from '../anomaly';
import { ByteAccumulator } from './byte-accumulator';

const CONTENT_CHANGE_CIPHER_SPEC = 20;
const CONTENT_HANDSHAKE = 22;
const MAX_RECORD_LENGTH = (1 << 14) + 2048;
const RECORD_HEADER_LENGTH = 5;
const HANDSHAKE_HEADER_LENGTH = 4;

export interface HandshakeMessage {
  type: number;
  /** The whole message from its 4-byte header on; a view valid only during the callback. */
  bytes: Uint8Array;
  /** The frame whose bytes completed the message. */
  frame: number;
  /** Every frame that carried bytes of it or of the record headers around it. */
  frames: number[];
}

/** Return false to stop reading the stream. */
export type HandshakeHandler = (message: HandshakeMessage) => boolean;

export type ReadState = 'more' | 'done' | 'not-tls';

export interface TlsRecordReaderOptions {
  anomaly: AnomalySink;
  onMessage: HandshakeHandler;
  maxMessage: number;
  /** When set, the stream is 'not-tls' unless its first handshake message has this type. */
  firstHandshakeType?: number;
  /** When set, CCS records are skipped and a plaintext message of this type may follow. */
  afterChangeCipherSpec?: number;
}

/*
 * RFC 8446 §5.1 (and RFC 5246 §6.2.1):
 *   struct {
 *       ContentType type;                  -- change_cipher_spec(20), alert(21),
 *                                          -- handshake(22), application_data(23)
 *       ProtocolVersion legacy_record_version;
 *       uint16 length;
 *       opaque fragment[TLSPlaintext.length];
 *   } TLSPlaintext;
 * RFC 8446 §4: struct { HandshakeType msg_type; uint24 length; ... } Handshake;
 * "Handshake messages MAY be coalesced into a single TLSPlaintext record or fragmented across
 * several such records."
 */
export class TlsRecordReader {
  state: ReadState = 'more';
  private readonly header = new Uint8Array(RECORD_HEADER_LENGTH);
  private headerLength = 0;
  private recordType = 0;
  private recordRemaining = 0;
  private records = 0;
  private readonly message: ByteAccumulator;
  private messageFrames: number[] = [];
  /** Frames that carried the current record's header, credited to the messages it carries. */
  private headerFrames: number[] = [];
  private messages = 0;
  /** A ChangeCipherSpec was skipped: the next message must look like plaintext. */
  private afterCcs = false;
  private expected = -1;

  constructor(private readonly opts: TlsRecordReaderOptions) {
    this.message = new ByteAccumulator(opts.maxMessage, 1024);
  }

  push(bytes: Uint8Array, streamOffset: number, frame: number): ReadState {
    if (this.state !== 'more') return this.state;
    let p = 0;
    if (this.expected >= 0 && streamOffset !== this.expected) {
      if (streamOffset > this.expected) {
        this.gap(this.expected, streamOffset - this.expected);
        return this.state;
      }
      p = this.expected - streamOffset;
      if (p >= bytes.length) return this.state;
    }
    const n = bytes.length;
    this.expected = streamOffset + n;

    while (p < n && this.state === 'more') {
      if (this.recordRemaining === 0) {
        p = this.readHeader(bytes, p, frame);
        continue;
      }
      const take = Math.min(this.recordRemaining, n - p);
      this.recordRemaining -= take;
      if (this.recordType !== CONTENT_HANDSHAKE) {
        p += take; // the body of a skipped ChangeCipherSpec record
        continue;
      }
      if (!this.message.append(bytes, p, p + take)) {
        this.stop('tls-handshake-message-too-long', `more than ${this.opts.maxMessage} bytes`);
        break;
      }
      for (const f of this.headerFrames) addFrame(this.messageFrames, f);
      addFrame(this.messageFrames, frame);
      p += take;
      this.extractMessages(frame);
    }
    return this.state;
  }

  /** Bytes were lost: a handshake in progress cannot be completed. */
  gap(streamOffset: number, length: number): void {
    if (this.state !== 'more') return;
    this.stop('tls-handshake-gap', `${length} bytes lost at stream offset ${streamOffset}`);
  }

  /** The stream ended; a handshake message still incomplete is reported. */
  end(): void {
    if (
      this.state === 'more' &&
      (this.message.length > 0 || this.headerLength > 0 || this.recordRemaining > 0)
    ) {
      this.opts.anomaly('tls-handshake-incomplete', `${this.message.length} bytes of a handshake message`);
    }
    this.state = 'done';
    this.message.clear();
  }

  private readHeader(bytes: Uint8Array, p: number, frame: number): number {
    const h = this.header;
    if (this.headerLength === 0) this.headerFrames = [];
    addFrame(this.headerFrames, frame);
    while (p < bytes.length && this.headerLength < RECORD_HEADER_LENGTH) {
      h[this.headerLength++] = bytes[p++];
      if (!this.headerPlausible()) return bytes.length;
    }
    if (this.headerLength < RECORD_HEADER_LENGTH) return p;
    this.headerLength = 0;
    this.records++;
    this.recordType = h[0];
    this.recordRemaining = (h[3] << 8) | h[4];
    if (
      h[0] === CONTENT_CHANGE_CIPHER_SPEC &&
      this.opts.afterChangeCipherSpec !== undefined &&
      this.message.length === 0
    ) {
      this.afterCcs = true;
      return p;
    }
    if (h[0] !== CONTENT_HANDSHAKE) {
      // Alert, application data, or a CCS we do not read past: nothing readable follows.
      if (this.message.length > 0) this.opts.anomaly('tls-handshake-interrupted', `record type ${h[0]}`);
      this.state = 'done';
      return bytes.length;
    }
    if (this.recordRemaining === 0) this.opts.anomaly('tls-record-empty', 'zero-length handshake record');
    return p;
  }

  /** Checks the header bytes read so far; on failure sets the state and returns false. */
  private headerPlausible(): boolean {
    const h = this.header;
    const i = this.headerLength - 1;
    const first = this.records === 0;
    let ok = true;
    if (i === 0) ok = first ? h[0] === CONTENT_HANDSHAKE : h[0] >= 20 && h[0] <= 24;
    else if (i === 1) ok = h[1] === 3;
    else if (i === 2) ok = h[2] <= 4;
    else if (i === 4) ok = ((h[3] << 8) | h[4]) <= MAX_RECORD_LENGTH;
    if (ok) return true;
    if (first) {
      this.state = 'not-tls';
    } else {
      this.stop(
        'tls-record-header-invalid',
        `record ${this.records + 1}: ${Array.from(h.subarray(0, i + 1), hex2).join(' ')}`,
      );
    }
    return false;
  }

  /** False (and reading ends) when the message beginning in `v` cannot be the one expected. */
  private expectedStart(v: Uint8Array): boolean {
    if (this.afterCcs) {
      const type = this.opts.afterChangeCipherSpec;
      if (v[0] !== type || (v.length > HANDSHAKE_HEADER_LENGTH && v[HANDSHAKE_HEADER_LENGTH] !== 3))
        return false;
    } else if (this.messages === 0 && this.opts.firstHandshakeType !== undefined) {
      if (v[0] !== this.opts.firstHandshakeType) {
        this.state = 'not-tls';
        return false;
      }
    }
    return true;
  }

  private extractMessages(frame: number): void {
    for (;;) {
      const acc = this.message;
      if (acc.length === 0) return;
      const v = acc.view();
      if (!this.expectedStart(v)) {
        if (this.state === 'more') this.state = 'done';
        acc.clear();
        return;
      }
      if (acc.length < HANDSHAKE_HEADER_LENGTH) return;
      const total = HANDSHAKE_HEADER_LENGTH + ((v[1] << 16) | (v[2] << 8) | v[3]);
      if (total > this.opts.maxMessage) {
        if (this.afterCcs) this.state = 'done';
        else this.stop('tls-handshake-message-too-long', `type ${v[0]} announces ${total} bytes`);
        return;
      }
      if (acc.length < total) return;
      this.messages++;
      this.afterCcs = false;
      const keep = this.opts.onMessage({
        type: v[0],
        bytes: v.subarray(0, total),
        frame,
        frames: this.messageFrames,
      });
      acc.discardFront(total);
      this.messageFrames = [];
      if (acc.length > 0) {
        for (const f of this.headerFrames) addFrame(this.messageFrames, f);
        addFrame(this.messageFrames, frame);
      }
      if (!keep) {
        this.state = 'done';
        acc.clear();
        return;
      }
    }
  }

  private stop(name: string, detail: string): void {
    this.opts.anomaly(name, detail);
    this.state = 'done';
    this.message.clear();
  }
}

/** Frame lists are a handful of entries long, so a linear check is the cheapest dedupe. */
function addFrame(frames: number[], frame: number): void {
  if (!frames.includes(frame)) frames.push(frame);
}

function hex2(b: number): string {
  return b.toString(16).padStart(2, '0');
}
