import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { lookupVendor } from './oui';

/** Wireshark's own vendor table, an independent copy of the IEEE registries (Debian's tshark). */
const MANUF = '/usr/share/wireshark/manuf';

describe('lookupVendor', () => {
  it('names the organisation of an MA-L prefix', () => {
    // Registry facts also printed by `tshark -N m` (manuf: "00:13:7F Cisco", "64:09:80 XiaomiCo").
    expect(lookupVendor('00:13:7f:be:8c:ff')).toEqual({ vendor: 'Cisco Systems, Inc', randomized: false });
    expect(lookupVendor('64:09:80:3C:5E:21')).toEqual({
      vendor: 'Xiaomi Communications Co Ltd',
      randomized: false,
    });
  });

  it('prefers the longest prefix: MA-M and MA-S blocks inside an "IEEE Registration Authority" MA-L', () => {
    // C8:5C:E2 is the IEEE RA's; C8:5C:E2:1x:xx:xx is an MA-M block (manuf: "Annapurna labs").
    expect(lookupVendor('c8:5c:e2:10:00:01').vendor).toBe('Annapurna labs');
    // 70:B3:D5 too; 70:B3:D5:00:1x:xx is an MA-S block (manuf: "SOREDI touch systems GmbH").
    expect(lookupVendor('70:b3:d5:00:10:42').vendor).toBe('SOREDI touch systems GmbH');
    // An MA-M block the registry has not assigned falls back to the MA-L owner.
    expect(lookupVendor('c8:5c:e2:f0:00:01').vendor).toBe('IEEE Registration Authority');
  });

  it('reports a locally administered MAC as randomised, with no vendor', () => {
    // 0xda = 1101 1010: the locally-administered bit (0x02) is set.
    expect(lookupVendor('da:a1:19:00:11:22')).toEqual({ vendor: null, randomized: true });
    expect(lookupVendor('02:50:48:00:00:01')).toEqual({ vendor: null, randomized: true });
  });

  it('returns no vendor for an unassigned prefix or text that is not a MAC', () => {
    expect(lookupVendor('00:00:00:00:00')).toEqual({ vendor: null, randomized: false });
    expect(lookupVendor('zz:zz:zz:zz:zz:zz')).toEqual({ vendor: null, randomized: false });
  });

  it.skipIf(!existsSync(MANUF))("agrees with Wireshark's manuf table on nearly every MA-L prefix", () => {
    // The two tables are snapshots of the registry taken at different times, so a few names
    // differ (renamed companies, reassigned blocks); the bar is 90% of a sample of 2,000.
    const rows = readFileSync(MANUF, 'utf8')
      .split('\n')
      .filter((l) => /^[0-9A-F]{2}:[0-9A-F]{2}:[0-9A-F]{2}\t/.test(l))
      .map((l) => l.split('\t'));
    const unicast = rows.filter(([prefix]) => (parseInt(prefix.slice(0, 2), 16) & 3) === 0);
    const step = Math.max(1, Math.floor(unicast.length / 2000));
    let compared = 0;
    let same = 0;
    const norm = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, '');
    for (let i = 0; i < unicast.length; i += step) {
      const [prefix, short, long] = unicast[i];
      const ours = lookupVendor(`${prefix.toLowerCase()}:00:00:00`).vendor;
      compared++;
      if (ours !== null && norm(ours) === norm(long ?? short)) same++;
    }
    expect(compared).toBeGreaterThan(1000);
    expect(same / compared).toBeGreaterThan(0.9);
  });
});
