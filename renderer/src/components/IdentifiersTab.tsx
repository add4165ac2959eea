/** Each identifier and what became of it: destinations, encodings, sightings, structural places. */
import { useMemo } from 'react';
import { useSession, useUi } from '../app-context';
import { formatCount, formatTime } from '../lib/format';
import { maskValue } from '../lib/mask';
import { summarizeIdentifiers } from '../store/identifier-summary';
import { deriveFeed } from '../store/leak-feed';
import { KindBadge } from './KindBadge';

export function IdentifiersTab() {
  const leaks = useSession((s) => s.leaks);
  const flows = useSession((s) => s.flows);
  const flowIndex = useSession((s) => s.flowIndex);
  const names = useSession((s) => s.names);
  const requests = useSession((s) => s.requests);
  const structural = useSession((s) => s.structural);
  const identifiers = useSession((s) => s.identifiers);
  const reveal = useUi((s) => s.reveal);
  const setTab = useUi((s) => s.setTab);
  const setSearch = useUi((s) => s.setFeedSearch);

  const summaries = useMemo(() => {
    const views = deriveFeed(
      { leaks, flows, flowIndex, names, requests, suspects: [], structural: [] },
      { order: 'newest', search: '', range: null },
    ).leaks;
    return summarizeIdentifiers(identifiers, views, structural);
  }, [leaks, flows, flowIndex, names, requests, structural, identifiers]);

  return (
    <section className="tab-panel identifier-summary" data-testid="identifier-summary">
      <div className="toolbar">
        <span className="toolbar-title">What each identifier told whom</span>
      </div>
      <div className="summary-list">
        {summaries.length === 0 && (
          <div className="feed-empty">
            No identifiers yet: add the phone's IMEI, phone number, MAC… in the panel on the left, then Apply.
          </div>
        )}
        {summaries.map((s) => (
          <article
            key={s.index}
            className={s.leaks > 0 ? 'summary-card leaked' : 'summary-card'}
            data-testid="identifier-summary-row"
            data-leaks={s.leaks}
          >
            <div className="leak-card-line">
              <KindBadge kind={s.identifier.kind} />
              <span className="leak-label">{s.identifier.label || s.identifier.kind}</span>
              <span className="leak-value mono">
                {reveal ? s.identifier.value : maskValue(s.identifier.value)}
              </span>
              <span className="spacer" />
              {s.leaks > 0 ? (
                <button
                  type="button"
                  className="link-button"
                  onClick={() => {
                    setSearch(s.identifier.label || s.identifier.kind);
                    setTab('leaks');
                  }}
                >
                  {formatCount(s.leaks)} {s.leaks === 1 ? 'leak' : 'leaks'}, seen {formatCount(s.sightings)}×
                </button>
              ) : (
                <span className="muted">not seen in any traffic</span>
              )}
            </div>
            {s.leaks > 0 && (
              <div className="summary-facts">
                <div>
                  <span className="muted">To </span>
                  {s.destinations.join(', ')}
                </div>
                <div>
                  <span className="muted">As </span>
                  <span className="mono">{s.encodings.join(', ')}</span>
                </div>
                {s.firstTs !== null && <div className="muted">First at {formatTime(s.firstTs)}</div>}
              </div>
            )}
            {s.structural.length > 0 && (
              <div className="summary-facts muted">
                Also in structural places (not leaks):{' '}
                {s.structural.map((r) => `${r.protocol} ${r.field} ×${formatCount(r.count)}`).join(', ')}
              </div>
            )}
          </article>
        ))}
      </div>
    </section>
  );
}
