/**
 * The names a server certificate claims: subject commonName and subjectAltName dNSNames.
 * A minimal DER walk, no signature or validity checks: the engine only wants to label a flow
 * whose ClientHello carried no SNI.
 *
 * Threat model: the certificate bytes are untrusted (a middlebox or malware C2 may send
 * anything). Every TLV is opened through BoundedReader, so a length can never reach outside
 * its parent; only definite lengths of up to three octets are accepted (16 MiB, more than any
 * certificate); indefinite lengths (not DER) are refused. The walk visits each byte at most
 * once per nesting level and the nesting is fixed by the code (no recursion on input), so
 * time is linear. At most MAX_DNS_NAMES names are kept.
 */
import type { AnomalySink } from '../anomaly';
import { BoundedReader } from './bounded-reader';
import { escapeControls, latin1 } from './text-bytes';

export interface CertificateNames {
  /** The last (most specific) CN of the subject, or null. */
  commonName: string | null;
  /** subjectAltName dNSName entries, in order. */
  dnsNames: string[];
}

const MAX_DNS_NAMES = 1000;

const TAG_SEQUENCE = 0x30;
const TAG_SET = 0x31;
const TAG_OID = 0x06;
const TAG_OCTET_STRING = 0x04;
const TAG_VERSION = 0xa0;
const TAG_EXTENSIONS = 0xa3;
const TAG_DNS_NAME = 0x82;

const OID_COMMON_NAME = [0x55, 0x04, 0x03]; // 2.5.4.3
const OID_SUBJECT_ALT_NAME = [0x55, 0x1d, 0x11]; // 2.5.29.17

const utf8 = new TextDecoder('utf-8');
const utf16be = new TextDecoder('utf-16be');

interface Tlv {
  tag: number;
  value: BoundedReader;
}

/** X.690 §8.1: identifier octet(s), length octets, contents. */
function readTlv(r: BoundedReader, anomaly: AnomalySink): Tlv | null {
  const tag = r.u8('der-tag');
  if ((tag & 0x1f) === 0x1f) {
    // High tag number form: continuation octets have the top bit set. Certificates use none.
    anomaly('x509-der-tag-unsupported', `tag 0x${tag.toString(16)}`);
    return null;
  }
  const first = r.u8('der-length');
  if (!r.ok) return null;
  let len = first;
  if (first >= 0x80) {
    const n = first & 0x7f;
    if (n === 0 || n > 3) {
      anomaly('x509-der-length-unsupported', n === 0 ? 'indefinite length' : `${n} length octets`);
      return null;
    }
    len = 0;
    for (let i = 0; i < n; i++) len = (len << 8) | r.u8('der-length');
  }
  const value = r.sub(len, 'der-value');
  return r.ok ? { tag, value } : null;
}

function expect(r: BoundedReader, tag: number, what: string, anomaly: AnomalySink): BoundedReader | null {
  const tlv = readTlv(r, anomaly);
  if (!tlv) return null;
  if (tlv.tag !== tag) {
    anomaly('x509-unexpected-tag', `${what}: tag 0x${tlv.tag.toString(16)}, expected 0x${tag.toString(16)}`);
    return null;
  }
  return tlv.value;
}

function isOid(r: BoundedReader, oid: number[]): boolean {
  if (r.remaining() !== oid.length) return false;
  for (let i = 0; i < oid.length; i++) if (r.buf[r.pos + i] !== oid[i]) return false;
  return true;
}

/*
 * RFC 5280 §4.1:
 *   Certificate ::= SEQUENCE { tbsCertificate TBSCertificate, signatureAlgorithm, signatureValue }
 *   TBSCertificate ::= SEQUENCE {
 *       version         [0] EXPLICIT Version DEFAULT v1,
 *       serialNumber    CertificateSerialNumber,
 *       signature       AlgorithmIdentifier,
 *       issuer          Name,
 *       validity        Validity,
 *       subject         Name,
 *       subjectPublicKeyInfo SubjectPublicKeyInfo,
 *       issuerUniqueID  [1] IMPLICIT UniqueIdentifier OPTIONAL,
 *       subjectUniqueID [2] IMPLICIT UniqueIdentifier OPTIONAL,
 *       extensions      [3] EXPLICIT Extensions OPTIONAL }
 */
export function certificateNames(der: Uint8Array, anomaly: AnomalySink): CertificateNames | null {
  const top = BoundedReader.over(der, 'x509', anomaly);
  const cert = expect(top, TAG_SEQUENCE, 'certificate', anomaly);
  if (!cert) return null;
  const tbs = expect(cert, TAG_SEQUENCE, 'tbsCertificate', anomaly);
  if (!tbs) return null;

  const names: CertificateNames = { commonName: null, dnsNames: [] };
  // Position among the mandatory fields: 0 serial, 1 signature, 2 issuer, 3 validity, 4 subject.
  let field = 0;
  while (tbs.remaining() > 0) {
    const tlv = readTlv(tbs, anomaly);
    if (!tlv) break;
    if (tlv.tag === TAG_VERSION) continue;
    if (field === 4 && tlv.tag === TAG_SEQUENCE) names.commonName = subjectCommonName(tlv.value, anomaly);
    if (tlv.tag === TAG_EXTENSIONS) readExtensions(tlv.value, names, anomaly);
    field++;
  }
  return names;
}

/*
 * RFC 5280 §4.1.2.4:
 *   Name ::= SEQUENCE OF RelativeDistinguishedName
 *   RelativeDistinguishedName ::= SET SIZE (1..MAX) OF AttributeTypeAndValue
 *   AttributeTypeAndValue ::= SEQUENCE { type OBJECT IDENTIFIER, value ANY }
 */
function subjectCommonName(name: BoundedReader, anomaly: AnomalySink): string | null {
  let cn: string | null = null;
  while (name.remaining() > 0) {
    const rdn = expect(name, TAG_SET, 'RelativeDistinguishedName', anomaly);
    if (!rdn) break;
    while (rdn.remaining() > 0) {
      const atv = expect(rdn, TAG_SEQUENCE, 'AttributeTypeAndValue', anomaly);
      if (!atv) break;
      const oid = expect(atv, TAG_OID, 'attribute type', anomaly);
      const value = oid ? readTlv(atv, anomaly) : null;
      if (oid && value && isOid(oid, OID_COMMON_NAME)) cn = directoryString(value);
    }
  }
  return cn;
}

/** X.520 DirectoryString and the other string types a CN is found in. */
function directoryString(tlv: Tlv): string {
  const r = tlv.value;
  const bytes = r.buf.subarray(r.pos, r.end);
  switch (tlv.tag) {
    case 0x0c: // UTF8String
      return escapeControls(utf8.decode(bytes));
    case 0x1e: // BMPString (UCS-2, big-endian)
      return escapeControls(utf16be.decode(bytes));
    case 0x1c: // UniversalString (UCS-4, big-endian)
      return escapeControls(ucs4(bytes));
    default: // PrintableString, IA5String, TeletexString, VisibleString: one byte a char
      return escapeControls(latin1(bytes, 0, bytes.length));
  }
}

function ucs4(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i + 3 < bytes.length; i += 4) {
    const cp = ((bytes[i] << 24) >>> 0) + ((bytes[i + 1] << 16) | (bytes[i + 2] << 8) | bytes[i + 3]);
    out += cp <= 0x10ffff ? String.fromCodePoint(cp) : '\ufffd';
  }
  return out;
}

/*
 * RFC 5280 §4.1 and §4.2.1.6:
 *   Extensions ::= SEQUENCE SIZE (1..MAX) OF Extension
 *   Extension ::= SEQUENCE { extnID OBJECT IDENTIFIER, critical BOOLEAN DEFAULT FALSE,
 *                            extnValue OCTET STRING }
 *   SubjectAltName ::= GeneralNames ::= SEQUENCE SIZE (1..MAX) OF GeneralName
 *   GeneralName ::= CHOICE { ..., dNSName [2] IA5String, ... }
 */
function readExtensions(explicit: BoundedReader, names: CertificateNames, anomaly: AnomalySink): void {
  const list = expect(explicit, TAG_SEQUENCE, 'Extensions', anomaly);
  if (!list) return;
  while (list.remaining() > 0) {
    const ext = expect(list, TAG_SEQUENCE, 'Extension', anomaly);
    if (!ext) return;
    const oid = expect(ext, TAG_OID, 'extnID', anomaly);
    if (!oid || !isOid(oid, OID_SUBJECT_ALT_NAME)) continue;
    let value = readTlv(ext, anomaly);
    if (value && value.tag !== TAG_OCTET_STRING) value = readTlv(ext, anomaly); // skip `critical`
    if (!value || value.tag !== TAG_OCTET_STRING) continue;
    const general = expect(value.value, TAG_SEQUENCE, 'GeneralNames', anomaly);
    while (general && general.remaining() > 0 && names.dnsNames.length < MAX_DNS_NAMES) {
      const gn = readTlv(general, anomaly);
      if (!gn) break;
      if (gn.tag === TAG_DNS_NAME) {
        names.dnsNames.push(escapeControls(latin1(gn.value.buf, gn.value.pos, gn.value.end)));
      }
    }
  }
}
