/** Where the phone's traffic went, one row per server name, leaking destinations first. */
import { useSession, useUi } from '../app-context';
import { formatBytes, formatCount } from '../lib/format';
import type { Destination } from '../store/destinations';
import { VirtualTable, type Column } from './VirtualTable';

const COLUMNS: Column<Destination>[] = [
  {
    id: 'host',
    header: 'Host',
    width: 'minmax(200px, 3fr)',
    cell: (d) => <span className={d.unnamed ? 'mono muted' : undefined}>{d.host}</span>,
    title: (d) => d.host,
  },
  {
    id: 'addresses',
    header: 'IPs',
    width: 'minmax(140px, 2fr)',
    cell: (d) => <span className="mono">{d.addresses.join(', ')}</span>,
    title: (d) => d.addresses.join('\n'),
  },
  {
    id: 'protocols',
    header: 'Protocols',
    width: 'minmax(80px, 1fr)',
    cell: (d) => d.protocols.join(', '),
    title: (d) => d.protocols.join(', '),
  },
  { id: 'flows', header: 'Flows', width: '64px', align: 'right', cell: (d) => formatCount(d.flows) },
  { id: 'up', header: 'Sent', width: '84px', align: 'right', cell: (d) => formatBytes(d.bytesOut) },
  { id: 'down', header: 'Received', width: '84px', align: 'right', cell: (d) => formatBytes(d.bytesIn) },
  {
    id: 'leaks',
    header: 'Leaks',
    width: '64px',
    align: 'right',
    cell: (d) => (d.leaks > 0 ? <span className="leak-count">{formatCount(d.leaks)}</span> : '0'),
    title: (d) => (d.leaks > 0 ? `${d.leaks} distinct leaks, seen ${d.leakSightings} times` : ''),
  },
];

export function DestinationsTab() {
  const destinations = useSession((s) => s.destinations);
  const setFlowFilter = useUi((s) => s.setFlowFilter);
  const setTab = useUi((s) => s.setTab);

  return (
    <section className="tab-panel" data-testid="destinations-panel">
      <div className="toolbar">
        <span className="toolbar-title">{formatCount(destinations.length)} destinations</span>
        <span className="toolbar-hint">Click a destination to list its flows.</span>
      </div>
      <VirtualTable
        rows={destinations}
        columns={COLUMNS}
        rowKey={(d) => d.host}
        rowTestId="dest-row"
        testId="destinations-list"
        onActivate={(d) => {
          setFlowFilter(d.host);
          setTab('flows');
        }}
        empty="No traffic yet."
      />
    </section>
  );
}
