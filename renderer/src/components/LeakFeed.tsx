/**
 * The leak feed, the reporter's main view: one card per deduplicated leak, newest first or
 * grouped by destination, then the suspects and the structural note. Virtualised with measured
 * heights, since cards wrap differently; the selected card is kept in view as j/k move it.
 */
import { Segmented } from './Segmented';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useMemo, useRef } from 'react';
import { useSession, useUi } from '../app-context';
import { countryFlag } from '../lib/country';
import { formatCount, formatTime } from '../lib/format';
import { deriveFeed, type FeedItem } from '../store/leak-feed';
import { useTimeRange } from '../store/time-range';
import { FilterInput } from './FilterInput';
import { LeakCard } from './LeakCard';
import { StructuralNote } from './StructuralNote';
import { SuspectCard } from './SuspectCard';

const ESTIMATES: Record<FeedItem['type'], number> = {
  group: 40,
  leak: 92,
  'suspects-heading': 52,
  suspect: 84,
  structural: 110,
};

export function LeakFeed() {
  const leaks = useSession((s) => s.leaks);
  const flows = useSession((s) => s.flows);
  const flowIndex = useSession((s) => s.flowIndex);
  const names = useSession((s) => s.names);
  const requests = useSession((s) => s.requests);
  const suspects = useSession((s) => s.suspects);
  const structural = useSession((s) => s.structural);
  const identifiers = useSession((s) => s.identifiers);
  const range = useTimeRange((s) => s.range);
  const setRange = useTimeRange((s) => s.setRange);
  const order = useUi((s) => s.feedOrder);
  const setOrder = useUi((s) => s.setFeedOrder);
  const search = useUi((s) => s.feedSearch);
  const setSearch = useUi((s) => s.setFeedSearch);
  const reveal = useUi((s) => s.reveal);
  const revealed = useUi((s) => s.revealed);
  const toggleReveal = useUi((s) => s.toggleReveal);
  const toggleRevealLeak = useUi((s) => s.toggleRevealLeak);
  const openEvidence = useUi((s) => s.openEvidence);
  const openFlow = useUi((s) => s.openFlow);
  const selectedLeakId = useUi((s) => s.selectedLeakId);

  const feed = useMemo(
    () =>
      deriveFeed(
        { leaks, flows, flowIndex, names, requests, suspects, structural },
        { order, search, range },
      ),
    [leaks, flows, flowIndex, names, requests, suspects, structural, order, search, range],
  );

  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: feed.items.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: (i) => ESTIMATES[feed.items[i].type],
    getItemKey: (i) => feed.items[i].key,
    overscan: 6,
  });

  const selectedIndex =
    selectedLeakId === null ? -1 : feed.items.findIndex((i) => i.key === `leak:${selectedLeakId}`);
  useEffect(() => {
    if (selectedIndex >= 0) virtualizer.scrollToIndex(selectedIndex, { align: 'auto' });
  }, [selectedIndex, virtualizer]);

  const filtered = feed.leaks.length !== feed.total;

  const renderItem = (item: FeedItem) => {
    switch (item.type) {
      case 'group':
        return (
          <div className="feed-group" data-testid="feed-group" data-host={item.host}>
            <span className="feed-group-host">{item.host}</span>
            {item.countryName && (
              <span className="leak-country">
                {countryFlag(item.country)} {item.countryName}
              </span>
            )}
            {item.owner && <span className="leak-owner">{item.owner}</span>}
            {item.tracker && <span className="badge tracker">tracker · {item.tracker}</span>}
            <span className="spacer" />
            <span className="muted">
              {formatCount(item.leaks)} {item.leaks === 1 ? 'leak' : 'leaks'}
            </span>
          </div>
        );
      case 'leak': {
        const leak = item.view.leak;
        return (
          <LeakCard
            view={item.view}
            value={identifiers[leak.identifier]?.value}
            revealed={reveal || revealed.has(leak.leakId)}
            selected={leak.leakId === selectedLeakId}
            onOpen={() => openEvidence(leak)}
            onToggleReveal={() => toggleRevealLeak(leak.leakId)}
          />
        );
      }
      case 'suspects-heading':
        return (
          <div className="feed-section" data-testid="suspects-heading">
            <h2>Suspected ({formatCount(item.count)})</h2>
            <p className="muted">
              Values shaped like an identifier that you did not enter. Not confirmed leaks: check whether they
              belong to this phone, then add them as identifiers.
            </p>
          </div>
        );
      case 'suspect':
        return (
          <SuspectCard suspect={item.suspect} host={item.host} onOpen={() => openFlow(item.suspect.flowId)} />
        );
      case 'structural':
        return <StructuralNote records={item.records} />;
    }
  };

  return (
    <section className="tab-panel leak-feed" data-testid="leaks-panel">
      <div className="toolbar">
        <span className="toolbar-title" data-testid="feed-count">
          {filtered
            ? `${formatCount(feed.leaks.length)} of ${formatCount(feed.total)} leaks`
            : `${formatCount(feed.total)} ${feed.total === 1 ? 'leak' : 'leaks'}`}
        </span>
        <FilterInput
          value={search}
          onChange={setSearch}
          placeholder="Search leaks (/)"
          testId="leak-search"
        />
        <Segmented
          label="Order"
          options={[
            { value: 'newest', label: 'Newest first', testId: 'feed-order-newest' },
            { value: 'destination', label: 'By destination', testId: 'feed-order-destination' },
          ]}
          value={order}
          onChange={setOrder}
        />
        <span className="spacer" />
        <label className="toggle">
          <input type="checkbox" checked={reveal} onChange={toggleReveal} data-testid="reveal-toggle" />
          Reveal identifiers
        </label>
      </div>
      {range && (
        <div className="feed-range" data-testid="feed-range">
          Only leaks first seen between {formatTime(range.from)} and {formatTime(range.to)} (timeline
          selection).
          <button
            type="button"
            className="link-button"
            data-testid="feed-range-clear"
            onClick={() => setRange(null)}
          >
            Show all
          </button>
        </div>
      )}
      <div
        ref={scrollRef}
        className="feed-list"
        data-testid="leaks-list"
        data-rows={feed.leaks.length}
        tabIndex={-1}
      >
        {feed.leaks.length === 0 && (
          <div className="feed-empty" data-testid="feed-empty">
            <FeedEmpty
              filtered={filtered}
              hasIdentifiers={identifiers.length > 0}
              onClear={() => setSearch('')}
            />
          </div>
        )}
        <div className="feed-spacer" style={{ height: virtualizer.getTotalSize() }}>
          {virtualizer.getVirtualItems().map((v) => (
            <div
              key={v.key}
              ref={virtualizer.measureElement}
              data-index={v.index}
              className="feed-item"
              style={{ transform: `translateY(${v.start}px)` }}
            >
              {renderItem(feed.items[v.index])}
            </div>
          ))}
        </div>
      </div>
    </section>
  );
}

function FeedEmpty({
  filtered,
  hasIdentifiers,
  onClear,
}: {
  filtered: boolean;
  hasIdentifiers: boolean;
  onClear: () => void;
}) {
  const phase = useSession((s) => s.phase);
  const live = useSession((s) => s.live.state);
  if (filtered) {
    return (
      <>
        No leak matches the search or the timeline selection.{' '}
        <button type="button" className="link-button inline" onClick={onClear}>
          Clear the search
        </button>
      </>
    );
  }
  if (!hasIdentifiers) {
    return (
      <>
        <strong>No identifiers to look for yet.</strong> Add the phone's IMEI, phone number, MAC… in the
        Identifiers panel on the left, then Apply.
      </>
    );
  }
  if (live === 'capturing' || live === 'starting') {
    return (
      <>
        <strong>Capturing — nothing has leaked yet.</strong> Use the phone: reboot it, send an SMS, log in to
        its cloud account. Leaks appear here the moment they are sent; mark what you did with “I just did…”.
      </>
    );
  }
  if (phase === 'loading') return <>Looking for the identifiers… leaks appear here as they are found.</>;
  if (phase === 'error')
    return <>The analysis stopped early (see the message above), so this list may be incomplete.</>;
  return (
    <>
      None of the identifiers was found in this capture, in any supported encoding. Check the values in the
      Identifiers panel, or capture longer while using the phone.
    </>
  );
}
