import { describe, expect, it } from 'vitest';
import { openKernelDropCounter, packetSocketInodes } from './kernel-drop-counter';

describe('packetSocketInodes', () => {
  it('reads the inode column of /proc/net/packet (net/packet/af_packet.c packet_seq_show)', () => {
    // Header and one line as the kernel prints them: sk, RefCnt, Type, Proto, Iface, R, Rmem,
    // User, Inode.
    const text =
      'sk               RefCnt Type Proto  Iface R Rmem   User   Inode\n' +
      '0000000000000000 3      3    0003   1     1 0      0      433899\n' +
      'garbage line\n';
    expect([...packetSocketInodes(text)]).toEqual(['433899']);
  });
});

describe('openKernelDropCounter', () => {
  it('adds up the per-read counts, since the kernel resets them on every read', () => {
    const reads = [
      { packets: 5, drops: 2 },
      { packets: 9, drops: 3 },
      { packets: 1, drops: 0 },
    ];
    const counter = openKernelDropCounter({ read: () => reads.shift()! }, () => [7]);
    expect(counter.read()).toBe(5);
    expect(counter.read()).toBe(5);
    expect(counter.source).toBe('PACKET_STATISTICS tp_drops');
    expect(counter.unavailable).toBeNull();
  });

  it('keeps its last reading once frozen (the descriptor is about to close)', () => {
    let n = 0;
    const counter = openKernelDropCounter({ read: () => ({ packets: 0, drops: ++n }) }, () => [7]);
    counter.freeze();
    expect(counter.read()).toBe(3);
    expect(counter.read()).toBe(3);
  });

  it('reports unknown (null), with the reason, rather than zero drops', () => {
    const noAddon = openKernelDropCounter('the packet-stats addon is not built', () => [7]);
    expect(noAddon.read()).toBeNull();
    expect(noAddon.source).toBe('kernel drops unknown: the packet-stats addon is not built');
    const two = openKernelDropCounter({ read: () => ({ packets: 0, drops: 0 }) }, () => [7, 8]);
    expect(two.read()).toBeNull();
    expect(two.unavailable).toBe('expected one packet socket in this process, found 2');
    const failing = openKernelDropCounter(
      {
        read: () => {
          throw new Error('Bad file descriptor');
        },
      },
      () => [7],
    );
    expect(failing.read()).toBeNull();
    expect(failing.source).toMatch(/^kernel drops unknown: getsockopt failed \(Bad file descriptor\)$/);
  });
});
