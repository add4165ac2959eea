/**
 * Parsing one complete HTTP/1.x header block (start line, field lines, blank line), already
 * delimited and validated at its start line by the stream parser.
 *
 * Threat model: the block is at most HEAD_LIMIT bytes (the caller enforces it), so the number
 * of lines and the strings built from them are bounded by it. Field lines without a colon are
 * reported (`http-header-invalid`) and skipped; obs-fold continuation lines are joined to the
 * previous value (RFC 9112 §5.2); a NUL in a value becomes a space (`http-header-nul`). Bytes
 * are decoded as ISO-8859-1, losslessly otherwise.
 *
 * RFC 9112 §2.1 and §5:
 *   HTTP-message = start-line CRLF *( field-line CRLF ) CRLF [ message-body ]
 *   field-line   = field-name ":" OWS field-value OWS
 */
import type { AnomalySink } from '../anomaly';
import type { HttpRegion } from './http1-types';
import { latin1 } from './text-bytes';

/** Largest header block accepted (start line included). */
export const HEAD_LIMIT = 64 * 1024;

const CR = 0x0d;
const LF = 0x0a;
const SP = 0x20;
const HT = 0x09;
const COLON = 0x3a;

export interface ParsedHead {
  /** The start line's three space-separated parts (for a status line the third is the reason). */
  parts: [string, string, string];
  /** Stream offset of the start line and of its end (before CR LF). */
  lineStart: number;
  lineEnd: number;
  headers: [string, string][];
  /** One region per field line, place 'header' or 'cookie' as `cookieName` decides. */
  regions: HttpRegion[];
}

/**
 * `buf` holds exactly the header block; `base` is the stream offset of buf[0];
 * `cookieName` is the lower-case header name whose lines are 'cookie' regions.
 */
export function parseHead(
  buf: Uint8Array,
  base: number,
  cookieName: string,
  anomaly: AnomalySink,
): ParsedHead {
  const firstLf = buf.indexOf(LF);
  const firstEnd = trimEol(buf, 0, firstLf);
  const sp1 = indexBefore(buf, SP, 0, firstEnd);
  const sp2 = sp1 < 0 ? -1 : indexBefore(buf, SP, sp1 + 1, firstEnd);
  const second = sp2 < 0 ? firstEnd : sp2;
  const parts: [string, string, string] = [
    latin1(buf, 0, sp1 < 0 ? firstEnd : sp1),
    sp1 < 0 ? '' : latin1(buf, sp1 + 1, second),
    sp2 < 0 ? '' : latin1(buf, sp2 + 1, firstEnd),
  ];
  const head: ParsedHead = { parts, lineStart: base, lineEnd: base + firstEnd, headers: [], regions: [] };

  let p = firstLf + 1;
  while (p < buf.length) {
    const lf = buf.indexOf(LF, p);
    const next = lf < 0 ? buf.length : lf + 1;
    const end = trimEol(buf, p, lf < 0 ? buf.length : lf);
    if (end === p) break; // the blank line
    const last = head.regions[head.regions.length - 1];
    if ((buf[p] === SP || buf[p] === HT) && last && head.headers.length > 0) {
      const h = head.headers[head.headers.length - 1];
      h[1] = `${h[1]} ${trimOws(latin1(buf, p, end))}`.trim();
      last.end = base + end;
    } else {
      const colon = indexBefore(buf, COLON, p, end);
      if (colon <= p) {
        anomaly('http-header-invalid', `field line without a name at stream offset ${base + p}`);
      } else {
        const name = trimOws(latin1(buf, p, colon));
        let value = trimOws(latin1(buf, colon + 1, end));
        if (value.includes('\0')) {
          // RFC 9110 §5.5: a recipient must reject a field value holding NUL or replace each
          // NUL with SP before using it; we replace (tshark's display cuts the value there).
          anomaly('http-header-nul', `NUL in the ${name} field at stream offset ${base + p}`);
          value = value.replaceAll('\0', ' ');
        }
        head.headers.push([name, value]);
        const place = name.toLowerCase() === cookieName ? 'cookie' : 'header';
        head.regions.push({ start: base + p, end: base + end, place, name });
      }
    }
    p = next;
  }
  return head;
}

/** Index of `byte` in buf[from, end), or -1. */
function indexBefore(buf: Uint8Array, byte: number, from: number, end: number): number {
  const i = buf.indexOf(byte, from);
  return i >= 0 && i < end ? i : -1;
}

/** The end of a line's content: before a trailing CR, if any. */
function trimEol(buf: Uint8Array, start: number, lf: number): number {
  return lf > start && buf[lf - 1] === CR ? lf - 1 : lf;
}

function trimOws(s: string): string {
  let a = 0;
  let b = s.length;
  while (a < b && (s.charCodeAt(a) === SP || s.charCodeAt(a) === HT)) a++;
  while (b > a && (s.charCodeAt(b - 1) === SP || s.charCodeAt(b - 1) === HT)) b--;
  return a === 0 && b === s.length ? s : s.slice(a, b);
}

/** Every value of a header (case-insensitive name), in order. */
export function headerValues(headers: [string, string][], name: string): string[] {
  const out: string[] = [];
  for (const [n, v] of headers) if (n.length === name.length && n.toLowerCase() === name) out.push(v);
  return out;
}

/**
 * Content-Length (RFC 9110 §8.6, RFC 9112 §6.3 item 5). Each Content-Length line may be a
 * comma-separated list; every item must be a run of digits of at most 15 significant digits
 * (beyond any real body, and exact in double arithmetic), else the result is 'invalid'. When
 * valid values disagree, a request smuggling attempt or a broken client, RFC 9112 says the
 * message cannot be framed; like tshark we then use the last value, and report 'conflict'.
 */
export function contentLengthOf(headers: [string, string][]): {
  length: number | null;
  problem: 'invalid' | 'conflict' | null;
} {
  let length: number | null = null;
  let problem: 'invalid' | 'conflict' | null = null;
  for (const raw of headerValues(headers, 'content-length')) {
    for (const item of raw.split(',')) {
      const digits = item.trim();
      const significant = digits.replace(/^0+(?=.)/, '');
      if (!/^[0-9]+$/.test(digits) || significant.length > 15) return { length: null, problem: 'invalid' };
      const n = Number(significant);
      if (length !== null && n !== length) problem = 'conflict';
      length = n;
    }
  }
  return { length, problem };
}

/** Transfer-Encoding (RFC 9112 §6.1): null when absent, else whether the final coding is chunked. */
export function chunkedOf(headers: [string, string][]): boolean | null {
  const values = headerValues(headers, 'transfer-encoding');
  if (values.length === 0) return null;
  const codings = values.join(',').split(',');
  return codings[codings.length - 1].trim().toLowerCase() === 'chunked';
}
