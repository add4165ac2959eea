/** The `--format table` view of an analysis: a readable summary for a terminal. */
import type {
  DeviceRecord,
  EngineRecord,
  FlowRecord,
  LeakRecord,
  StructuralRecord,
  SummaryRecord,
  SuspectRecord,
} from '../../shared/events';

function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (c ?? '').padEnd(widths[i]))
      .join('  ')
      .trimEnd();
  return [line(headers), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

/** Packet-derived text may hold terminal escape sequences: show control characters as '.'. */
function clean(s: string | null | undefined, max = 60): string {
  const t = (s ?? '').replace(/[\u0000-\u001f\u007f-\u009f]/g, '.');
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
}

export function formatTable(records: EngineRecord[], summary: SummaryRecord, path: string): string {
  const leaks = records.filter((r): r is LeakRecord => r.type === 'leak');
  const flows = records.filter((r): r is FlowRecord => r.type === 'flow');
  const out: string[] = [];
  out.push(`PhoneHome analysis of ${path}`);
  out.push(
    `${summary.packets} packets, ${summary.bytes} bytes, ${summary.flows} flows, ` +
      `${summary.dns} DNS, ${summary.tls} TLS hellos, ${summary.http} HTTP requests, ` +
      `${summary.leaks} leaks, ${summary.suspects} suspected, ${summary.anomalies} anomalies`,
  );
  out.push('');
  if (leaks.length) {
    out.push('LEAKS');
    out.push(
      table(
        ['frame', 'kind', 'label', 'encoding', 'where', 'protocol', 'destination', 'count', 'context'],
        leaks.map((l) => [
          String(l.frame),
          l.kind,
          clean(l.label, 20),
          l.encoding,
          l.where,
          l.protocol,
          clean(l.host ?? l.server, 40),
          String(l.count),
          clean(l.context, 60),
        ]),
      ),
    );
  } else {
    out.push('No leaks found' + (summary.leaks === 0 ? ' (were identifiers given with --ids?)' : '') + '.');
  }
  out.push('');
  const suspects = records.filter((r): r is SuspectRecord => r.type === 'suspect');
  if (suspects.length) {
    out.push('SUSPECTED IDENTIFIERS (values you did not enter that look like identifiers)');
    out.push(
      table(
        ['frame', 'kind', 'key', 'where', 'protocol', 'destination', 'context'],
        suspects.map((s) => [
          String(s.frame),
          s.kind,
          clean(s.key, 20),
          s.where,
          s.protocol,
          clean(s.host ?? s.server, 40),
          clean(s.context, 60),
        ]),
      ),
    );
    out.push('');
  }
  const structural = records.filter((r): r is StructuralRecord => r.type === 'structural');
  if (structural.length) {
    out.push('STRUCTURAL (your MAC where every device on a network puts its own; not leaks)');
    out.push(
      table(
        ['first frame', 'kind', 'label', 'protocol', 'field', 'count'],
        structural.map((s) => [
          String(s.frame),
          s.kind,
          clean(s.label, 20),
          s.protocol,
          s.field,
          String(s.count),
        ]),
      ),
    );
    out.push('');
  }
  const devices = records.filter((r): r is DeviceRecord => r.type === 'device');
  if (devices.length) {
    out.push('DEVICES');
    out.push(
      table(
        ['mac', 'vendor', 'hostname', 'vendor class', 'addresses', 'from'],
        devices.map((d) => [
          d.mac,
          d.randomized ? '(randomised MAC)' : clean(d.vendor ?? '?', 30),
          clean(d.hostname, 30),
          clean(d.vendorClass, 20),
          clean([...d.ipv4, ...d.ipv6].join(' '), 60),
          d.sources.join(','),
        ]),
      ),
    );
    out.push('');
  }
  const byHost = new Map<string, { flows: number; bytesOut: number; bytesIn: number; leaks: number }>();
  for (const f of flows) {
    const key = f.host ?? f.server.replace(/:\d+$/, '');
    const h = byHost.get(key) ?? { flows: 0, bytesOut: 0, bytesIn: 0, leaks: 0 };
    h.flows++;
    h.bytesOut += f.bytesOut;
    h.bytesIn += f.bytesIn;
    h.leaks += f.leaks;
    byHost.set(key, h);
  }
  if (byHost.size) {
    out.push('DESTINATIONS');
    const rows = [...byHost.entries()]
      .sort((a, b) => b[1].leaks - a[1].leaks || b[1].bytesOut - a[1].bytesOut)
      .slice(0, 50)
      .map(([host, h]) => [
        clean(host, 50),
        String(h.flows),
        String(h.bytesOut),
        String(h.bytesIn),
        String(h.leaks),
      ]);
    out.push(table(['destination', 'flows', 'bytes out', 'bytes in', 'leaks'], rows));
    if (byHost.size > 50) out.push(`… and ${byHost.size - 50} more`);
    out.push('');
  }
  const anomalies = Object.entries(summary.anomalyCounts);
  if (anomalies.length) {
    out.push('ANOMALIES');
    out.push(
      table(
        ['name', 'count'],
        anomalies.sort((a, b) => b[1] - a[1]).map(([n, c]) => [n, String(c)]),
      ),
    );
    out.push('');
  }
  return `${out.join('\n')}\n`;
}
