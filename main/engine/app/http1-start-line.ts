/**
 * Byte-at-a-time recognisers for HTTP/1.x start lines, used to decide whether the bytes at a
 * line start begin a message (and to resynchronise after garbage or a gap). They run on the
 * first line only and fail at the first byte that cannot belong to a start line, so binary
 * data is rejected within a byte or two and never buffered.
 *
 * RFC 9112 §3 and §4:
 *   request-line = method SP request-target SP HTTP-version
 *   status-line  = HTTP-version SP status-code SP [ reason-phrase ]
 *   method       = token           (RFC 9110 §9.1; tchar = "!" / "#" / "$" / "%" / "&" / "'" /
 *                                   "*" / "+" / "-" / "." / "^" / "_" / "`" / "|" / "~" /
 *                                   DIGIT / ALPHA)
 *   HTTP-version = "HTTP/" DIGIT "." DIGIT   (only major version 1 is accepted here)
 * A line ends with CRLF or, tolerated (RFC 9112 §2.2), a bare LF. Many servers omit the SP
 * before an empty reason phrase; that is accepted too.
 */

export const LINE_FAIL = -1;
export const LINE_DONE = 100;

/** Longest method accepted; real ones are at most a dozen characters (e.g. M-SEARCH). */
const MAX_METHOD = 32;

const TCHAR = new Uint8Array(256);
for (let c = 0x30; c <= 0x39; c++) TCHAR[c] = 1;
for (let c = 0x41; c <= 0x5a; c++) TCHAR[c] = 1;
for (let c = 0x61; c <= 0x7a; c++) TCHAR[c] = 1;
for (const ch of "!#$%&'*+-.^_`|~") TCHAR[ch.charCodeAt(0)] = 1;

const CR = 0x0d;
const LF = 0x0a;
const SP = 0x20;
const HTTP_SLASH_1_DOT = [0x48, 0x54, 0x54, 0x50, 0x2f, 0x31, 0x2e]; // "HTTP/1."

function isDigit(b: number): boolean {
  return b >= 0x30 && b <= 0x39;
}

/** request-target: visible characters (bytes >= 0x80 tolerated: raw UTF-8 in the wild). */
function isTargetChar(b: number): boolean {
  return b > SP && b !== 0x7f;
}

/*
 * Request-line states: 1..32 = method characters read; 40 = after the first SP (target
 * expected); 41 = in target; 50..56 = "HTTP/1." matched so far; 57 = minor digit read;
 * 58 = CR read.
 */
export function requestLineStep(state: number, b: number): number {
  if (state <= MAX_METHOD) {
    if (TCHAR[b]) return state < MAX_METHOD ? state + 1 : LINE_FAIL;
    return b === SP && state > 0 ? 40 : LINE_FAIL;
  }
  if (state === 40) return isTargetChar(b) ? 41 : LINE_FAIL;
  if (state === 41) {
    if (b === SP) return 50;
    return isTargetChar(b) ? 41 : LINE_FAIL;
  }
  if (state >= 50 && state < 57) return b === HTTP_SLASH_1_DOT[state - 50] ? state + 1 : LINE_FAIL;
  if (state === 57) return isDigit(b) ? 58 : LINE_FAIL;
  if (state === 58) return b === CR ? 59 : b === LF ? LINE_DONE : LINE_FAIL;
  if (state === 59) return b === LF ? LINE_DONE : LINE_FAIL;
  return LINE_FAIL;
}

/*
 * Status-line states: 0..6 = "HTTP/1." matched so far; 7 = minor digit expected; 8 = SP
 * expected; 9..11 = status digits; 12 = after the code (SP, CR or LF); 13 = in reason phrase;
 * 14 = CR read.
 */
export function statusLineStep(state: number, b: number): number {
  if (state < 7) return b === HTTP_SLASH_1_DOT[state] ? state + 1 : LINE_FAIL;
  if (state === 7) return isDigit(b) ? 8 : LINE_FAIL;
  if (state === 8) return b === SP ? 9 : LINE_FAIL;
  if (state >= 9 && state <= 11) return isDigit(b) ? state + 1 : LINE_FAIL;
  if (state === 12 || state === 13) {
    if (b === CR) return 14;
    if (b === LF) return LINE_DONE;
    if (state === 12) return b === SP ? 13 : LINE_FAIL;
    return b === 0x09 || (b >= SP && b !== 0x7f) ? 13 : LINE_FAIL;
  }
  if (state === 14) return b === LF ? LINE_DONE : LINE_FAIL;
  return LINE_FAIL;
}
