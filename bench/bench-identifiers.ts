/**
 * The 20 identifiers of the benchmark's "engine with identifiers" run (DESIGN §8): mixed kinds,
 * all invented, three of them (PLANTED) written into the generated capture by
 * make-mixed-capture.ts. Each is checked with the same validator the UI and CLI use, so the
 * matcher expands exactly what a reporter's real list would give it.
 */
import type { Identifier } from '../shared/identifier-types';
import { checkIdentifier, luhnCheckDigit } from '../shared/identifiers';

/** The identifiers planted in HTTP requests of the generated capture. */
export const PLANTED = {
  imei: `35391805247193${luhnCheckDigit('35391805247193')}`,
  phone: '+447911123456',
  phoneCountry: 'GB',
  /** The same number as a UK user writes it: trunk 0, grouped with a space. */
  phoneNational: '07911 123456',
  email: 'reporter.bench@example.org',
} as const;

const ICCID_UK = '894410123456789012';
const ICCID_CN = '898600201234567890';

export const BENCH_IDENTIFIERS: Identifier[] = [
  { kind: 'imei', value: PLANTED.imei, label: 'bench phone IMEI (planted)' },
  { kind: 'imei', value: '490154203237518', label: 'second SIM slot IMEI' },
  { kind: 'imei', value: '356938035643809', label: 'old phone IMEI' },
  { kind: 'imsi', value: '460001234567890', label: 'CN SIM IMSI' },
  { kind: 'imsi', value: '234150999888777', label: 'UK SIM IMSI' },
  { kind: 'iccid', value: ICCID_UK + luhnCheckDigit(ICCID_UK), label: 'UK SIM ICCID' },
  { kind: 'iccid', value: ICCID_CN + luhnCheckDigit(ICCID_CN), label: 'CN SIM ICCID' },
  { kind: 'phone', value: PLANTED.phone, country: PLANTED.phoneCountry, label: 'own number (planted)' },
  { kind: 'phone', value: '+8613912345678', country: 'CN', label: 'contact in China' },
  { kind: 'phone', value: '(415) 555-0132', country: 'US', label: 'contact in the US' },
  { kind: 'mac', value: '3c:5a:b4:01:02:03', label: 'Wi-Fi MAC' },
  { kind: 'mac', value: 'f0-99-bf-12-34-56', label: 'Bluetooth MAC' },
  { kind: 'email', value: PLANTED.email, label: 'account email (planted)' },
  { kind: 'email', value: 'li.wei@example.cn', label: 'second account' },
  { kind: 'android_id', value: '3f2a9c1b7d4e6a80', label: 'Android ID' },
  { kind: 'advertising_id', value: '38400000-8cf0-11bd-b23e-10b96e40000d', label: 'advertising ID' },
  { kind: 'advertising_id', value: '6f1c2d3e-4b5a-4978-8a6b-5c4d3e2f1a0b', label: 'previous advertising ID' },
  { kind: 'serial', value: 'R58M123ABCD', label: 'hardware serial' },
  { kind: 'location', value: '48.85837,2.29448', label: 'home' },
  { kind: 'name', value: 'Wei Zhang', label: 'owner name' },
];

/**
 * The canonical (plain) form of each identifier, after checking that every one is valid.
 * Throws with the validator's own messages otherwise: a bench with a silently dropped
 * identifier would measure less work than it claims.
 */
export function canonicalBenchIdentifiers(): string[] {
  return BENCH_IDENTIFIERS.map((id) => {
    const check = checkIdentifier(id);
    if (!check.ok || check.canonical === undefined) {
      throw new Error(
        `bench identifier ${id.kind} ${JSON.stringify(id.value)} is invalid: ${check.errors.join('; ')}`,
      );
    }
    return check.canonical;
  });
}
