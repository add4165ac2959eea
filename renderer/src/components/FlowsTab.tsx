/** Every transport flow, filterable by any of its text fields. */
import { useDeferredValue, useMemo } from 'react';
import type { FlowRecord } from '../../../shared/events';
import { useSession, useUi } from '../app-context';
import { formatBytes, formatCount } from '../lib/format';
import { flowHost } from '../store/destinations';
import type { NameIndex } from '../store/record-state';
import { FilterInput } from './FilterInput';
import { VirtualTable, type Column } from './VirtualTable';

interface FlowRow {
  flow: FlowRecord;
  host: string | null;
}

const COLUMNS: Column<FlowRow>[] = [
  { id: 'id', header: '#', width: '56px', align: 'right', cell: (r) => r.flow.flowId },
  {
    id: 'protocol',
    header: 'Protocol',
    width: '88px',
    cell: (r) => r.flow.protocol,
    title: (r) => `${r.flow.protocol}/${r.flow.transport}`,
  },
  {
    id: 'client',
    header: 'Client',
    width: 'minmax(130px, 1.2fr)',
    cell: (r) => <span className="mono">{r.flow.client}</span>,
    title: (r) => r.flow.client,
  },
  {
    id: 'server',
    header: 'Server',
    width: 'minmax(130px, 1.2fr)',
    cell: (r) => <span className="mono">{r.flow.server}</span>,
    title: (r) => r.flow.server,
  },
  {
    id: 'host',
    header: 'Host',
    width: 'minmax(160px, 2fr)',
    cell: (r) => r.host ?? '—',
    title: (r) => r.host ?? '',
  },
  {
    id: 'packets',
    header: 'Packets',
    width: '68px',
    align: 'right',
    cell: (r) => formatCount(r.flow.packets),
  },
  {
    id: 'bytes',
    header: 'Sent / received',
    width: '140px',
    align: 'right',
    cell: (r) => `${formatBytes(r.flow.bytesOut)} / ${formatBytes(r.flow.bytesIn)}`,
  },
  {
    id: 'leaks',
    header: 'Leaks',
    width: '56px',
    align: 'right',
    cell: (r) => (r.flow.leaks > 0 ? <span className="leak-count">{r.flow.leaks}</span> : '0'),
  },
];

function matches(row: FlowRow, needle: string): boolean {
  const f = row.flow;
  return (
    String(f.flowId) === needle ||
    f.protocol.toLowerCase().includes(needle) ||
    f.client.toLowerCase().includes(needle) ||
    f.server.toLowerCase().includes(needle) ||
    (row.host?.toLowerCase().includes(needle) ?? false)
  );
}

function toRows(flows: readonly FlowRecord[], names: NameIndex): FlowRow[] {
  return flows.map((flow) => ({ flow, host: flowHost(flow, names) }));
}

export function FlowsTab() {
  const flows = useSession((s) => s.flows);
  const names = useSession((s) => s.names);
  const filter = useUi((s) => s.flowFilter);
  const setFilter = useUi((s) => s.setFlowFilter);
  const openFlow = useUi((s) => s.openFlow);
  const selectedFlowId = useUi((s) => s.flowId);
  const deferredFilter = useDeferredValue(filter);

  const all = useMemo(() => toRows(flows, names), [flows, names]);
  const rows = useMemo(() => {
    const needle = deferredFilter.trim().toLowerCase();
    return needle ? all.filter((r) => matches(r, needle)) : all;
  }, [all, deferredFilter]);

  return (
    <section className="tab-panel" data-testid="flows-panel">
      <div className="toolbar">
        <FilterInput
          value={filter}
          onChange={setFilter}
          placeholder="Filter by host, address, port, protocol or #id"
          testId="flow-filter"
        />
        <span className="toolbar-title" data-testid="flow-count">
          {rows.length === flows.length
            ? `${formatCount(flows.length)} flows`
            : `${formatCount(rows.length)} of ${formatCount(flows.length)} flows`}
        </span>
      </div>
      <VirtualTable
        rows={rows}
        columns={COLUMNS}
        rowKey={(r) => r.flow.flowId}
        rowTestId="flow-row"
        testId="flows-list"
        selectedKey={selectedFlowId}
        onActivate={(r) => openFlow(r.flow.flowId)}
        empty={flows.length === 0 ? 'No flows yet.' : 'No flow matches the filter.'}
      />
    </section>
  );
}
