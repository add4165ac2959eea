/** Progress of the upload (web mode) and of the analysis, with Cancel. */
import { useActions, useSession } from '../app-context';
import { formatBytes, fraction } from '../lib/format';

export function ProgressPanel() {
  const upload = useSession((s) => s.upload);
  const progress = useSession((s) => s.progress);
  const phase = useSession((s) => s.phase);
  const capture = useSession((s) => s.capture);
  const { cancel } = useActions();

  let label: string;
  let part: number | null;
  let detail: string;
  if (upload) {
    part = fraction(upload.sent, upload.total);
    label = `Uploading ${upload.name}`;
    detail = `${formatBytes(upload.sent)} of ${formatBytes(upload.total)}`;
  } else if (phase === 'loading') {
    part = progress ? fraction(progress.bytesRead, progress.totalBytes) : null;
    label = `Reading ${capture?.name ?? 'the capture'}`;
    detail = progress
      ? progress.totalBytes
        ? `${formatBytes(progress.bytesRead)} of ${formatBytes(progress.totalBytes)}`
        : formatBytes(progress.bytesRead)
      : 'starting…';
  } else {
    return null;
  }
  const percent = part === null ? null : Math.round(part * 100);

  return (
    <div className="progress-panel" data-testid="progress">
      <span className="progress-label">{label}…</span>
      <div
        className={percent === null ? 'progress-track indeterminate' : 'progress-track'}
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent ?? undefined}
      >
        <div className="progress-fill" style={{ transform: `scaleX(${part ?? 0.3})` }} />
      </div>
      <span className="progress-detail mono">
        {percent !== null && `${percent}% · `}
        {detail}
      </span>
      {!upload && (
        <button type="button" onClick={() => void cancel()} data-testid="cancel-button">
          Cancel
        </button>
      )}
    </div>
  );
}
