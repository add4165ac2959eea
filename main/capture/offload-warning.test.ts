import { describe, expect, it } from 'vitest';
import { offloadAdvice } from './offload-warning';

// Abridged `ethtool -k` output as ethtool 6.1 prints it (Debian 12), one feature a line.
const VETH = `Features for veth0:
rx-checksumming: on
generic-receive-offload: on
large-receive-offload: off [fixed]
rx-vlan-offload: on
`;

describe('offloadAdvice', () => {
  it('names the receive offloads that are on and the command that turns them off', () => {
    const advice = offloadAdvice('veth0', VETH);
    expect(advice).toContain('receive offload GRO is on for veth0');
    expect(advice).toContain('sudo ethtool -K veth0 gro off');
    expect(advice).not.toContain('lro');
  });

  it('says when the driver fixes an offload on', () => {
    const advice = offloadAdvice('eth0', 'large-receive-offload: on [fixed]\ngeneric-receive-offload: off\n');
    expect(advice).toContain('LRO is on');
    expect(advice).toContain('does not allow turning them off');
  });

  it('is silent when the offloads are off', () => {
    expect(
      offloadAdvice('usb0', 'generic-receive-offload: off\nlarge-receive-offload: off [fixed]\n'),
    ).toBeNull();
  });
});
