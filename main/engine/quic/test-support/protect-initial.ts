/**
 * A minimal QUIC packet writer for tests: client Initials protected exactly as RFC 9001 §5.3
 * and §5.4 describe (checked against the RFC 9001 A.2 packet in packet-protection.test.ts),
 * plus unprotected server long headers and the frames the tracker reads. It lets tests build
 * multi-packet, out-of-order and hostile CRYPTO streams that no capture in the corpus has.
 */
import { createCipheriv } from 'node:crypto';
import { clientInitialKeys } from '../initial-secrets';
import { quicVersionInfo } from '../quic-versions';

/** RFC 9000 §16 variable-length integer, in its shortest form (values below 2^30). */
export function varint(value: number): Uint8Array {
  if (value < 0x40) return Uint8Array.of(value);
  if (value < 0x4000) return Uint8Array.of(0x40 | (value >> 8), value & 0xff);
  return Uint8Array.of(0x80 | (value >>> 24), (value >> 16) & 0xff, (value >> 8) & 0xff, value & 0xff);
}

export function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** CRYPTO frame (type 0x06): offset, length, data. */
export function cryptoFrame(offset: number, data: Uint8Array): Uint8Array {
  return concat(Uint8Array.of(0x06), varint(offset), varint(data.length), data);
}

export interface InitialSpec {
  version: number;
  dcid: Uint8Array;
  scid: Uint8Array;
  packetNumber: number;
  /** The frames; padded with PADDING to at least 4 bytes so that the header can be sampled. */
  payload: Uint8Array;
  token?: Uint8Array;
  /** Packet number length, 1 to 4 bytes (default 4). */
  pnLength?: number;
  /** Protect with this Destination Connection ID's keys instead of `dcid`'s (after a server chose a new ID). */
  keyDcid?: Uint8Array;
  /** Use the version's n-th candidate salt (reserved versions have two). */
  saltIndex?: number;
}

/** A client Initial, protected. */
export function protectInitial(spec: InitialSpec): Uint8Array {
  const info = quicVersionInfo(spec.version);
  if (!info) throw new Error(`no keys for version ${spec.version.toString(16)}`);
  const keys = clientInitialKeys(info, info.salts[spec.saltIndex ?? 0], spec.keyDcid ?? spec.dcid);
  const pnLength = spec.pnLength ?? 4;
  const payload =
    spec.payload.length >= 4 ? spec.payload : concat(spec.payload, new Uint8Array(4 - spec.payload.length));
  const token = spec.token ?? new Uint8Array(0);
  const length = pnLength + payload.length + 16;
  const pn = new Uint8Array(pnLength);
  for (let i = 0; i < pnLength; i++) pn[pnLength - 1 - i] = Math.floor(spec.packetNumber / 256 ** i) & 0xff;
  const header = concat(
    Uint8Array.of(0xc0 | (info.initialType << 4) | (pnLength - 1)),
    u32(spec.version),
    Uint8Array.of(spec.dcid.length),
    spec.dcid,
    Uint8Array.of(spec.scid.length),
    spec.scid,
    varint(token.length),
    token,
    Uint8Array.of(0x40 | (length >> 8), length & 0xff),
    pn,
  );
  const nonce = Uint8Array.from(keys.iv);
  for (let i = 0; i < 6; i++) nonce[11 - i] ^= Math.floor(spec.packetNumber / 256 ** i) & 0xff;
  const gcm = createCipheriv('aes-128-gcm', keys.key, nonce);
  gcm.setAAD(header);
  const sealed = concat(gcm.update(payload), gcm.final(), gcm.getAuthTag());
  const packet = concat(header, sealed);
  const pnOffset = header.length - pnLength;
  const ecb = createCipheriv('aes-128-ecb', keys.hp, null);
  ecb.setAutoPadding(false);
  const mask = ecb.update(packet.subarray(pnOffset + 4, pnOffset + 20));
  packet[0] ^= mask[0] & 0x0f;
  for (let i = 0; i < pnLength; i++) packet[pnOffset + i] ^= mask[1 + i];
  return packet;
}

/** A server long header packet (Initial, Handshake or Retry type) with filler instead of protected data. */
export function serverPacket(
  version: number,
  kind: 'initial' | 'handshake' | 'retry',
  dcid: Uint8Array,
  scid: Uint8Array,
  body = 40,
): Uint8Array {
  const info = quicVersionInfo(version);
  if (!info) throw new Error(`unknown version ${version.toString(16)}`);
  const type =
    kind === 'initial' ? info.initialType : kind === 'handshake' ? info.handshakeType : info.retryType;
  const ids = concat(u32(version), Uint8Array.of(dcid.length), dcid, Uint8Array.of(scid.length), scid);
  const first = Uint8Array.of(0xc0 | (type << 4));
  const filler = new Uint8Array(body).fill(0xa5);
  if (kind === 'retry') return concat(first, ids, filler);
  const lengthField = Uint8Array.of(0x40 | (body >> 8), body & 0xff);
  return kind === 'initial'
    ? concat(first, ids, varint(0), lengthField, filler)
    : concat(first, ids, lengthField, filler);
}

function u32(v: number): Uint8Array {
  return Uint8Array.of(v >>> 24, (v >> 16) & 0xff, (v >> 8) & 0xff, v & 0xff);
}
