import { describe, expect, it } from 'vitest';
import { article, describeValue, leakSentence, parseEncoding, type PlaceFacts } from './leak-phrase';

const facts = (overrides: Partial<PlaceFacts>): PlaceFacts => ({
  where: 'query',
  protocol: 'http',
  transport: 'tcp',
  direction: 'out',
  method: 'GET',
  encoding: 'plain',
  ...overrides,
});

describe('leakSentence', () => {
  // Expected sentences are written by hand from the encoding grammar in variants.ts.
  it.each<[string, string, Partial<PlaceFacts>, string]>([
    ['imei', 'md5-hex', {}, 'MD5 of IMEI in the query of an HTTP GET'],
    ['imei', 'plain', { where: 'body', method: 'POST' }, 'IMEI in the body of an HTTP POST'],
    [
      'imei',
      'gzip:plain',
      { where: 'body', method: 'POST', encoding: 'gzip:plain' },
      'IMEI in the gzip-compressed body of an HTTP POST',
    ],
    [
      'phone',
      'url(phone-e164)',
      { where: 'body', method: 'POST' },
      'Phone number (international form) URL-encoded in the body of an HTTP POST',
    ],
    [
      'phone',
      'phone-national',
      { where: 'header' },
      'Phone number (national form) in a header of an HTTP GET',
    ],
    [
      'imei',
      'sha256-base64(imei-14)',
      { where: 'cookie', method: null },
      'SHA-256 of IMEI (14 digits, no check digit), as Base64 in a cookie of an HTTP request',
    ],
    [
      'mac',
      'mac-bare',
      { where: 'dns-query', protocol: 'dns', transport: 'udp' },
      'MAC address (no separators) in the name of a DNS query',
    ],
    [
      'email',
      'plain',
      { where: 'dns-query', protocol: 'mdns', transport: 'udp' },
      'Email address in the name of an mDNS query',
    ],
    [
      'imei',
      'plain',
      { where: 'sni', protocol: 'quic', transport: 'udp' },
      'IMEI in the server name (SNI) of a QUIC Initial',
    ],
    [
      'imei',
      'plain',
      { where: 'sni', protocol: 'tls' },
      'IMEI in the server name (SNI) of a TLS ClientHello',
    ],
    [
      'imsi',
      'base64',
      { where: 'stream', protocol: 'text' },
      'IMSI as Base64 in the data of a TCP connection',
    ],
    ['imsi', 'plain', { where: 'stream', protocol: 'xmpp' }, 'IMSI in the data of an XMPP connection'],
    [
      'imei',
      'hex',
      { where: 'datagram', protocol: 'ssdp', transport: 'udp' },
      'IMEI as hex in an SSDP datagram',
    ],
    [
      'advertising_id',
      'plain',
      { where: 'datagram', protocol: 'udp', transport: 'udp', direction: 'in' },
      'Advertising ID in a UDP datagram, received by the phone',
    ],
    ['imei', 'plain', { where: 'body', direction: 'in' }, 'IMEI in the body of an HTTP response'],
    ['imei', 'rot13', {}, 'IMEI as rot13 in the query of an HTTP GET'],
  ])('%s %s', (kind, encoding, overrides, expected) => {
    expect(leakSentence(kind, facts({ encoding, ...overrides }))).toBe(expected);
  });
});

describe('parseEncoding', () => {
  it('splits codings, encoding and form', () => {
    expect(parseEncoding('chunked:gzip:md5-hex(imei-14)')).toEqual({
      codings: ['chunked', 'gzip'],
      encoding: 'md5-hex',
      form: 'imei-14',
    });
    expect(parseEncoding('phone-trunk')).toEqual({ codings: [], encoding: 'plain', form: 'phone-trunk' });
    expect(parseEncoding('location-rounded-3')).toEqual({
      codings: [],
      encoding: 'plain',
      form: 'location-rounded-3',
    });
    expect(parseEncoding('plain')).toEqual({ codings: [], encoding: 'plain', form: null });
  });

  it('keeps unknown forms visible instead of dropping them', () => {
    expect(describeValue('imei', 'base64(new-form)')).toBe('IMEI (new-form) as Base64');
    expect(describeValue('location', 'location-rounded-2')).toBe('location (rounded to 2 decimals)');
  });
});

describe('article', () => {
  it('follows how the word is spoken', () => {
    expect(
      ['HTTP', 'SSDP', 'mDNS', 'LLMNR', 'XMPP', 'TLS', 'DNS', 'QUIC', 'UDP', 'TCP', 'update', 'plain'].map(
        article,
      ),
    ).toEqual(['an', 'an', 'an', 'an', 'an', 'a', 'a', 'a', 'a', 'a', 'an', 'a']);
  });
});
