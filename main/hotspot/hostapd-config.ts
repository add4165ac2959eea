/**
 * hostapd.conf for a WPA2-PSK access point. Values are validated before they get here (SSID
 * without control characters, ASCII passphrase). The SSID is written in hostapd's `ssid2`
 * printf-escaped form so any UTF-8 name survives the line-based file format, and the passphrase
 * is stored only as the derived 256-bit PSK, so the file never holds the password itself.
 */
import { pbkdf2Sync } from 'node:crypto';

/** IEEE 802.11i-2004 H.4: PSK = PBKDF2-HMAC-SHA1(passphrase, SSID, 4096 iterations, 32 bytes). */
export function wpaPsk(passphrase: string, ssid: string): string {
  return pbkdf2Sync(Buffer.from(passphrase, 'utf8'), Buffer.from(ssid, 'utf8'), 4096, 32, 'sha1').toString(
    'hex',
  );
}

export interface HostapdConfigOptions {
  interface: string;
  ssid: string;
  password: string;
  /** 1-14 selects 2.4 GHz ("g" mode), 36 and up 5 GHz ("a" mode). */
  channel: number;
  /** ISO 3166 alpha-2 regulatory country; omitted means the world domain (fewest channels). */
  country?: string;
}

function escapeSsid(ssid: string): string {
  let out = '';
  for (const byte of Buffer.from(ssid, 'utf8')) {
    const plain = byte >= 0x20 && byte < 0x7f && byte !== 0x22 && byte !== 0x5c;
    out += plain ? String.fromCharCode(byte) : `\\x${byte.toString(16).padStart(2, '0')}`;
  }
  return out;
}

export function hostapdConfig(o: HostapdConfigOptions): string {
  const lines = [
    `interface=${o.interface}`,
    'driver=nl80211',
    `ssid2=P"${escapeSsid(o.ssid)}"`,
    'utf8_ssid=1',
  ];
  if (o.country) lines.push(`country_code=${o.country}`, 'ieee80211d=1');
  lines.push(
    `hw_mode=${o.channel >= 36 ? 'a' : 'g'}`,
    `channel=${o.channel}`,
    'ieee80211n=1',
    'wmm_enabled=1',
    'auth_algs=1',
    'ignore_broadcast_ssid=0',
    // WPA2 only (RSN with CCMP): no WPA1/TKIP, which modern phones warn about.
    'wpa=2',
    'wpa_key_mgmt=WPA-PSK',
    'rsn_pairwise=CCMP',
    `wpa_psk=${wpaPsk(o.password, o.ssid)}`,
    '',
  );
  return lines.join('\n');
}

/** Channels hostapd can be asked for: 2.4 GHz 1-14, 5 GHz 32-177. */
export function validChannel(channel: number): boolean {
  return Number.isInteger(channel) && ((channel >= 1 && channel <= 14) || (channel >= 32 && channel <= 177));
}
