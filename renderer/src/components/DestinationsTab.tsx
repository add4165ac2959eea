/**
 * Where the phone's traffic went: one row per server name with its addresses, where they are
 * registered, the tracker list's verdict, bytes each way, first and last contact, and leaks.
 * Sortable by every column, filterable by text, trackers and leaks, and narrowed to the time
 * range brushed on the timeline. A click lists the destination's flows.
 */
import { DataAttribution } from './DataAttribution';
import { useCallback, useDeferredValue, useMemo } from 'react';
import { useSession, useUi } from '../app-context';
import { countryName } from '../lib/country';
import { DESTINATION_SORT_KEYS, filterDestinations } from '../lib/destination-filter';
import { formatBytes, formatCount, formatDateTime, formatTime } from '../lib/format';
import { sortRows } from '../lib/table-sort';
import { deriveDestinations, type Destination } from '../store/destinations';
import { useViewFilters } from '../store/view-filters';
import { frameClockOf, useSessionRange, useViewRecords } from '../store/views-selectors';
import { rowCount } from '../views/row-count';
import { TimeRangeChip } from '../views/TimeRangeChip';
import { ToggleFilter } from '../views/ToggleFilter';
import { FilterInput } from './FilterInput';
import { VirtualTable, type Column } from './VirtualTable';

const DASH = '—';

function asnText(d: Destination): string {
  if (d.asns.length === 0) return DASH;
  const [first] = d.asns;
  const text = first.org ? `AS${first.asn} ${first.org}` : `AS${first.asn}`;
  return d.asns.length > 1 ? `${text} +${d.asns.length - 1}` : text;
}

const timeCell = (ts: number) => (Number.isFinite(ts) ? formatTime(ts).slice(0, 8) : DASH);
const timeTitle = (ts: number) =>
  Number.isFinite(ts) ? `${formatDateTime(ts)}${formatTime(ts).slice(8)}` : '';

const COLUMNS: Column<Destination>[] = [
  {
    id: 'host',
    header: 'Host',
    width: 'minmax(180px, 3fr)',
    sort: 'asc',
    className: (d) => (d.unnamed ? 'mono muted' : undefined),
    cell: (d) => d.host,
    title: (d) => d.host,
  },
  {
    id: 'addresses',
    header: 'IPs',
    width: 'minmax(110px, 1.5fr)',
    sort: 'asc',
    className: 'mono',
    cell: (d) => d.addresses.join(', '),
    title: (d) => d.addresses.join('\n'),
  },
  {
    id: 'country',
    header: 'Country',
    width: '62px',
    sort: 'asc',
    cell: (d) => (d.countries.length > 0 ? d.countries.join(', ') : DASH),
    title: (d) => d.countries.map((c) => countryName(c) ?? c).join(', '),
  },
  {
    id: 'asn',
    header: 'Network',
    width: 'minmax(110px, 1.5fr)',
    sort: 'asc',
    cell: asnText,
    title: (d) => d.asns.map((a) => (a.org ? `AS${a.asn} ${a.org}` : `AS${a.asn}`)).join('\n'),
  },
  {
    id: 'tracker',
    header: 'Tracker',
    width: 'minmax(80px, 1fr)',
    sort: 'asc',
    cell: (d) => (d.tracker ? <span className="badge tracker-badge">{d.tracker}</span> : DASH),
    title: (d) => (d.tracker ? `On the tracker list: ${d.tracker}` : ''),
  },
  {
    id: 'protocols',
    header: 'Protocols',
    width: 'minmax(64px, 1fr)',
    sort: 'asc',
    cell: (d) => d.protocols.join(', '),
    title: (d) => d.protocols.join(', '),
  },
  {
    id: 'flows',
    header: 'Flows',
    width: '56px',
    align: 'right',
    sort: 'desc',
    cell: (d) => formatCount(d.flows),
  },
  {
    id: 'up',
    header: 'Sent',
    width: '72px',
    align: 'right',
    sort: 'desc',
    cell: (d) => formatBytes(d.bytesOut),
    title: (d) => `${formatCount(d.bytesOut)} bytes`,
  },
  {
    id: 'down',
    header: 'Received',
    width: '76px',
    align: 'right',
    sort: 'desc',
    cell: (d) => formatBytes(d.bytesIn),
    title: (d) => `${formatCount(d.bytesIn)} bytes`,
  },
  {
    id: 'first',
    header: 'First',
    width: '66px',
    sort: 'asc',
    className: 'mono',
    cell: (d) => timeCell(d.firstTs),
    title: (d) => timeTitle(d.firstTs),
  },
  {
    id: 'last',
    header: 'Last',
    width: '66px',
    sort: 'desc',
    className: 'mono',
    cell: (d) => timeCell(d.lastTs),
    title: (d) => timeTitle(d.lastTs),
  },
  {
    id: 'leaks',
    header: 'Leaks',
    width: '56px',
    align: 'right',
    sort: 'desc',
    cell: (d) => (d.leaks > 0 ? <span className="leak-count">{formatCount(d.leaks)}</span> : '0'),
    title: (d) => (d.leaks > 0 ? `${d.leaks} distinct leaks, seen ${d.leakSightings} times` : ''),
  },
];

const keyOf = (d: Destination) => d.host;
const rowClass = (d: Destination) => (d.leaks > 0 ? 'has-leak' : undefined);

export function DestinationsTab() {
  const records = useViewRecords();
  const range = useSessionRange();
  const filter = useViewFilters((s) => s.destinations);
  const setFilter = useViewFilters((s) => s.setDestinationFilter);
  const sort = useViewFilters((s) => s.sort.destinations);
  const toggleSort = useViewFilters((s) => s.toggleSort);
  const setFlowsFilter = useViewFilters((s) => s.setFlowFilter);
  const setFlowText = useUi((s) => s.setFlowFilter);
  const setTab = useUi((s) => s.setTab);
  const loaded = useSession((s) => s.flows.length > 0 || s.leaks.length > 0);

  const all = useMemo(() => {
    if (!range) return records.destinations;
    const { flows, leaks, flowIndex, names, dns } = records;
    return deriveDestinations(flows, leaks, flowIndex, names, {
      range,
      clock: frameClockOf(flows, dns, leaks),
    });
  }, [records, range]);
  const deferredText = useDeferredValue(filter.text);
  const rows = useMemo(
    () => sortRows(filterDestinations(all, { ...filter, text: deferredText }), sort, DESTINATION_SORT_KEYS),
    [all, filter, deferredText, sort],
  );

  const onActivate = useCallback(
    (d: Destination) => {
      setFlowsFilter({ host: d.host, protocol: '', leaksOnly: false });
      setFlowText('');
      setTab('flows');
    },
    [setFlowsFilter, setFlowText, setTab],
  );
  const onSort = useCallback(
    (column: string, preferred: 'asc' | 'desc') => toggleSort('destinations', column, preferred),
    [toggleSort],
  );

  return (
    <section className="tab-panel" data-testid="destinations-panel">
      <div className="toolbar view-toolbar">
        <FilterInput
          value={filter.text}
          onChange={(text) => setFilter({ text })}
          placeholder="Filter by host, address, country, network or tracker"
          testId="dest-filter"
        />
        <ToggleFilter
          checked={filter.trackersOnly}
          onChange={(trackersOnly) => setFilter({ trackersOnly })}
          label="Trackers only"
          testId="dest-trackers-only"
        />
        <ToggleFilter
          checked={filter.leaksOnly}
          onChange={(leaksOnly) => setFilter({ leaksOnly })}
          label="With leaks"
          testId="dest-has-leak"
        />
        <TimeRangeChip />
        <span className="toolbar-title" data-testid="dest-count">
          {rowCount(rows.length, all.length, 'destinations')}
        </span>
        <span className="toolbar-hint">Click a destination to list its flows.</span>
      </div>
      <VirtualTable
        rows={rows}
        columns={COLUMNS}
        rowKey={keyOf}
        rowTestId="dest-row"
        testId="destinations-list"
        onActivate={onActivate}
        sort={sort}
        onSort={onSort}
        rowClass={rowClass}
        empty={loaded ? 'No destination matches the filters.' : 'No traffic yet.'}
      />
      <DataAttribution />
    </section>
  );
}
