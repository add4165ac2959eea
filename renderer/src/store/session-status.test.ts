import { describe, expect, it } from 'vitest';
import type { CaptureStatsRecord } from '../../../shared/events';
import { dropSummary, sessionStatus } from './session-status';

describe('sessionStatus', () => {
  it('says Live while capturing, whatever the analysis phase', () => {
    expect(sessionStatus('capturing', 'capturing', 'live')).toEqual({ status: 'live', label: 'Live' });
    expect(sessionStatus('loading', 'starting', null).status).toBe('starting');
    expect(sessionStatus('capturing', 'stopping', 'live').status).toBe('stopping');
    expect(sessionStatus('ready', 'error', 'live').label).toBe('Capture failed');
  });

  it('says Stopped for a finished live capture, and names the phase of a file', () => {
    expect(sessionStatus('ready', 'idle', 'live').label).toBe('Stopped');
    expect(sessionStatus('loading', 'idle', 'file').label).toBe('Reading…');
    expect(sessionStatus('ready', 'idle', 'sample').label).toBe('Analysed');
    expect(sessionStatus('error', 'idle', 'file').label).toBe('Stopped early');
    expect(sessionStatus('empty', 'idle', null).label).toBe('No capture');
  });
});

describe('dropSummary', () => {
  const stats = (kernel: number | null, iface: number | null, engine: number): CaptureStatsRecord => ({
    type: 'capture-stats',
    ts: 1,
    packets: 100,
    bytes: 1000,
    kernelDropped: kernel,
    interfaceDropped: iface,
    engineDropped: engine,
    dropSource: 'pcap_stats',
    backlogBytes: 0,
  });

  it('adds the known counters and names the unknown ones', () => {
    const d = dropSummary(stats(3, null, 2));
    expect(d.total).toBe(5);
    expect(d.detail.split('\n')).toEqual([
      'kernel buffer full: 3',
      'interface or driver: unknown',
      'engine fell behind: 2',
      'Counted by pcap_stats.',
    ]);
  });

  it('is unknown, not zero, without counters', () => {
    expect(dropSummary(null).total).toBeNull();
    expect(dropSummary(stats(null, null, 0)).total).toBe(0);
  });
});
