/**
 * The session header: what is open (a file, the sample, or a live capture of a phone), its state
 * with the elapsed time ticking while live, its counts — packets and drops included — and the
 * buttons every screen needs.
 */
import { useMacMask } from './useMacMask';
import { useActions, usePickFile, useSession, useUi } from '../app-context';
import { deviceName, filterMac } from '../lib/device';
import { formatBytes, formatCount, formatDuration, toMillis } from '../lib/format';
import { dropSummary, sessionStatus } from '../store/session-status';
import { ThemeToggle } from './ThemeToggle';
import { useNow } from './useNow';

function Stat({
  label,
  value,
  testId,
  tone,
  title,
}: {
  label: string;
  value: string;
  testId: string;
  tone?: string;
  title?: string;
}) {
  return (
    <span className={tone ? `stat ${tone}` : 'stat'} title={title}>
      <span className="stat-value" data-testid={testId}>
        {value}
      </span>
      <span className="stat-label">{label}</span>
    </span>
  );
}

/** The phone being captured: the one picked on the capture screen, else the capture filter's MAC. */
function useSessionDevice(): { name: string; mac: string } | null {
  const picked = useUi((s) => s.captureDevice);
  const filter = useSession((s) => s.live.filter);
  const devices = useSession((s) => s.devices);
  const records = useSession((s) => s.deviceRecords);
  const source = useSession((s) => s.capture?.source ?? null);
  const live = useSession((s) => s.live.state);
  if (source !== 'live' && live === 'idle') return null;
  const mac = filterMac(filter) ?? picked;
  if (!mac) return null;
  const known = devices.find((d) => d.mac === mac) ?? records.find((d) => d.mac === mac);
  return { name: known ? deviceName(known) : 'Phone', mac };
}

function Elapsed() {
  const live = useSession((s) => s.live);
  const source = useSession((s) => s.capture?.source ?? null);
  const stats = useSession((s) => s.captureStats);
  const summary = useSession((s) => s.summary);
  const ticking = live.state === 'capturing' && live.startedAt !== null;
  const now = useNow(ticking);
  let seconds: number | null = null;
  let title = '';
  if (ticking && live.startedAt !== null) {
    seconds = (now - toMillis(live.startedAt)) / 1000;
    title = 'Capturing for';
  } else if (source === 'live' && live.startedAt !== null && stats) {
    seconds = stats.ts - toMillis(live.startedAt) / 1000;
    title = 'Captured for';
  } else if (summary?.firstTs != null && summary.lastTs != null) {
    seconds = summary.lastTs - summary.firstTs;
    title = 'From the first packet to the last';
  }
  if (seconds === null) return null;
  return (
    <span className="session-elapsed mono" data-testid="session-elapsed" title={title}>
      {formatDuration(Math.max(0, seconds))}
    </span>
  );
}

export function Header() {
  const capture = useSession((s) => s.capture);
  const phase = useSession((s) => s.phase);
  const live = useSession((s) => s.live.state);
  // Live, the capture counters (once a second) and the engine's stats arrive on their own
  // schedules: show whichever has seen more.
  const packets = useSession((s) => {
    const known = [s.captureStats?.packets, s.summary?.packets, s.stats?.packets].filter(
      (n): n is number => typeof n === 'number',
    );
    return known.length ? Math.max(...known) : null;
  });
  const captureStats = useSession((s) => s.captureStats);
  const flows = useSession((s) => s.flows.length);
  const leaks = useSession((s) => s.leaks.length);
  const anomalies = useSession((s) => s.summary?.anomalies ?? s.anomalyCount);
  const anomalyCounts = useSession((s) => s.summary?.anomalyCounts ?? s.anomalyCounts);
  const screen = useUi((s) => s.screen);
  const setScreen = useUi((s) => s.setScreen);
  const setPresentation = useUi((s) => s.setPresentation);
  const setHelpOpen = useUi((s) => s.setHelpOpen);
  const { saveCapture } = useActions();
  const pickFile = usePickFile();
  const device = useSessionDevice();
  const maskMac = useMacMask();

  const status = sessionStatus(phase, live, capture?.source ?? null);
  const drops = dropSummary(captureStats);
  const anomalyTitle = Object.entries(anomalyCounts)
    .sort((a, b) => b[1] - a[1])
    .map(([name, n]) => `${name}: ${n}`)
    .join('\n');
  const capturing = live !== 'idle' && live !== 'error';

  return (
    <header className="app-header">
      <span className="brand">
        <span className="brand-mark" aria-hidden="true" />
        PhoneHome
      </span>
      <span className="capture-name" data-testid="capture-name" title={capture?.path ?? capture?.name ?? ''}>
        {capture ? capture.name : 'No capture open'}
        {capture?.source === 'sample' && <span className="badge sample">sample</span>}
        {capture?.size != null && capture.source !== 'live' && (
          <span className="muted"> · {formatBytes(capture.size)}</span>
        )}
      </span>
      {(capture || capturing) && (
        <span className="session">
          <span
            className={`session-state state-${status.status}`}
            data-testid="session-state"
            data-state={status.status}
          >
            {status.label}
          </span>
          {device && (
            <span className="session-device" data-testid="session-device" title={maskMac(device.mac)}>
              {maskMac(device.name)} <span className="mono muted">{maskMac(device.mac)}</span>
            </span>
          )}
          <Elapsed />
        </span>
      )}
      {(capture || capturing) && (
        <span className="stats">
          <Stat label="packets" value={formatCount(packets)} testId="stat-packets" />
          {captureStats && (
            <Stat
              label="dropped"
              value={formatCount(drops.total)}
              testId="stat-drops"
              tone={drops.total ? 'danger' : undefined}
              title={drops.detail}
            />
          )}
          <Stat label="flows" value={formatCount(flows)} testId="stat-flows" />
          <Stat
            label="leaks"
            value={formatCount(leaks)}
            testId="stat-leaks"
            tone={leaks > 0 ? 'danger' : undefined}
          />
          <Stat
            label="anomalies"
            value={formatCount(anomalies)}
            testId="stat-anomalies"
            tone={anomalies > 0 ? 'warning' : undefined}
            title={anomalyTitle || 'No malformed or unexpected packets'}
          />
        </span>
      )}
      <span className="spacer" />
      {!capturing && (
        <button
          type="button"
          className={screen === 'capture' ? 'active' : undefined}
          onClick={() => setScreen(screen === 'capture' ? 'workspace' : 'capture')}
          data-testid="capture-button"
          title="Capture a phone's traffic live (s)"
        >
          {screen === 'capture' ? (capture ? 'Back to results' : 'Back') : 'Capture…'}
        </button>
      )}
      <button
        type="button"
        onClick={pickFile}
        data-testid="open-button"
        title="Open a pcap or pcapng file (o)"
      >
        Open…
      </button>
      <button
        type="button"
        onClick={() => void saveCapture()}
        disabled={!capture || phase !== 'ready'}
        data-testid="save-button"
        title="Save as pcapng with a comment on every leak frame"
      >
        Save…
      </button>
      <button
        type="button"
        onClick={() => setPresentation(true)}
        disabled={!capture && !capturing}
        data-testid="present-button"
        title="Presentation view: big, identifiers always masked (p)"
      >
        Present
      </button>
      <ThemeToggle />
      <button
        type="button"
        className="icon-button"
        onClick={() => setHelpOpen(true)}
        data-testid="help-button"
        aria-label="Keyboard shortcuts"
        title="Keyboard shortcuts (?)"
      >
        ?
      </button>
    </header>
  );
}
