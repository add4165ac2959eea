/**
 * DHCP (RFC 2131, options RFC 2132) and the BOOTP messages it extends: what a client says about
 * itself (hardware address, host name, vendor class, requested address, client identifier) and
 * which address a server gives it.
 *
 * Threat model: the datagram is untrusted and may be cut short by the capture. The fixed header
 * is length-checked once (a header cut after chaddr still yields the addresses, as tshark reads
 * snaplen-limited captures); every option is checked against the end of the field that holds it
 * before its value is read, and each step of the walk advances by at least one byte, so a walk
 * ends within the field's length. The option-overload option (52) can add the `file` and
 * `sname` fields to the walk, each at most once. Malformed input becomes a named anomaly
 * (`dhcp-truncated`, `dhcp-option-truncated`) and options read before it are kept.
 */
import type { AnomalySink } from '../anomaly';
import { formatIpv4 } from '../ip/ip-address';
import { formatMac } from '../link/mac-address';
import { parseDuid, type HardwareSpan } from './dhcpv6';
import { asciiDisplay } from './text-bytes';

export const BOOTREQUEST = 1;
export const BOOTREPLY = 2;
export const DHCPDISCOVER = 1;
export const DHCPREQUEST = 3;
export const DHCPACK = 5;

const FIXED_LENGTH = 236;
const CHADDR_OFFSET = 28;
/** The fixed header up to the end of chaddr: enough to name the client. */
const ADDRESSES_LENGTH = 44;
const SNAME_OFFSET = 44;
const FILE_OFFSET = 108;
const MAGIC_COOKIE = 0x63825363;

const OPTION_PAD = 0;
const OPTION_HOSTNAME = 12;
const OPTION_REQUESTED_IP = 50;
const OPTION_OVERLOAD = 52;
const OPTION_MESSAGE_TYPE = 53;
const OPTION_VENDOR_CLASS = 60;
const OPTION_CLIENT_ID = 61;
const OPTION_END = 255;

const HARDWARE_ETHERNET = 1;
const HARDWARE_IEEE802 = 6;
const CLIENT_ID_DUID = 255;

export interface DhcpMessage {
  /** 1 BOOTREQUEST (client to server), 2 BOOTREPLY. */
  op: number;
  htype: number;
  hlen: number;
  xid: number;
  ciaddr: string;
  yiaddr: string;
  siaddr: string;
  giaddr: string;
  /** chaddr in colon form when the hardware is Ethernet / IEEE 802 with a 6-byte address. */
  clientMac: string | null;
  /** Option 53 (1 DISCOVER ... 8 INFORM); null for plain BOOTP. */
  messageType: number | null;
  /** Option 12, shown as tshark shows it (up to a NUL, control characters escaped). */
  hostname: string | null;
  /** Option 60, shown the same way. */
  vendorClass: string | null;
  /** Option 50. */
  requestedIp: string | null;
  /**
   * Option 61: its type byte and, when the identifier is a MAC (type 1 with 6 bytes) or a DUID
   * holding one (type 255, RFC 4361), that MAC.
   */
  clientId: { type: number; mac: string | null } | null;
  /** Where chaddr and the client identifier's value are, for structural MAC matching. */
  hardwareSpans: HardwareSpan[];
}

/**
 * RFC 2131 section 2, figure 1 (field sizes in bytes):
 *
 *   | op (1) | htype (1) | hlen (1) | hops (1) |
 *   | xid (4)                                  |
 *   | secs (2)           | flags (2)           |
 *   | ciaddr (4) | yiaddr (4) | siaddr (4) | giaddr (4) |
 *   | chaddr (16) | sname (64) | file (128) |
 *   | options (variable): magic cookie 99.130.83.99, then options |
 *
 * RFC 2132 section 2, an option: | code (1) | len (1) | value (len) |, except Pad (0) and End
 * (255), which are a single byte. Section 9.3, Option Overload (52): 1 = `file` holds options,
 * 2 = `sname` does, 3 = both; they are read after the options field, `file` first (RFC 2131
 * section 4.1).
 */
export function parseDhcp(payload: Uint8Array, anomaly: AnomalySink): DhcpMessage | null {
  if (payload.length < FIXED_LENGTH) {
    anomaly('dhcp-truncated', `${payload.length} bytes, the fixed header needs ${FIXED_LENGTH}`);
    if (payload.length < ADDRESSES_LENGTH) return null;
  }
  const htype = payload[1];
  const hlen = payload[2];
  const ethernetLike = (htype === HARDWARE_ETHERNET || htype === HARDWARE_IEEE802) && hlen === 6;
  const message: DhcpMessage = {
    op: payload[0],
    htype,
    hlen,
    xid: ((payload[4] << 24) >>> 0) + ((payload[5] << 16) | (payload[6] << 8) | payload[7]),
    ciaddr: formatIpv4(payload, 12),
    yiaddr: formatIpv4(payload, 16),
    siaddr: formatIpv4(payload, 20),
    giaddr: formatIpv4(payload, 24),
    clientMac: ethernetLike ? formatMac(payload, CHADDR_OFFSET) : null,
    messageType: null,
    hostname: null,
    vendorClass: null,
    requestedIp: null,
    clientId: null,
    hardwareSpans: [{ start: CHADDR_OFFSET, end: CHADDR_OFFSET + Math.min(hlen, 16), field: 'chaddr' }],
  };
  const optionsAt = FIXED_LENGTH + 4;
  // Shorter than the header and cookie: a capture cut it (reported above) or plain BOOTP padding.
  if (payload.length < optionsAt) return message;
  const cookie =
    ((payload[FIXED_LENGTH] << 24) >>> 0) +
    ((payload[FIXED_LENGTH + 1] << 16) | (payload[FIXED_LENGTH + 2] << 8) | payload[FIXED_LENGTH + 3]);
  if (cookie !== MAGIC_COOKIE) return message;
  const overload = readOptions(payload, optionsAt, payload.length, message, anomaly);
  if (overload & 1) readOptions(payload, FILE_OFFSET, FILE_OFFSET + 128, message, anomaly);
  if (overload & 2) readOptions(payload, SNAME_OFFSET, SNAME_OFFSET + 64, message, anomaly);
  return message;
}

/**
 * Walks the options in data[start..end) into `message`; the first occurrence of each option
 * wins. Returns the Option Overload value found (0 when none), so the caller can walk `file`
 * and `sname` next; an overload option inside those fields is not followed again.
 */
function readOptions(
  data: Uint8Array,
  start: number,
  end: number,
  message: DhcpMessage,
  anomaly: AnomalySink,
): number {
  let overload = 0;
  let at = start;
  while (at < end) {
    const code = data[at];
    if (code === OPTION_PAD) {
      at++;
      continue;
    }
    if (code === OPTION_END) break;
    if (at + 2 > end) {
      anomaly('dhcp-option-truncated', `option ${code} has no length byte`);
      break;
    }
    const length = data[at + 1];
    const value = at + 2;
    const valueEnd = value + length;
    if (valueEnd > end) {
      anomaly('dhcp-option-truncated', `option ${code} claims ${length} bytes, ${end - value} left`);
      break;
    }
    switch (code) {
      case OPTION_MESSAGE_TYPE:
        if (length >= 1 && message.messageType === null) message.messageType = data[value];
        break;
      case OPTION_HOSTNAME:
        message.hostname ??= stringz(data, value, valueEnd);
        break;
      case OPTION_VENDOR_CLASS:
        message.vendorClass ??= stringz(data, value, valueEnd);
        break;
      case OPTION_REQUESTED_IP:
        if (length === 4 && message.requestedIp === null) message.requestedIp = formatIpv4(data, value);
        break;
      case OPTION_OVERLOAD:
        if (length >= 1 && start >= FIXED_LENGTH) overload = data[value] & 3;
        break;
      case OPTION_CLIENT_ID:
        if (length >= 1 && message.clientId === null) {
          message.clientId = { type: data[value], mac: clientIdMac(data, value, valueEnd) };
          message.hardwareSpans.push({ start: value, end: valueEnd, field: 'client identifier' });
        }
        break;
      default:
        break;
    }
    at = valueEnd;
  }
  return overload;
}

/**
 * RFC 2132 section 9.14, client identifier: | type (1) | identifier |. Type 1 (Ethernet) with
 * six bytes is a MAC; type 255 is | IAID (4) | DUID | (RFC 4361 section 6.1), whose DUID-LL or
 * DUID-LLT carries one.
 */
function clientIdMac(data: Uint8Array, start: number, end: number): string | null {
  const type = data[start];
  if (type === HARDWARE_ETHERNET && end - start === 7) return formatMac(data, start + 1);
  if (type === CLIENT_ID_DUID && end - start > 5) return parseDuid(data, start + 5, end)?.mac ?? null;
  return null;
}

/** A string option as tshark's FT_STRINGZ shows it: up to the first NUL, controls escaped. */
function stringz(data: Uint8Array, start: number, end: number): string {
  let stop = start;
  while (stop < end && data[stop] !== 0) stop++;
  return asciiDisplay(data, start, stop);
}
