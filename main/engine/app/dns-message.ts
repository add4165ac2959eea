/**
 * DNS (also mDNS and LLMNR, which share the wire format) message decoding for the engine.
 *
 * Threat model: the payload is an untrusted datagram (or a TCP-framed message) of up to 64 KiB.
 * It may be truncated, announce more records than it holds, carry compression pointers that
 * point forward, at themselves or in a cycle, or labels of reserved types. Name decompression
 * is delegated to `dns-packet`, which only follows pointers to strictly earlier offsets (so
 * every chain terminates) and caps a name at 255 octets; its exceptions are caught here and
 * become the anomaly `dns-malformed` with the library's reason. Fixed-size fields are read by
 * this module with explicit bounds checks. Output is bounded by the input: each decoded
 * question or answer consumed at least five bytes of it.
 *
 * Only the question and answer sections are decoded: that is all the engine reports, and a
 * malformed authority or additional section then cannot hide the questions. What was decoded
 * before a malformation is still returned (tshark shows those records too).
 *
 * A name holding an extended label (RFC 6891 §5: label type 01, deprecated) cannot be read
 * past that label, whose length is unknown. Like tshark, such a name is reported as
 * `<Unknown extended label>` (anomaly `dns-extended-label`); unlike tshark, which reads on from
 * a guessed offset, decoding stops after that record, so later records are not invented.
 */
import * as dnsPacket from 'dns-packet';
import type { AnomalySink } from '../anomaly';
import { dnsOpcodeName, dnsRcodeName, dnsTypeName } from './dns-types';
import { formatIpv4, formatIpv6 } from './ip-text';
import { escapeControls } from './text-bytes';

export interface DnsQuestion {
  /** As tshark displays it: `<Root>` for the root, control characters escaped. */
  name: string;
  /** Mnemonic (see dns-types.ts), e.g. "A", "HTTPS", "TYPE65534". */
  type: string;
  typeCode: number;
}

export interface DnsAnswer extends DnsQuestion {
  /**
   * For A and AAAA the address, for CNAME and PTR the target name, for SVCB and HTTPS the
   * TargetName; absent for other types or when the RDATA is malformed.
   */
  data?: string;
}

export interface DnsMessage {
  id: number;
  response: boolean;
  opcode: string;
  rcode: string;
  questions: DnsQuestion[];
  answers: DnsAnswer[];
}

/** dns-packet's name codec; exported at runtime but missing from @types/dns-packet. */
interface NameDecoder {
  (buf: Buffer, offset: number): string;
  /** Bytes the last call consumed at `offset` (a pointer counts 2, what it points to 0). */
  bytes: number;
}
const decodeName = (dnsPacket as unknown as { name: { decode: NameDecoder } }).name.decode;

const HEADER_LEN = 12;
/** How tshark displays a name cut short by an extended label. */
export const EXTENDED_LABEL_NAME = '<Unknown extended label>';
const TYPE_A = 1;
const TYPE_CNAME = 5;
const TYPE_PTR = 12;
const TYPE_AAAA = 28;
const TYPE_SVCB = 64;
const TYPE_HTTPS = 65;

/*
 * RFC 1035 §4.1.1, header:
 *                                 1  1  1  1  1  1
 *   0  1  2  3  4  5  6  7  8  9  0  1  2  3  4  5
 *  |                      ID                       |
 *  |QR|   Opcode  |AA|TC|RD|RA|   Z    |   RCODE   |
 *  |                    QDCOUNT                    |
 *  |                    ANCOUNT                    |
 *  |                    NSCOUNT                    |
 *  |                    ARCOUNT                    |
 * §4.1.2, question:  QNAME | QTYPE (16) | QCLASS (16)
 * §4.1.3, resource record:  NAME | TYPE (16) | CLASS (16) | TTL (32) | RDLENGTH (16) | RDATA
 * §4.1.4, a name is a sequence of labels (length octet 0..63 then the octets), ending with a
 * zero octet or a pointer (two octets, top bits 11, 14-bit offset from the message start).
 */
export function parseDns(payload: Uint8Array, anomaly: AnomalySink): DnsMessage | null {
  const len = payload.length;
  if (len < HEADER_LEN) {
    anomaly('dns-malformed', `header needs ${HEADER_LEN} bytes, got ${len}`);
    return null;
  }
  const p = payload;
  const flags = (p[2] << 8) | p[3];
  const msg: DnsMessage = {
    id: (p[0] << 8) | p[1],
    response: (flags & 0x8000) !== 0,
    opcode: dnsOpcodeName((flags >> 11) & 0xf),
    rcode: dnsRcodeName(flags & 0xf),
    questions: [],
    answers: [],
  };
  const qdcount = (p[4] << 8) | p[5];
  const ancount = (p[6] << 8) | p[7];
  // A zero-copy Buffer over the same bytes, because dns-packet reads through Buffer methods.
  const buf = Buffer.from(p.buffer, p.byteOffset, len);
  const cursor: NameCursor = { offset: HEADER_LEN, name: '' };

  for (let i = 0; i < qdcount; i++) {
    const read = readName(buf, cursor, anomaly, 'question name');
    if (read === 'malformed') return msg;
    const off = cursor.offset;
    if (read === 'extended') {
      // tshark takes the two bytes after the label type as QTYPE; shown for comparison only.
      const typeCode = off + 2 <= len ? (p[off] << 8) | p[off + 1] : 0;
      msg.questions.push({ name: cursor.name, type: dnsTypeName(typeCode), typeCode });
      return msg;
    }
    if (off + 4 > len) {
      anomaly('dns-malformed', `question ${i + 1} of ${qdcount} is cut short`);
      return msg;
    }
    const typeCode = (p[off] << 8) | p[off + 1];
    msg.questions.push({ name: cursor.name, type: dnsTypeName(typeCode), typeCode });
    cursor.offset = off + 4;
  }

  for (let i = 0; i < ancount; i++) {
    if (readName(buf, cursor, anomaly, 'answer name') !== 'ok') return msg;
    const off = cursor.offset;
    if (off + 10 > len) {
      anomaly('dns-malformed', `answer ${i + 1} of ${ancount} is cut short`);
      return msg;
    }
    const typeCode = (p[off] << 8) | p[off + 1];
    const rdlength = (p[off + 8] << 8) | p[off + 9];
    const rdata = off + 10;
    if (rdata + rdlength > len) {
      anomaly('dns-malformed', `answer ${i + 1} RDATA needs ${rdlength} bytes, ${len - rdata} left`);
      return msg;
    }
    const answer: DnsAnswer = { name: cursor.name, type: dnsTypeName(typeCode), typeCode };
    const data = rdataText(buf, typeCode, rdata, rdlength, anomaly);
    if (data !== null) answer.data = data;
    msg.answers.push(answer);
    cursor.offset = rdata + rdlength;
  }
  return msg;
}

interface NameCursor {
  offset: number;
  name: string;
}

/**
 * Decodes the name at cursor.offset into cursor.name and advances past it. 'extended': the
 * name holds an extended label; cursor.name is EXTENDED_LABEL_NAME and the cursor is past the
 * label type octet.
 */
function readName(
  buf: Buffer,
  cursor: NameCursor,
  anomaly: AnomalySink,
  what: string,
): 'ok' | 'extended' | 'malformed' {
  try {
    const raw = decodeName(buf, cursor.offset);
    cursor.offset += decodeName.bytes;
    cursor.name = displayName(raw);
    return 'ok';
  } catch (err) {
    const consumed = extendedLabelAt(buf, cursor.offset);
    if (consumed > 0) {
      anomaly('dns-extended-label', `${what} at offset ${cursor.offset}`);
      cursor.offset += consumed;
      cursor.name = EXTENDED_LABEL_NAME;
      return 'extended';
    }
    anomaly('dns-malformed', `${what} at offset ${cursor.offset}: ${(err as Error).message}`);
    return 'malformed';
  }
}

/*
 * RFC 6891 §5 (after RFC 2671 §3): a label octet whose top bits are 01 is an extended label
 * type: 0x41 was RFC 2673's bit-string label (historic, not decoded here), the others are
 * undefined. Returns how many octets of the name at `start` precede and include its first
 * extended label octet, when that octet is reached through plain labels only and the name is
 * at least two octets long by then; else 0, and the name stays malformed. These are the cases
 * where tshark shows `<Unknown extended label>` (a shorter one, or one reached through a
 * pointer, it reports as a malformed packet).
 */
function extendedLabelAt(buf: Uint8Array, start: number): number {
  let p = start;
  while (p < buf.length) {
    const len = buf[p];
    if ((len & 0xc0) === 0x40) return len !== 0x41 && p - start + 1 >= 2 ? p - start + 1 : 0;
    if (len === 0 || len > 63) return 0;
    p += 1 + len;
  }
  return 0;
}

/** dns-packet writes the root as "." and labels as UTF-8; tshark writes `<Root>`. */
function displayName(raw: string): string {
  return raw === '.' ? '<Root>' : escapeControls(raw);
}

/*
 * RDATA forms decoded here:
 *   A      RFC 1035 §3.4.1   ADDRESS (32 bits)
 *   AAAA   RFC 3596 §2.2     ADDRESS (128 bits)
 *   CNAME  RFC 1035 §3.3.1   CNAME (domain name)
 *   PTR    RFC 1035 §3.3.12  PTRDNAME (domain name)
 *   SVCB / HTTPS  RFC 9460 §2.2   SvcPriority (16) | TargetName (uncompressed name) | SvcParams
 */
function rdataText(
  buf: Buffer,
  type: number,
  off: number,
  rdlength: number,
  anomaly: AnomalySink,
): string | null {
  switch (type) {
    case TYPE_A:
      if (rdlength === 4) return formatIpv4(buf, off);
      anomaly('dns-rdata-length-invalid', `A record with ${rdlength} bytes`);
      return null;
    case TYPE_AAAA:
      if (rdlength === 16) return formatIpv6(buf, off);
      anomaly('dns-rdata-length-invalid', `AAAA record with ${rdlength} bytes`);
      return null;
    case TYPE_CNAME:
    case TYPE_PTR:
      return rdataName(buf, off, rdlength, anomaly);
    case TYPE_SVCB:
    case TYPE_HTTPS:
      if (rdlength < 3) {
        anomaly('dns-rdata-length-invalid', `SVCB/HTTPS record with ${rdlength} bytes`);
        return null;
      }
      return rdataName(buf, off + 2, rdlength - 2, anomaly);
  }
  return null;
}

/** A name that must lie within the RDATA (its pointers may still reach back anywhere). */
function rdataName(buf: Buffer, off: number, max: number, anomaly: AnomalySink): string | null {
  const cursor: NameCursor = { offset: off, name: '' };
  if (readName(buf, cursor, anomaly, 'RDATA name') !== 'ok') return null;
  if (cursor.offset - off > max) {
    anomaly('dns-malformed', `RDATA name at offset ${off} runs past its RDLENGTH`);
    return null;
  }
  return cursor.name;
}
