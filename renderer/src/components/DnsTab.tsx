/**
 * DNS, mDNS and LLMNR messages in capture order: filterable by text, protocol, name and leaks,
 * sortable by each column, narrowed to the time range brushed on the timeline. Messages that
 * carried an identifier are marked.
 */
import { useCallback, useDeferredValue, useMemo } from 'react';
import { useUi } from '../app-context';
import { DNS_SORT_KEYS, dnsLeakFrames, filterDns, toDnsRows, type DnsRow } from '../lib/dns-filter';
import { formatTime } from '../lib/format';
import { sortRows } from '../lib/table-sort';
import { useViewFilters } from '../store/view-filters';
import { useSessionRange, useViewRecords } from '../store/views-selectors';
import { rowCount } from '../views/row-count';
import { RecordFilterBar } from '../views/RecordFilterBar';
import { VirtualTable, type Column } from './VirtualTable';

const PROTOCOLS = ['dns', 'mdns', 'llmnr'] as const;
const DNS_FILTER_LABELS = {
  text: 'Filter by name, type or answer',
  anyProtocol: 'DNS, mDNS, LLMNR',
  host: 'Name or answer',
  hostPlaceholder: 'Name or answer (exact)',
};

const answersOf = (r: DnsRow) => r.record.answers?.join(', ') ?? '';
const failed = (r: DnsRow) => r.record.rcode !== undefined && r.record.rcode !== 'NOERROR';

const COLUMNS: Column<DnsRow>[] = [
  { id: 'frame', header: 'Frame', width: '64px', align: 'right', sort: 'asc', cell: (r) => r.record.frame },
  {
    id: 'time',
    header: 'Time',
    width: '96px',
    sort: 'asc',
    className: 'mono',
    cell: (r) => formatTime(r.record.ts),
  },
  {
    id: 'kind',
    header: '',
    width: '72px',
    sort: 'asc',
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
    sort: 'asc',
    cell: (r) => r.record.qname,
    title: (r) => r.record.qname,
  },
  { id: 'qtype', header: 'Type', width: '64px', sort: 'asc', cell: (r) => r.record.qtype },
  {
    id: 'answers',
    header: 'Answers',
    width: 'minmax(180px, 2.5fr)',
    sort: 'asc',
    className: (r) => (failed(r) ? 'muted' : 'mono'),
    cell: (r) => (failed(r) ? r.record.rcode : answersOf(r)),
    title: (r) => r.record.answers?.join('\n') ?? '',
  },
  {
    id: 'server',
    header: 'Server',
    width: 'minmax(120px, 1fr)',
    sort: 'asc',
    className: 'mono',
    cell: (r) => r.record.server,
    title: (r) => r.record.server,
  },
  {
    id: 'leaks',
    header: 'Leak',
    width: '48px',
    sort: 'desc',
    cell: (r) => (r.leaking ? <span className="leak-count">leak</span> : ''),
    title: (r) => (r.leaking ? 'An identifier was found in this message' : ''),
  },
];

const keyOf = (r: DnsRow) => r.key;
const rowClass = (r: DnsRow) => (r.leaking ? 'has-leak' : undefined);

export function DnsTab() {
  const { dns, leaks } = useViewRecords();
  const range = useSessionRange();
  const text = useUi((s) => s.dnsFilter);
  const setText = useUi((s) => s.setDnsFilter);
  const extra = useViewFilters((s) => s.dns);
  const setExtra = useViewFilters((s) => s.setDnsFilter);
  const sort = useViewFilters((s) => s.sort.dns);
  const toggleSort = useViewFilters((s) => s.toggleSort);
  const deferredText = useDeferredValue(text);
  const deferredHost = useDeferredValue(extra.host);

  const leakFrames = useMemo(() => dnsLeakFrames(leaks), [leaks]);
  const all = useMemo(() => toDnsRows(dns, leakFrames), [dns, leakFrames]);
  const rows = useMemo(
    () =>
      sortRows(
        filterDns(all, {
          text: deferredText,
          protocol: extra.protocol,
          host: deferredHost,
          leaksOnly: extra.leaksOnly,
          range,
        }),
        sort,
        DNS_SORT_KEYS,
      ),
    [all, deferredText, deferredHost, extra.protocol, extra.leaksOnly, range, sort],
  );
  const onSort = useCallback(
    (column: string, preferred: 'asc' | 'desc') => toggleSort('dns', column, preferred),
    [toggleSort],
  );

  return (
    <section className="tab-panel" data-testid="dns-panel">
      <RecordFilterBar
        testIdPrefix="dns"
        text={text}
        onText={setText}
        filter={extra}
        onFilter={setExtra}
        protocols={PROTOCOLS}
        labels={DNS_FILTER_LABELS}
        count={rowCount(rows.length, dns.length, 'messages')}
      />
      <VirtualTable
        rows={rows}
        columns={COLUMNS}
        rowKey={keyOf}
        rowTestId="dns-row"
        testId="dns-list"
        sort={sort}
        onSort={onSort}
        rowClass={rowClass}
        empty={dns.length === 0 ? 'No DNS messages yet.' : 'No DNS message matches the filters.'}
      />
    </section>
  );
}
