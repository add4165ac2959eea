import { describe, expect, it } from 'vitest';
import type { UndoStep } from './hotspot-state';
import { undoAll } from './undo-steps';
import { FakeRunner, FakeSystem } from './test-support/fake-host';

const DIR = '/state/phonehome';

describe('undo steps', () => {
  it('escalates to SIGKILL when a daemon ignores SIGTERM', async () => {
    const runner = new FakeRunner();
    const system = new FakeSystem();
    system.processes.set(777, ['/usr/sbin/dnsmasq', `--pid-file=${DIR}/d.pid`]);
    system.ignoresSigterm.add(777);
    const out = await undoAll([{ kind: 'process', program: 'dnsmasq', pid: 777, marker: `${DIR}/d.pid` }], {
      runner,
      system,
    });
    expect(system.signals).toEqual([
      [777, 'SIGTERM'],
      [777, 'SIGKILL'],
    ]);
    expect(out).toEqual({ remaining: [], errors: [], notes: [] });
  });

  it('treats "already gone" as done and keeps real failures for another try', async () => {
    const runner = new FakeRunner()
      .on(['ip', 'addr', 'del'], { code: 2, stderr: 'RTNETLINK answers: Cannot assign requested address\n' })
      .on(['nft', 'delete'], {
        code: 1,
        stderr: 'Error: Could not process rule: No such file or directory\n',
      })
      .on(['ethtool', '-K'], { code: 1, stderr: 'netlink error: Operation not permitted\n' });
    const system = new FakeSystem();
    const steps: UndoStep[] = [
      { kind: 'address', interface: 'usb0', address: '10.42.0.1/24' },
      { kind: 'offloads', interface: 'usb0', features: ['gro'] },
      { kind: 'nft-table', family: 'inet', table: 'phonehome_0a1b2c3d' },
    ];
    const out = await undoAll(steps, { runner, system });
    expect(runner.lines()).toEqual([
      'nft delete table inet phonehome_0a1b2c3d',
      'ethtool -K usb0 gro on',
      'ip addr del 10.42.0.1/24 dev usb0',
    ]);
    expect(out.remaining).toEqual([steps[1]]);
    expect(out.errors).toEqual(['ethtool -K usb0 gro on failed: netlink error: Operation not permitted']);
  });
});
