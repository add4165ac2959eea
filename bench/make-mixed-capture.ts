/**
 * Generator of the benchmark's large mixed capture (DESIGN §8): a deterministic, seeded pcapng
 * of many interleaved flows, the way a phone's hotspot capture looks after an hour of use.
 *
 * Provenance: synthetic, written by this script with PhoneHome's own pcapng writer and the
 * frame builders of e2e/fixtures/lib (correct IPv4/TCP/UDP checksums, consistent TCP sequence
 * numbers). Every address is from the documentation ranges (RFC 5737, RFC 3849). The mix:
 *   - DNS queries and responses (A/AAAA, a few NXDOMAIN) over UDP to the gateway;
 *   - TLS connections: handshake, a ClientHello with SNI and ALPN, then rounds of random
 *     "ciphertext" in application-data records, mostly from the server;
 *   - HTTP/1.1 keep-alive connections: GET and POST requests, responses with text or binary
 *     bodies framed by Content-Length, chunked, or gzip-compressed;
 *   - plaintext TCP (an XMPP-like stanza stream on 5222 and a line protocol on high ports);
 *   - random UDP datagrams between high ports.
 * A few HTTP requests carry planted identifier leaks (an IMEI, a phone number, an email, in
 * plain and encoded forms), so the engine's matcher has something to find.
 *
 * The file is cached in out/bench/ under a name keyed by generator version, seed and size;
 * bump GENERATOR_VERSION whenever the output would change.
 * Run: `npx tsx bench/make-mixed-capture.ts [--size 200] [--seed 1]` (size in MB of 10^6 bytes).
 */
import { createCipheriv, createHash } from 'node:crypto';
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import dnsPacket from 'dns-packet';
import { enhancedPacket, interfaceDescription, sectionHeader } from '../main/engine/pcap/pcapng-writer';
import {
  Clock,
  concat,
  te,
  TcpConnection,
  udpFrame,
  type Frame,
  type Host,
} from '../e2e/fixtures/lib/packet-builder';
import { clientHelloRecord } from '../e2e/fixtures/lib/tls-builder';
import { PLANTED } from './bench-identifiers';

export const GENERATOR_VERSION = 1;

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const BENCH_OUT_DIR = join(REPO_ROOT, 'out', 'bench');

export interface MixedCaptureManifest {
  generatorVersion: number;
  seed: number;
  targetBytes: number;
  /** Size of the pcapng file. */
  bytes: number;
  packets: number;
  flows: { dns: number; tls: number; http: number; plain: number; udp: number };
  dnsMessages: number;
  tlsClientHellos: number;
  httpRequests: number;
  /** Planted leaks by identifier kind, and by form ("imei/query-plain": 3, ...). */
  planted: { imei: number; phone: number; email: number; forms: Record<string, number> };
}

export interface MixedCaptureOptions {
  sizeBytes: number;
  seed: number;
  dir?: string;
}

/** mulberry32: a small, fast, seeded PRNG; its quality is plenty for picking traffic shapes. */
class Rng {
  private s: number;
  constructor(seed: number) {
    this.s = seed >>> 0;
  }
  next(): number {
    this.s = (this.s + 0x6d2b79f5) >>> 0;
    let t = this.s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  /** Log-uniform between lo and hi: many small values, a long tail of large ones, like real traffic. */
  logUniform(lo: number, hi: number): number {
    return Math.round(Math.exp(Math.log(lo) + this.next() * (Math.log(hi) - Math.log(lo))));
  }
}

/** Deterministic pseudo-random bytes: an AES-CTR keystream under a key derived from the seed. */
class RandomBytes {
  private readonly cipher;
  constructor(seed: number) {
    const key = createHash('sha256').update(`phonehome-bench-${seed}`).digest();
    this.cipher = createCipheriv('aes-128-ctr', key.subarray(0, 16), key.subarray(16, 32));
  }
  take(n: number): Uint8Array {
    return new Uint8Array(this.cipher.update(new Uint8Array(n)));
  }
}

const WORDS = (
  'the of and to in is for on with as by at from this that be are was it or an not have has ' +
  'user device app session event token config update status result value name type list item ' +
  'android ios build version locale region network wifi cellular battery screen theme account ' +
  'login logout sync upload download cache image video audio message contact calendar photo ' +
  'weather news sport music shop cart order price total currency payment delivery address ' +
  'lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor incididunt ut'
).split(' ');

/** ~1 MB of ASCII prose, JSON-safe (no quotes or backslashes), that bodies are cut from. */
function textPool(rng: Rng): string {
  const parts: string[] = [];
  let length = 0;
  while (length < 1 << 20) {
    const r = rng.next();
    const w =
      r < 0.06
        ? String(rng.int(0, 99999))
        : r < 0.08
          ? String(1700000000 + rng.int(0, 9999999))
          : rng.pick(WORDS);
    parts.push(w);
    length += w.length + 1;
  }
  return parts.join(' ');
}

const DOMAINS = [
  'example.com',
  'example.net',
  'example.org',
  'cdn-assets.test',
  'tracker-metrics.test',
  'ads-exchange.test',
  'push-service.test',
  'maps-tiles.test',
  'weather-feed.test',
  'social-graph.test',
  'video-stream.test',
  'crash-reports.test',
  'app-updates.test',
  'payments-api.test',
  'news-reader.test',
  'music-cloud.test',
];
const SUBDOMAINS = [
  'api',
  'www',
  'cdn',
  'img',
  'log',
  'events',
  'auth',
  'm',
  'static',
  'config',
  'sync',
  'gw',
];
const PATHS = [
  '/v1/events',
  '/api/config',
  '/collect',
  '/sync/batch',
  '/img/banner.jpg',
  '/static/app.js',
  '/feed',
  '/track',
  '/report',
  '/',
];
const AGENTS = [
  'Dalvik/2.1.0 (Linux; U; Android 13; Pixel 7 Build/TQ3A.230805.001)',
  'okhttp/4.11.0',
  'Mozilla/5.0 (Linux; Android 12; SM-G991B) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/118.0 Mobile Safari/537.36',
  'CFNetwork/1408.0.4 Darwin/22.5.0',
];

const GATEWAY_MAC = '02:50:48:00:00:01';
/** The TCP payload of a full-sized segment that fits a 1500-byte MTU even over IPv6 (1500 - 40 - 20). */
const MSS = 1440;

/** The state shared by the flow builders: randomness, the hosts, and the counts for the manifest. */
class Generator {
  readonly rng: Rng;
  readonly random: RandomBytes;
  readonly text: string;
  readonly textBytes: Uint8Array;
  readonly clients: Host[] = [];
  private readonly nextPort = new Map<string, number>();
  private readonly clock = new Clock(0);
  readonly manifest: MixedCaptureManifest;

  constructor(seed: number, targetBytes: number) {
    this.rng = new Rng(seed);
    this.random = new RandomBytes(seed);
    this.text = textPool(this.rng);
    this.textBytes = te.encode(this.text);
    for (let i = 0; i < 12; i++) {
      const mac = `a4:83:e7:${(0x10 + i).toString(16)}:${this.rng.int(16, 255).toString(16)}:${this.rng.int(16, 255).toString(16)}`;
      this.clients.push({ mac, ip: i < 8 ? `192.0.2.${10 + i}` : `2001:db8::${(0x10 + i).toString(16)}` });
    }
    this.manifest = {
      generatorVersion: GENERATOR_VERSION,
      seed,
      targetBytes,
      bytes: 0,
      packets: 0,
      flows: { dns: 0, tls: 0, http: 0, plain: 0, udp: 0 },
      dnsMessages: 0,
      tlsClientHellos: 0,
      httpRequests: 0,
      planted: { imei: 0, phone: 0, email: 0, forms: {} },
    };
  }

  gateway(client: Host): Host {
    return { mac: GATEWAY_MAC, ip: client.ip.includes(':') ? '2001:db8::1' : '192.0.2.1' };
  }

  serverIp(client: Host): string {
    if (client.ip.includes(':')) return `2001:db8:1::${this.rng.int(1, 0xfff).toString(16)}`;
    return this.rng.chance(0.5) ? `198.51.100.${this.rng.int(2, 254)}` : `203.0.113.${this.rng.int(2, 254)}`;
  }

  /** Ephemeral ports cycle per client, so a 4-tuple is reused only long after its flow closed. */
  port(client: Host): number {
    const p = this.nextPort.get(client.ip) ?? this.rng.int(32768, 40000);
    this.nextPort.set(client.ip, p >= 60990 ? 32768 : p + this.rng.int(1, 7));
    return p;
  }

  hostname(): string {
    return `${this.rng.pick(SUBDOMAINS)}${this.rng.chance(0.3) ? this.rng.int(1, 40) : ''}.${this.rng.pick(DOMAINS)}`;
  }

  textSlice(length: number): string {
    const start = this.rng.int(0, this.text.length - length - 1);
    return this.text.slice(start, start + length);
  }

  textBytesSlice(length: number): Uint8Array {
    const start = this.rng.int(0, this.textBytes.length - length - 1);
    return this.textBytes.subarray(start, start + length);
  }

  /**
   * Sends `data` as full-sized segments with the peer acknowledging every second one, the
   * delayed-ACK rhythm of real bulk transfers (TcpConnection acknowledges once per send call).
   */
  sendAcked(conn: TcpConnection, fromClient: boolean, data: Uint8Array): void {
    for (let o = 0; o < data.length; o += 2 * MSS)
      conn.send(fromClient, data.subarray(o, Math.min(o + 2 * MSS, data.length)), undefined, MSS);
  }

  tcp(out: Frame[], client: Host, serverIp: string, dport: number): TcpConnection {
    const isn = { client: this.rng.int(0, 0xfffffff0), server: this.rng.int(0, 0xfffffff0) };
    return new TcpConnection(
      out,
      this.clock,
      client,
      this.gateway(client),
      serverIp,
      this.port(client),
      dport,
      isn,
    );
  }

  dnsFlow(): Frame[] {
    const client = this.rng.pick(this.clients);
    const gw = this.gateway(client);
    const name = this.hostname();
    const type = this.rng.chance(0.7) ? 'A' : 'AAAA';
    const id = this.rng.int(0, 0xffff);
    const sport = this.port(client);
    const query = dnsPacket.encode({
      type: 'query',
      id,
      flags: dnsPacket.RECURSION_DESIRED,
      questions: [{ type, name }],
    });
    const nx = this.rng.chance(0.05);
    const answers: dnsPacket.Answer[] = [];
    if (!nx) {
      for (let i = this.rng.int(1, 3); i > 0; i--) {
        if (type === 'A') answers.push({ type: 'A', name, ttl: 300, data: this.serverIp(this.clients[0]) });
        else
          answers.push({
            type: 'AAAA',
            name,
            ttl: 300,
            data: `2001:db8:1::${this.rng.int(1, 0xfff).toString(16)}`,
          });
      }
    }
    const response = dnsPacket.encode({
      type: 'response',
      id,
      flags: dnsPacket.RECURSION_DESIRED | dnsPacket.RECURSION_AVAILABLE | (nx ? 3 : 0),
      questions: [{ type, name }],
      answers,
    });
    this.manifest.flows.dns++;
    this.manifest.dnsMessages += 2;
    return [
      { tsSec: 0, tsNsec: 0, data: udpFrame(client, gw, gw.ip, sport, 53, query) },
      { tsSec: 0, tsNsec: 0, data: udpFrame(client, gw, gw.ip, sport, 53, response, false) },
    ];
  }

  /** Application-data records (content type 23) carrying `length` random bytes in all. */
  tlsRecords(length: number): Uint8Array {
    const parts: Uint8Array[] = [];
    for (let left = length; left > 0;) {
      const n = Math.min(left, 16384 + 256);
      parts.push(Uint8Array.of(23, 3, 3, n >> 8, n & 0xff), this.random.take(n));
      left -= n;
    }
    return concat(...parts);
  }

  tlsFlow(): Frame[] {
    const out: Frame[] = [];
    const client = this.rng.pick(this.clients);
    const conn = this.tcp(out, client, this.serverIp(client), 443).handshake();
    const sni = this.hostname();
    const alpn = this.rng.chance(0.7) ? ['h2', 'http/1.1'] : ['http/1.1'];
    conn.send(true, clientHelloRecord({ sni, alpn, seed: this.rng.int(1, 0x7fffffff) }));
    const total = this.rng.logUniform(1000, 800_000);
    const rounds = this.rng.int(1, 4);
    for (let r = 0; r < rounds; r++) {
      conn.send(true, this.tlsRecords(this.rng.int(80, 900)), undefined, MSS);
      this.sendAcked(conn, false, this.tlsRecords(Math.max(100, Math.round(total / rounds))));
    }
    conn.close();
    this.manifest.flows.tls++;
    this.manifest.tlsClientHellos++;
    return out;
  }

  /** The planted leak of this request, rotating through the forms, or null for most requests. */
  plant(): { query: string; body?: { type: string; text: string } } | null {
    const n = this.manifest.httpRequests;
    if (n % 200 !== 17) return null;
    const form = Math.floor(n / 200) % 6;
    const names = [
      'imei/query-plain',
      'imei/json-body',
      'phone/form-url',
      'phone/query-national',
      'email/json-body',
      'email/query-base64',
    ];
    const kind = names[form].split('/')[0] as 'imei' | 'phone' | 'email';
    this.manifest.planted[kind]++;
    this.manifest.planted.forms[names[form]] = (this.manifest.planted.forms[names[form]] ?? 0) + 1;
    switch (form) {
      case 0:
        return { query: `imei=${PLANTED.imei}&model=Pixel7` };
      case 1:
        return {
          query: 'v=2',
          body: { type: 'application/json', text: `{"device":{"imei":"${PLANTED.imei}","os":"13"}}` },
        };
      case 2:
        return {
          query: 'v=2',
          body: {
            type: 'application/x-www-form-urlencoded',
            text: `msisdn=${encodeURIComponent(PLANTED.phone)}&lang=en`,
          },
        };
      case 3:
        return { query: `tel=${PLANTED.phoneNational.replace(' ', '+')}&src=sim` };
      case 4:
        return {
          query: 'v=2',
          body: { type: 'application/json', text: `{"account":{"email":"${PLANTED.email}"}}` },
        };
      default:
        return { query: `u=${Buffer.from(PLANTED.email).toString('base64url')}` };
    }
  }

  httpRequest(host: string): Uint8Array {
    const planted = this.plant();
    this.manifest.httpRequests++;
    const post = planted?.body !== undefined || this.rng.chance(0.3);
    const query =
      planted?.query ??
      (this.rng.chance(0.5) ? `id=${this.rng.int(1, 1e9)}&t=${1700000000 + this.rng.int(0, 1e6)}` : '');
    const uri = `${this.rng.pick(PATHS)}${query ? `?${query}` : ''}`;
    const lines = [
      `${post ? 'POST' : 'GET'} ${uri} HTTP/1.1`,
      `Host: ${host}`,
      `User-Agent: ${this.rng.pick(AGENTS)}`,
      'Accept: */*',
      'Accept-Encoding: gzip',
      'Connection: keep-alive',
    ];
    let body = '';
    if (post) {
      body =
        planted?.body?.text ??
        `{"events":[{"name":"${this.textSlice(12)}","ts":${1700000000 + this.rng.int(0, 1e6)}}],"payload":"${this.textSlice(this.rng.int(60, 3000))}"}`;
      lines.push(
        `Content-Type: ${planted?.body?.type ?? 'application/json'}`,
        `Content-Length: ${te.encode(body).length}`,
      );
    }
    return te.encode(`${lines.join('\r\n')}\r\n\r\n${body}`);
  }

  httpResponse(): Uint8Array {
    const binary = this.rng.chance(0.25);
    const size = this.rng.logUniform(200, 200_000);
    let body = binary ? this.random.take(size) : this.textBytesSlice(size);
    const headers = [
      'HTTP/1.1 200 OK',
      `Content-Type: ${binary ? 'image/jpeg' : this.rng.pick(['text/html', 'application/json', 'text/plain'])}`,
    ];
    const framing = this.rng.next();
    if (!binary && framing < 0.12) {
      body = new Uint8Array(gzipSync(body, { level: 6 }));
      headers.push('Content-Encoding: gzip');
    }
    if (framing >= 0.12 && framing < 0.35) {
      headers.push('Transfer-Encoding: chunked');
      const parts: Uint8Array[] = [];
      for (let o = 0; o < body.length;) {
        const n = Math.min(body.length - o, this.rng.int(500, 8000));
        parts.push(te.encode(`${n.toString(16)}\r\n`), body.subarray(o, o + n), te.encode('\r\n'));
        o += n;
      }
      parts.push(te.encode('0\r\n\r\n'));
      return concat(te.encode(`${headers.join('\r\n')}\r\n\r\n`), ...parts);
    }
    headers.push(`Content-Length: ${body.length}`);
    return concat(te.encode(`${headers.join('\r\n')}\r\n\r\n`), body);
  }

  httpFlow(): Frame[] {
    const out: Frame[] = [];
    const client = this.rng.pick(this.clients);
    const conn = this.tcp(out, client, this.serverIp(client), this.rng.chance(0.85) ? 80 : 8080).handshake();
    const host = this.hostname();
    for (let i = this.rng.int(1, 4); i > 0; i--) {
      this.sendAcked(conn, true, this.httpRequest(host));
      this.sendAcked(conn, false, this.httpResponse());
    }
    conn.close();
    this.manifest.flows.http++;
    return out;
  }

  plainFlow(): Frame[] {
    const out: Frame[] = [];
    const client = this.rng.pick(this.clients);
    const xmpp = this.rng.chance(0.5);
    const conn = this.tcp(
      out,
      client,
      this.serverIp(client),
      xmpp ? 5222 : this.rng.int(7000, 7999),
    ).handshake();
    for (let i = this.rng.int(2, 12); i > 0; i--) {
      const line = this.textSlice(this.rng.logUniform(40, 6000));
      const message = xmpp
        ? `<message to="u${this.rng.int(1, 999)}@chat.example.net" type="chat"><body>${line}</body></message>`
        : `MSG ${this.rng.int(1, 1e6)} ${line}\r\n`;
      this.sendAcked(conn, this.rng.chance(0.5), te.encode(message));
    }
    conn.close();
    this.manifest.flows.plain++;
    return out;
  }

  udpFlow(): Frame[] {
    const client = this.rng.pick(this.clients);
    const gw = this.gateway(client);
    const server = this.serverIp(client);
    const sport = this.port(client);
    const dport = this.rng.int(20000, 30000);
    const out: Frame[] = [];
    for (let i = this.rng.int(1, 20); i > 0; i--) {
      const payload = this.random.take(this.rng.int(40, 1400));
      out.push({
        tsSec: 0,
        tsNsec: 0,
        data: udpFrame(client, gw, server, sport, dport, payload, this.rng.chance(0.5)),
      });
    }
    this.manifest.flows.udp++;
    return out;
  }

  newFlow(): Frame[] {
    const r = this.rng.next();
    if (r < 0.4) return this.dnsFlow();
    if (r < 0.62) return this.tlsFlow();
    if (r < 0.8) return this.httpFlow();
    if (r < 0.88) return this.plainFlow();
    return this.udpFlow();
  }
}

const ACTIVE_FLOWS = 48;
const FLUSH_BYTES = 8 << 20;

/** Writes the capture to `path` and returns its manifest. */
export function writeMixedCapture(path: string, sizeBytes: number, seed: number): MixedCaptureManifest {
  const gen = new Generator(seed, sizeBytes);
  const fd = openSync(path, 'w');
  let pending: Uint8Array[] = [];
  let pendingBytes = 0;
  let written = 0;
  const emit = (block: Uint8Array) => {
    pending.push(block);
    pendingBytes += block.length;
    if (pendingBytes >= FLUSH_BYTES) flush();
  };
  const flush = () => {
    writeSync(fd, Buffer.concat(pending));
    written += pendingBytes;
    pending = [];
    pendingBytes = 0;
  };
  try {
    emit(
      sectionHeader({
        application: `PhoneHome benchmark generator v${GENERATOR_VERSION} (bench/make-mixed-capture.ts), seed ${seed}`,
        comments: [
          'Synthetic mixed traffic for benchmarks. All addresses are documentation ranges; all identifiers are invented.',
        ],
      }),
    );
    emit(interfaceDescription({ linkType: 1, snapLen: 65535, name: 'phonehome-bench0', tsResolNs: true }));
    // Packets are restamped here in output order with a global clock, so timestamps always increase
    // while the flows interleave.
    let ns = 1_700_000_000n * 1_000_000_000n;
    const active: { frames: Frame[]; next: number }[] = [];
    for (;;) {
      while (active.length < ACTIVE_FLOWS && written + pendingBytes < sizeBytes)
        active.push({ frames: gen.newFlow(), next: 0 });
      if (active.length === 0) break;
      const i = Math.floor(gen.rng.next() * active.length);
      const flow = active[i];
      for (let k = gen.rng.int(1, 3); k > 0 && flow.next < flow.frames.length; k--) {
        const data = flow.frames[flow.next++].data;
        ns += BigInt(gen.rng.int(1, 400_000));
        const tsSec = Number(ns / 1_000_000_000n);
        const tsNsec = Number(ns % 1_000_000_000n);
        emit(enhancedPacket({ interfaceId: 0, tsSec, tsNsec, data, origLen: data.length }, 1e9));
        gen.manifest.packets++;
      }
      if (flow.next >= flow.frames.length) {
        active[i] = active[active.length - 1];
        active.pop();
      }
    }
    flush();
  } finally {
    closeSync(fd);
  }
  gen.manifest.bytes = written;
  return gen.manifest;
}

/** Where the capture for these options lives (and is cached). */
export function mixedCapturePath(opts: MixedCaptureOptions): string {
  const mb = Math.round(opts.sizeBytes / 1e6);
  return join(opts.dir ?? BENCH_OUT_DIR, `mixed-v${GENERATOR_VERSION}-seed${opts.seed}-${mb}MB.pcapng`);
}

/**
 * Returns the cached capture for these options, generating it first when it is missing. The
 * manifest beside it is written last, so a generation that was interrupted is redone.
 */
export function ensureMixedCapture(
  opts: MixedCaptureOptions,
  log: (line: string) => void = () => {},
): { path: string; manifest: MixedCaptureManifest; cached: boolean } {
  const path = mixedCapturePath(opts);
  const manifestPath = path.replace(/\.pcapng$/, '.manifest.json');
  if (existsSync(path) && existsSync(manifestPath)) {
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as MixedCaptureManifest;
    if (manifest.generatorVersion === GENERATOR_VERSION) return { path, manifest, cached: true };
  }
  mkdirSync(dirname(path), { recursive: true });
  log(`generating ${path} (~${Math.round(opts.sizeBytes / 1e6)} MB, seed ${opts.seed}) ...`);
  const started = performance.now();
  const tmp = `${path}.partial`;
  const manifest = writeMixedCapture(tmp, opts.sizeBytes, opts.seed);
  renameSync(tmp, path);
  writeFileSync(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
  log(
    `generated ${manifest.packets} packets, ${(manifest.bytes / 1e6).toFixed(1)} MB in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
  return { path, manifest, cached: false };
}

/** Parses a size in MB ("200", "200MB", "1.5GB"); MB are 10^6 bytes throughout the bench. */
export function parseSize(text: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(k|kb|m|mb|g|gb)?\s*$/i.exec(text);
  if (!m) throw new Error(`--size must be a number of MB such as 200 or 1.5GB (got "${text}")`);
  const unit = (m[2] ?? 'mb').toLowerCase()[0];
  const bytes = Number(m[1]) * (unit === 'k' ? 1e3 : unit === 'g' ? 1e9 : 1e6);
  if (bytes < 1e5)
    throw new Error(`--size ${text} is too small for a meaningful benchmark; use at least 0.1 MB`);
  return Math.round(bytes);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  const { values } = parseArgs({
    options: {
      size: { type: 'string', default: '200' },
      seed: { type: 'string', default: '1' },
      dir: { type: 'string' },
    },
  });
  const result = ensureMixedCapture(
    { sizeBytes: parseSize(values.size!), seed: Number(values.seed), dir: values.dir },
    (line) => process.stderr.write(`${line}\n`),
  );
  process.stdout.write(
    `${result.path}${result.cached ? ' (cached)' : ''}\n${JSON.stringify(result.manifest, null, 2)}\n`,
  );
}
