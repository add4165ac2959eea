/**
 * The QUIC versions whose Initial packets we can decrypt, and what differs between them: the
 * HKDF-Extract salt (RFC 9001 §5.2 and the drafts before it), the HKDF labels of the packet
 * keys (RFC 9369 §3.3.2 renames them for v2), and the long-header packet type bits (RFC 9369
 * §3.2 rotates them for v2).
 *
 * The salts of the drafts, of Facebook's mvfst and of Google's T050/T051 are not in any RFC;
 * they are the values Wireshark's packet-quic.c and nDPI's quic.c use (both agree), and the
 * public captures in the corpus decrypt with them. Versions of the form 0x?a?a?a?a are
 * reserved to exercise version negotiation (RFC 9000 §15); a client using one still has to
 * protect its Initial with some salt, and tshark 4.0 tries the draft-29 one. We try the
 * draft-29 salt, then the v1 salt: the AEAD tag tells which one (if any) is right.
 */

export interface QuicVersionInfo {
  /** Short display name, e.g. 'v1', 'draft-29', 'mvfst-draft-27'. */
  name: string;
  /** Candidate HKDF-Extract salts, tried in order (one except for reserved versions). */
  salts: readonly Uint8Array[];
  /** Labels for HKDF-Expand-Label of the packet key, IV and header protection key. */
  keyLabel: string;
  ivLabel: string;
  hpLabel: string;
  /** Long Packet Type field values (bits 0x30 of the first byte, shifted down). */
  initialType: number;
  zeroRttType: number;
  handshakeType: number;
  retryType: number;
  /** Google's T050/T051 put gQUIC frames (CRYPTO is 0x08) inside IETF-style Initials. */
  gquicFrames: boolean;
}

function hex(s: string): Uint8Array {
  const out = new Uint8Array(s.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(s.slice(2 * i, 2 * i + 2), 16);
  return out;
}

/** RFC 9001 §5.2. */
const SALT_V1 = hex('38762cf7f55934b34d179ae6a4c80cadccbb7f0a');
/** RFC 9369 §3.3.1. */
const SALT_V2 = hex('0dede3def700a6db819381be6e269dcbf9bd2ed9');
/** draft-ietf-quic-tls-22 (also mvfst's draft-22 based version). */
const SALT_DRAFT_22 = hex('7fbcdb0e7c66bbe9193a96cd21519ebd7a02644a');
/** draft-ietf-quic-tls-23 to -28 (also mvfst's draft-27 based versions). */
const SALT_DRAFT_23 = hex('c3eef712c72ebb5a11a7d2432bb46365bef9f502');
/** draft-ietf-quic-tls-29 to -32. */
const SALT_DRAFT_29 = hex('afbfec289993d24c9e9786f19c6111e04390a899');
/** Google QUIC T050 and T051 (TLS handshake in IETF-style Initials). */
const SALT_T050 = hex('7ff579e5acd072915580304c43a2367c60488310');
const SALT_T051 = hex('7a4edef4e7ccee5fa4506c19124fc8ccda6e033d');

function v1Style(name: string, salts: Uint8Array[], gquicFrames = false): QuicVersionInfo {
  return {
    name,
    salts,
    gquicFrames,
    keyLabel: 'quic key',
    ivLabel: 'quic iv',
    hpLabel: 'quic hp',
    initialType: 0,
    zeroRttType: 1,
    handshakeType: 2,
    retryType: 3,
  };
}

const V2: QuicVersionInfo = {
  name: 'v2',
  salts: [SALT_V2],
  keyLabel: 'quicv2 key',
  ivLabel: 'quicv2 iv',
  hpLabel: 'quicv2 hp',
  initialType: 1,
  zeroRttType: 2,
  handshakeType: 3,
  retryType: 0,
  gquicFrames: false,
};

const RESERVED = v1Style('reserved', [SALT_DRAFT_29, SALT_V1]);

const TABLE = new Map<number, QuicVersionInfo>([
  [0x00000001, v1Style('v1', [SALT_V1])],
  [0x6b3343cf, V2],
  [0xfaceb001, v1Style('mvfst-draft-22', [SALT_DRAFT_22])],
  [0xfaceb002, v1Style('mvfst-draft-27', [SALT_DRAFT_23])],
  [0xfaceb00e, v1Style('mvfst-experimental', [SALT_DRAFT_23])],
  [0x54303530, v1Style('gquic-t050', [SALT_T050], true)],
  [0x54303531, v1Style('gquic-t051', [SALT_T051], true)],
]);
for (let draft = 22; draft <= 34; draft++) {
  const salt =
    draft <= 22 ? SALT_DRAFT_22 : draft <= 28 ? SALT_DRAFT_23 : draft <= 32 ? SALT_DRAFT_29 : SALT_V1;
  TABLE.set((0xff000000 | draft) >>> 0, v1Style(`draft-${draft}`, [salt]));
}

/** Every version with its own entry, ascending (reserved 0x?a?a?a?a versions come on top). */
export const SUPPORTED_VERSIONS: readonly number[] = [...TABLE.keys()].sort((a, b) => a - b);

/** RFC 9000 §15: versions following the pattern 0x?a?a?a?a are reserved. */
export function isReservedVersion(version: number): boolean {
  return (version & 0x0f0f0f0f) === 0x0a0a0a0a;
}

/** The parameters for `version`, or null when we cannot decrypt its Initials. */
export function quicVersionInfo(version: number): QuicVersionInfo | null {
  return TABLE.get(version) ?? (isReservedVersion(version) ? RESERVED : null);
}

/** Display name of a version: the table's, else its hex value ('reserved-' prefixed when reserved). */
export function quicVersionName(version: number): string {
  const info = TABLE.get(version);
  if (info) return info.name;
  const hexValue = `0x${version.toString(16).padStart(8, '0')}`;
  return isReservedVersion(version) ? `reserved-${hexValue}` : hexValue;
}
