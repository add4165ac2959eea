/** The tab strip: the leak feed first, then the views that explain it, each with a count. */
import { useSession, useUi } from '../app-context';
import { formatCount } from '../lib/format';
import { TABS, type TabId } from '../store/ui-store';

const TITLES: Record<TabId, string> = {
  leaks: 'Leaks',
  destinations: 'Destinations',
  flows: 'Flows',
  dns: 'DNS',
  timeline: 'Timeline',
  identifiers: 'Identifiers',
};

export function Tabs() {
  const tab = useUi((s) => s.tab);
  const setTab = useUi((s) => s.setTab);
  const counts: Record<TabId, number | null> = {
    leaks: useSession((s) => s.leaks.length),
    destinations: useSession((s) => s.destinations.length),
    flows: useSession((s) => s.flows.length),
    dns: useSession((s) => s.dns.length),
    timeline: useSession((s) => (s.markers.length > 0 ? s.markers.length : null)),
    identifiers: useSession((s) => s.identifiers.length),
  };
  const suspects = useSession((s) => s.suspects.length);
  return (
    <div className="tabs" role="tablist">
      {TABS.map((id) => (
        <button
          key={id}
          type="button"
          role="tab"
          aria-selected={tab === id}
          className={tab === id ? `tab active tab-${id}` : `tab tab-${id}`}
          data-testid={`tab-${id}`}
          onClick={() => setTab(id)}
          title={id === 'timeline' && counts.timeline !== null ? `${counts.timeline} markers` : undefined}
        >
          {TITLES[id]}
          {counts[id] !== null && (
            <span
              className={id === 'leaks' && (counts.leaks ?? 0) > 0 ? 'tab-count danger' : 'tab-count'}
              data-testid="tab-count"
            >
              {formatCount(counts[id])}
            </span>
          )}
          {id === 'leaks' && suspects > 0 && (
            <span className="tab-count warning" title="Suspected identifiers" data-testid="tab-suspects">
              +{formatCount(suspects)}?
            </span>
          )}
        </button>
      ))}
    </div>
  );
}
