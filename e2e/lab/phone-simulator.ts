/**
 * The lab's phone, run inside the phone namespace by lab.ts after its DHCP client got a lease:
 *   `node --import tsx e2e/lab/phone-simulator.ts --dns IP`
 * It re-enacts the founding case (a Xiaomi RedMi 1S in 2014, e2e/fixtures/sample/make-sample.ts)
 * with real sockets over the address the laptop's DHCP server handed out, resolving every name
 * through the DHCP-provided resolver (`--dns`). Commands arrive one a line on stdin:
 *   boot   look up api.account.xiaomi.com and data.mistat.xiaomi.com, then POST the IMEI, the
 *          phone number and the carrier in a plaintext form body, the body split over two TCP
 *          segments inside the IMEI (TCP_NODELAY, two writes);
 *   sms    POST a contact's number in a JSON body (the user just texted them);
 *   login  GET a cloud login URL with the IMSI in its query string;
 *   tls    a TLS connection with SNI account.xiaomi.com (the server's self-signed certificate is
 *          accepted, as the point is the ClientHello);
 *   quic   one QUIC v1 Initial (RFC 9001 §5 protection) carrying a ClientHello with SNI
 *          www.google.com, to udp/443 — node has no QUIC client, so it is built here;
 *   xmpp   a plaintext XMPP-like session on 5222 whose `<message>` carries the IMEI's MD5;
 *   beat   one numbered UDP datagram to the discard port (a heartbeat for tests that need
 *          steady traffic);
 *   quit   exit.
 * For every send it prints `{"action":..,"what":..,"sentAt":<epoch ms>,...}` (sentAt is taken
 * right after the write that completes the identifier; for TLS, where node writes the
 * ClientHello itself, when the connection was opened; for DNS, when the lookup began), and
 * after each command `{"done":..,"ok":true|false}`. It exits when stdin ends.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createSocket } from 'node:dgram';
import { Resolver } from 'node:dns/promises';
import { connect as tcpConnect, type Socket } from 'node:net';
import { createInterface } from 'node:readline';
import { connect as tlsConnect } from 'node:tls';
import { parseArgs } from 'node:util';
import { concat, cryptoFrame, protectInitial } from '../../main/engine/quic/test-support/protect-initial';
import { clientHelloMessage } from '../fixtures/lib/tls-builder';
import { DEFAULT_SERVER, FOUNDING_CASE, PHONE_COMMANDS, PORTS, type PhoneCommand } from './lab-network';

const UA = 'Dalvik/1.6.0 (Linux; U; Android 4.3; HM 1S MIUI/JHCCNBH45.0)';
/** RFC 9000 §14.1: a client's Initial datagram is at least 1200 bytes. */
const QUIC_MIN_DATAGRAM = 1200;
const QUIC_V1 = 0x00000001;
const IO_TIMEOUT_MS = 5000;

function emit(line: Record<string, unknown>): void {
  process.stdout.write(`${JSON.stringify(line)}\n`);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function withTimeout<T>(what: string, p: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    p,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what}: no answer in ${IO_TIMEOUT_MS} ms`)), IO_TIMEOUT_MS);
    }),
  ]).finally(() => clearTimeout(timer));
}

class Phone {
  private readonly resolver = new Resolver({ timeout: 1000, tries: 3 });
  private beats = 0;
  private readonly udp = createSocket('udp4');

  constructor(dns: string) {
    this.resolver.setServers([dns]);
  }

  async lookup(action: string, name: string): Promise<string> {
    const sentAt = Date.now();
    const [address] = await withTimeout(`DNS ${name}`, this.resolver.resolve4(name));
    emit({ action, what: 'dns', qname: name, answer: address, sentAt });
    return address;
  }

  /** Open a TCP connection, write the parts (the last one completes the identifier), read to the end. */
  private async tcpExchange(
    action: string,
    what: string,
    host: string,
    address: string,
    port: number,
    parts: string[],
  ): Promise<string> {
    const socket = tcpConnect({ host: address, port });
    socket.setNoDelay(true);
    let reply = '';
    socket.setEncoding('utf8');
    socket.on('data', (d: string) => (reply += d));
    const ended = new Promise<void>((resolve, reject) => {
      socket.on('end', resolve);
      socket.on('error', reject);
    });
    await withTimeout(`connect ${host}`, new Promise<void>((resolve) => socket.once('connect', resolve)));
    for (let i = 0; i < parts.length; i++) {
      if (i > 0) await sleep(30);
      socket.write(parts[i]);
    }
    emit({ action, what, host, server: `${address}:${port}`, sentAt: Date.now() });
    await withTimeout(`${what} reply from ${host}`, ended);
    socket.destroy();
    return reply;
  }

  private http(
    action: string,
    method: string,
    host: string,
    address: string,
    uri: string,
    headers: string[],
    body = '',
    cutAt?: (request: string) => number,
  ): Promise<string> {
    const head = [
      `${method} ${uri} HTTP/1.1`,
      `Host: ${host}`,
      `User-Agent: ${UA}`,
      ...headers,
      'Connection: close',
    ];
    if (method === 'POST') head.push(`Content-Length: ${Buffer.byteLength(body)}`);
    const request = `${head.join('\r\n')}\r\n\r\n${body}`;
    const cut = cutAt?.(request);
    const parts = cut === undefined ? [request] : [request.slice(0, cut), request.slice(cut)];
    return this.tcpExchange(action, `http-${method.toLowerCase()}`, host, address, PORTS.http, parts);
  }

  async boot(): Promise<void> {
    const api = await this.lookup('boot', 'api.account.xiaomi.com');
    await this.lookup('boot', 'data.mistat.xiaomi.com');
    const form =
      `imei=${FOUNDING_CASE.imei}&phone=${encodeURIComponent(FOUNDING_CASE.phone)}` +
      `&operator=${FOUNDING_CASE.carrier.replace(/ /g, '+')}&model=HM1S&miui=JHCCNBH45.0&lang=zh_CN`;
    const headers = ['Content-Type: application/x-www-form-urlencoded'];
    // The first segment ends inside the IMEI, so the leak needs reassembly, as in the sample.
    const insideImei = (request: string) => request.indexOf('imei=') + 'imei='.length + 7;
    await this.http(
      'boot',
      'POST',
      'api.account.xiaomi.com',
      api,
      '/pass/v2/activation/report',
      headers,
      form,
      insideImei,
    );
  }

  async sms(): Promise<void> {
    const api = await this.lookup('sms', 'api.account.xiaomi.com');
    const body = JSON.stringify({
      type: 'sms',
      to: FOUNDING_CASE.contact,
      len: 42,
      ts: Math.floor(Date.now() / 1000),
    });
    await this.http(
      'sms',
      'POST',
      'api.account.xiaomi.com',
      api,
      '/mic/v1/msg/stat',
      ['Content-Type: application/json'],
      body,
    );
  }

  async login(): Promise<void> {
    const account = await this.lookup('login', 'account.xiaomi.com');
    const uri = `/pass/serviceLogin?sid=micloud&imsi=${FOUNDING_CASE.imsi}&_json=true`;
    await this.http('login', 'GET', 'account.xiaomi.com', account, uri, ['Accept: */*']);
  }

  async tls(): Promise<void> {
    const host = 'account.xiaomi.com';
    const address = await this.lookup('tls', host);
    const socket = tlsConnect({
      host: address,
      port: PORTS.tls,
      servername: host,
      ALPNProtocols: ['http/1.1'],
      // The lab's certificate is self-signed; what matters here is the ClientHello on the wire.
      rejectUnauthorized: false,
    });
    const sentAt = Date.now();
    socket.on('data', () => undefined);
    await withTimeout(
      `TLS ${host}`,
      new Promise<void>((resolve, reject) => {
        socket.once('secureConnect', resolve);
        socket.once('error', reject);
      }),
    );
    emit({
      action: 'tls',
      what: 'tls-client-hello',
      host,
      server: `${address}:${PORTS.tls}`,
      sni: host,
      sentAt,
    });
    socket.end();
    await withTimeout(
      `TLS close ${host}`,
      new Promise<void>((resolve) => socket.once('close', () => resolve())),
    );
  }

  async quic(): Promise<void> {
    const host = 'www.google.com';
    const address = await this.lookup('quic', host);
    const dcid = randomBytes(8);
    const scid = randomBytes(8);
    const crypto = cryptoFrame(0, clientHelloMessage({ sni: host, alpn: ['h3'], seed: 21 }));
    // Long header: flags, version, two connection IDs, token length, 2-byte length, 4-byte packet number.
    const headerBytes = 1 + 4 + 1 + dcid.length + 1 + scid.length + 1 + 2 + 4;
    const padding = Math.max(0, QUIC_MIN_DATAGRAM - headerBytes - 16 - crypto.length);
    const packet = protectInitial({
      version: QUIC_V1,
      dcid,
      scid,
      packetNumber: 0,
      payload: concat(crypto, new Uint8Array(padding)),
    });
    await new Promise<void>((resolve, reject) =>
      this.udp.send(packet, PORTS.quic, address, (err) => (err ? reject(err) : resolve())),
    );
    emit({
      action: 'quic',
      what: 'quic-initial',
      host,
      server: `${address}:${PORTS.quic}`,
      sni: host,
      bytes: packet.length,
      sentAt: Date.now(),
    });
  }

  async xmpp(): Promise<void> {
    const host = 'app.chat.xiaomi.net';
    const address = await this.lookup('xmpp', host);
    const socket: Socket = tcpConnect({ host: address, port: PORTS.xmpp });
    socket.setNoDelay(true);
    socket.setEncoding('utf8');
    let received = '';
    let waiting: { text: string; resolve: () => void } | null = null;
    socket.on('data', (d: string) => {
      received += d;
      if (waiting && received.includes(waiting.text)) waiting.resolve();
    });
    const expect = (text: string) =>
      withTimeout(
        `XMPP ${text}`,
        new Promise<void>((resolve) => {
          if (received.includes(text)) resolve();
          else waiting = { text, resolve };
        }),
      );
    await withTimeout(`connect ${host}`, new Promise<void>((resolve) => socket.once('connect', resolve)));
    socket.write(
      "<?xml version='1.0'?><stream:stream to='xiaomi.com' xmlns='jabber:client' " +
        "xmlns:stream='http://etherx.jabber.org/streams' version='1.0'>",
    );
    await expect("id='lab1'");
    const devid = createHash('md5').update(FOUNDING_CASE.imei).digest('hex');
    socket.write(
      `<message to='push@xiaomi.com' id='reg1' type='normal'><body>` +
        `{"cmd":"register","devid":"${devid}","model":"HM1S","os":"4.3"}</body></message>`,
    );
    emit({
      action: 'xmpp',
      what: 'xmpp-message',
      host,
      server: `${address}:${PORTS.xmpp}`,
      sentAt: Date.now(),
    });
    await expect("<ack id='reg1'/>");
    socket.end('</stream:stream>');
    await withTimeout(
      `XMPP close ${host}`,
      new Promise<void>((resolve) => socket.once('close', () => resolve())),
    );
  }

  async beat(): Promise<void> {
    const seq = ++this.beats;
    const payload = Buffer.from(`phonehome-lab beat ${seq}`);
    await new Promise<void>((resolve, reject) =>
      this.udp.send(payload, PORTS.discard, DEFAULT_SERVER, (err) => (err ? reject(err) : resolve())),
    );
    emit({
      action: 'beat',
      what: 'udp',
      seq,
      server: `${DEFAULT_SERVER}:${PORTS.discard}`,
      sentAt: Date.now(),
    });
  }

  close(): void {
    this.udp.close();
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { dns: { type: 'string' } } });
  if (!values.dns) throw new Error('phone-simulator needs --dns IP (the resolver from its DHCP lease)');
  const phone = new Phone(values.dns);
  const lines = createInterface({ input: process.stdin });
  emit({ ready: { dns: values.dns, commands: PHONE_COMMANDS } });
  // Commands run one after another, in the order they arrived, as a user would act.
  for await (const line of lines) {
    const command = line.trim();
    if (!command) continue;
    if (command === 'quit') break;
    if (!(PHONE_COMMANDS as readonly string[]).includes(command)) {
      emit({
        done: command,
        ok: false,
        error: `unknown command "${command}"; try ${PHONE_COMMANDS.join(', ')}`,
      });
      continue;
    }
    try {
      await phone[command as PhoneCommand]();
      emit({ done: command, ok: true });
    } catch (err) {
      emit({ done: command, ok: false, error: (err as Error).message });
    }
  }
  phone.close();
  process.exit(0);
}

main().catch((err: unknown) => {
  process.stderr.write(`phone-simulator: ${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
