import { describe, expect, it } from 'vitest';
import { helperArgv, parseHelperArguments } from './helper-arguments';

describe('capture helper arguments', () => {
  it('takes an interface, a filter and a buffer size, with a 256 MiB default buffer', () => {
    expect(parseHelperArguments(['--interface', 'wlan0'])).toEqual({
      interfaceName: 'wlan0',
      filter: '',
      bufferBytes: 256 * 1024 * 1024,
    });
    expect(
      parseHelperArguments(['--interface', 'eth0.100', '--filter', 'tcp port 80', '--buffer-mb', '8']),
    ).toEqual({
      interfaceName: 'eth0.100',
      filter: 'tcp port 80',
      bufferBytes: 8 * 1024 * 1024,
    });
  });

  it('rejects names that are not interface names, which could reach libpcap otherwise', () => {
    for (const bad of ['', 'a;rm -rf /', '../../etc', 'sixteen-chars-xx', 'eth 0']) {
      expect(() => parseHelperArguments(['--interface', bad]), bad).toThrow(/not an interface name/);
    }
    expect(() => parseHelperArguments(['--interface', 'a'.repeat(15)])).not.toThrow();
  });

  it('rejects unknown, repeated, missing and out-of-range arguments', () => {
    expect(() => parseHelperArguments([])).toThrow(/--interface is required/);
    expect(() => parseHelperArguments(['--interface', 'lo', '--write', '/etc/passwd'])).toThrow(
      /unknown argument/,
    );
    expect(() => parseHelperArguments(['--interface', 'lo', '--interface', 'eth0'])).toThrow(/twice/);
    expect(() => parseHelperArguments(['--interface'])).toThrow(/needs a value/);
    expect(() => parseHelperArguments(['--interface', 'lo', '--buffer-mb', '0'])).toThrow(/--buffer-mb/);
    expect(() => parseHelperArguments(['--interface', 'lo', '--buffer-mb', '1e3'])).toThrow(/--buffer-mb/);
    expect(() => parseHelperArguments(['--interface', 'lo', '--buffer-mb', '2048'])).toThrow(/--buffer-mb/);
    expect(() => parseHelperArguments(['--interface', 'lo', '--filter', 'x'.repeat(5000)])).toThrow(/filter/);
  });

  it('builds a command line that parses back to the same request', () => {
    const argv = helperArgv({ interfaceName: 'veth-1', filter: 'udp', bufferMb: 2 });
    expect(parseHelperArguments(argv)).toEqual({
      interfaceName: 'veth-1',
      filter: 'udp',
      bufferBytes: 2 << 20,
    });
  });
});
