/** The leak feed: one row per distinct leak (identifier, encoding, destination, direction). */
import { useMemo } from 'react';
import type { LeakRecord } from '../../../shared/events';
import { useSession, useUi } from '../app-context';
import { formatCount, formatTime } from '../lib/format';
import { maskValue } from '../lib/mask';
import { KindBadge } from './KindBadge';
import { VirtualTable, type Column } from './VirtualTable';

export function LeaksTab() {
  const leaks = useSession((s) => s.leaks);
  const identifiers = useSession((s) => s.identifiers);
  const reveal = useUi((s) => s.reveal);
  const toggleReveal = useUi((s) => s.toggleReveal);
  const openLeak = useUi((s) => s.openLeak);
  const selectedLeakId = useUi((s) => s.selectedLeakId);

  const columns = useMemo((): Column<LeakRecord>[] => {
    const value = (l: LeakRecord) => {
      const raw = identifiers[l.identifier]?.value;
      if (raw === undefined) return '';
      return reveal ? raw : maskValue(raw);
    };
    const where = (l: LeakRecord) => `${l.protocol} · ${l.where}${l.direction === 'in' ? ' · inbound' : ''}`;
    return [
      {
        id: 'identifier',
        header: 'Identifier',
        width: 'minmax(280px, 3fr)',
        cell: (l) => (
          <span className="identifier-cell">
            <KindBadge kind={l.kind} />
            <span className="identifier-label">{l.label}</span>
            <span className="identifier-value mono" data-testid="leak-value">
              {value(l)}
            </span>
          </span>
        ),
        title: (l) => `${l.label} ${value(l)}\n${l.context}`,
      },
      {
        id: 'encoding',
        header: 'Encoding',
        width: 'minmax(90px, 1fr)',
        cell: (l) => l.encoding,
        title: (l) => l.encoding,
      },
      { id: 'where', header: 'Where', width: 'minmax(110px, 1fr)', cell: where, title: where },
      {
        id: 'host',
        header: 'Host',
        width: 'minmax(140px, 2fr)',
        cell: (l) => l.host ?? '—',
        title: (l) => l.host ?? '',
      },
      {
        id: 'server',
        header: 'Server',
        width: 'minmax(120px, 1.2fr)',
        cell: (l) => <span className="mono">{l.server}</span>,
        title: (l) => l.server,
      },
      { id: 'frame', header: 'Frame', width: '64px', align: 'right', cell: (l) => l.frame },
      { id: 'count', header: 'Count', width: '56px', align: 'right', cell: (l) => formatCount(l.count) },
      {
        id: 'time',
        header: 'Time',
        width: '96px',
        cell: (l) => <span className="mono">{formatTime(l.ts)}</span>,
      },
    ];
  }, [identifiers, reveal]);

  return (
    <section className="tab-panel" data-testid="leaks-panel">
      <div className="toolbar">
        <span className="toolbar-title">
          {formatCount(leaks.length)} {leaks.length === 1 ? 'leak' : 'leaks'}
        </span>
        <span className="toolbar-hint">Click a leak to see its bytes.</span>
        <span className="spacer" />
        <label className="toggle">
          <input type="checkbox" checked={reveal} onChange={toggleReveal} data-testid="reveal-toggle" />
          Reveal identifiers
        </label>
      </div>
      <VirtualTable
        rows={leaks}
        columns={columns}
        rowKey={(l) => l.leakId}
        rowTestId="leak-row"
        testId="leaks-list"
        selectedKey={selectedLeakId}
        onActivate={openLeak}
        empty={<LeaksEmpty hasIdentifiers={identifiers.length > 0} />}
      />
    </section>
  );
}

function LeaksEmpty({ hasIdentifiers }: { hasIdentifiers: boolean }) {
  const phase = useSession((s) => s.phase);
  if (!hasIdentifiers) {
    return (
      <>
        <strong>No identifiers to look for yet.</strong> Add the phone's IMEI, phone number, MAC… in the
        Identifiers panel, then Apply.
      </>
    );
  }
  if (phase === 'loading') return <>Looking for the identifiers… leaks appear here as they are found.</>;
  if (phase === 'error')
    return <>The analysis stopped early (see the message above), so this list may be incomplete.</>;
  return <>None of the identifiers was found in this capture, in any supported encoding.</>;
}
