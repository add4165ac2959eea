import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hostapdConfig, validChannel, wpaPsk } from './hostapd-config';

const hasHostapd = spawnSync('hostapd', ['-v'], { stdio: 'ignore' }).status !== null;
const hasNoWifi = spawnSync('iw', ['list'], { encoding: 'utf8' }).stdout.trim() === '';

describe('hostapd configuration', () => {
  it('derives the PSK as in IEEE 802.11i-2004 Annex H.4 test vectors', () => {
    expect(wpaPsk('password', 'IEEE')).toBe(
      'f42c6fc52df0ebef9ebb4b90b38a5f902e83fe1b135a70e23aed762e9710a12e',
    );
    expect(wpaPsk('ThisIsAPassword', 'ThisIsASSID')).toBe(
      '0dc0d6eb90555ed6419756b9a15ec3e3209b63df707dd508d14581f8982721af',
    );
  });

  it('escapes non-ASCII, quotes and backslashes in the SSID byte by byte', () => {
    // "Café" is 43 61 66 c3 a9 in UTF-8; '"' is 0x22 and '\' is 0x5c.
    const text = hostapdConfig({
      interface: 'wlan0',
      ssid: 'Café "a\\b"',
      password: 'password',
      channel: 36,
    });
    expect(text.split('\n').slice(0, 4)).toEqual([
      'interface=wlan0',
      'driver=nl80211',
      'ssid2=P"Caf\\xc3\\xa9 \\x22a\\x5cb\\x22"',
      'utf8_ssid=1',
    ]);
    expect(text).toContain('hw_mode=a\nchannel=36\n');
    expect(text).not.toContain('country_code');
    expect(text).not.toContain('wpa_passphrase');
  });

  it('knows which channels exist', () => {
    expect([1, 14, 36, 165].every(validChannel)).toBe(true);
    expect([0, 15, 31, 178, 6.5].some(validChannel)).toBe(false);
  });

  // hostapd is the oracle: it reads the whole file (reporting "N errors found in configuration
  // file") before it tries the driver, which fails on this machine without Wi-Fi.
  it.skipIf(!hasHostapd || !hasNoWifi)('is parsed by hostapd without errors', () => {
    const dir = mkdtempSync(join(tmpdir(), 'phonehome-hostapd-'));
    try {
      const file = join(dir, 'h.conf');
      writeFileSync(
        file,
        hostapdConfig({
          interface: 'phhsnone0',
          ssid: 'Café "lab"',
          password: 'correct horse',
          channel: 6,
          country: 'DE',
        }),
      );
      const r = spawnSync('hostapd', [file], { encoding: 'utf8', timeout: 10_000 });
      const out = r.stdout + r.stderr;
      expect(out).not.toMatch(/errors found in configuration file|Line \d+:/);
      expect(out).toMatch(/nl80211/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
