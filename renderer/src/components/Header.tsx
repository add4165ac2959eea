/** The top bar: the open capture, its counts, and the File menu's buttons. */
import { useSession, useActions, usePickFile } from '../app-context';
import { formatBytes, formatCount } from '../lib/format';

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

export function Header() {
  const capture = useSession((s) => s.capture);
  const phase = useSession((s) => s.phase);
  const packets = useSession((s) => s.summary?.packets ?? s.stats?.packets ?? null);
  const flows = useSession((s) => s.flows.length);
  const leaks = useSession((s) => s.leaks.length);
  const anomalies = useSession((s) => s.summary?.anomalies ?? s.anomalyCount);
  const anomalyCounts = useSession((s) => s.summary?.anomalyCounts ?? s.anomalyCounts);
  const { saveCapture } = useActions();
  const pickFile = usePickFile();

  const anomalyTitle = Object.entries(anomalyCounts)
    .sort((a, b) => b[1] - a[1])
    .map(([name, n]) => `${name}: ${n}`)
    .join('\n');

  return (
    <header className="app-header">
      <span className="brand">
        <span className="brand-mark" aria-hidden="true" />
        PhoneHome
      </span>
      <span className="capture-name" data-testid="capture-name" title={capture?.path ?? capture?.name ?? ''}>
        {capture ? capture.name : 'No capture open'}
        {capture?.source === 'sample' && <span className="badge sample">sample</span>}
        {capture?.size != null && <span className="muted"> · {formatBytes(capture.size)}</span>}
      </span>
      {capture && (
        <span className="stats">
          <Stat label="packets" value={formatCount(packets)} testId="stat-packets" />
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
      <button type="button" onClick={pickFile} data-testid="open-button" title="Open a pcap or pcapng file">
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
    </header>
  );
}
