/**
 * The header's one-word capture state and the drop counter, derived from the session: a live
 * capture's own state wins over the analysis phase, because while capturing the engine is
 * always "loading".
 */
import type { SessionPhase } from '../../../shared/api';
import type { CaptureStatsRecord } from '../../../shared/events';
import type { LiveCaptureState } from '../../../shared/live-types';
import { formatCount } from '../lib/format';

export type SessionStatus =
  'empty' | 'reading' | 'ready' | 'error' | 'starting' | 'live' | 'stopping' | 'stopped';

export function sessionStatus(
  phase: SessionPhase,
  live: LiveCaptureState['state'],
  source: 'file' | 'sample' | 'live' | null,
): { status: SessionStatus; label: string } {
  switch (live) {
    case 'starting':
      return { status: 'starting', label: 'Starting…' };
    case 'capturing':
      return { status: 'live', label: 'Live' };
    case 'stopping':
      return { status: 'stopping', label: 'Stopping…' };
    case 'error':
      return { status: 'error', label: 'Capture failed' };
    case 'idle':
      break;
  }
  if (source === 'live' && phase !== 'empty') return { status: 'stopped', label: 'Stopped' };
  switch (phase) {
    case 'empty':
      return { status: 'empty', label: 'No capture' };
    case 'loading':
    case 'capturing':
      return { status: 'reading', label: 'Reading…' };
    case 'ready':
      return { status: 'ready', label: 'Analysed' };
    case 'error':
      return { status: 'error', label: 'Stopped early' };
  }
}

/**
 * Packets lost, from every counter that is known, and a sentence per counter for the tooltip.
 * `total` is null when no counter is known at all, so "0" is never shown for "we cannot tell".
 */
export function dropSummary(stats: CaptureStatsRecord | null): { total: number | null; detail: string } {
  if (!stats) return { total: null, detail: 'No capture counters yet.' };
  const parts: [string, number | null][] = [
    ['kernel buffer full', stats.kernelDropped],
    ['interface or driver', stats.interfaceDropped],
    ['engine fell behind', stats.engineDropped],
  ];
  const known = parts.filter((p): p is [string, number] => p[1] !== null);
  const total = known.length ? known.reduce((n, p) => n + p[1], 0) : null;
  const detail = [
    ...parts.map(([what, n]) => `${what}: ${n === null ? 'unknown' : formatCount(n)}`),
    `Counted by ${stats.dropSource}.`,
  ].join('\n');
  return { total, detail };
}
