import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { masqueradeRuleset, nftTableName } from './nftables-ruleset';

const RULESET = masqueradeRuleset({ tag: '0a1b2c3d', subnet: '10.42.0.0/24', upstream: 'eth0' });
// `nft -c` only checks; it runs in a fresh network namespace (unshare) so even a bug could not
// touch this machine's firewall.
const canCheck =
  process.getuid?.() === 0 &&
  spawnSync('unshare', ['--net', 'nft', '--version'], { stdio: 'ignore' }).status === 0;

describe('nftables ruleset', () => {
  it('is one table of our own with a masquerade toward the upstream interface', () => {
    expect(nftTableName('0a1b2c3d')).toBe('phonehome_0a1b2c3d');
    expect(RULESET).toBe(
      'table inet phonehome_0a1b2c3d {\n' +
        '\tchain postrouting {\n' +
        '\t\ttype nat hook postrouting priority srcnat; policy accept;\n' +
        '\t\tip saddr 10.42.0.0/24 oifname "eth0" masquerade\n' +
        '\t}\n' +
        '}\n',
    );
    expect(RULESET).not.toMatch(/flush/);
  });

  it.skipIf(!canCheck)('is accepted by nft -c', () => {
    const dir = mkdtempSync(join(tmpdir(), 'phonehome-nft-'));
    try {
      writeFileSync(join(dir, 'r.nft'), RULESET);
      const r = spawnSync('unshare', ['--net', 'nft', '-c', '-f', join(dir, 'r.nft')], { encoding: 'utf8' });
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
