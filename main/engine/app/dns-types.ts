/**
 * DNS RR type, opcode and rcode mnemonics.
 *
 * Type names are the short names tshark 4.0 prints in its Info column (checked at test time
 * against tshark on a crafted capture), with two deliberate differences: tshark swaps MAILB
 * (253) and MAILA (254), we follow RFC 1035 §3.2.3; and a type tshark does not know
 * ("Unknown (65534)") or calls "Unused" (0) is written TYPE<n>, the RFC 3597 §5 form.
 */

const TYPE_NAMES: ReadonlyMap<number, string> = new Map([
  [1, 'A'],
  [2, 'NS'],
  [3, 'MD'],
  [4, 'MF'],
  [5, 'CNAME'],
  [6, 'SOA'],
  [7, 'MB'],
  [8, 'MG'],
  [9, 'MR'],
  [10, 'NULL'],
  [11, 'WKS'],
  [12, 'PTR'],
  [13, 'HINFO'],
  [14, 'MINFO'],
  [15, 'MX'],
  [16, 'TXT'],
  [17, 'RP'],
  [18, 'AFSDB'],
  [19, 'X25'],
  [20, 'ISDN'],
  [21, 'RT'],
  [22, 'NSAP'],
  [23, 'NSAP-PTR'],
  [24, 'SIG'],
  [25, 'KEY'],
  [26, 'PX'],
  [27, 'GPOS'],
  [28, 'AAAA'],
  [29, 'LOC'],
  [30, 'NXT'],
  [31, 'EID'],
  [32, 'NIMLOC'],
  [33, 'SRV'],
  [34, 'ATMA'],
  [35, 'NAPTR'],
  [36, 'KX'],
  [37, 'CERT'],
  [38, 'A6'],
  [39, 'DNAME'],
  [40, 'SINK'],
  [41, 'OPT'],
  [42, 'APL'],
  [43, 'DS'],
  [44, 'SSHFP'],
  [45, 'IPSECKEY'],
  [46, 'RRSIG'],
  [47, 'NSEC'],
  [48, 'DNSKEY'],
  [49, 'DHCID'],
  [50, 'NSEC3'],
  [51, 'NSEC3PARAM'],
  [52, 'TLSA'],
  [55, 'HIP'],
  [57, 'RKEY'],
  [58, 'TALINK'],
  [59, 'CDS'],
  [60, 'CDNSKEY'],
  [61, 'OPENPGPKEY'],
  [62, 'CSYNC'],
  [63, 'ZONEMD'],
  [64, 'SVCB'],
  [65, 'HTTPS'],
  [99, 'SPF'],
  [100, 'UINFO'],
  [101, 'UID'],
  [102, 'GID'],
  [103, 'UNSPEC'],
  [104, 'NID'],
  [105, 'L32'],
  [106, 'L64'],
  [107, 'LP'],
  [108, 'EUI48'],
  [109, 'EUI64'],
  [249, 'TKEY'],
  [250, 'TSIG'],
  [251, 'IXFR'],
  [252, 'AXFR'],
  [253, 'MAILB'],
  [254, 'MAILA'],
  [255, 'ANY'],
  [256, 'URI'],
  [257, 'CAA'],
  [32768, 'TA'],
  [32769, 'DLV'],
  [65281, 'WINS'],
  [65282, 'WINS-R'],
  [65422, 'XPF'],
]);

export function dnsTypeName(type: number): string {
  return TYPE_NAMES.get(type) ?? `TYPE${type}`;
}

const OPCODES = ['QUERY', 'IQUERY', 'STATUS', 'OPCODE3', 'NOTIFY', 'UPDATE', 'DSO'];

/** RFC 1035 §4.1.1 / IANA "DNS OpCodes"; unassigned values as OPCODE<n>. */
export function dnsOpcodeName(opcode: number): string {
  return OPCODES[opcode] ?? `OPCODE${opcode}`;
}

const RCODES = [
  'NOERROR',
  'FORMERR',
  'SERVFAIL',
  'NXDOMAIN',
  'NOTIMP',
  'REFUSED',
  'YXDOMAIN',
  'YXRRSET',
  'NXRRSET',
  'NOTAUTH',
  'NOTZONE',
  'DSOTYPENI',
];

/** RFC 1035 §4.1.1 / IANA "DNS RCODEs" (header 4 bits); unassigned values as RCODE<n>. */
export function dnsRcodeName(rcode: number): string {
  return RCODES[rcode] ?? `RCODE${rcode}`;
}
