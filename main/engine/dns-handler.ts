/**
 * Turns a parsed DNS message into a DnsRecord, teaches the host-name map the answers, and
 * scans the queried names for identifiers (a phone that puts its IMEI in a DNS label leaks it
 * to every resolver on the path).
 */
import type { DnsRecord, TransportName } from '../../shared/events';
import { parseDns, type DnsMessage } from './app/dns';
import { looksLikeDnsDatagram } from './app/dns-heuristic';
import type { SessionHost } from './session-host';
import type { FlowState } from './transport/flow-table';

const ADDRESS_TYPES = new Set(['A', 'AAAA']);

export function dnsProtoForPorts(srcPort: number, dstPort: number): DnsRecord['proto'] | null {
  if (srcPort === 5353 || dstPort === 5353) return 'mdns';
  if (srcPort === 5355 || dstPort === 5355) return 'llmnr';
  if (srcPort === 53 || dstPort === 53) return 'dns';
  return null;
}

/**
 * NetBIOS Name Service (RFC 1002 §4.2) borrows the DNS message format: its datagrams pass the
 * DNS heuristic but are not DNS.
 */
const NBNS_PORT = 137;

/**
 * A datagram on a port that is not a DNS port, emitted as DNS when it unmistakably is a DNS
 * message (app/dns-heuristic.ts): DNSCrypt certificate queries on 443, resolvers on odd ports.
 * Returns whether it was.
 */
export function emitIfDnsDatagram(
  engine: SessionHost,
  flow: FlowState,
  direction: 'out' | 'in',
  payload: Uint8Array,
  frames: number[],
): boolean {
  if (flow.clientPort === NBNS_PORT || flow.serverPort === NBNS_PORT) return false;
  if (!looksLikeDnsDatagram(payload)) return false;
  const msg = parseDns(payload, engine.anomaly);
  if (!msg) return false;
  emitDnsMessage(engine, flow, direction, msg, 'dns', 'udp', engine.frame, frames);
  return true;
}

export function emitDnsMessage(
  engine: SessionHost,
  flow: FlowState,
  direction: 'out' | 'in',
  msg: DnsMessage,
  proto: DnsRecord['proto'],
  transport: TransportName,
  frame: number,
  frames: number[],
): void {
  const first = msg.questions[0];
  const record: DnsRecord = {
    type: 'dns',
    frame,
    ts: engine.ts,
    proto,
    transport,
    client: direction === 'out' ? flow.client : flow.server,
    server: direction === 'out' ? flow.server : flow.client,
    id: msg.id,
    response: msg.response,
    qname: first?.name ?? '',
    qtype: first?.type ?? '',
    flowId: flow.id,
  };
  if (msg.questions.length > 1) record.questions = msg.questions.map((q) => ({ name: q.name, type: q.type }));
  if (msg.response) {
    record.rcode = msg.rcode;
    record.answers = [];
    for (const a of msg.answers) {
      if (a.data !== undefined) record.answers.push(a.data);
      // The queried name is what the user recognises (not the CDN's CNAME target).
      if (ADDRESS_TYPES.has(a.type) && a.data) engine.learnHost(a.data, first?.name ?? a.name, 'dns');
    }
  }
  engine.emit(record);
  if (!msg.response) {
    for (const q of msg.questions) {
      engine.scanName(flow, direction, q.name, 'dns-query', proto, transport, frames);
    }
  }
}
