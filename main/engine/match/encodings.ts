/**
 * Byte encodings under which an identifier can travel (DESIGN §5), computed once per
 * identifier so the matcher can search for the encoded bytes instead of decoding traffic.
 * Everything here works on our own identifier values, never on captured bytes.
 */

const utf8 = new TextEncoder();
const HEX = '0123456789abcdef';
const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

export function utf8Bytes(text: string): Uint8Array {
  return utf8.encode(text);
}

export function asciiBytes(text: string): Uint8Array {
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) out[i] = text.charCodeAt(i) & 0xff;
  return out;
}

/** Bytes per fromCharCode call: each byte is an argument, and arguments live on the stack. */
const BYTE_STRING_SLICE = 4096;

/**
 * The bytes as a string of one char per byte (ISO-8859-1), for pattern keys. Patterns are
 * mostly short (one call takes them all), but a free-text identifier has no length limit, so a
 * long one is taken a slice at a time rather than overflowing the stack.
 */
export function byteString(bytes: Uint8Array): string {
  if (bytes.length <= BYTE_STRING_SLICE) return String.fromCharCode.apply(null, bytes as unknown as number[]);
  let s = '';
  for (let at = 0; at < bytes.length; at += BYTE_STRING_SLICE) {
    const slice = bytes.subarray(at, at + BYTE_STRING_SLICE);
    s += String.fromCharCode.apply(null, slice as unknown as number[]);
  }
  return s;
}

/** Lower-case hex of bytes. */
export function hexOf(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i++) s += HEX[bytes[i] >> 4] + HEX[bytes[i] & 15];
  return s;
}

/**
 * RFC 3986 percent-encoding of the UTF-8 bytes: everything except the unreserved characters
 * (ALPHA / DIGIT / "-" / "." / "_" / "~") becomes %XX. With `spaceAsPlus`, a space becomes
 * "+" as in HTML form bodies (application/x-www-form-urlencoded).
 */
export function percentEncode(text: string, spaceAsPlus: boolean): string {
  let s = '';
  const bytes = utf8Bytes(text);
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    const unreserved =
      (b >= 0x30 && b <= 0x39) ||
      (b >= 0x41 && b <= 0x5a) ||
      (b >= 0x61 && b <= 0x7a) ||
      b === 0x2d ||
      b === 0x2e ||
      b === 0x5f ||
      b === 0x7e;
    if (unreserved) s += String.fromCharCode(b);
    else if (b === 0x20 && spaceAsPlus) s += '+';
    else s += '%' + HEX[b >> 4].toUpperCase() + HEX[b & 15].toUpperCase();
  }
  return s;
}

/** RFC 4648 §4 base64 with padding. */
export function base64Of(bytes: Uint8Array): string {
  let s = '';
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
    s += BASE64[n >> 18] + BASE64[(n >> 12) & 63] + BASE64[(n >> 6) & 63] + BASE64[n & 63];
  }
  const rest = bytes.length - i;
  if (rest === 1) {
    const n = bytes[i] << 16;
    s += BASE64[n >> 18] + BASE64[(n >> 12) & 63] + '==';
  } else if (rest === 2) {
    const n = (bytes[i] << 16) | (bytes[i + 1] << 8);
    s += BASE64[n >> 18] + BASE64[(n >> 12) & 63] + BASE64[(n >> 6) & 63] + '=';
  }
  return s;
}

/** RFC 4648 §5 alphabet ("-" and "_" for "+" and "/"), applied to a standard base64 string. */
export function toBase64Url(b64: string): string {
  return b64.replace(/\+/g, '-').replace(/\//g, '_');
}

/**
 * The base64 characters that depend only on `bytes`, for each of the three positions the value
 * can take inside a 3-byte group of a longer base64 string. With `a` bytes before the value in
 * its group, output character i covers bits [6i, 6i+6) and the value bits [8a, 8a+8n), so the
 * characters from ceil(8a/6) up to floor((8a+8n)/6) are the value's alone, whatever the
 * neighbours are. Alignment 0 also covers a value encoded on its own. Entry `a` is for
 * alignment `a`, empty when the value is too short to determine a whole character there.
 */
export function base64Middles(bytes: Uint8Array): string[] {
  const out: string[] = [];
  for (let a = 0; a < 3; a++) {
    const shifted = new Uint8Array(a + bytes.length);
    shifted.set(bytes, a);
    const encoded = base64Of(shifted);
    const first = Math.ceil((8 * a) / 6);
    const last = Math.floor((8 * a + 8 * bytes.length) / 6);
    out.push(encoded.slice(first, Math.max(first, last)));
  }
  return out;
}

/** UTF-16LE code units of the string. */
export function utf16leBytes(text: string): Uint8Array {
  const out = new Uint8Array(text.length * 2);
  for (let i = 0; i < text.length; i++) {
    const u = text.charCodeAt(i);
    out[2 * i] = u & 0xff;
    out[2 * i + 1] = u >> 8;
  }
  return out;
}

function jsonUnit(u: number): string {
  return '\\u' + HEX[u >> 12] + HEX[(u >> 8) & 15] + HEX[(u >> 4) & 15] + HEX[u & 15];
}

/** Every UTF-16 code unit as a JSON `\uXXXX` escape (RFC 8259 §7), as obfuscating clients do. */
export function jsonEscapeAll(text: string): string {
  let s = '';
  for (let i = 0; i < text.length; i++) s += jsonUnit(text.charCodeAt(i));
  return s;
}

/**
 * Only non-ASCII code units escaped, as JSON encoders with an "ASCII only" option write them
 * (Python's json.dumps default, Gson and Jackson options).
 */
export function jsonEscapeNonAscii(text: string): string {
  let s = '';
  for (let i = 0; i < text.length; i++) {
    const u = text.charCodeAt(i);
    s += u < 0x80 ? text[i] : jsonUnit(u);
  }
  return s;
}
