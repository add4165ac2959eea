/**
 * Every transport flow: filterable by text, protocol, destination and leaks, sortable by each
 * column, narrowed to the time range brushed on the timeline. A click opens the flow's
 * reassembled bytes below.
 */
import { DataAttribution } from './DataAttribution';
import { useCallback, useDeferredValue, useMemo } from 'react';
import type { FlowRecord } from '../../../shared/events';
import { useUi } from '../app-context';
import { countryName } from '../lib/country';
import { addressOf } from '../lib/endpoint';
import { filterFlows, FLOW_SORT_KEYS, protocolsOf, type FlowRow } from '../lib/flow-filter';
import { formatBytes, formatCount, formatDateTime, formatTime } from '../lib/format';
import { sortRows } from '../lib/table-sort';
import { flowHost } from '../store/destinations';
import type { NameIndex } from '../store/record-state';
import { useViewFilters } from '../store/view-filters';
import { useSessionRange, useViewRecords } from '../store/views-selectors';
import { rowCount } from '../views/row-count';
import { RecordFilterBar } from '../views/RecordFilterBar';
import { VirtualTable, type Column } from './VirtualTable';

/** How many destinations the host box suggests (the biggest talkers, leaking ones first). */
const HOST_SUGGESTIONS = 200;
const FLOW_FILTER_LABELS = {
  text: 'Filter by host, address, port, protocol or #id',
  anyProtocol: 'Any protocol',
  host: 'Destination',
  hostPlaceholder: 'Destination (exact)',
};

const COLUMNS: Column<FlowRow>[] = [
  { id: 'id', header: '#', width: '56px', align: 'right', sort: 'asc', cell: (r) => r.flow.flowId },
  {
    id: 'protocol',
    header: 'Protocol',
    width: '76px',
    sort: 'asc',
    cell: (r) => r.flow.protocol,
    title: (r) => `${r.flow.protocol}/${r.flow.transport}`,
  },
  {
    id: 'client',
    header: 'Client',
    width: 'minmax(120px, 1.2fr)',
    sort: 'asc',
    className: 'mono',
    cell: (r) => r.flow.client,
    title: (r) => r.flow.client,
  },
  {
    id: 'server',
    header: 'Server',
    width: 'minmax(120px, 1.2fr)',
    sort: 'asc',
    className: 'mono',
    cell: (r) => r.flow.server,
    title: (r) => r.flow.server,
  },
  {
    id: 'host',
    header: 'Host',
    width: 'minmax(150px, 2fr)',
    sort: 'asc',
    cell: (r) => r.host ?? '—',
    title: (r) => r.host ?? '',
  },
  {
    id: 'country',
    header: 'Country',
    width: '62px',
    sort: 'asc',
    cell: (r) => r.flow.country ?? '—',
    title: (r) =>
      [countryName(r.flow.country), r.flow.asn != null ? `AS${r.flow.asn} ${r.flow.asOrg ?? ''}` : null]
        .filter(Boolean)
        .join(' · '),
  },
  {
    id: 'start',
    header: 'Start',
    width: '96px',
    sort: 'asc',
    className: 'mono',
    cell: (r) => formatTime(r.flow.firstTs),
    title: (r) =>
      `${formatDateTime(r.flow.firstTs)}, lasted ${(r.flow.lastTs - r.flow.firstTs).toFixed(3)} s`,
  },
  {
    id: 'packets',
    header: 'Packets',
    width: '64px',
    align: 'right',
    sort: 'desc',
    cell: (r) => formatCount(r.flow.packets),
  },
  {
    id: 'bytes',
    header: 'Sent / received',
    width: '136px',
    align: 'right',
    sort: 'desc',
    cell: (r) => `${formatBytes(r.flow.bytesOut)} / ${formatBytes(r.flow.bytesIn)}`,
    title: (r) => `${formatCount(r.flow.bytesOut)} bytes sent, ${formatCount(r.flow.bytesIn)} bytes received`,
  },
  {
    id: 'leaks',
    header: 'Leaks',
    width: '52px',
    align: 'right',
    sort: 'desc',
    cell: (r) => (r.flow.leaks > 0 ? <span className="leak-count">{r.flow.leaks}</span> : '0'),
  },
];

function toRows(flows: readonly FlowRecord[], names: NameIndex): FlowRow[] {
  const rows = new Array<FlowRow>(flows.length);
  for (let i = 0; i < flows.length; i++) {
    const flow = flows[i];
    const address = addressOf(flow.server);
    const host = flowHost(flow, names, address);
    rows[i] = { flow, host, destination: host ?? address };
  }
  return rows;
}

const keyOf = (r: FlowRow) => r.flow.flowId;
const rowClass = (r: FlowRow) => (r.flow.leaks > 0 ? 'has-leak' : undefined);

export function FlowsTab() {
  const { flows, names, destinations } = useViewRecords();
  const range = useSessionRange();
  const text = useUi((s) => s.flowFilter);
  const setText = useUi((s) => s.setFlowFilter);
  const openFlow = useUi((s) => s.openFlow);
  const selectedFlowId = useUi((s) => s.flowId);
  const extra = useViewFilters((s) => s.flows);
  const setExtra = useViewFilters((s) => s.setFlowFilter);
  const sort = useViewFilters((s) => s.sort.flows);
  const toggleSort = useViewFilters((s) => s.toggleSort);
  const deferredText = useDeferredValue(text);
  const deferredHost = useDeferredValue(extra.host);
  const hostSuggestions = useMemo(
    () => destinations.slice(0, HOST_SUGGESTIONS).map((d) => d.host),
    [destinations],
  );

  const all = useMemo(() => toRows(flows, names), [flows, names]);
  const protocols = useMemo(() => protocolsOf(flows), [flows]);
  const rows = useMemo(
    () =>
      sortRows(
        filterFlows(all, {
          text: deferredText,
          protocol: extra.protocol,
          host: deferredHost,
          leaksOnly: extra.leaksOnly,
          range,
        }),
        sort,
        FLOW_SORT_KEYS,
      ),
    [all, deferredText, deferredHost, extra.protocol, extra.leaksOnly, range, sort],
  );

  const onActivate = useCallback((r: FlowRow) => openFlow(r.flow.flowId), [openFlow]);
  const onSort = useCallback(
    (column: string, preferred: 'asc' | 'desc') => toggleSort('flows', column, preferred),
    [toggleSort],
  );

  return (
    <section className="tab-panel" data-testid="flows-panel">
      <RecordFilterBar
        testIdPrefix="flow"
        text={text}
        onText={setText}
        filter={extra}
        onFilter={setExtra}
        protocols={protocols}
        labels={FLOW_FILTER_LABELS}
        hostSuggestions={hostSuggestions}
        count={rowCount(rows.length, flows.length, 'flows')}
      />
      <VirtualTable
        rows={rows}
        columns={COLUMNS}
        rowKey={keyOf}
        rowTestId="flow-row"
        testId="flows-list"
        selectedKey={selectedFlowId}
        onActivate={onActivate}
        sort={sort}
        onSort={onSort}
        rowClass={rowClass}
        empty={flows.length === 0 ? 'No flows yet.' : 'No flow matches the filters.'}
      />
      <DataAttribution />
    </section>
  );
}
