/**
 * How many captured bytes one packet may claim before the record is called corrupt. A damaged
 * length field must not make the reader wait for (and buffer) hundreds of megabytes.
 */

/** No packet is ever larger than this, whatever the snaplen says. */
export const ABSOLUTE_MAX_CAPTURE_LENGTH = 256 * 1024 * 1024;

/** Wireshark's WTAP_MAX_PACKET_SIZE_STANDARD: the ceiling for ordinary link types. */
const STANDARD_MAX = 262144;
const USB_AND_DBUS_MAX = 128 * 1024 * 1024;
const EBHSCR_MAX = 8 * 1024 * 1024;

/** LINKTYPE_USB_FREEBSD, USB_LINUX, USB_LINUX_MMAPPED, DBUS, USBPCAP, USB_DARWIN carry huge transfers. */
const LARGE_LINK_TYPES = new Set([186, 189, 220, 231, 249, 266]);
const LINKTYPE_EBHSCR = 279;

/**
 * The largest captured length accepted for an interface: the link type's ceiling (as in
 * Wireshark's wtap_max_snaplen_for_encap), raised to the interface's snaplen when that is larger,
 * and never above ABSOLUTE_MAX_CAPTURE_LENGTH.
 */
export function maxCaptureLength(linkType: number, snapLen: number): number {
  let ceiling = STANDARD_MAX;
  if (LARGE_LINK_TYPES.has(linkType)) ceiling = USB_AND_DBUS_MAX;
  else if (linkType === LINKTYPE_EBHSCR) ceiling = EBHSCR_MAX;
  return Math.min(ABSOLUTE_MAX_CAPTURE_LENGTH, Math.max(ceiling, snapLen));
}
