import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hex } from '../link/hex-fixture';
import { endpointText, formatIpv4, formatIpv6 } from './ip-address';

describe('formatIpv4', () => {
  it('prints dotted quads, also at an offset', () => {
    expect(formatIpv4(hex('ff c0a80001'), 1)).toBe('192.168.0.1');
    expect(formatIpv4(hex('00000000'), 0)).toBe('0.0.0.0');
    expect(formatIpv4(hex('ffffffff'), 0)).toBe('255.255.255.255');
  });
});

describe('formatIpv6', () => {
  // Vectors from RFC 5952 sections 4.1-4.3 and 5.
  it.each([
    ['20010db8000000000000000000000001', '2001:db8::1'], // 4.1 leading zeros dropped, 4.2.1 longest run
    ['20010db8000000000000000000020001', '2001:db8::2:1'],
    ['20010db8000000010001000100010001', '2001:db8:0:1:1:1:1:1'], // 4.2.2 a single zero group stays
    ['20010db8000000000001000000000001', '2001:db8::1:0:0:1'], // 4.2.3 first of two equal runs
    ['20010db800000000000100000000000a', '2001:db8::1:0:0:a'], // 4.3 lower case
    ['20010db8abcd00000000000000000000', '2001:db8:abcd::'],
    ['00000000000000000000000000000000', '::'],
    ['00000000000000000000000000000001', '::1'],
    ['00000000000000000000ffffc0000280', '::ffff:192.0.2.128'], // 5 IPv4-mapped
    ['fe800000000000000000000000000001', 'fe80::1'],
  ])('%s -> %s', (bytes, text) => {
    expect(formatIpv6(hex(bytes), 0)).toBe(text);
  });

  it('returns the cached text for a repeated address and the right text for a colliding one', () => {
    const a = formatIpv6(hex('20010db8000000000000000000000001'), 0);
    expect(formatIpv6(hex('20010db8000000000000000000000001'), 0)).toBe(a);
    expect(formatIpv6(hex('20010db8000000000000000000000002'), 0)).toBe('2001:db8::2');
  });

  it('agrees with tshark on addresses full of zero runs', () => {
    // Random addresses in which each group is zero half of the time, plus IPv4-embedding forms:
    // exactly the cases where compression rules differ between implementations.
    let state = 0x12345678;
    const random = () => {
      state = (Math.imul(state, 1103515245) + 12345) >>> 0;
      return state >>> 8;
    };
    const addresses: Uint8Array[] = [];
    for (let i = 0; i < 400; i++) {
      const address = new Uint8Array(16);
      for (let group = 0; group < 8; group++) {
        if (random() % 2 === 0) continue;
        const value = random() % 3 === 0 ? random() & 0x0f : random() & 0xffff;
        address[2 * group] = value >> 8;
        address[2 * group + 1] = value & 0xff;
      }
      addresses.push(address);
    }
    for (const special of [
      '00000000000000000000ffff01020304',
      '00000000000000000000000001020304',
      '0000000000000000000000000000ffff',
      '000000000000000000000000ffff0001',
      '0000000000000000ffff000001020304',
    ]) {
      addresses.push(hex(special));
    }
    // A classic pcap of raw IPv6 headers (LINKTYPE_RAW), source = the address, destination ::.
    const records: Uint8Array[] = [hex('d4c3b2a1 0200 0400 00000000 00000000 ffff0000 65000000')];
    for (const address of addresses) {
      records.push(hex('00000000 00000000 28000000 28000000')); // timestamp, captured and original length 40
      const packet = hex('60000000 0000 3b 40', '00'.repeat(32)); // payload 0, No Next Header
      packet.set(address, 8);
      records.push(packet);
    }
    const directory = mkdtempSync(join(tmpdir(), 'ipv6-text-'));
    try {
      const file = join(directory, 'addresses.pcap');
      writeFileSync(file, Buffer.concat(records));
      const result = spawnSync('tshark', ['-r', file, '-n', '-T', 'fields', '-e', 'ipv6.src'], {
        encoding: 'utf8',
      });
      const tshark = result.stdout.trim().split('\n');
      expect(tshark).toHaveLength(addresses.length);
      expect(addresses.map((address) => formatIpv6(address, 0))).toEqual(tshark);
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });
});

describe('endpointText', () => {
  it('brackets IPv6 addresses only', () => {
    expect(endpointText('192.0.2.1', 443)).toBe('192.0.2.1:443');
    expect(endpointText('2001:db8::1', 53)).toBe('[2001:db8::1]:53');
  });
});
