/**
 * Walking the frames of a decrypted Initial packet (RFC 9000 §19) to find its CRYPTO data.
 * Only the frame types RFC 9000 §12.4 (Table 3) allows in Initial packets are understood:
 * PADDING, PING, ACK, CRYPTO and CONNECTION_CLOSE. Any other type, being of unknown length,
 * ends the walk of that packet.
 *
 * Threat model: the plaintext is attacker-made (Initial keys are public). Every field goes
 * through QuicReader, so nothing is read outside the payload; every loop iteration consumes
 * at least one byte, so the walk is linear in the payload; CRYPTO data is handed out as views.
 * A truncated frame is reported as 'quic-frame-truncated', an unexpected type as
 * 'quic-initial-unexpected-frame'.
 *
 * Google's T050/T051 carry gQUIC frames instead: PADDING 0x00, PING 0x07 and CRYPTO 0x08
 * (offset and length as IETF variable-length integers, as Wireshark's packet-gquic.c reads
 * them). Their ACK frames (0x40-0x7f, a gQUIC-specific layout) are not read: they end the
 * walk. A client's first flight, which carries the ClientHello, acknowledges nothing yet.
 */
import type { AnomalySink } from '../anomaly';
import { QuicReader } from './quic-reader';

export type CryptoSink = (offset: number, data: Uint8Array) => void;

const PADDING = 0x00;
const PING = 0x01;
const ACK = 0x02;
const ACK_ECN = 0x03;
const CRYPTO = 0x06;
const CONNECTION_CLOSE = 0x1c;
const CONNECTION_CLOSE_APPLICATION = 0x1d;
const GQUIC_PING = 0x07;
const GQUIC_CRYPTO = 0x08;

/*
 * RFC 9000 §19.1-19.3, §19.6, §19.19:
 *
 *   PADDING Frame { Type (i) = 0x00 }
 *   PING Frame { Type (i) = 0x01 }
 *
 *   ACK Frame {
 *     Type (i) = 0x02..0x03,
 *     Largest Acknowledged (i),
 *     ACK Delay (i),
 *     ACK Range Count (i),
 *     First ACK Range (i),
 *     ACK Range (..) ...,            -- ACK Range Count times: Gap (i), ACK Range Length (i)
 *     [ECN Counts (..)],             -- type 0x03: ECT0 Count (i), ECT1 Count (i), ECN-CE Count (i)
 *   }
 *
 *   CRYPTO Frame {
 *     Type (i) = 0x06,
 *     Offset (i),
 *     Length (i),
 *     Crypto Data (..),
 *   }
 *
 *   CONNECTION_CLOSE Frame {
 *     Type (i) = 0x1c..0x1d,
 *     Error Code (i),
 *     [Frame Type (i)],              -- type 0x1c only
 *     Reason Phrase Length (i),
 *     Reason Phrase (..),
 *   }
 *
 * Returns true when the whole payload was walked.
 */
export function walkInitialFrames(
  payload: Uint8Array,
  gquicFrames: boolean,
  onCrypto: CryptoSink,
  anomaly: AnomalySink,
): boolean {
  const r = new QuicReader(payload, 0, payload.length);
  const ping = gquicFrames ? GQUIC_PING : PING;
  const crypto = gquicFrames ? GQUIC_CRYPTO : CRYPTO;
  let at = 0;
  while (r.remaining > 0) {
    at = r.pos;
    // Runs of PADDING fill most of a client's first Initial; skip them without the reader.
    if (payload[at] === PADDING) {
      let p = at + 1;
      while (p < payload.length && payload[p] === PADDING) p++;
      r.pos = p;
      continue;
    }
    const type = gquicFrames ? r.u8() : r.varint();
    if (type === ping) continue;
    if (type === crypto) {
      const offset = r.varint();
      const data = r.bytes(r.varint());
      if (r.ok) onCrypto(offset, data);
    } else if (gquicFrames) {
      anomaly('quic-initial-unexpected-frame', `gQUIC type 0x${type.toString(16)} at offset ${at}`);
      return false;
    } else if (!skipIetfFrame(r, type)) {
      if (!r.ok) break;
      anomaly('quic-initial-unexpected-frame', `type 0x${type.toString(16)} at offset ${at}`);
      return false;
    }
    if (!r.ok) break;
  }
  if (r.ok) return true;
  anomaly('quic-frame-truncated', `frame at offset ${at} of ${payload.length}`);
  return false;
}

/** Skips an ACK or CONNECTION_CLOSE frame whose type byte was read; false for any other type. */
function skipIetfFrame(r: QuicReader, type: number): boolean {
  switch (type) {
    case ACK:
    case ACK_ECN: {
      r.varint();
      r.varint();
      const ranges = r.varint();
      r.varint();
      // Each range is at least two bytes, so a huge count fails on the payload's end.
      for (let i = 0; i < ranges && r.ok; i++) {
        r.varint();
        r.varint();
      }
      if (type === ACK_ECN) {
        r.varint();
        r.varint();
        r.varint();
      }
      return true;
    }
    case CONNECTION_CLOSE:
    case CONNECTION_CLOSE_APPLICATION:
      r.varint();
      if (type === CONNECTION_CLOSE) r.varint();
      r.skip(r.varint());
      return true;
    default:
      return false;
  }
}
