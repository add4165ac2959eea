import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  defaultStateDir,
  loadState,
  saveState,
  STATE_FILE,
  validateState,
  type HotspotState,
} from './hotspot-state';
import { createNodeSystem } from './system-access';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'phonehome-state-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function sample(stateDir: string): HotspotState {
  return {
    version: 1,
    provider: 'wired-share',
    tag: '0a1b2c3d',
    phase: 'up',
    interface: 'usb0',
    upstream: 'eth0',
    ssid: null,
    gateway: '10.42.0.1/24',
    subnet: '10.42.0.0/24',
    guidance: 'Connect the phone to usb0.',
    leaseFile: join(stateDir, 'dnsmasq-0a1b2c3d.leases'),
    leaseSeconds: 43200,
    startedAt: 1_700_000_000,
    warnings: [],
    undo: [
      { kind: 'address', interface: 'usb0', address: '10.42.0.1/24' },
      { kind: 'offloads', interface: 'usb0', features: ['gro'] },
      { kind: 'sysctl', path: '/proc/sys/net/ipv4/ip_forward', value: '0' },
      { kind: 'nft-table', family: 'inet', table: 'phonehome_0a1b2c3d' },
      { kind: 'file', path: join(stateDir, 'dnsmasq-0a1b2c3d.pid') },
      { kind: 'process', program: 'dnsmasq', pid: 4242, marker: join(stateDir, 'dnsmasq-0a1b2c3d.pid') },
      { kind: 'nm-connection', name: 'phonehome-0a1b2c3d' },
      { kind: 'nm-active', name: 'phonehome-0a1b2c3d' },
    ],
  };
}

describe('hotspot state file', () => {
  it('round-trips through the file system, readable only by its owner', async () => {
    const system = createNodeSystem();
    const stateDir = join(dir, 'nested', 'phonehome');
    expect(await loadState(system, stateDir)).toEqual({ kind: 'none' });
    await saveState(system, stateDir, sample(stateDir));
    expect(statSync(join(stateDir, STATE_FILE)).mode & 0o777).toBe(0o600);
    expect(statSync(stateDir).mode & 0o777).toBe(0o700);
    expect(await loadState(system, stateDir)).toEqual({ kind: 'ok', state: sample(stateDir) });
  });

  it('refuses a tampered file instead of acting on it', async () => {
    const tampered = (step: unknown) => validateState({ ...sample(dir), undo: [step] }, dir);
    expect(tampered({ kind: 'file', path: '/etc/shadow' })).toMatch(
      /^undo step 1 in the state file is not one PhoneHome creates/,
    );
    expect(tampered({ kind: 'file', path: `${dir}/../x` })).toMatch(/^undo step 1/);
    expect(tampered({ kind: 'process', program: 'sshd', pid: 1234, marker: join(dir, 'x') })).toMatch(
      /^undo step 1/,
    );
    expect(tampered({ kind: 'process', program: 'dnsmasq', pid: 1, marker: join(dir, 'x') })).toMatch(
      /^undo step 1/,
    );
    expect(tampered({ kind: 'nft-table', family: 'inet', table: 'filter' })).toMatch(/^undo step 1/);
    expect(tampered({ kind: 'sysctl', path: '/proc/sys/kernel/panic', value: '1' })).toMatch(/^undo step 1/);
    expect(tampered({ kind: 'address', interface: 'eth0"; x', address: '10.0.0.1/8' })).toMatch(
      /^undo step 1/,
    );
    expect(tampered({ kind: 'nm-connection', name: 'Home Wi-Fi' })).toMatch(/^undo step 1/);
    expect(validateState({ ...sample(dir), version: 2 }, dir)).toBe(
      'the state file has version 2, expected 1',
    );

    writeFileSync(join(dir, STATE_FILE), '{"version":1,');
    expect(await loadState(createNodeSystem(), dir)).toEqual({
      kind: 'corrupt',
      reason: 'the state file is not valid JSON',
      path: join(dir, STATE_FILE),
    });
  });

  it('finds the state directory from the environment', () => {
    expect(defaultStateDir({ PHONEHOME_STATE_DIR: '/x/y' }, '/home/u')).toBe('/x/y');
    expect(defaultStateDir({ XDG_STATE_HOME: '/xdg' }, '/home/u')).toBe('/xdg/phonehome');
    expect(defaultStateDir({}, '/home/u')).toBe('/home/u/.local/state/phonehome');
  });
});
