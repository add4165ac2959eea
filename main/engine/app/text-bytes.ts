/**
 * Turning untrusted protocol bytes into display strings, the way Wireshark shows them.
 *
 * Threat model: names and header values come straight off the wire and may hold control
 * characters (terminal escapes, NUL, newlines that would break NDJSON lines or log views).
 * Control characters are escaped exactly as Wireshark's format_text() does in tshark 4.0
 * (`\a \b \t \n \v \f \r`, other C0 bytes and DEL as three-digit octal `\ooo`), so that a
 * value we report compares equal to what tshark prints. Backslash itself is not escaped,
 * again matching tshark.
 */

const CHUNK = 8192;
/** Below this length a plain fromCharCode beats creating a decoder view. */
const SHORT = 16;

/** Node's Buffer when present (the engine runs in Node); the fallback works anywhere. */
const NodeBuffer = (globalThis as { Buffer?: typeof Buffer }).Buffer;

/** Bytes as ISO-8859-1 (one char per byte, lossless), for HTTP header lines. */
export function latin1(bytes: Uint8Array, start: number, end: number): string {
  const n = end - start;
  if (n <= SHORT) return String.fromCharCode.apply(null, bytes.subarray(start, end) as unknown as number[]);
  if (NodeBuffer) return NodeBuffer.from(bytes.buffer, bytes.byteOffset + start, n).toString('latin1');
  let out = '';
  for (let p = start; p < end; p += CHUNK) {
    const q = Math.min(end, p + CHUNK);
    out += String.fromCharCode.apply(null, bytes.subarray(p, q) as unknown as number[]);
  }
  return out;
}

/**
 * Bytes decoded as ASCII the way Wireshark's ENC_ASCII does (a byte >= 0x80 becomes
 * U+FFFD), then control characters escaped: for TLS server names and ALPN ids.
 */
export function asciiDisplay(bytes: Uint8Array, start: number, end: number): string {
  let plain = true;
  for (let i = start; i < end; i++) {
    const c = bytes[i];
    if (c < 0x20 || c >= 0x7f) {
      plain = false;
      break;
    }
  }
  if (plain) return latin1(bytes, start, end);
  let out = '';
  for (let i = start; i < end; i++) {
    const c = bytes[i];
    out += c >= 0x80 ? '\ufffd' : escapeChar(c);
  }
  return out;
}

/** Escapes the C0 control characters and DEL of an already decoded string. */
export function escapeControls(s: string): string {
  let i = 0;
  for (; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c === 0x7f) break;
  }
  if (i === s.length) return s;
  let out = s.slice(0, i);
  for (; i < s.length; i++) {
    const c = s.charCodeAt(i);
    out += c < 0x20 || c === 0x7f ? escapeChar(c) : s[i];
  }
  return out;
}

function escapeChar(c: number): string {
  switch (c) {
    case 0x07:
      return '\\a';
    case 0x08:
      return '\\b';
    case 0x09:
      return '\\t';
    case 0x0a:
      return '\\n';
    case 0x0b:
      return '\\v';
    case 0x0c:
      return '\\f';
    case 0x0d:
      return '\\r';
  }
  if (c < 0x20 || c === 0x7f) return '\\' + c.toString(8).padStart(3, '0');
  return String.fromCharCode(c);
}
