/**
 * The lab's fixed plan, shared by lab.ts (which builds it), internet-servers.ts and
 * phone-simulator.ts (which run inside it) and the tests: addresses, host names and the phone's
 * own identity. Every address is from a documentation range (RFC 5737): the phone side is
 * 198.51.100.0/24, handed out by PhoneHome's hotspot; laptop↔internet is 203.0.113.0/24.
 * 192.0.2.0/24 is never used, because this machine's real network can be TEST-NET-1.
 */
import { IDS, PHONE } from '../fixtures/sample/make-sample';

/** The phone-side subnet PhoneHome's wired-share provider serves with DHCP. */
export const PHONE_SUBNET = '198.51.100.0/24';
/** The laptop's upstream address and the internet namespace's own address on that link. */
export const LAPTOP_UPSTREAM_ADDR = '203.0.113.1';
export const INTERNET_ADDR = '203.0.113.2';
export const UPSTREAM_PREFIX = 24;
/** The fake internet's resolver, which the laptop's dnsmasq forwards to. */
export const INTERNET_DNS = '203.0.113.53';
/** Where every name not listed in LAB_HOSTS resolves to. */
export const DEFAULT_SERVER = '203.0.113.99';

/**
 * The names the phone simulator uses and the internet-namespace addresses the fake DNS server
 * gives for them. Hosts are Xiaomi's and Google's, as in the founding case (F-Secure, 2014).
 */
export const LAB_HOSTS: Readonly<Record<string, string>> = {
  'api.account.xiaomi.com': '203.0.113.10',
  'account.xiaomi.com': '203.0.113.11',
  'data.mistat.xiaomi.com': '203.0.113.12',
  'app.chat.xiaomi.net': '203.0.113.13',
  'www.google.com': '203.0.113.80',
};

/** Every address the internet namespace answers on, beside INTERNET_ADDR. */
export const INTERNET_SERVER_ADDRS: readonly string[] = [
  ...new Set([...Object.values(LAB_HOSTS), INTERNET_DNS, DEFAULT_SERVER]),
];

/** The internet's server ports; inside its own namespace nothing else can hold them. */
export const PORTS = { dns: 53, http: 80, tls: 443, quic: 443, xmpp: 5222, discard: 9 } as const;

/** The founding case's identifiers (e2e/fixtures/sample/make-sample.ts) and the phone's MAC. */
export const FOUNDING_CASE = IDS;
export const PHONE_MAC = PHONE.mac;
/** What the phone's DHCP client says about itself (options 12 and 60). */
export const PHONE_HOSTNAME = 'redmi-1s';
export const PHONE_VENDOR_CLASS = 'android-dhcp-4.3';

/** The identifiers file of the founding case, as PhoneHome's CLI reads it. */
export const FOUNDING_CASE_IDS_FILE = new URL('../fixtures/sample/founding-case.ids.json', import.meta.url);

/** What the phone simulator can be told to do (phone-simulator.ts describes each). */
export type PhoneCommand = 'boot' | 'sms' | 'login' | 'tls' | 'quic' | 'xmpp' | 'beat';
export const PHONE_COMMANDS: readonly PhoneCommand[] = [
  'boot',
  'sms',
  'login',
  'tls',
  'quic',
  'xmpp',
  'beat',
];
