/**
 * The phone's MAC where every joining device puts its MAC (Ethernet, ARP, DHCP, NDP): listed so
 * the reporter knows it was seen, and said plainly not to be a leak (DESIGN §5).
 */
import type { StructuralRecord } from '../../../shared/events';
import { formatCount } from '../lib/format';
import { structuralKey } from '../store/record-state';

const PROTOCOLS: Record<StructuralRecord['protocol'], string> = {
  ethernet: 'Ethernet',
  arp: 'ARP',
  dhcp: 'DHCP',
  dhcpv6: 'DHCPv6',
  ndp: 'NDP',
  '802.11': '802.11',
};

export function StructuralNote({ records }: { records: readonly StructuralRecord[] }) {
  return (
    <aside className="structural-note" data-testid="structural-note">
      <div className="structural-title">Structural (not leaks)</div>
      <p className="muted">
        Every device that joins a network sends its MAC address in these places; seeing it there is expected.
      </p>
      <ul>
        {records.map((r) => (
          <li key={structuralKey(r)} data-testid="structural-row">
            <span className="identifier-label">{r.label}</span> in the {PROTOCOLS[r.protocol] ?? r.protocol}{' '}
            {r.field} <span className="muted">×{formatCount(r.count)}</span>
          </li>
        ))}
      </ul>
    </aside>
  );
}
