/**
 * A leak in words, for the feed, the presentation view and the copied story: "MD5 of IMEI in
 * the query of an HTTP GET". The engine names encodings tersely ("gzip:md5-hex(imei-14)", see
 * main/engine/match/variants.ts for the grammar); this turns them into English a reader of a
 * news story follows. Unknown names are passed through rather than guessed at.
 */
import type { Direction, LeakPlace, TransportName } from '../../../shared/events';

const KIND_NOUNS: Record<string, string> = {
  imei: 'IMEI',
  imsi: 'IMSI',
  iccid: 'ICCID',
  phone: 'phone number',
  mac: 'MAC address',
  email: 'email address',
  android_id: 'Android ID',
  advertising_id: 'advertising ID',
  serial: 'serial number',
  carrier: 'carrier name',
  name: 'name',
  location: 'location',
  text: 'text',
};

/** The identifier kind as a noun in a sentence ("phone number", "IMEI"). */
export function kindNoun(kind: string): string {
  return KIND_NOUNS[kind] ?? kind.replace(/_/g, ' ');
}

/** Written forms other than the canonical one, as a short parenthesis. */
const FORM_WORDS: Record<string, string> = {
  'imei-14': '14 digits, no check digit',
  imeisv: 'inside an IMEISV',
  'imei-grouped': 'grouped',
  'phone-e164': 'international form',
  'phone-00': 'with 00 prefix',
  'phone-digits': 'international digits',
  'phone-national': 'national form',
  'phone-trunk': 'with trunk 0',
  'phone-grouped': 'grouped',
  'phone-grouped-intl': 'grouped, international',
  'iccid-no-check': 'no check digit',
  'mac-dash': 'with dashes',
  'mac-dot': 'dotted',
  'mac-bare': 'no separators',
  'uuid-bare': 'no dashes',
  'location-space': 'space-separated',
  'location-lon-lat': 'longitude first',
  'location-lat': 'latitude only',
  'location-lon': 'longitude only',
  'location-nearby': 'a GPS fix nearby',
};

function formWords(form: string): string | null {
  const rounded = /^location-rounded-(\d+)$/.exec(form);
  if (rounded) return `rounded to ${rounded[1]} decimals`;
  return FORM_WORDS[form] ?? null;
}

function isFormName(name: string): boolean {
  return name === 'plain' || formWords(name) !== null;
}

const ENCODING_WORDS: Record<string, string> = {
  url: 'URL-encoded',
  'url-form': 'form-encoded',
  base64: 'as Base64',
  base64url: 'as URL-safe Base64',
  hex: 'as hex',
  utf16le: 'as UTF-16',
  'json-u': 'as JSON \\u escapes',
  'json-ascii': 'JSON-escaped',
};

const HASH_NAMES: Record<string, string> = { md5: 'MD5', sha1: 'SHA-1', sha256: 'SHA-256' };
const HASH_SUFFIX: Record<string, string> = {
  hex: '',
  base64: ', as Base64',
  base64url: ', as URL-safe Base64',
};

/** Content codings and framing the engine undid before matching, outermost first. */
const CODING_WORDS: Record<string, string> = {
  chunked: 'chunked',
  gzip: 'gzip-compressed',
  deflate: 'deflate-compressed',
  br: 'Brotli-compressed',
};

export interface ParsedEncoding {
  /** "chunked", "gzip"... that wrapped the body the match was found in. */
  codings: string[];
  /** The encoding proper: "plain", "url", "md5-hex"... */
  encoding: string;
  /** The written form, or null for the kind's canonical one. */
  form: string | null;
}

export function parseEncoding(name: string): ParsedEncoding {
  const parts = name.split(':');
  const core = parts.pop() ?? '';
  const codings = parts;
  const m = /^([^()]+?)(?:\(([^()]+)\))?$/.exec(core);
  if (!m) return { codings, encoding: core, form: null };
  const [, encoding, form] = m;
  if (form === undefined && isFormName(encoding)) {
    return { codings, encoding: 'plain', form: encoding === 'plain' ? null : encoding };
  }
  return { codings, encoding, form: form ?? null };
}

/** What was sent: "MD5 of IMEI", "phone number (national form), URL-encoded", "IMEI". */
export function describeValue(kind: string, encodingName: string): string {
  const { encoding, form } = parseEncoding(encodingName);
  const noun = kindNoun(kind);
  const words = form === null ? null : (formWords(form) ?? form);
  const subject = words === null ? noun : `${noun} (${words})`;
  const hash = /^(md5|sha1|sha256)-(hex|base64|base64url)$/.exec(encoding);
  if (hash) return `${HASH_NAMES[hash[1]]} of ${subject}${HASH_SUFFIX[hash[2]]}`;
  if (encoding === 'plain') return subject;
  const enc = ENCODING_WORDS[encoding];
  return enc ? `${subject} ${enc}` : `${subject} as ${encoding}`;
}

const PROTOCOL_NAMES: Record<string, string> = {
  http: 'HTTP',
  tls: 'TLS',
  dns: 'DNS',
  mdns: 'mDNS',
  llmnr: 'LLMNR',
  quic: 'QUIC',
  ssdp: 'SSDP',
  xmpp: 'XMPP',
  mqtt: 'MQTT',
  text: 'plain-text',
};

export function protocolName(protocol: string): string {
  return PROTOCOL_NAMES[protocol] ?? protocol.toUpperCase();
}

/**
 * "a" or "an" as the word is spoken: acronyms by the name of their first letter ("an HTTP",
 * "an SSDP", "a TLS", "an mDNS"), other words by their first letter.
 */
export function article(word: string): 'a' | 'an' {
  if (/^[A-Z]{2}/.test(word) || /^m[A-Z]/.test(word)) return 'AEFHILMNORSXm'.includes(word[0]) ? 'an' : 'a';
  return /^[aeiou]/i.test(word) ? 'an' : 'a';
}

function withArticle(word: string): string {
  return `${article(word)} ${word}`;
}

export interface PlaceFacts {
  where: LeakPlace;
  protocol: string;
  transport: TransportName;
  direction: Direction;
  /** The HTTP method of the request the match was in, when known. */
  method: string | null;
  /** The encoding name, for the content codings a body match sat under. */
  encoding: string;
}

function messageNoun(f: PlaceFacts): string {
  if (f.protocol === 'http') {
    if (f.direction === 'in') return 'an HTTP response';
    return f.method ? `an HTTP ${f.method}` : 'an HTTP request';
  }
  return `${withArticle(protocolName(f.protocol))} message`;
}

/** Where it was: "in the query of an HTTP GET", "in the name of a DNS query". */
export function describePlace(f: PlaceFacts): string {
  const msg = messageNoun(f);
  const received = f.direction === 'in' && f.protocol !== 'http' ? ', received by the phone' : '';
  const known = f.protocol !== 'text' && f.protocol !== 'unknown' && f.protocol !== f.transport;
  switch (f.where) {
    case 'path':
      return `in the path of ${msg}`;
    case 'query':
      return `in the query of ${msg}`;
    case 'header':
      return `in a header of ${msg}`;
    case 'cookie':
      return `in a cookie of ${msg}`;
    case 'request-line':
      return `in the request line of ${msg}`;
    case 'body': {
      const codings = parseEncoding(f.encoding)
        .codings.map((c) => CODING_WORDS[c] ?? c)
        .join(', ');
      return `in the ${codings ? `${codings} ` : ''}body of ${msg}${received}`;
    }
    case 'dns-query': {
      const p = ['mdns', 'llmnr'].includes(f.protocol) ? protocolName(f.protocol) : 'DNS';
      return `in the name of ${withArticle(p)} query`;
    }
    case 'sni':
      return f.protocol === 'quic' || f.transport === 'udp'
        ? 'in the server name (SNI) of a QUIC Initial'
        : 'in the server name (SNI) of a TLS ClientHello';
    case 'stream':
      return `in the data of ${withArticle(known ? protocolName(f.protocol) : f.transport.toUpperCase())} connection${received}`;
    case 'datagram':
      return `in ${withArticle(known ? protocolName(f.protocol) : 'UDP')} datagram${received}`;
    default:
      return `in ${String(f.where)}`;
  }
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** The whole line: "MD5 of IMEI in the query of an HTTP GET". */
export function leakSentence(kind: string, facts: PlaceFacts): string {
  return `${capitalise(describeValue(kind, facts.encoding))} ${describePlace(facts)}`;
}
