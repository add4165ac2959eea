/** DNS, mDNS and LLMNR messages in capture order. */
import { useDeferredValue, useMemo } from 'react';
import type { DnsRecord } from '../../../shared/events';
import { useSession, useUi } from '../app-context';
import { formatCount, formatTime } from '../lib/format';
import { FilterInput } from './FilterInput';
import { VirtualTable, type Column } from './VirtualTable';

interface DnsRow {
  key: number;
  record: DnsRecord;
}

const answersOf = (r: DnsRow) => r.record.answers?.join(', ') ?? '';

const COLUMNS: Column<DnsRow>[] = [
  { id: 'frame', header: 'Frame', width: '64px', align: 'right', cell: (r) => r.record.frame },
  {
    id: 'time',
    header: 'Time',
    width: '96px',
    cell: (r) => <span className="mono">{formatTime(r.record.ts)}</span>,
  },
  {
    id: 'kind',
    header: '',
    width: '72px',
    cell: (r) => (
      <span className={r.record.response ? 'badge dns-response' : 'badge dns-query'}>
        {r.record.response ? 'answer' : 'query'}
      </span>
    ),
    title: (r) => `${r.record.proto} over ${r.record.transport}`,
  },
  {
    id: 'qname',
    header: 'Name',
    width: 'minmax(200px, 2.5fr)',
    cell: (r) => r.record.qname,
    title: (r) => r.record.qname,
  },
  { id: 'qtype', header: 'Type', width: '64px', cell: (r) => r.record.qtype },
  {
    id: 'answers',
    header: 'Answers',
    width: 'minmax(180px, 2.5fr)',
    cell: (r) =>
      r.record.rcode && r.record.rcode !== 'NOERROR' ? (
        <span className="muted">{r.record.rcode}</span>
      ) : (
        <span className="mono">{answersOf(r)}</span>
      ),
    title: (r) => r.record.answers?.join('\n') ?? '',
  },
  {
    id: 'server',
    header: 'Server',
    width: 'minmax(120px, 1fr)',
    cell: (r) => <span className="mono">{r.record.server}</span>,
    title: (r) => r.record.server,
  },
];

export function DnsTab() {
  const dns = useSession((s) => s.dns);
  const filter = useUi((s) => s.dnsFilter);
  const setFilter = useUi((s) => s.setDnsFilter);
  const deferredFilter = useDeferredValue(filter);

  const all = useMemo(() => dns.map((record, key) => ({ key, record })), [dns]);
  const rows = useMemo(() => {
    const needle = deferredFilter.trim().toLowerCase();
    if (!needle) return all;
    return all.filter(
      (r) =>
        r.record.qname.toLowerCase().includes(needle) ||
        r.record.qtype.toLowerCase() === needle ||
        (r.record.answers?.some((a) => a.toLowerCase().includes(needle)) ?? false),
    );
  }, [all, deferredFilter]);

  return (
    <section className="tab-panel" data-testid="dns-panel">
      <div className="toolbar">
        <FilterInput
          value={filter}
          onChange={setFilter}
          placeholder="Filter by name, type or answer"
          testId="dns-filter"
        />
        <span className="toolbar-title">
          {rows.length === dns.length
            ? `${formatCount(dns.length)} messages`
            : `${formatCount(rows.length)} of ${formatCount(dns.length)} messages`}
        </span>
      </div>
      <VirtualTable
        rows={rows}
        columns={COLUMNS}
        rowKey={(r) => r.key}
        rowTestId="dns-row"
        testId="dns-list"
        empty={dns.length === 0 ? 'No DNS messages yet.' : 'No DNS message matches the filter.'}
      />
    </section>
  );
}
