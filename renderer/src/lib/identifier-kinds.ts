/** How each identifier kind is named and prompted for in the UI. */
import type { IdentifierKind } from '../../../shared/identifier-types';

export interface KindInfo {
  label: string;
  /** Short badge text for tables. */
  badge: string;
  placeholder: string;
}

export const KIND_INFO: Record<IdentifierKind, KindInfo> = {
  imei: { label: 'IMEI', badge: 'IMEI', placeholder: '15 digits, from *#06#' },
  imsi: { label: 'IMSI', badge: 'IMSI', placeholder: '15 digits, MCC + MNC + MSIN' },
  iccid: { label: 'ICCID (SIM serial)', badge: 'ICCID', placeholder: '19–20 digits, printed on the SIM' },
  phone: { label: 'Phone number', badge: 'PHONE', placeholder: '+86 138 0013 8000' },
  mac: { label: 'Wi-Fi MAC', badge: 'MAC', placeholder: 'aa:bb:cc:dd:ee:ff' },
  email: { label: 'Email', badge: 'EMAIL', placeholder: 'name@example.com' },
  android_id: { label: 'Android ID', badge: 'ANDROID', placeholder: '16 hex digits' },
  advertising_id: {
    label: 'Advertising ID',
    badge: 'AD ID',
    placeholder: 'xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx',
  },
  serial: { label: 'Serial number', badge: 'SERIAL', placeholder: 'as shown in Settings › About' },
  carrier: { label: 'Carrier', badge: 'CARRIER', placeholder: 'carrier name' },
  name: { label: 'Name', badge: 'NAME', placeholder: "the owner's name" },
  location: { label: 'Home location', badge: 'LOC', placeholder: 'lat,lon e.g. 39.9042,116.4074' },
  text: { label: 'Other text', badge: 'TEXT', placeholder: 'any exact text' },
};

export function kindInfo(kind: string): KindInfo {
  return (
    (KIND_INFO as Record<string, KindInfo | undefined>)[kind] ?? {
      label: kind,
      badge: kind.toUpperCase(),
      placeholder: '',
    }
  );
}
