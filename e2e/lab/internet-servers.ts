/**
 * The lab's fake internet, run inside the internet namespace by lab.ts:
 *   `node --import tsx e2e/lab/internet-servers.ts --cert FILE --key FILE`
 * It serves, on the addresses of lab-network.ts:
 *   - DNS on INTERNET_DNS:53/udp, answering every A question (LAB_HOSTS, else DEFAULT_SERVER)
 *     and every other type with an empty NOERROR answer;
 *   - HTTP on :80 (any method, a small JSON reply);
 *   - TLS on :443 with the self-signed certificate the lab made at start;
 *   - a UDP sink on :443 for QUIC Initials (nothing is answered, as a server that never got a
 *     valid Initial would) and a discard sink on :9/udp;
 *   - a plaintext XMPP-like service on :5222 (stream open, one ack per `<message>` stanza).
 * It prints `{"ready":...}` once everything listens, then one JSON line per thing it received,
 * so tests can check that traffic really crossed the laptop's NAT. It exits on SIGTERM, SIGINT,
 * or when its stdin ends (the lab that started it is gone).
 *
 * Threat model: its only peers are the lab's own phone simulator and replayed test traffic,
 * inside namespaces the test created; still, input is treated as untrusted: a DNS message that
 * dns-packet cannot decode is dropped and counted, the XMPP buffer is bounded, and no input can
 * make it throw out of a handler.
 */
import dnsPacket from 'dns-packet';
import { createSocket, type RemoteInfo } from 'node:dgram';
import { readFileSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import { createServer as createTcpServer, type Server } from 'node:net';
import { createServer as createTlsServer } from 'node:tls';
import { parseArgs } from 'node:util';
import { DEFAULT_SERVER, INTERNET_DNS, LAB_HOSTS, PORTS } from './lab-network';

const XMPP_BUFFER_LIMIT = 64 * 1024;

function report(event: Record<string, unknown>): void {
  process.stdout.write(`${JSON.stringify({ ...event, at: Date.now() })}\n`);
}

const remoteOf = (r: RemoteInfo) => `${r.address}:${r.port}`;

/** The address for a name: LAB_HOSTS, case-insensitively, else the catch-all server. */
function addressFor(name: string): string {
  return LAB_HOSTS[name.toLowerCase().replace(/\.$/, '')] ?? DEFAULT_SERVER;
}

/** The reply to one query: A questions answered, anything else NOERROR with no data. */
function dnsReply(query: Uint8Array): Buffer | null {
  let q: dnsPacket.Packet;
  try {
    q = dnsPacket.decode(Buffer.from(query.buffer, query.byteOffset, query.byteLength));
  } catch {
    return null;
  }
  if (q.type !== 'query' || !q.questions?.length) return null;
  const answers: dnsPacket.Answer[] = q.questions
    .filter((question) => question.type === 'A')
    .map((question) => ({ type: 'A', name: question.name, ttl: 60, data: addressFor(question.name) }));
  return dnsPacket.encode({
    type: 'response',
    id: q.id,
    flags: dnsPacket.RECURSION_DESIRED | dnsPacket.RECURSION_AVAILABLE,
    questions: q.questions,
    answers,
  });
}

function listen(server: Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '0.0.0.0', () => resolve());
  });
}

function udpServer(port: number, address: string, onMessage: (msg: Buffer, rinfo: RemoteInfo) => void) {
  const sock = createSocket('udp4');
  sock.on('message', onMessage);
  return new Promise<ReturnType<typeof createSocket>>((resolve, reject) => {
    sock.once('error', reject);
    sock.bind(port, address, () => resolve(sock));
  });
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { cert: { type: 'string' }, key: { type: 'string' } } });
  if (!values.cert || !values.key) throw new Error('internet-servers needs --cert FILE --key FILE');
  const cert = readFileSync(values.cert);
  const key = readFileSync(values.key);

  // The resolver is bound to its own address, so that replies leave from the address the
  // laptop's dnsmasq asked (dnsmasq drops answers from any other source).
  let badDns = 0;
  const dns = await udpServer(PORTS.dns, INTERNET_DNS, (msg, rinfo) => {
    const reply = dnsReply(msg);
    if (!reply) {
      badDns++;
      report({ event: 'dns-dropped', remote: remoteOf(rinfo), count: badDns });
      return;
    }
    const decoded = dnsPacket.decode(reply);
    report({
      event: 'dns',
      remote: remoteOf(rinfo),
      qname: decoded.questions?.[0]?.name,
      qtype: decoded.questions?.[0]?.type,
      answers: (decoded.answers ?? []).map((a) => (a as { data: unknown }).data),
    });
    dns.send(reply, rinfo.port, rinfo.address);
  });

  const http = createHttpServer((req, res) => {
    let bodyBytes = 0;
    req.on('data', (d: Buffer) => (bodyBytes += d.length));
    req.on('end', () => {
      report({
        event: 'http',
        remote: `${req.socket.remoteAddress}:${req.socket.remotePort}`,
        local: `${req.socket.localAddress}:${req.socket.localPort}`,
        method: req.method,
        host: req.headers.host,
        url: req.url,
        bodyBytes,
      });
      const body = '{"code":0,"result":"ok"}';
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': body.length });
      res.end(body);
    });
  });
  http.on('clientError', (_err, socket) => socket.destroy());

  const tls = createTlsServer({ cert, key, ALPNProtocols: ['h2', 'http/1.1'] }, (socket) => {
    report({
      event: 'tls',
      remote: `${socket.remoteAddress}:${socket.remotePort}`,
      local: `${socket.localAddress}:${socket.localPort}`,
      servername: (socket as unknown as { servername?: string }).servername ?? null,
      alpn: socket.alpnProtocol,
    });
    socket.on('error', () => socket.destroy());
    socket.on('data', () => undefined);
    socket.end('HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n');
  });
  tls.on('tlsClientError', () => undefined);

  const quic = await udpServer(PORTS.quic, '0.0.0.0', (msg, rinfo) => {
    const long = msg.length >= 5 && (msg[0] & 0x80) !== 0;
    report({
      event: 'quic',
      remote: remoteOf(rinfo),
      bytes: msg.length,
      version: long ? msg.readUInt32BE(1).toString(16) : null,
    });
  });
  const discard = await udpServer(PORTS.discard, '0.0.0.0', (msg, rinfo) => {
    report({ event: 'discard', remote: remoteOf(rinfo), bytes: msg.length });
  });

  const xmpp = createTcpServer((socket) => {
    const remote = `${socket.remoteAddress}:${socket.remotePort}`;
    let text = '';
    let opened = false;
    socket.setEncoding('utf8');
    socket.on('error', () => socket.destroy());
    socket.on('data', (chunk: string) => {
      text += chunk;
      if (!opened && text.includes('<stream:stream')) {
        opened = true;
        socket.write(
          "<?xml version='1.0'?><stream:stream xmlns='jabber:client' " +
            "xmlns:stream='http://etherx.jabber.org/streams' id='lab1' from='xiaomi.com' version='1.0'>",
        );
      }
      let end: number;
      while ((end = text.indexOf('</message>')) !== -1) {
        const stanza = text.slice(0, end + '</message>'.length);
        text = text.slice(end + '</message>'.length);
        const id = /<message[^>]*\sid=['"]([^'"]{0,64})['"]/.exec(stanza)?.[1] ?? '';
        report({ event: 'xmpp-message', remote, id, bytes: stanza.length });
        socket.write(`<ack id='${id.replace(/[^\w-]/g, '')}'/>`);
      }
      if (text.includes('</stream:stream>')) {
        report({ event: 'xmpp-close', remote });
        socket.end('</stream:stream>');
        text = '';
      }
      // A peer that never closes a stanza cannot make the buffer grow without bound.
      if (text.length > XMPP_BUFFER_LIMIT) text = text.slice(-XMPP_BUFFER_LIMIT / 2);
    });
  });

  await Promise.all([listen(http, PORTS.http), listen(tls, PORTS.tls), listen(xmpp, PORTS.xmpp)]);

  const stop = (): void => {
    for (const s of [dns, quic, discard]) s.close();
    for (const s of [http, tls, xmpp]) s.close();
    process.exit(0);
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  process.stdin.on('end', stop);
  process.stdin.on('error', stop);
  process.stdin.resume();
  report({
    ready: {
      dns: `${INTERNET_DNS}:${PORTS.dns}`,
      http: PORTS.http,
      tls: PORTS.tls,
      quic: PORTS.quic,
      xmpp: PORTS.xmpp,
      discard: PORTS.discard,
    },
  });
}

main().catch((err: unknown) => {
  process.stderr.write(`internet-servers: ${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
