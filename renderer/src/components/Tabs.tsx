/** The tab strip above the tables, with a count on each tab. */
import { useSession, useUi } from '../app-context';
import { formatCount } from '../lib/format';
import { TABS, type TabId } from '../store/ui-store';

const TITLES: Record<TabId, string> = {
  leaks: 'Leaks',
  destinations: 'Destinations',
  flows: 'Flows',
  dns: 'DNS',
};

export function Tabs() {
  const tab = useUi((s) => s.tab);
  const setTab = useUi((s) => s.setTab);
  const counts: Record<TabId, number> = {
    leaks: useSession((s) => s.leaks.length),
    destinations: useSession((s) => s.destinations.length),
    flows: useSession((s) => s.flows.length),
    dns: useSession((s) => s.dns.length),
  };
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
        >
          {TITLES[id]}
          <span
            className={id === 'leaks' && counts.leaks > 0 ? 'tab-count danger' : 'tab-count'}
            data-testid="tab-count"
          >
            {formatCount(counts[id])}
          </span>
        </button>
      ))}
    </div>
  );
}
