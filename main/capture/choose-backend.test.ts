import { describe, expect, it } from 'vitest';
import { chooseBackend, hasNetCapabilities, type BackendProbe } from './choose-backend';

function probe(over: {
  isRoot?: boolean;
  netCapabilities?: boolean;
  dumpcap?: Partial<BackendProbe['dumpcap']>;
  pkexec?: Partial<BackendProbe['pkexec']>;
}): BackendProbe {
  return {
    isRoot: over.isRoot ?? false,
    netCapabilities: over.netCapabilities ?? false,
    dumpcap: {
      path: '/usr/bin/dumpcap',
      canCapture: false,
      why: 'dumpcap cannot capture as this user',
      ...over.dumpcap,
    },
    pkexec: {
      path: '/usr/bin/pkexec',
      launcher: '/usr/lib/phonehome/phonehome-capture-helper',
      launcherInstalled: true,
      policyInstalled: true,
      ...over.pkexec,
    },
  };
}

describe('hasNetCapabilities', () => {
  it('needs both CAP_NET_RAW (bit 13) and CAP_NET_ADMIN (bit 12) in CapEff', () => {
    expect(hasNetCapabilities('Name:\tnode\nCapEff:\t000001ffffffffff\n')).toBe(true);
    expect(hasNetCapabilities('CapEff:\t0000000000003000\n')).toBe(true); // bits 12 and 13
    expect(hasNetCapabilities('CapEff:\t0000000000002000\n')).toBe(false); // NET_RAW only
    expect(hasNetCapabilities('CapEff:\t0000000000000000\n')).toBe(false);
    expect(hasNetCapabilities('no such line')).toBe(false);
  });
});

describe('chooseBackend auto', () => {
  it('runs the helper directly when root or holding the capabilities', () => {
    expect(chooseBackend('auto', probe({ isRoot: true }))).toEqual({
      name: 'direct',
      reason: 'running as root',
    });
    expect(
      chooseBackend('auto', probe({ netCapabilities: true, dumpcap: { canCapture: true } })),
    ).toMatchObject({
      name: 'direct',
    });
  });

  it('prefers dumpcap, which needs no password, over pkexec', () => {
    expect(chooseBackend('auto', probe({ dumpcap: { canCapture: true } }))).toMatchObject({
      name: 'dumpcap',
    });
  });

  it('falls back to pkexec, and says when the polkit action is missing', () => {
    expect(chooseBackend('auto', probe({}))).toEqual({
      name: 'pkexec',
      reason: 'pkexec with the org.phonehome.capture action',
    });
    const noPolicy = chooseBackend('auto', probe({ pkexec: { policyInstalled: false } }));
    expect(noPolicy).toMatchObject({ name: 'pkexec' });
    expect((noPolicy as { reason: string }).reason).toMatch(/asks for the password every time/);
  });

  it('explains every missing way when none works', () => {
    const none = chooseBackend(
      'auto',
      probe({ dumpcap: { path: null, why: 'dumpcap is not installed' }, pkexec: { path: null } }),
    );
    expect('error' in none && none.error).toMatch(
      /dumpcap is not installed; pkexec is not installed\. Run as root/,
    );
    const noLauncher = chooseBackend('auto', probe({ pkexec: { launcherInstalled: false } }));
    expect('error' in noLauncher && noLauncher.error).toMatch(
      /launcher \/usr\/lib\/phonehome\/phonehome-capture-helper is not installed/,
    );
  });
});

describe('chooseBackend by name', () => {
  it('takes an explicit choice when it can work, and says why not otherwise', () => {
    expect(chooseBackend('dumpcap', probe({}))).toEqual({ name: 'dumpcap', reason: 'requested' });
    expect(chooseBackend('pkexec', probe({ isRoot: true }))).toEqual({ name: 'pkexec', reason: 'requested' });
    expect(chooseBackend('direct', probe({ isRoot: true }))).toEqual({ name: 'direct', reason: 'requested' });
    expect(chooseBackend('direct', probe({}))).toEqual({
      error: expect.stringMatching(/needs root or CAP_NET_RAW/),
    });
    expect(chooseBackend('dumpcap', probe({ dumpcap: { path: null } }))).toEqual({
      error: expect.stringMatching(/dumpcap is not installed/),
    });
    expect(chooseBackend('pkexec', probe({ pkexec: { path: null } }))).toEqual({
      error: expect.stringMatching(/pkexec is not installed/),
    });
  });
});
