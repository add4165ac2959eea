/**
 * Key derivation against the published vectors: RFC 9001 A.1 (v1), RFC 9369 A.1 (v2) and
 * draft-ietf-quic-tls-29 A.1 (the draft-29 salt), all for the DCID 0x8394c8f03e515708. The
 * server values go through the same primitives with the "server in" label, so both halves of
 * each appendix are checked.
 */
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hexBytes } from '../app/test-support/annotated-hex';
import {
  clientInitialKeys,
  clientInitialSecret,
  hkdfExpandLabel,
  hkdfExtract,
  packetKeys,
} from './initial-secrets';
import { quicVersionInfo } from './quic-versions';
import { DRAFT29_KEYS, RFC_DCID, V1_KEYS, V2_KEYS } from './test-support/rfc-vectors';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const dcid = hexBytes(RFC_DCID);

describe.each([
  ['RFC 9001 A.1 (v1)', 0x00000001, V1_KEYS],
  ['RFC 9369 A.1 (v2)', 0x6b3343cf, V2_KEYS],
])('%s', (_name, version, vectors) => {
  const info = quicVersionInfo(version)!;
  const initial = hkdfExtract(info.salts[0], dcid);

  it('initial_secret = HKDF-Extract(initial_salt, DCID)', () => {
    expect(hex(initial)).toBe(vectors.initialSecret);
  });

  it('client secret, key, iv and hp', () => {
    expect(hex(clientInitialSecret(info.salts[0], dcid))).toBe(vectors.clientSecret);
    const keys = clientInitialKeys(info, info.salts[0], dcid);
    expect([hex(keys.key), hex(keys.iv), hex(keys.hp)]).toEqual([
      vectors.clientKey,
      vectors.clientIv,
      vectors.clientHp,
    ]);
  });

  it('server secret, key, iv and hp (same primitives, "server in")', () => {
    const secret = hkdfExpandLabel(initial, 'server in', 32);
    expect(hex(secret)).toBe(vectors.serverSecret);
    const keys = packetKeys(secret, info);
    expect([hex(keys.key), hex(keys.iv), hex(keys.hp)]).toEqual([
      vectors.serverKey,
      vectors.serverIv,
      vectors.serverHp,
    ]);
  });
});

describe('draft-ietf-quic-tls-29 A.1', () => {
  it('the draft-29 salt gives the published client secret, key and iv', () => {
    const info = quicVersionInfo(0xff00001d)!;
    expect(hex(clientInitialSecret(info.salts[0], dcid))).toBe(DRAFT29_KEYS.clientSecret);
    const keys = clientInitialKeys(info, info.salts[0], dcid);
    expect([hex(keys.key), hex(keys.iv)]).toEqual([DRAFT29_KEYS.clientKey, DRAFT29_KEYS.clientIv]);
  });
});

describe('hkdfExpandLabel', () => {
  it('builds the RFC 8446 HkdfLabel (RFC 9001 A.1 lists "quic hp" as 00100d746c733133207175696320687000)', () => {
    // HKDF-Expand with a one-block output is HMAC(secret, info || 0x01); recompute it by hand.
    const secret = hexBytes(V1_KEYS.clientSecret);
    const info = hexBytes('00100d746c73313320717569632068700001');
    const expected = createHmac('sha256', secret).update(info).digest().subarray(0, 16);
    expect(hex(hkdfExpandLabel(secret, 'quic hp', 16))).toBe(hex(expected));
  });
});
