/**
 * Capture pseudo-headers placed before 802.11 frames by wireless drivers: radiotap (LINKTYPE 127),
 * Prism (119) and AVS (163). Each one only needs to be measured and skipped.
 * Threat model: untrusted bytes; header lengths come from the capture and are checked against
 * data.length and against the fixed minimum before use.
 */
import type { AnomalySink } from '../anomaly';
import { decodeIeee80211 } from './ieee80211';
import type { LinkLayer } from './link-layer';

const RADIOTAP_PRESENT_TSFT = 0x01;
const RADIOTAP_PRESENT_FLAGS = 0x02;
const RADIOTAP_PRESENT_EXT = 0x80000000;
const RADIOTAP_FLAG_DATAPAD = 0x20;
const RADIOTAP_FLAG_BAD_FCS = 0x40;
const AVS_MAGIC_V1 = 0x80211000;
const AVS_MAGIC_V2 = 0x80211001;
const PRISM_HEADER_LENGTH = 144;

function readU32le(data: Uint8Array, offset: number): number {
  return (data[offset] | (data[offset + 1] << 8) | (data[offset + 2] << 16) | (data[offset + 3] << 24)) >>> 0;
}

function readU32be(data: Uint8Array, offset: number): number {
  return ((data[offset] << 24) | (data[offset + 1] << 16) | (data[offset + 2] << 8) | data[offset + 3]) >>> 0;
}

/**
 * Radiotap (radiotap.org, "Radiotap header format"), little-endian:
 *
 *   struct ieee80211_radiotap_header {
 *           u_int8_t        it_version;     // set to 0
 *           u_int8_t        it_pad;
 *           u_int16_t       it_len;         // entire length
 *           u_int32_t       it_present;     // fields present, bit 31 = another word follows
 *   } __attribute__((__packed__));
 *
 * Fields follow the present words in bit order, each aligned to its natural size from the start
 * of the header. Only Flags (bit 1, one byte, after the 8-byte TSFT of bit 0) matters here: it
 * says whether the 802.11 header is padded and whether the FCS check failed.
 */
export function decodeRadiotap(data: Uint8Array, offset: number, anomaly: AnomalySink): LinkLayer | null {
  if (offset + 8 > data.length) {
    anomaly('radiotap-truncated');
    return null;
  }
  if (data[offset] !== 0) {
    anomaly('radiotap-bad-version');
    return null;
  }
  const length = data[offset + 2] | (data[offset + 3] << 8);
  if (length < 8 || offset + length > data.length) {
    anomaly('radiotap-bad-length');
    return null;
  }
  const present = readU32le(data, offset + 4);
  let fieldStart = 8;
  let word = present;
  while ((word & RADIOTAP_PRESENT_EXT) !== 0) {
    if (fieldStart + 4 > length) {
      anomaly('radiotap-bad-length');
      return null;
    }
    word = readU32le(data, offset + fieldStart);
    fieldStart += 4;
  }
  let flags = 0;
  if ((present & RADIOTAP_PRESENT_FLAGS) !== 0) {
    let position = fieldStart;
    if ((present & RADIOTAP_PRESENT_TSFT) !== 0) position = ((position + 7) & ~7) + 8;
    if (position >= length) {
      anomaly('radiotap-bad-length');
      return null;
    }
    flags = data[offset + position];
  }
  if ((flags & RADIOTAP_FLAG_BAD_FCS) !== 0) {
    anomaly('wlan-bad-fcs');
    return null;
  }
  return decodeIeee80211(data, offset + length, anomaly, (flags & RADIOTAP_FLAG_DATAPAD) !== 0);
}

/**
 * AVS capture header version 1/2 (the "wlan-ng" header), big-endian:
 *
 *   u32 version (0x80211001)   u32 length (of this header)   ... 56 more bytes of radio data
 */
export function decodeAvs(data: Uint8Array, offset: number, anomaly: AnomalySink): LinkLayer | null {
  if (offset + 8 > data.length) {
    anomaly('avs-truncated');
    return null;
  }
  const magic = readU32be(data, offset);
  if (magic !== AVS_MAGIC_V1 && magic !== AVS_MAGIC_V2) {
    anomaly('avs-bad-magic');
    return null;
  }
  const length = readU32be(data, offset + 4);
  if (length < 8 || offset + length > data.length) {
    anomaly('avs-bad-length');
    return null;
  }
  return decodeIeee80211(data, offset + length, anomaly);
}

/**
 * Prism monitor-mode header (linux-wlan-ng p80211), in the capturing host's byte order:
 *
 *   u32 msgcode   u32 msglen   char devname[16]   10 x { u32 did; u16 status; u16 len; u32 data }
 *
 * msglen is the header length (144); some drivers put an AVS header under this link type
 * instead, recognisable by its magic number, as Wireshark also assumes.
 */
export function decodePrism(data: Uint8Array, offset: number, anomaly: AnomalySink): LinkLayer | null {
  if (offset + 8 > data.length) {
    anomaly('prism-truncated');
    return null;
  }
  const magic = readU32be(data, offset);
  if (magic === AVS_MAGIC_V1 || magic === AVS_MAGIC_V2) return decodeAvs(data, offset, anomaly);
  let length = readU32le(data, offset + 4);
  if (length !== PRISM_HEADER_LENGTH) {
    const bigEndian = readU32be(data, offset + 4);
    if (bigEndian === PRISM_HEADER_LENGTH) length = bigEndian;
  }
  if (length < 8 || offset + length > data.length) {
    anomaly('prism-bad-length');
    return null;
  }
  return decodeIeee80211(data, offset + length, anomaly);
}
