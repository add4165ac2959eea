/**
 * The strip under the header during and after a live capture: where it captures, "I just did…"
 * markers with quick labels, and Stop. After the stop it says where the capture was saved.
 */
import { useMacMask } from './useMacMask';
import { useState, type FormEvent } from 'react';
import { useActions, useSession, useUi } from '../app-context';
import { formatTime } from '../lib/format';

export const QUICK_LABELS = ['rebooted', 'sent SMS', 'logged in'] as const;

export function LiveBar() {
  const live = useSession((s) => s.live);
  const maskMac = useMacMask();
  const source = useSession((s) => s.capture?.source ?? null);
  const markers = useSession((s) => s.markers);
  const setScreen = useUi((s) => s.setScreen);
  const { addMarker, stopCapture } = useActions();
  const [label, setLabel] = useState('');
  const [busy, setBusy] = useState(false);

  if (live.state === 'idle' && source !== 'live') return null;

  const mark = async (text: string) => {
    const trimmed = text.trim();
    if (!trimmed) return;
    setBusy(true);
    const marker = await addMarker(trimmed);
    setBusy(false);
    if (marker) setLabel('');
  };
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    void mark(label);
  };
  const last = markers.length ? markers[markers.length - 1] : null;

  if (live.state === 'error') {
    return (
      <div className="live-bar error" data-testid="live-bar" data-state="error">
        <span className="banner-text">The capture failed: {live.error ?? 'no reason given'}.</span>
        <button type="button" onClick={() => setScreen('capture')}>
          Capture screen
        </button>
      </div>
    );
  }
  if (live.state === 'idle') {
    return (
      <div className="live-bar stopped" data-testid="live-bar" data-state="stopped">
        <span className="banner-text">
          Capture stopped{live.path ? ' and saved as ' : '.'}
          {live.path && <span className="mono">{live.path}</span>}
          {live.path && '. Save… writes a copy with a comment on every leak frame.'}
        </span>
        <button type="button" onClick={() => setScreen('capture')} data-testid="new-capture">
          New capture…
        </button>
      </div>
    );
  }
  const capturing = live.state === 'capturing';
  return (
    <div className="live-bar" data-testid="live-bar" data-state={live.state}>
      <span className="live-dot" aria-hidden="true" />
      <span className="live-where" data-testid="live-interface">
        {live.state === 'starting'
          ? 'Starting on '
          : live.state === 'stopping'
            ? 'Stopping on '
            : 'Capturing on '}
        <strong>{live.interface}</strong>
        {live.filter && <span className="mono muted"> · {maskMac(live.filter)}</span>}
      </span>
      <form className="marker-form" onSubmit={onSubmit}>
        <input
          type="text"
          value={label}
          placeholder="I just did… (m)"
          aria-label="What you just did on the phone"
          maxLength={200}
          data-testid="marker-input"
          onChange={(e) => setLabel(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Escape') (e.target as HTMLInputElement).blur();
          }}
        />
        <button type="submit" disabled={!capturing || busy || !label.trim()} data-testid="marker-add">
          I just did this
        </button>
        {QUICK_LABELS.map((q) => (
          <button
            key={q}
            type="button"
            className="quick-label"
            disabled={!capturing || busy}
            data-testid="marker-quick"
            data-label={q}
            onClick={() => void mark(q)}
          >
            {q}
          </button>
        ))}
      </form>
      {last && (
        <span className="marker-last muted" data-testid="marker-last" title={`${markers.length} markers`}>
          {formatTime(last.ts).slice(0, 8)} · {last.label}
        </span>
      )}
      <span className="spacer" />
      <button
        type="button"
        className="danger"
        disabled={live.state !== 'capturing'}
        data-testid="stop-capture"
        onClick={() => void stopCapture()}
        title="Stop capturing (s)"
      >
        Stop
      </button>
    </div>
  );
}
