/**
 * DHCPv6 (RFC 8415): what a client says about itself (its DUID, often built from its MAC; its
 * FQDN, RFC 4704) and which addresses a server gives it (IA_NA / IA_TA addresses). Relay
 * messages are opened down to the client's message.
 *
 * Threat model: the datagram is untrusted. Every option is read through a length check against
 * the bytes of its container (the message, or the enclosing IA or Relay Message option), so a
 * bad length inside one option cannot make the walk read another's bytes. Each step advances by
 * at least the 4-byte option header, so walks end; nesting is bounded (IA options two deep,
 * relays MAX_RELAY_DEPTH deep) and lists are bounded by the datagram's size. Malformed input
 * becomes a named anomaly (`dhcpv6-truncated`, `dhcpv6-option-truncated`,
 * `dhcpv6-relay-too-deep`) and what was read before it is kept.
 */
import type { AnomalySink } from '../anomaly';
import { formatIpv6 } from '../ip/ip-address';
import { formatMac } from '../link/mac-address';
import { asciiDisplay } from './text-bytes';

export const DHCPV6_SOLICIT = 1;
export const DHCPV6_ADVERTISE = 2;
export const DHCPV6_REQUEST = 3;
export const DHCPV6_REPLY = 7;
export const DHCPV6_RELAY_FORW = 12;
export const DHCPV6_RELAY_REPL = 13;

const OPTION_CLIENTID = 1;
const OPTION_SERVERID = 2;
const OPTION_IA_NA = 3;
const OPTION_IA_TA = 4;
const OPTION_IAADDR = 5;
const OPTION_RELAY_MSG = 9;
const OPTION_CLIENT_FQDN = 39;

/** RFC 8415 section 7.6 HOP_COUNT_LIMIT: a relay chain is never deeper than this. */
export const MAX_RELAY_DEPTH = 8;

const DUID_LLT = 1;
const DUID_LL = 3;
const HARDWARE_ETHERNET = 1;
const HARDWARE_IEEE802 = 6;

/** A DHCP Unique Identifier and, for the link-layer kinds, the MAC inside it. */
export interface Duid {
  /** 1 DUID-LLT, 2 DUID-EN, 3 DUID-LL, 4 DUID-UUID. */
  type: number;
  /** The link-layer address of a DUID-LLT / DUID-LL of Ethernet (or IEEE 802) hardware type. */
  mac: string | null;
}

/** A byte range of the datagram that holds a hardware identifier, and the field's name. */
export interface HardwareSpan {
  start: number;
  end: number;
  field: string;
}

export interface Dhcpv6Message {
  /** The message type of the innermost (client or server) message. */
  msgType: number;
  transactionId: number;
  /** How many Relay-forward / Relay-reply wrappers were opened to reach it. */
  relays: number;
  clientId: Duid | null;
  serverId: Duid | null;
  /** Client FQDN option (39) domain name, labels joined with dots; null when absent. */
  fqdn: string | null;
  /** IPv6 addresses of IA Address options inside IA_NA and IA_TA. */
  addresses: string[];
  /** Where the Client and Server Identifier option values are, for structural MAC matching. */
  hardwareSpans: HardwareSpan[];
}

/**
 * RFC 8415 section 11.1, a DUID: | DUID-Type (2) | type-specific contents |
 *
 *   11.2 DUID-LLT (1): | hardware type (16) | time (32) | link-layer address (variable) |
 *   11.3 DUID-EN (2):  | enterprise-number (32) | identifier (variable) |
 *   11.4 DUID-LL (3):  | hardware type (16) | link-layer address (variable) |
 *   11.5 DUID-UUID (4): | UUID (128) |
 *
 * Also used by DHCPv4's client identifier of type 255 (RFC 4361). Reads data[start..end).
 */
export function parseDuid(data: Uint8Array, start: number, end: number): Duid | null {
  if (end - start < 2) return null;
  const type = (data[start] << 8) | data[start + 1];
  let addressAt = -1;
  if (type === DUID_LLT) addressAt = start + 8;
  else if (type === DUID_LL) addressAt = start + 4;
  let mac: string | null = null;
  if (addressAt >= 0 && end - addressAt === 6) {
    const hardware = (data[start + 2] << 8) | data[start + 3];
    if (hardware === HARDWARE_ETHERNET || hardware === HARDWARE_IEEE802) mac = formatMac(data, addressAt);
  }
  return { type, mac };
}

/**
 * RFC 8415 section 8, client/server message:      section 9, relay agent/server message:
 *
 *   | msg-type (8) | transaction-id (24) |          | msg-type (8) | hop-count (8) |
 *   | options ...                       |          | link-address (128) | peer-address (128) |
 *                                                   | options ...                          |
 *
 * Section 21.1, an option: | option-code (16) | option-len (16) | option-data (option-len) |
 */
export function parseDhcpv6(payload: Uint8Array, anomaly: AnomalySink): Dhcpv6Message | null {
  let start = 0;
  let end = payload.length;
  let relays = 0;
  for (;;) {
    if (end - start < 4) {
      anomaly('dhcpv6-truncated', `${end - start} bytes, a message needs at least 4`);
      return null;
    }
    const msgType = payload[start];
    if (msgType !== DHCPV6_RELAY_FORW && msgType !== DHCPV6_RELAY_REPL) {
      const message: Dhcpv6Message = {
        msgType,
        transactionId: (payload[start + 1] << 16) | (payload[start + 2] << 8) | payload[start + 3],
        relays,
        clientId: null,
        serverId: null,
        fqdn: null,
        addresses: [],
        hardwareSpans: [],
      };
      readOptions(payload, start + 4, end, message, anomaly, 0);
      return message;
    }
    if (relays >= MAX_RELAY_DEPTH) {
      anomaly('dhcpv6-relay-too-deep', `more than ${MAX_RELAY_DEPTH} relay wrappers`);
      return null;
    }
    if (end - start < 34) {
      anomaly('dhcpv6-truncated', 'relay message shorter than its 34-byte header');
      return null;
    }
    const inner = findOption(payload, start + 34, end, OPTION_RELAY_MSG, anomaly);
    if (inner === null) return null;
    start = inner.start;
    end = inner.end;
    relays++;
  }
}

/** The first option `code` in data[start..end) as a range, or null. */
function findOption(
  data: Uint8Array,
  start: number,
  end: number,
  code: number,
  anomaly: AnomalySink,
): { start: number; end: number } | null {
  let at = start;
  while (end - at >= 4) {
    const optionCode = (data[at] << 8) | data[at + 1];
    const length = (data[at + 2] << 8) | data[at + 3];
    const valueEnd = at + 4 + length;
    if (valueEnd > end) {
      anomaly('dhcpv6-option-truncated', `option ${optionCode} claims ${length} bytes`);
      return null;
    }
    if (optionCode === code) return { start: at + 4, end: valueEnd };
    at = valueEnd;
  }
  return null;
}

/**
 * Walks the options of data[start..end) into `message`. `depth` is 0 for the message's own
 * options and 1 inside an IA_NA / IA_TA, where only IA Address options are of interest.
 *
 *   21.2 Client Identifier (1), 21.3 Server Identifier (2): | DUID |
 *   21.4 IA_NA (3): | IAID (32) | T1 (32) | T2 (32) | IA_NA-options |
 *   21.5 IA_TA (4): | IAID (32) | IA_TA-options |
 *   21.6 IA Address (5): | IPv6-address (128) | preferred-lifetime (32) | valid-lifetime (32) | options |
 *   RFC 4704 section 4.1, Client FQDN (39): | flags (8) | domain-name (RFC 1035 labels, maybe partial) |
 */
function readOptions(
  data: Uint8Array,
  start: number,
  end: number,
  message: Dhcpv6Message,
  anomaly: AnomalySink,
  depth: number,
): void {
  let at = start;
  while (at < end) {
    if (end - at < 4) {
      anomaly('dhcpv6-option-truncated', `${end - at} bytes left, an option header needs 4`);
      return;
    }
    const code = (data[at] << 8) | data[at + 1];
    const length = (data[at + 2] << 8) | data[at + 3];
    const value = at + 4;
    const valueEnd = value + length;
    if (valueEnd > end) {
      anomaly('dhcpv6-option-truncated', `option ${code} claims ${length} bytes, ${end - value} left`);
      return;
    }
    if (depth === 0) {
      if (code === OPTION_CLIENTID && message.clientId === null) {
        message.clientId = parseDuid(data, value, valueEnd);
        message.hardwareSpans.push({ start: value, end: valueEnd, field: 'client identifier' });
      } else if (code === OPTION_SERVERID && message.serverId === null) {
        message.serverId = parseDuid(data, value, valueEnd);
        message.hardwareSpans.push({ start: value, end: valueEnd, field: 'server identifier' });
      } else if (code === OPTION_IA_NA && length >= 12) {
        readOptions(data, value + 12, valueEnd, message, anomaly, 1);
      } else if (code === OPTION_IA_TA && length >= 4) {
        readOptions(data, value + 4, valueEnd, message, anomaly, 1);
      } else if (code === OPTION_CLIENT_FQDN && length >= 1 && message.fqdn === null) {
        message.fqdn = domainName(data, value + 1, valueEnd);
      }
    } else if (code === OPTION_IAADDR && length >= 24) {
      message.addresses.push(formatIpv6(data, value));
    }
    at = valueEnd;
  }
}

/**
 * RFC 1035 section 3.1 labels (| length (8) | bytes |..., ended by a zero length or, for a
 * partial name, by the end of the field), joined with dots; a fully qualified name (ended by
 * the zero length) keeps its trailing dot, as tshark shows it, so "host." and a partial "host"
 * stay apart. Label bytes are shown as tshark shows them (ASCII, control characters escaped).
 * Compression pointers are not allowed here (RFC 8415 section 10); a length that does not fit
 * ends the name where the valid labels end.
 */
function domainName(data: Uint8Array, start: number, end: number): string {
  let name = '';
  let at = start;
  while (at < end) {
    const length = data[at];
    if (length === 0) return name ? `${name}.` : name;
    if (length > 63 || at + 1 + length > end) break;
    name += (name ? '.' : '') + asciiDisplay(data, at + 1, at + 1 + length);
    at += 1 + length;
  }
  return name;
}
