/**
 * Names what a file that is not a capture most likely is, from its first bytes, so the error a
 * user sees says "this is a ZIP archive" rather than only "bad magic number".
 */
import type { CaptureFileErrorCode } from './capture-file-error';

interface KnownSignature {
  bytes: number[];
  what: string;
  code: CaptureFileErrorCode;
}

/** Formats we recognise but do not read: other capture formats get `unsupported`, the rest `not-a-capture`. */
const SIGNATURES: KnownSignature[] = [
  { bytes: [0x50, 0x4b, 0x03, 0x04], what: 'a ZIP archive', code: 'not-a-capture' },
  {
    bytes: [0x1f, 0x8b],
    what: 'a gzip-compressed file; decompress it first, e.g. with gunzip',
    code: 'unsupported',
  },
  {
    bytes: [0x28, 0xb5, 0x2f, 0xfd],
    what: 'a zstd-compressed file; decompress it first, e.g. with unzstd',
    code: 'unsupported',
  },
  {
    bytes: [0xfd, 0x37, 0x7a, 0x58],
    what: 'an xz-compressed file; decompress it first, e.g. with unxz',
    code: 'unsupported',
  },
  {
    bytes: [0x42, 0x5a, 0x68],
    what: 'a bzip2-compressed file; decompress it first, e.g. with bunzip2',
    code: 'unsupported',
  },
  {
    bytes: [0x73, 0x6e, 0x6f, 0x6f],
    what: 'a Solaris snoop capture; convert it to pcapng with editcap',
    code: 'unsupported',
  },
  {
    bytes: [0x47, 0x4d, 0x42, 0x55],
    what: 'a Microsoft Network Monitor capture; convert it to pcapng with editcap',
    code: 'unsupported',
  },
  {
    bytes: [0x58, 0x43, 0x50, 0x00],
    what: 'a NetXRay/Sniffer capture; convert it to pcapng with editcap',
    code: 'unsupported',
  },
  { bytes: [0x25, 0x50, 0x44, 0x46], what: 'a PDF document', code: 'not-a-capture' },
  { bytes: [0x89, 0x50, 0x4e, 0x47], what: 'a PNG image', code: 'not-a-capture' },
  { bytes: [0xff, 0xd8, 0xff], what: 'a JPEG image', code: 'not-a-capture' },
  { bytes: [0x7f, 0x45, 0x4c, 0x46], what: 'an ELF executable', code: 'not-a-capture' },
  { bytes: [0x53, 0x51, 0x4c, 0x69], what: 'an SQLite database', code: 'not-a-capture' },
];

function hex4(bytes: Uint8Array): string {
  return Array.from(bytes.subarray(0, 4), (b) => b.toString(16).padStart(2, '0')).join(' ');
}

function looksLikeText(bytes: Uint8Array): boolean {
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    const printable = (b >= 0x20 && b < 0x7f) || b === 0x09 || b === 0x0a || b === 0x0d;
    if (!printable) return false;
  }
  return bytes.length > 0;
}

/** `head` holds the first bytes of the file (at least 4 when the file has them). */
export function describeUnknownMagic(head: Uint8Array): { code: CaptureFileErrorCode; message: string } {
  if (head.length === 0)
    return { code: 'not-a-capture', message: 'not a pcap or pcapng file: the file is empty' };
  if (head.length < 4) {
    return {
      code: 'not-a-capture',
      message: `not a pcap or pcapng file: the file is only ${head.length} byte${head.length === 1 ? '' : 's'} long`,
    };
  }
  const prefix = `not a pcap or pcapng file: first 4 bytes are ${hex4(head)}`;
  for (const sig of SIGNATURES) {
    if (sig.bytes.every((b, i) => head[i] === b))
      return { code: sig.code, message: `${prefix} (looks like ${sig.what})` };
  }
  if (looksLikeText(head.subarray(0, 4)))
    return { code: 'not-a-capture', message: `${prefix} (looks like a text file)` };
  return { code: 'not-a-capture', message: prefix };
}
