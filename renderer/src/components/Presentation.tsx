/**
 * The presentation view, for a live audience: full screen, large type, one leak at a time — the
 * newest slides in as it arrives (a fade only, or nothing, under prefers-reduced-motion) —
 * destination and country prominent. Identifiers are ALWAYS masked here and nothing can reveal
 * them; the engine's context excerpt, the bytes and the identifiers panel are not rendered at all,
 * so no packet-derived value can put an identifier on the projector.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { useSession } from '../app-context';
import { countryFlag } from '../lib/country';
import { formatCount, formatTime } from '../lib/format';
import { maskValue } from '../lib/mask';
import { shortcutFor } from '../lib/shortcuts';
import { deriveFeed, stepLeak } from '../store/leak-feed';
import { sessionStatus } from '../store/session-status';
import { KindBadge } from './KindBadge';

/** Shown under the current leak, newest first. */
const RECENT = 6;

interface Props {
  onLeave: () => void;
}

export function Presentation({ onLeave }: Props) {
  const leaks = useSession((s) => s.leaks);
  const flows = useSession((s) => s.flows);
  const flowIndex = useSession((s) => s.flowIndex);
  const names = useSession((s) => s.names);
  const requests = useSession((s) => s.requests);
  const identifiers = useSession((s) => s.identifiers);
  const phase = useSession((s) => s.phase);
  const live = useSession((s) => s.live.state);
  const source = useSession((s) => s.capture?.source ?? null);
  const destinations = useSession((s) => s.destinations.filter((d) => d.leaks > 0).length);
  const feed = useMemo(
    () =>
      deriveFeed(
        { leaks, flows, flowIndex, names, requests, suspects: [], structural: [] },
        { order: 'newest', search: '', range: null },
      ).leaks,
    [leaks, flows, flowIndex, names, requests],
  );
  const newest = feed[0]?.leak.leakId ?? null;
  // j/k pin a leak; a pin made before the newest leak arrived no longer holds, so the view
  // follows the newest again the moment one comes in.
  const [pinned, setPinned] = useState<{ leakId: number; newest: number | null } | null>(null);
  const current =
    (pinned?.newest === newest ? feed.find((v) => v.leak.leakId === pinned.leakId) : undefined) ??
    feed[0] ??
    null;

  // The view's own keys (the App's shortcuts stand aside while it is open): Esc or p leaves,
  // j/n and k/N step through the leaks.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const target = e.target instanceof HTMLElement ? e.target : null;
      const action = shortcutFor({
        key: e.key,
        ctrlKey: e.ctrlKey,
        metaKey: e.metaKey,
        altKey: e.altKey,
        targetTag: target?.tagName ?? 'BODY',
        targetEditable: target?.isContentEditable ?? false,
      });
      if (action === 'escape' || action === 'present') onLeave();
      else if (action === 'next' || action === 'previous') {
        const next = stepLeak(feed, current?.leak.leakId ?? null, action === 'next' ? 1 : -1);
        if (next) setPinned({ leakId: next.leak.leakId, newest });
      } else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [feed, current, newest, onLeave]);

  // Full screen when the browser allows it; leaving full screen (Esc in the browser) leaves the view.
  const entered = useRef(false);
  useEffect(() => {
    const root = document.documentElement;
    if (root.requestFullscreen && !document.fullscreenElement) {
      root.requestFullscreen().then(
        () => (entered.current = true),
        () => {},
      );
    }
    const onChange = () => {
      if (entered.current && !document.fullscreenElement) onLeave();
    };
    document.addEventListener('fullscreenchange', onChange);
    return () => {
      document.removeEventListener('fullscreenchange', onChange);
      if (document.fullscreenElement) void document.exitFullscreen().catch(() => {});
    };
  }, [onLeave]);

  const status = sessionStatus(phase, live, source);
  const recent = feed.filter((v) => v !== current).slice(0, RECENT);

  return (
    <div
      className="presentation"
      data-testid="presentation"
      role="dialog"
      aria-modal="true"
      aria-label="Presentation"
    >
      <header className="presentation-head">
        <span className="brand">
          <span className="brand-mark" aria-hidden="true" />
          PhoneHome
        </span>
        {status.status === 'live' && <span className="presentation-live">● Live</span>}
        <span className="presentation-counts" data-testid="presentation-counts">
          {formatCount(feed.length)} {feed.length === 1 ? 'leak' : 'leaks'} to {formatCount(destinations)}{' '}
          {destinations === 1 ? 'destination' : 'destinations'}
        </span>
        <span className="spacer" />
        <button
          type="button"
          className="presentation-leave"
          onClick={onLeave}
          data-testid="presentation-leave"
        >
          Esc to leave
        </button>
      </header>
      <main className="presentation-stage" aria-live="polite">
        {current ? (
          <article
            key={current.leak.leakId}
            className="presentation-card"
            data-testid="presentation-leak"
            data-key={current.leak.leakId}
          >
            <div className="presentation-identifier">
              <KindBadge kind={current.leak.kind} />
              <span>{current.leak.label}</span>
              <span className="mono presentation-value" data-testid="presentation-value">
                {maskValue(identifiers[current.leak.identifier]?.value ?? '')}
              </span>
            </div>
            <div className="presentation-sentence" data-testid="presentation-sentence">
              {current.sentence}
            </div>
            <div className="presentation-destination" data-testid="presentation-destination">
              <span className="arrow" aria-hidden="true">
                →
              </span>{' '}
              {current.host}
            </div>
            <div className="presentation-where">
              {current.countryName && (
                <span className="presentation-country" data-testid="presentation-country">
                  <span aria-hidden="true">{countryFlag(current.country)}</span> {current.countryName}
                </span>
              )}
              {current.owner && <span className="presentation-owner">{current.owner}</span>}
              {current.tracker && <span className="badge tracker">tracker · {current.tracker}</span>}
            </div>
            <div className="presentation-when">
              {formatTime(current.leak.ts).slice(0, 8)}
              {current.leak.count > 1 && <> · sent {formatCount(current.leak.count)} times</>}
            </div>
          </article>
        ) : (
          <div className="presentation-empty" data-testid="presentation-empty">
            {status.status === 'live' || status.status === 'starting'
              ? 'Watching the phone… nothing has leaked yet.'
              : 'No leaks in this capture.'}
          </div>
        )}
      </main>
      {recent.length > 0 && (
        <footer className="presentation-recent">
          {recent.map((v) => (
            <span key={v.leak.leakId} className="presentation-chip">
              <KindBadge kind={v.leak.kind} /> {v.host}
              {v.country && <span aria-hidden="true"> {countryFlag(v.country)}</span>}
            </span>
          ))}
          <span className="muted">j / k to go back and forth</span>
        </footer>
      )}
    </div>
  );
}
