import { describe, expect, it } from 'vitest';
import { offloadArgs, parseOffloads, planOffloads } from './receive-offloads';

// Abridged `ethtool -k` output (ethtool 6.1) for a USB Ethernet adapter: GRO on and changeable,
// LRO fixed on (a driver that cannot turn it off), plus lines that are not receive offloads.
const ETHTOOL_K = [
  'Features for usb0:',
  'rx-checksumming: on',
  'tcp-segmentation-offload: on',
  '\ttx-tcp-segmentation: on',
  'generic-receive-offload: on',
  'large-receive-offload: on [fixed]',
  'rx-gro-hw: off [requested on fixed]',
  '',
].join('\n');

describe('receive offloads', () => {
  it('reads GRO and LRO with their fixed flags', () => {
    expect(parseOffloads(ETHTOOL_K)).toEqual([
      { feature: 'gro', on: true, fixed: false },
      { feature: 'lro', on: true, fixed: true },
    ]);
  });

  it('turns off what can be turned off and reports what cannot', () => {
    const plan = planOffloads(parseOffloads(ETHTOOL_K));
    expect(plan).toEqual({ toDisable: ['gro'], stuckOn: ['lro'] });
    expect(offloadArgs('usb0', ['gro', 'lro'], 'off')).toEqual(['-K', 'usb0', 'gro', 'off', 'lro', 'off']);
  });
});
