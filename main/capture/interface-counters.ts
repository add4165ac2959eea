/**
 * Interface counters from /sys/class/net/IF/statistics (Linux). They approximate what libpcap
 * would report as drops: rx_dropped counts packets the interface or its driver dropped, which is
 * what pcapng's isb_ifdrop means, not packets the capture socket lost (cap 0.2.1 cannot ask for
 * those). The name was validated by the helper before it gets here.
 */
import { readFileSync } from 'node:fs';

export interface InterfaceCounters {
  rxPackets: number;
  rxDropped: number;
}

/** The counters now, or null where they cannot be read (another OS, a virtual device without them). */
export function readInterfaceCounters(interfaceName: string): InterfaceCounters | null {
  const dir = `/sys/class/net/${interfaceName}/statistics`;
  try {
    const rxPackets = Number(readFileSync(`${dir}/rx_packets`, 'utf8').trim());
    const rxDropped = Number(readFileSync(`${dir}/rx_dropped`, 'utf8').trim());
    if (!Number.isSafeInteger(rxPackets) || !Number.isSafeInteger(rxDropped)) return null;
    return { rxPackets, rxDropped };
  } catch {
    return null;
  }
}
