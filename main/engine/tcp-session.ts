/**
 * One TCP connection: two reassembled directions, the protocol parsers that read them, and the
 * identifier scanners that watch them. Which parsers run is decided from the first bytes of the
 * connection (with the ports as a hint), so HTTP on port 8081 and TLS on port 5228 are found.
 * A proxy preamble (PROXY protocol header, SOCKS negotiation) is skipped first and the decision
 * made on the bytes after it. The side that sends the request or ClientHello is the client of
 * the application protocol even when it is the TCP server (a capture started mid-stream, a
 * reverse proxy). A stream whose first bytes were not recognised is looked at again at the
 * start of its next few segments, where an HTTP request or a ClientHello may still begin (after
 * an unknown handshake), as tshark's heuristics do.
 *
 * Threat model: the bytes are the network's; parsers bound their own memory and report
 * anomalies. A scanner holds at most the longest identifier pattern of look-behind.
 */
import type { LeakPlace } from '../../shared/events';
import { DnsTcpFramer } from './app/dns';
import {
  HttpRequestParser,
  HttpResponseParser,
  createHttpExchangeQueue,
  type HttpMessage,
  type HttpRequest,
} from './app/http1';
import { OPEN_END, rangeHolds } from './app/http1-types';
import {
  BodyScan,
  contentCoding,
  NO_BODY_MATCHES,
  type BodyMatch,
  type ContentCoding,
} from './http-body-scan';
import { guessProtocol } from './app/protocol-guess';
import { startsRequest } from './app/http1-start-line';
import {
  detectPreamble,
  PREAMBLE_FAIL,
  PREAMBLE_MORE,
  PreambleReader,
  type PreambleKind,
} from './app/proxy-preamble';
import { latin1 } from './app/text-bytes';
import { TlsClientHelloAssembler, TlsServerAssembler } from './app/tls-handshake';
import { dnsProtoForPorts, emitDnsMessage } from './dns-handler';
import type { NameSource } from './host-names';
import type { FlowApp } from './engine';
import type { SessionHost } from './session-host';
import type { Match, StreamScanner } from './match/matcher';
import { StreamWindow } from './stream-window';
import { tlsVersionNames } from './tls-versions';
import { TcpDirection, type StreamSink } from './transport/tcp-reassembler';
import type { FlowState } from './transport/flow-table';

type Dir = 'out' | 'in';
const TCP_FIN = 0x01;
const TCP_RST = 0x04;
const TCP_ACK = 0x10;
const CONTEXT_RADIUS = 40;
/**
 * tshark's default HTTP ports (without SSDP's): on these, bytes that do not start a message
 * are taken for the rest of one, as in a capture that began mid-stream.
 */
const HTTP_PORTS = new Set([80, 3128, 3132, 5985, 8080, 8088, 11371]);
/** How many chunks of an unrecognised direction are looked at for a late message start. */
const LATE_LOOKS = 8;

/** How a direction's bytes are read once the protocol is known. */
type Reader =
  | { kind: 'http-request'; parser: HttpRequestParser }
  | { kind: 'http-response'; parser: HttpResponseParser }
  | { kind: 'tls-client'; assembler: TlsClientHelloAssembler }
  | { kind: 'tls-server'; assembler: TlsServerAssembler }
  | { kind: 'dns'; framer: DnsTcpFramer }
  | { kind: 'none' };

class DirectionPipe implements StreamSink {
  readonly window = new StreamWindow();
  scanner: StreamScanner | null;
  reader: Reader | null = null;
  /** False once we know the rest of this direction is ciphertext. */
  scanning = true;
  /**
   * Set when a message ended inside the chunk being read: once the chunk is scanned, matches
   * held back for a look at the next byte are settled, so a leak shows when its message ends
   * rather than when the next one starts.
   */
  settleAfterScan = false;
  /** Stream offset where a CONNECT / Upgrade tunnel began in the chunk being read. */
  tunnelAt: number | null = null;
  /** The proxy preamble this direction is reading, before its application bytes. */
  preamble: PreambleReader | null = null;
  /** Chunks looked at for a late HTTP request or ClientHello while the protocol is unknown. */
  lateLooks = 0;
  /** The body being decoded (de-chunked / decompressed) and scanned, if any. */
  body: { scan: BodyScan; coding: ContentCoding | null; bodyStart: number } | null = null;
  /**
   * Stream ranges of bodies scanned decoded: raw-stream matches there are dropped, since the
   * decoded scan reports them (a chunk header may split a value; gzip hides it). The last one's
   * end is OPEN_END while its body is read.
   */
  readonly decodedRanges: { start: number; end: number }[] = [];

  constructor(
    private readonly session: TcpSession,
    readonly dir: Dir,
  ) {
    this.scanner = session.engine.matcher?.newStream() ?? null;
  }

  onData(bytes: Uint8Array, offset: number, frame: number): void {
    if (this.windowNeeded()) this.window.add(bytes, offset, frame, this.session.engine.ts);
    this.session.read(this, bytes, offset, frame);
    if (this.scanner && this.scanning) {
      for (const m of this.scanner.push(bytes, offset)) this.session.reportMatch(this, m);
    }
    if (this.scanning && this.dir === 'out') this.session.suspects(this, bytes, offset, frame);
    if (this.settleAfterScan) {
      this.settleAfterScan = false;
      this.restartScanner();
    }
  }

  /**
   * The window is read only to report this direction's raw-stream matches, so it is not fed
   * when none can come: without identifiers, or once the direction is ciphertext or DNS for good
   * (its scanning is off and a finished TLS reader or a DNS reader never turns it back on) and
   * the scanner holds no match that is still to be reported. A TLS stream's application data,
   * most of a capture's bytes, is then not copied at all.
   */
  private windowNeeded(): boolean {
    const scanner = this.scanner;
    if (this.session.engine.matcher === null) return false;
    if (this.scanning || scanner === null || scanner.holding) return true;
    const r = this.reader;
    if (r === null) return true;
    if (r.kind === 'dns') return false;
    if (r.kind === 'tls-client' || r.kind === 'tls-server') return !r.assembler.done;
    return true;
  }

  onGap(offset: number, length: number): void {
    this.session.gap(this, offset, length);
    this.restartScanner();
  }

  /**
   * Settles what the scanner holds and starts a new stream in the same scanner: end() leaves it
   * as a new one would be, and reusing it saves a scanner (tail buffer, map) per HTTP message.
   */
  private restartScanner(): void {
    const scanner = this.scanner;
    if (scanner === null) {
      this.scanner = this.session.engine.matcher?.newStream() ?? null;
      return;
    }
    for (const m of scanner.end()) this.session.reportMatch(this, m);
  }

  endScanner(): void {
    if (!this.scanner) return;
    for (const m of this.scanner.end()) this.session.reportMatch(this, m);
    this.scanner = null;
  }
}

export class TcpSession {
  private readonly pipes: [DirectionPipe, DirectionPipe];
  private readonly reasm: [TcpDirection, TcpDirection];
  private decided = false;
  /** The first bytes were looked at for a proxy preamble (only the first bytes may start one). */
  private preambleChecked = false;
  /** The application protocol's client (request, ClientHello) is the TCP server. */
  private reversed = false;
  /** Frame of the FIN or RST, which completes messages that run until the connection closes. */
  private closingFrame: number | undefined;
  private readonly dnsProto;

  constructor(
    readonly engine: SessionHost,
    private readonly flow: FlowState,
    private readonly app: FlowApp,
  ) {
    this.pipes = [new DirectionPipe(this, 'out'), new DirectionPipe(this, 'in')];
    this.reasm = [
      new TcpDirection(this.pipes[0], {}, engine.anomaly),
      new TcpDirection(this.pipes[1], {}, engine.anomaly),
    ];
    this.dnsProto = dnsProtoForPorts(flow.clientPort, flow.serverPort);
  }

  push(direction: Dir, seq: number, ack: number, flags: number, payload: Uint8Array): void {
    const i = direction === 'out' ? 0 : 1;
    this.reasm[i].push(seq, flags, payload, this.engine.frame);
    // The peer acknowledging past a hole means the hole's bytes were sent but not captured:
    // declare the gap now instead of waiting for the buffer limits.
    if (flags & TCP_ACK) this.reasm[1 - i].peerAcknowledged(ack);
    if (flags & (TCP_FIN | TCP_RST)) this.closingFrame = this.engine.frame;
    // A direction that has delivered its FIN will send nothing more: settle its matches now.
    if (this.reasm[i].closed) this.pipes[i].endScanner();
  }

  /** The connection is over (or the capture ended): deliver what is buffered, settle matches. */
  finish(): void {
    this.reasm[0].flush();
    this.reasm[1].flush();
    for (const pipe of this.pipes) {
      const r = pipe.reader;
      if (r?.kind === 'http-request' || r?.kind === 'http-response') r.parser.end(this.closingFrame);
      if (r?.kind === 'dns' || r?.kind === 'tls-client' || r?.kind === 'tls-server') {
        if ('framer' in r) r.framer.end();
        else r.assembler.end();
      }
      pipe.endScanner();
    }
  }

  /**
   * The connection went quiet in a live capture: report the matches that wait for bytes which
   * may never come (the byte after a token, the end of a message), in the raw streams and in a
   * de-chunked body being read.
   */
  flushIdle(): void {
    for (const pipe of this.pipes) {
      if (pipe.scanner) for (const m of pipe.scanner.flushHeld()) this.reportMatch(pipe, m);
      if (pipe.body) this.reportBodyMatches(pipe, pipe.body.scan.flushHeld());
    }
  }

  /** Route a direction's bytes to its protocol reader, choosing readers on first data. */
  read(pipe: DirectionPipe, bytes: Uint8Array, offset: number, frame: number): void {
    if (!this.decided && !pipe.preamble) this.decide(pipe, bytes);
    if (pipe.preamble) {
      const start = pipe.preamble.push(bytes, offset);
      if (start === PREAMBLE_MORE) return;
      pipe.preamble = null;
      if (start === PREAMBLE_FAIL) {
        this.giveUp();
        return;
      }
      if (start >= offset + bytes.length) return;
      bytes = bytes.subarray(start - offset);
      offset = start;
      if (!this.decided) this.decide(pipe, bytes);
    }
    let r = pipe.reader;
    if (!r) return;
    if (r.kind === 'none' && pipe.lateLooks < LATE_LOOKS) {
      pipe.lateLooks++;
      if (this.startLate(pipe, bytes)) r = pipe.reader!;
    }
    this.readWith(pipe, r, bytes, offset, frame);
    if (pipe.tunnelAt !== null) {
      // Past a CONNECT (or Upgrade) the stream usually carries TLS to the real destination:
      // read its ClientHello like any other, from the first tunnelled byte.
      const at = pipe.tunnelAt;
      pipe.tunnelAt = null;
      pipe.reader =
        r.kind === 'http-request'
          ? { kind: 'tls-client', assembler: new TlsClientHelloAssembler(this.engine.anomaly) }
          : { kind: 'tls-server', assembler: new TlsServerAssembler(this.engine.anomaly) };
      if (at < offset + bytes.length)
        this.readWith(pipe, pipe.reader, bytes.subarray(at - offset), at, frame);
    }
  }

  private readWith(pipe: DirectionPipe, r: Reader, bytes: Uint8Array, offset: number, frame: number): void {
    switch (r.kind) {
      case 'http-request':
      case 'http-response':
        r.parser.push(bytes, offset, frame);
        break;
      case 'dns':
        for (const m of r.framer.push(bytes, offset, frame)) {
          if (this.dnsProto) {
            emitDnsMessage(
              this.engine,
              this.flow,
              pipe.dir,
              m.message,
              this.dnsProto,
              'tcp',
              lastArrival(m.frames, m.frame),
              m.frames,
            );
          }
        }
        break;
      case 'tls-client': {
        const res = r.assembler.push(bytes, offset, frame);
        if (res === 'not-tls') {
          // Not TLS after all: treat the stream as an unknown protocol and keep scanning it.
          pipe.reader = { kind: 'none' };
          if (this.app.protocol === 'tls') {
            this.app.protocol = guessProtocol(bytes, this.flow.clientPort, this.flow.serverPort, 'tcp');
          }
          pipe.scanning = true;
        } else if (res) {
          for (const hello of res) this.onClientHello(hello);
        }
        break;
      }
      case 'tls-server': {
        const names = r.assembler.push(bytes, offset, frame);
        if (names && names.length) this.nameServer(names[0], 'certificate');
        break;
      }
      case 'none':
        break;
    }
  }

  gap(pipe: DirectionPipe, offset: number, length: number): void {
    if (pipe.preamble) {
      pipe.preamble.gap();
      pipe.preamble = null;
      this.giveUp();
      return;
    }
    const r = pipe.reader;
    if (r?.kind === 'http-request' || r?.kind === 'http-response') r.parser.gap(offset, length);
    if (r?.kind === 'dns') r.framer.gap(offset, length);
    if (r?.kind === 'tls-client' || r?.kind === 'tls-server') r.assembler.gap(offset, length);
  }

  /**
   * Chooses both directions' readers from `first`, the first bytes `pipe` carries (of the
   * connection, or after a proxy preamble). A preamble puts preamble readers in place instead
   * and the choice waits for the bytes after it.
   */
  private decide(pipe: DirectionPipe, first: Uint8Array): void {
    const [out, inn] = this.pipes;
    const other = pipe === out ? inn : out;
    if (this.dnsProto) {
      this.decided = true;
      this.app.protocol = this.dnsProto;
      out.reader = { kind: 'dns', framer: new DnsTcpFramer(this.engine.anomaly) };
      inn.reader = { kind: 'dns', framer: new DnsTcpFramer(this.engine.anomaly) };
      // DNS names are scanned decoded; scanning the wire form too would report them twice.
      out.scanning = inn.scanning = false;
      return;
    }
    if (!this.preambleChecked) {
      this.preambleChecked = true;
      const kind = detectPreamble(first);
      if (kind) {
        this.app.protocol = preambleProtocol(kind);
        const readers = PreambleReader.pair(kind, this.engine.anomaly);
        pipe.preamble = readers.client;
        other.preamble = readers.server;
        return;
      }
    }
    this.decided = true;
    const { clientPort, serverPort } = this.flow;
    const guess = guessProtocol(
      first,
      pipe.dir === 'out' ? clientPort : serverPort,
      pipe.dir === 'out' ? serverPort : clientPort,
      'tcp',
    );
    if (guess === 'tls') {
      // A ClientHello names its sender the client; the server's first handshake record (the
      // client's hello was not captured) leaves the TCP roles as they are.
      if (pipe.dir === 'out' || isClientHelloRecord(first)) this.startTls(pipe);
      else if (first[5] === 2) this.startTls(other);
      else this.startNone(guess);
      return;
    }
    if (startsRequest(first) || (pipe.dir === 'out' && startsWithMethod(first))) {
      this.startHttp(pipe);
      return;
    }
    if (guess === 'http') {
      // A status line first: the other side is the one that sends requests.
      this.startHttp(other);
      return;
    }
    if (HTTP_PORTS.has(serverPort)) {
      // An HTTP port whose first bytes are not a message start: the capture began inside a
      // message. The parsers skip to the next start line (reporting what they skipped).
      this.startHttp(out);
      return;
    }
    this.startNone(guess);
  }

  /** No application protocol is read (an unknown one, or a preamble that went wrong). */
  private startNone(protocol: string): void {
    const [out, inn] = this.pipes;
    this.decided = true;
    this.app.protocol = protocol;
    out.reader = inn.reader = { kind: 'none' };
    out.preamble = inn.preamble = null;
  }

  /** A preamble did not go as its kind says: the stream is an unknown protocol from here on. */
  private giveUp(): void {
    this.startNone(this.app.protocol);
  }

  /**
   * At the start of a chunk of a direction whose protocol is unknown: if an HTTP request or a
   * TLS ClientHello begins here, read the connection as that protocol from now on, with this
   * direction as its client.
   */
  private startLate(pipe: DirectionPipe, bytes: Uint8Array): boolean {
    if (isClientHelloRecord(bytes)) {
      this.startTls(pipe);
      return true;
    }
    if (startsRequest(bytes)) {
      this.startHttp(pipe);
      return true;
    }
    return false;
  }

  private startTls(client: DirectionPipe): void {
    const server = client === this.pipes[0] ? this.pipes[1] : this.pipes[0];
    this.reversed = client.dir === 'in';
    this.app.protocol = 'tls';
    client.reader = { kind: 'tls-client', assembler: new TlsClientHelloAssembler(this.engine.anomaly) };
    server.reader = { kind: 'tls-server', assembler: new TlsServerAssembler(this.engine.anomaly) };
    // Past the handshake it is ciphertext; the SNI is scanned as a decoded name.
    client.scanning = server.scanning = false;
  }

  /** HTTP with `requests` as the direction that carries the requests. */
  private startHttp(requests: DirectionPipe): void {
    const responses = requests === this.pipes[0] ? this.pipes[1] : this.pipes[0];
    this.reversed = requests.dir === 'in';
    this.app.protocol = 'http';
    const queue = createHttpExchangeQueue();
    requests.reader = {
      kind: 'http-request',
      parser: new HttpRequestParser({
        queue,
        anomaly: this.engine.anomaly,
        // Named as soon as the header block is in, so leaks in the body carry the host.
        onRequest: (req) => {
          const host = requestHost(req);
          if (host) this.nameServer(host, 'client');
          this.startBody(requests, req);
        },
        onBody: (bytes, frame) => this.bodyBytes(requests, bytes, frame),
        onTunnel: (at) => (requests.tunnelAt = at),
        // Reported when the whole request, body included, is in: the frame tshark reports.
        onMessageEnd: (req, frame) => {
          requests.settleAfterScan = true;
          this.endBody(requests, req);
          const frames = [...req.frames];
          for (const f of req.bodyFrames) if (frames[frames.length - 1] !== f) frames.push(f);
          this.engine.emit({
            type: 'http',
            frame: lastArrival(frames, frame ?? req.frame),
            frames,
            ts: this.engine.ts,
            transport: 'tcp',
            client: this.appClient(),
            server: this.appServer(),
            method: req.method,
            host: req.host,
            uri: req.uri,
            version: req.version,
            flowId: this.flow.id,
          });
        },
      }),
    };
    responses.reader = {
      kind: 'http-response',
      parser: new HttpResponseParser({
        queue,
        anomaly: this.engine.anomaly,
        onMessage: (res) => this.startBody(responses, res),
        onTunnel: (at) => (responses.tunnelAt = at),
        onBody: (bytes, frame) => this.bodyBytes(responses, bytes, frame),
        onMessageEnd: (res) => {
          responses.settleAfterScan = true;
          this.endBody(responses, res);
        },
      }),
    };
  }

  /**
   * The server said or was told its name: name the flow (a certificate only when nothing else
   * did) and teach the address map (host-names.ts), without a port and never an address.
   */
  private nameServer(name: string, source: NameSource): void {
    const host = hostWithoutPort(name);
    const ip = this.reversed ? this.flow.clientIp : this.flow.serverIp;
    this.engine.nameServer(this.flow, name, source, host ? { ip, host } : null);
  }

  /** The application protocol's client endpoint (the TCP client unless reversed). */
  private appClient(): string {
    return this.reversed ? this.flow.server : this.flow.client;
  }

  private appServer(): string {
    return this.reversed ? this.flow.client : this.flow.server;
  }

  private onClientHello(res: {
    hello: {
      sni: string | null;
      alpn: string[];
      supportedVersions: number[];
      legacyVersion: number;
      ech: boolean;
      esni: boolean;
    };
    frame: number;
    frames: number[];
  }): void {
    const h = res.hello;
    const frame = lastArrival(res.frames, res.frame);
    const versions = tlsVersionNames(h.supportedVersions.length ? h.supportedVersions : [h.legacyVersion]);
    this.engine.emit({
      type: 'tls',
      frame,
      frames: res.frames,
      ts: this.engine.ts,
      transport: 'tcp',
      client: this.appClient(),
      server: this.appServer(),
      sni: h.sni,
      alpn: h.alpn,
      versions,
      ech: h.ech,
      esni: h.esni,
      flowId: this.flow.id,
    });
    if (h.sni) {
      this.nameServer(h.sni, 'client');
      this.engine.scanName(this.flow, 'out', h.sni, 'sni', 'tls', 'tcp', res.frames);
    }
  }

  /** A header block completed: scan its body decoded if it is chunked or compressed. */
  private startBody(pipe: DirectionPipe, msg: HttpMessage): void {
    const matcher = this.engine.matcher;
    const coding = contentCoding(msg.headers);
    if (coding === 'unsupported') {
      this.engine.anomaly('http-encoding-unsupported', 'a Content-Encoding other than gzip, deflate or br');
      return;
    }
    // Without identifiers a chunked body needs no decoding (suspects are looked for in the
    // raw stream); a compressed one still does.
    if (!coding && (!msg.chunked || !matcher)) return;
    pipe.body = {
      scan: new BodyScan(matcher, coding, this.engine.anomaly),
      coding,
      bodyStart: msg.bodyStart,
    };
    pipe.decodedRanges.push({ start: msg.bodyStart, end: OPEN_END });
    if (pipe.decodedRanges.length > 32) pipe.decodedRanges.shift();
  }

  private bodyBytes(pipe: DirectionPipe, bytes: Uint8Array, frame: number): void {
    if (pipe.body) this.reportBodyMatches(pipe, pipe.body.scan.push(bytes, frame, this.engine.ts));
  }

  private endBody(pipe: DirectionPipe, msg: HttpMessage): void {
    const body = pipe.body;
    if (!body) return;
    pipe.body = null;
    const ranges = pipe.decodedRanges;
    const at = ranges.length - 1;
    // Replaced, not assigned: see OPEN_END.
    if (at >= 0) ranges[at] = { start: ranges[at].start, end: msg.bodyEnd ?? OPEN_END };
    this.reportBodyMatches(pipe, body.scan.end(this.engine.ts), body);
    const decoded = body.scan.decoded;
    if (decoded && pipe.dir === 'out') {
      this.engine.scanSuspects(this.flow, pipe.dir, decoded, {
        protocol: this.app.protocol,
        placeAt: () => 'body',
        frame: msg.endFrame ?? msg.frame,
      });
    }
  }

  private reportBodyMatches(pipe: DirectionPipe, found: readonly BodyMatch[], body = pipe.body): void {
    // By identity, so that only arrays holding matches reach the loop (see NO_BODY_MATCHES).
    if (!body || found === NO_BODY_MATCHES) return;
    for (const f of found) {
      const m = f.match;
      this.engine.reportLeak(
        this.flow,
        pipe.dir,
        // Decoded-body offsets do not map onto the stream: the leak points at the body's start.
        {
          ...m,
          encoding: body.coding ? `${body.coding}:${m.encoding}` : `chunked:${m.encoding}`,
          start: body.bodyStart,
          end: body.bodyStart + (m.end - m.start),
        },
        {
          protocol: this.app.protocol,
          transport: 'tcp',
          where: 'body',
          frames: f.frames,
          ts: f.ts,
          context: this.engine.context(f.bytes, m.start - f.bytesOffset, m.end - f.bytesOffset),
          highlight: false,
        },
      );
    }
  }

  /** Suspected identifiers in plaintext the client sent (values split across segments are not). */
  suspects(pipe: DirectionPipe, bytes: Uint8Array, offset: number, frame: number): void {
    this.engine.scanSuspects(this.flow, pipe.dir, bytes, {
      protocol: this.app.protocol,
      placeAt: (i) => this.placeOf(pipe, offset + i),
      frame,
    });
  }

  reportMatch(pipe: DirectionPipe, m: Match): void {
    if (pipe.decodedRanges.some((r) => rangeHolds(r, m.start))) return;
    const { frames, ts } = pipe.window.framesFor(m.start, m.end);
    // Take more than the excerpt shows, so identifiers cut by the excerpt's edge are recognised.
    const ctx = pipe.window.slice(m.start - CONTEXT_RADIUS * 3, m.end + CONTEXT_RADIUS * 3);
    const where = this.placeOf(pipe, m.start);
    this.engine.reportLeak(this.flow, pipe.dir, m, {
      protocol: this.app.protocol,
      transport: 'tcp',
      where,
      frames,
      ts,
      context: this.engine.context(ctx.bytes, m.start - ctx.offset, m.end - ctx.offset),
      highlight: true,
    });
  }

  private placeOf(pipe: DirectionPipe, offset: number): LeakPlace {
    const r = pipe.reader;
    if (r?.kind === 'http-request' || r?.kind === 'http-response')
      return r.parser.placeAt(offset) ?? 'stream';
    return 'stream';
  }
}

const METHOD_START = /^(GET|POST|PUT|HEAD|DELETE|OPTIONS|PATCH|CONNECT|TRACE)( |$)/;

/**
 * A first segment too short to hold a whole request line ("GET ", "POST") is judged by its
 * method alone: a client that writes in tiny segments is still speaking HTTP, and the parser
 * resynchronises if it is not.
 */
function startsWithMethod(first: Uint8Array): boolean {
  return first.length < 16 && METHOD_START.test(latin1(first, 0, first.length));
}

/**
 * The frame that completed a message: the latest to arrive of the frames that carried it (in
 * capture order, so the highest number), which is not the last in stream order when segments
 * came out of order. `reported` is the parser's own answer (a FIN frame may close a message).
 */
function lastArrival(frames: readonly number[], reported: number): number {
  let last = reported;
  for (const f of frames) if (f > last) last = f;
  return last;
}

/*
 * RFC 8446 §5.1 record header (handshake 22, version 3.x with x <= 4, length) followed by
 * §4 a handshake header of type client_hello (1).
 */
function isClientHelloRecord(b: Uint8Array): boolean {
  return b.length >= 6 && b[0] === 0x16 && b[1] === 0x03 && b[2] <= 0x04 && b[5] === 0x01;
}

/**
 * The host part of a Host header or CONNECT target ("name", "name:port", "[v6]:port"), or null
 * when it is an address literal or empty: the address map learns names, not addresses.
 */
function hostWithoutPort(host: string): string | null {
  if (host.startsWith('[')) return null;
  const colon = host.indexOf(':');
  const name = colon < 0 ? host : host.slice(0, colon);
  if (name === '' || /^[0-9.]+$/.test(name)) return null;
  return name;
}

/** The flow's protocol label while a preamble is read (the application's replaces it). */
function preambleProtocol(kind: PreambleKind): string {
  return kind === 'socks4' || kind === 'socks5' ? 'socks' : 'proxy-protocol';
}

function requestHost(req: HttpRequest): string | null {
  return req.host ?? (req.method === 'CONNECT' ? req.uri : null);
}
