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
 *
 * Broken request lines are still requests when their method is a known HTTP method: the
 * method alone ("OPTIONS"), method and target without a version ("GET /x", the form of an
 * HTTP/0.9 simple request, RFC 1945 §4.1), or a version that is not "HTTP/1.<digit>"
 * ("GET / HTTP/1."). A server answers those with 400, so they were sent as HTTP, and
 * everything in them went over the wire. The recogniser ends such a line with LINE_LOOSE;
 * the caller accepts it only if isKnownMethod() says so, which keeps other line-based text
 * protocols (SMTP, FTP, POP3 commands are `token SP argument`) from passing as HTTP.
 */

export const LINE_FAIL = -1;
export const LINE_DONE = 100;
/** A line that is a request line only if its method is a known one (see above). */
export const LINE_LOOSE = 101;

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
 * expected); 41 = in target; 50..56 = "HTTP/1." matched so far; 57 = "HTTP/1." read, minor
 * digit expected; 58 = minor digit read; 59 = CR read. Loose forms: 60 = CR read at the end
 * of a loose line; 61 = in a version that is not "HTTP/1.<digit>".
 */
export function requestLineStep(state: number, b: number): number {
  if (state <= MAX_METHOD) {
    if (TCHAR[b]) return state < MAX_METHOD ? state + 1 : LINE_FAIL;
    if (state === 0) return LINE_FAIL;
    return b === SP ? 40 : looseEnd(b);
  }
  if (state === 40) return isTargetChar(b) ? 41 : LINE_FAIL;
  if (state === 41) {
    if (b === SP) return 50;
    return isTargetChar(b) ? 41 : looseEnd(b);
  }
  if (state >= 50 && state < 57) {
    if (b === HTTP_SLASH_1_DOT[state - 50]) return state + 1;
    return looseVersion(b);
  }
  if (state === 57) return isDigit(b) ? 58 : looseVersion(b);
  if (state === 58) return b === CR ? 59 : b === LF ? LINE_DONE : looseVersion(b);
  if (state === 59) return b === LF ? LINE_DONE : LINE_FAIL;
  if (state === 60) return b === LF ? LINE_LOOSE : LINE_FAIL;
  if (state === 61) return looseVersion(b);
  return LINE_FAIL;
}

/** The end of a loose line (CR LF or LF), or failure. */
function looseEnd(b: number): number {
  return b === CR ? 60 : b === LF ? LINE_LOOSE : LINE_FAIL;
}

/** Inside a version that is not HTTP/1.x: printable bytes and spaces until the line ends. */
function looseVersion(b: number): number {
  return b === SP || b === 0x09 || isTargetChar(b) ? 61 : looseEnd(b);
}

/**
 * Methods a loose request line may have: RFC 9110 §9, PATCH (RFC 5789), WebDAV and its
 * versioning extensions (RFC 4918, 3253, 3648, 3744, 4791, 5323), SSDP/GENA (UPnP) and
 * Cisco's CCM_POST — the methods tshark recognises a request by.
 */
const KNOWN_METHODS = new Set([
  'GET',
  'HEAD',
  'POST',
  'PUT',
  'DELETE',
  'CONNECT',
  'OPTIONS',
  'TRACE',
  'PATCH',
  'PROPFIND',
  'PROPPATCH',
  'MKCOL',
  'COPY',
  'MOVE',
  'LOCK',
  'UNLOCK',
  'SEARCH',
  'REPORT',
  'CHECKIN',
  'CHECKOUT',
  'UNCHECKOUT',
  'MKWORKSPACE',
  'UPDATE',
  'LABEL',
  'MERGE',
  'BASELINE-CONTROL',
  'VERSION-CONTROL',
  'MKACTIVITY',
  'ORDERPATCH',
  'ACL',
  'MKCALENDAR',
  'NOTIFY',
  'M-SEARCH',
  'SUBSCRIBE',
  'UNSUBSCRIBE',
  'POLL',
  'BCOPY',
  'BDELETE',
  'BMOVE',
  'BPROPFIND',
  'BPROPPATCH',
  'RPC_CONNECT',
  'CCM_POST',
]);

/** Longest name in KNOWN_METHODS. */
export const MAX_KNOWN_METHOD = 16;

export function isKnownMethod(method: string): boolean {
  return KNOWN_METHODS.has(method);
}

/**
 * Whether `first`, the first bytes of a stream, begins a request: a complete request line
 * (strict, or loose with a known method), or a first line cut off by the end of the bytes
 * while still valid after a known method and a space.
 */
export function startsRequest(first: Uint8Array): boolean {
  let state = 0;
  let methodEnd = -1;
  for (let i = 0; i < first.length; i++) {
    state = requestLineStep(state, first[i]);
    if (state === LINE_FAIL) return false;
    if (state === LINE_DONE) return true;
    if (methodEnd < 0 && !(state >= 1 && state <= MAX_METHOD)) methodEnd = i;
    if (state === LINE_LOOSE) break;
    // States 60 and 61 lead only to a loose line (or failure), which counts with a known method
    // alone: with any other the answer is already no, so the rest of a long line of some other
    // text protocol ("token SP argument ...") is not walked byte by byte.
    if ((state === 60 || state === 61) && !knownMethodAt(first, methodEnd)) return false;
  }
  return methodEnd >= 0 && knownMethodAt(first, methodEnd) && (state === LINE_LOOSE || state >= 40);
}

/** Whether first[0..methodEnd) is a known method. */
function knownMethodAt(first: Uint8Array, methodEnd: number): boolean {
  if (methodEnd > MAX_KNOWN_METHOD) return false;
  let method = '';
  for (let i = 0; i < methodEnd; i++) method += String.fromCharCode(first[i]);
  return KNOWN_METHODS.has(method);
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
