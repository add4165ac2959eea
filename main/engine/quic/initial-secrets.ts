/**
 * Initial packet protection keys (RFC 9001 §5.2, RFC 9369 §3.3): everything an observer needs
 * to read a client's Initial packets is public, derived from the Destination Connection ID of
 * the client's first Initial and a salt fixed by the version.
 *
 *   initial_secret = HKDF-Extract(initial_salt, client_dst_connection_id)
 *   client_initial_secret = HKDF-Expand-Label(initial_secret, "client in", "", 32)
 *   key = HKDF-Expand-Label(client_initial_secret, "quic key", "", 16)
 *   iv  = HKDF-Expand-Label(client_initial_secret, "quic iv", "", 12)
 *   hp  = HKDF-Expand-Label(client_initial_secret, "quic hp", "", 16)
 *
 * (v2 labels: "quicv2 key", "quicv2 iv", "quicv2 hp"; "client in" is unchanged.) Initial
 * packets always use AEAD_AES_128_GCM with SHA-256, whatever the handshake later negotiates.
 *
 * Threat model: the connection ID is attacker-chosen but only ever hashed; its length is
 * bounded by the header parser (at most 255 bytes). Nothing here reads outside its inputs.
 */
import { createHmac } from 'node:crypto';
import type { QuicVersionInfo } from './quic-versions';

const SHA256_LENGTH = 32;
const AES_128_KEY_LENGTH = 16;
const AEAD_NONCE_LENGTH = 12;
const LABEL_PREFIX = 'tls13 ';

/** The three values that protect a client's Initial packets. */
export interface InitialKeys {
  key: Uint8Array;
  iv: Uint8Array;
  hp: Uint8Array;
}

/** HKDF-Extract (RFC 5869 §2.2) with SHA-256: HMAC keyed by the salt over the input keying material. */
export function hkdfExtract(salt: Uint8Array, ikm: Uint8Array): Uint8Array {
  return createHmac('sha256', salt).update(ikm).digest();
}

/*
 * RFC 8446 §7.1:
 *
 *   HKDF-Expand-Label(Secret, Label, Context, Length) =
 *        HKDF-Expand(Secret, HkdfLabel, Length)
 *
 *   struct {
 *       uint16 length = Length;
 *       opaque label<7..255> = "tls13 " + Label;
 *       opaque context<0..255> = Context;
 *   } HkdfLabel;
 *
 * The context is always empty here, and every output fits in one SHA-256 block, so
 * HKDF-Expand reduces to T(1) = HMAC(Secret, HkdfLabel || 0x01), truncated to Length.
 */
export function hkdfExpandLabel(secret: Uint8Array, label: string, length: number): Uint8Array {
  const fullLabel = LABEL_PREFIX + label;
  const info = new Uint8Array(2 + 1 + fullLabel.length + 1 + 1);
  info[0] = length >> 8;
  info[1] = length & 0xff;
  info[2] = fullLabel.length;
  for (let i = 0; i < fullLabel.length; i++) info[3 + i] = fullLabel.charCodeAt(i);
  info[3 + fullLabel.length] = 0;
  info[4 + fullLabel.length] = 1;
  return createHmac('sha256', secret).update(info).digest().subarray(0, Math.min(length, SHA256_LENGTH));
}

/** client_initial_secret for a given salt and client Destination Connection ID. */
export function clientInitialSecret(salt: Uint8Array, dcid: Uint8Array): Uint8Array {
  return hkdfExpandLabel(hkdfExtract(salt, dcid), 'client in', SHA256_LENGTH);
}

/** Packet key, IV and header protection key from a traffic secret, with the version's labels. */
export function packetKeys(secret: Uint8Array, version: QuicVersionInfo): InitialKeys {
  return {
    key: hkdfExpandLabel(secret, version.keyLabel, AES_128_KEY_LENGTH),
    iv: hkdfExpandLabel(secret, version.ivLabel, AEAD_NONCE_LENGTH),
    hp: hkdfExpandLabel(secret, version.hpLabel, AES_128_KEY_LENGTH),
  };
}

/** The keys protecting the client's Initial packets of a connection. */
export function clientInitialKeys(version: QuicVersionInfo, salt: Uint8Array, dcid: Uint8Array): InitialKeys {
  return packetKeys(clientInitialSecret(salt, dcid), version);
}
