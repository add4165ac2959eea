/**
 * Engine records: what the engine tells the CLI, the services and the UI.
 *
 * These are the NDJSON records of DESIGN §4. Every field is plain JSON (no Uint8Array, no
 * bigint) so the same objects cross IPC, WebSocket and stdout unchanged. Frame numbers count
 * from 1 in capture order; `ts` is seconds since the epoch; endpoints are "ip:port" or
 * "[ip]:port".
 */

export type Endpoint = string;
export type Direction = 'out' | 'in';
export type TransportName = 'tcp' | 'udp';

/** One DNS message (query or response); `answers` is present on responses only. */
export interface DnsRecord {
  type: 'dns';
  frame: number;
  ts: number;
  proto: 'dns' | 'mdns' | 'llmnr';
  transport: TransportName;
  client: Endpoint;
  server: Endpoint;
  id: number;
  response: boolean;
  rcode?: string;
  qname: string;
  qtype: string;
  /** Every question of the message (qname/qtype above are the first one). */
  questions?: { name: string; type: string }[];
  /** Answer-section data: addresses, CNAME/PTR targets, in order. */
  answers?: string[];
  flowId: number;
}

/** A TLS ClientHello, over TCP or in QUIC CRYPTO frames. `frame` completed the hello. */
export interface TlsRecord {
  type: 'tls';
  frame: number;
  frames: number[];
  ts: number;
  transport: 'tcp' | 'quic';
  client: Endpoint;
  server: Endpoint;
  sni: string | null;
  alpn: string[];
  /** Versions offered, e.g. ["TLS 1.3", "TLS 1.2"]; legacy_version when supported_versions is absent. */
  versions: string[];
  /** encrypted_client_hello (0xfe0d) present: the SNI above is only the outer, public name. */
  ech: boolean;
  /** Draft encrypted_server_name (0xffce) present. */
  esni: boolean;
  flowId: number;
}

/** An HTTP/1.x request; `frame` is where the request, body included, completed (as tshark reports it). */
export interface HttpRecord {
  type: 'http';
  frame: number;
  frames: number[];
  ts: number;
  transport: TransportName;
  client: Endpoint;
  server: Endpoint;
  method: string;
  host: string | null;
  uri: string;
  version: string;
  flowId: number;
}

/** Where in a message an identifier was found. */
export type LeakPlace =
  | 'path'
  | 'query'
  | 'header'
  | 'cookie'
  | 'body'
  | 'request-line'
  | 'dns-query'
  | 'sni'
  | 'stream'
  | 'datagram';

export interface LeakRecord {
  type: 'leak';
  /** The frame that completed the match (first occurrence). */
  frame: number;
  /** Every frame that carried bytes of the first occurrence. */
  frames: number[];
  ts: number;
  kind: string;
  label: string;
  /** Index of the identifier in the identifier list the engine was given. */
  identifier: number;
  encoding: string;
  protocol: string;
  transport: TransportName;
  where: LeakPlace;
  client: Endpoint;
  server: Endpoint;
  host: string | null;
  direction: Direction;
  /** Excerpt around the match with the identifier masked; never the raw value. */
  context: string;
  flowId: number;
  /**
   * Position of the first occurrence in the direction's reassembled stream (TCP; UDP datagrams
   * laid end to end). For a match inside a decoded body (de-chunked or decompressed: encoding
   * "chunked:…", "gzip:…", "deflate:…", "br:…") it is the offset where that body starts.
   */
  offset: number;
  length: number;
  /**
   * Stable id of this deduplicated leak (same identifier, encoding and destination). A later
   * record with the same leakId replaces the earlier one, with a higher count.
   */
  leakId: number;
  /** How many times this identifier/encoding/destination was seen. */
  count: number;
  /** The completing frame of every occurrence, first 1,000 kept. */
  occurrenceFrames: number[];
}

/**
 * A value shaped like an identifier that the user did not enter (a Luhn-valid 15-digit number
 * under an `imei` key, an e-mail address, a GPS pair...). Kept apart from confirmed leaks: it
 * says "look here", not "this phone sent its IMEI". Deduplicated per value and destination.
 */
export interface SuspectRecord {
  type: 'suspect';
  frame: number;
  ts: number;
  kind: 'imei' | 'imsi' | 'mac' | 'android_id' | 'advertising_id' | 'email' | 'location';
  /** The key the value sat under (`imei`, `device_id`, ...), or null. */
  key: string | null;
  /** Why it looks like an identifier, in one sentence. */
  reason: string;
  protocol: string;
  where: LeakPlace;
  client: Endpoint;
  server: Endpoint;
  host: string | null;
  direction: Direction;
  /** Excerpt around the value with the value masked. */
  context: string;
  flowId: number;
}

/** A transport flow. Re-emitted (same id) as it grows; the last copy wins. */
export interface FlowRecord {
  type: 'flow';
  /** Where the server address is registered and who announces it; absent when unknown or private. */
  country?: string | null;
  asn?: number | null;
  asOrg?: string | null;
  /** The host (or its registrable domain) is on the tracker list: the list entry's owner. */
  tracker?: string | null;
  flowId: number;
  transport: TransportName;
  client: Endpoint;
  server: Endpoint;
  /** Protocol guess from port and content: "http", "tls", "dns", "quic", "text", ... */
  protocol: string;
  /** Best name for the server: HTTP Host, TLS SNI, or a DNS answer for its address. */
  host: string | null;
  firstTs: number;
  lastTs: number;
  firstFrame: number;
  packets: number;
  bytesOut: number;
  bytesIn: number;
  leaks: number;
}

export interface AnomalyRecord {
  type: 'anomaly';
  /** Stable kebab-case name, e.g. "ipv4-header-truncated", "dns-malformed", "file-truncated". */
  name: string;
  frame?: number;
  detail?: string;
}

export interface StatsRecord {
  type: 'stats';
  packets: number;
  bytes: number;
  /** Bytes of the capture file consumed so far, when reading a file. */
  fileBytes?: number;
  flows: number;
  leaks: number;
  anomalies: number;
}

export interface SummaryRecord {
  type: 'summary';
  packets: number;
  bytes: number;
  flows: number;
  leaks: number;
  /** Suspected identifiers (values the user did not enter). */
  suspects: number;
  anomalies: number;
  dns: number;
  tls: number;
  http: number;
  /** First and last packet times, or null for an empty capture. */
  firstTs: number | null;
  lastTs: number | null;
  /** Anomaly counts by name. */
  anomalyCounts: Record<string, number>;
  /** Set when the input ended early or could not be read past some point. */
  inputError?: string;
}

/**
 * A device seen on the network, named by what it says about itself in DHCP, DHCPv6, ARP and NDP.
 * Re-emitted (same `mac`) as more is learnt; the last copy wins.
 */
export interface DeviceRecord {
  type: 'device';
  /** Lower-case colon form, e.g. "64:09:80:3c:5e:21". */
  mac: string;
  /** Frame where this copy's newest fact was learnt. */
  frame: number;
  firstTs: number;
  lastTs: number;
  /** Organisation owning the OUI, or null (unknown or randomised). */
  vendor: string | null;
  /** The locally-administered bit is set: a randomised (private) address, no vendor. */
  randomized: boolean;
  /** DHCP option 12 / DHCPv6 client FQDN, as sent. */
  hostname: string | null;
  /** DHCP option 60 (e.g. "android-dhcp-13"). */
  vendorClass: string | null;
  /** Addresses the device used or was given (ARP sender, DHCP yiaddr/requested, NDP, IPv6 source). */
  ipv4: string[];
  ipv6: string[];
  /** Which protocols told us about it. */
  sources: ('dhcp' | 'dhcpv6' | 'arp' | 'ndp' | 'ip')[];
}

/**
 * A user identifier (MAC) in a place any joining device produces it: the Ethernet header, ARP,
 * DHCP's chaddr/client-id, NDP's link-layer address options. Shown apart from leaks (DESIGN §5).
 * Deduplicated per identifier and protocol; `count` grows.
 */
export interface StructuralRecord {
  type: 'structural';
  frame: number;
  ts: number;
  kind: string;
  label: string;
  identifier: number;
  protocol: 'ethernet' | 'arp' | 'dhcp' | 'dhcpv6' | 'ndp' | '802.11';
  /** The field, e.g. "source address", "sender hardware address", "chaddr", "client identifier". */
  field: string;
  count: number;
}

/** A label the user put on the timeline ("sent SMS"), saved with the capture. */
export interface MarkerRecord {
  type: 'marker';
  id: number;
  ts: number;
  label: string;
  /** The last frame captured when the marker was set, or null before any. */
  frame: number | null;
}

/**
 * Live capture counters, once a second while capturing. Drops are never silent: every place a
 * packet can be lost is counted where we can know it, and `dropsKnown` says which are real counts.
 */
export interface CaptureStatsRecord {
  type: 'capture-stats';
  ts: number;
  /** Packets the helper handed over so far. */
  packets: number;
  bytes: number;
  /** libpcap/kernel: packets dropped because the buffer was full (pcap_stats ps_drop), or null when unknown. */
  kernelDropped: number | null;
  /** Dropped by the interface or driver (ps_ifdrop / rx_dropped), or null when unknown. */
  interfaceDropped: number | null;
  /** Packets the engine could not keep up with and discarded (0 unless it fell behind its queue limit). */
  engineDropped: number;
  /** Where the drop counts came from, e.g. "pcap_stats", "dumpcap ISB", "/sys rx_dropped". */
  dropSource: string;
  /** Bytes waiting between the helper and the engine. */
  backlogBytes: number;
}

export type EngineRecord =
  | DeviceRecord
  | StructuralRecord
  | MarkerRecord
  | CaptureStatsRecord
  | DnsRecord
  | TlsRecord
  | HttpRecord
  | LeakRecord
  | SuspectRecord
  | FlowRecord
  | AnomalyRecord
  | StatsRecord
  | SummaryRecord;
