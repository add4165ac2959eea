/**
 * One TCP connection: two reassembled directions, the protocol parsers that read them, and the
 * identifier scanners that watch them. Which parsers run is decided from the first bytes of the
 * connection (with the ports as a hint), so HTTP on port 8081 and TLS on port 5228 are found.
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
import { BodyScan, contentCoding, type BodyMatch, type ContentCoding } from './http-body-scan';
import { guessProtocol } from './app/protocol-guess';
import { latin1 } from './app/text-bytes';
import { TlsClientHelloAssembler, TlsServerAssembler } from './app/tls-handshake';
import { dnsProtoForPorts, emitDnsMessage } from './dns-handler';
import type { Engine, FlowApp } from './engine';
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
  /** The body being decoded (de-chunked / decompressed) and scanned, if any. */
  body: { scan: BodyScan; coding: ContentCoding | null; bodyStart: number } | null = null;
  /**
   * Stream ranges of bodies scanned decoded: raw-stream matches there are dropped, since the
   * decoded scan reports them (a chunk header may split a value; gzip hides it).
   */
  readonly decodedRanges: { start: number; end: number }[] = [];

  constructor(
    private readonly session: TcpSession,
    readonly dir: Dir,
  ) {
    this.scanner = session.engine.matcher?.newStream() ?? null;
  }

  onData(bytes: Uint8Array, offset: number, frame: number): void {
    this.window.add(bytes, offset, frame, this.session.engine.ts);
    this.session.read(this, bytes, offset, frame);
    if (this.scanner && this.scanning) {
      for (const m of this.scanner.push(bytes, offset)) this.session.reportMatch(this, m);
    }
    if (this.scanning && this.dir === 'out') this.session.suspects(this, bytes, offset, frame);
    if (this.settleAfterScan) {
      this.settleAfterScan = false;
      this.endScanner();
      this.scanner = this.session.engine.matcher?.newStream() ?? null;
    }
  }

  onGap(offset: number, length: number): void {
    this.session.gap(this, offset, length);
    this.endScanner();
    this.scanner = this.session.engine.matcher?.newStream() ?? null;
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
  /** Frame of the FIN or RST, which completes messages that run until the connection closes. */
  private closingFrame: number | undefined;
  private readonly dnsProto;

  constructor(
    readonly engine: Engine,
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

  /** Route a direction's bytes to its protocol reader, choosing readers on first data. */
  read(pipe: DirectionPipe, bytes: Uint8Array, offset: number, frame: number): void {
    if (!this.decided) this.decide(pipe, bytes);
    const r = pipe.reader;
    if (!r) return;
    this.readWith(pipe, r, bytes, offset, frame);
    if (pipe.tunnelAt !== null) {
      // Past a CONNECT (or Upgrade) the stream usually carries TLS to the real destination:
      // read its ClientHello like any other, from the first tunnelled byte.
      const at = pipe.tunnelAt;
      pipe.tunnelAt = null;
      pipe.reader =
        pipe.dir === 'out'
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
              m.frame,
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
        if (names && names.length && !this.app.host) this.engine.nameFlow(this.flow, names[0]);
        break;
      }
      case 'none':
        break;
    }
  }

  gap(pipe: DirectionPipe, offset: number, length: number): void {
    const r = pipe.reader;
    if (r?.kind === 'http-request' || r?.kind === 'http-response') r.parser.gap(offset, length);
    if (r?.kind === 'dns') r.framer.gap(offset, length);
    if (r?.kind === 'tls-client' || r?.kind === 'tls-server') r.assembler.gap(offset, length);
  }

  private decide(pipe: DirectionPipe, first: Uint8Array): void {
    this.decided = true;
    const [out, inn] = this.pipes;
    const { clientPort, serverPort } = this.flow;
    if (this.dnsProto) {
      this.app.protocol = this.dnsProto;
      out.reader = { kind: 'dns', framer: new DnsTcpFramer(this.engine.anomaly) };
      inn.reader = { kind: 'dns', framer: new DnsTcpFramer(this.engine.anomaly) };
      // DNS names are scanned decoded; scanning the wire form too would report them twice.
      out.scanning = inn.scanning = false;
      return;
    }
    const guess = guessProtocol(
      first,
      pipe.dir === 'out' ? clientPort : serverPort,
      pipe.dir === 'out' ? serverPort : clientPort,
      'tcp',
    );
    if (pipe.dir === 'out' && guess === 'tls') {
      this.app.protocol = 'tls';
      out.reader = { kind: 'tls-client', assembler: new TlsClientHelloAssembler(this.engine.anomaly) };
      inn.reader = { kind: 'tls-server', assembler: new TlsServerAssembler(this.engine.anomaly) };
      // Past the handshake it is ciphertext; the SNI is scanned as a decoded name.
      out.scanning = inn.scanning = false;
      return;
    }
    if (pipe.dir === 'out' && (guess === 'http' || startsWithMethod(first))) {
      this.app.protocol = 'http';
      const queue = createHttpExchangeQueue();
      out.reader = {
        kind: 'http-request',
        parser: new HttpRequestParser({
          queue,
          anomaly: this.engine.anomaly,
          // Named as soon as the header block is in, so leaks in the body carry the host.
          onRequest: (req) => {
            const host = requestHost(req);
            if (host) this.engine.nameFlow(this.flow, host);
            this.startBody(out, req);
          },
          onBody: (bytes, frame) => this.bodyBytes(out, bytes, frame),
          // Reported when the whole request, body included, is in: the frame tshark reports.
          onTunnel: (at) => (out.tunnelAt = at),
          onMessageEnd: (req, frame) => {
            out.settleAfterScan = true;
            this.endBody(out, req);
            const frames = [...req.frames];
            for (const f of req.bodyFrames) if (frames[frames.length - 1] !== f) frames.push(f);
            this.engine.emit({
              type: 'http',
              frame: frame ?? req.frame,
              frames,
              ts: this.engine.ts,
              transport: 'tcp',
              client: this.flow.client,
              server: this.flow.server,
              method: req.method,
              host: req.host,
              uri: req.uri,
              version: req.version,
              flowId: this.flow.id,
            });
          },
        }),
      };
      inn.reader = {
        kind: 'http-response',
        parser: new HttpResponseParser({
          queue,
          anomaly: this.engine.anomaly,
          onMessage: (res) => this.startBody(inn, res),
          onTunnel: (at) => (inn.tunnelAt = at),
          onBody: (bytes, frame) => this.bodyBytes(inn, bytes, frame),
          onMessageEnd: (res) => {
            inn.settleAfterScan = true;
            this.endBody(inn, res);
          },
        }),
      };
      return;
    }
    this.app.protocol = guess;
    out.reader = inn.reader = { kind: 'none' };
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
    const versions = tlsVersionNames(h.supportedVersions.length ? h.supportedVersions : [h.legacyVersion]);
    this.engine.emit({
      type: 'tls',
      frame: res.frame,
      frames: res.frames,
      ts: this.engine.ts,
      transport: 'tcp',
      client: this.flow.client,
      server: this.flow.server,
      sni: h.sni,
      alpn: h.alpn,
      versions,
      ech: h.ech,
      esni: h.esni,
      flowId: this.flow.id,
    });
    if (h.sni) {
      this.engine.nameFlow(this.flow, h.sni);
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
    pipe.decodedRanges.push({ start: msg.bodyStart, end: Number.POSITIVE_INFINITY });
    if (pipe.decodedRanges.length > 32) pipe.decodedRanges.shift();
  }

  private bodyBytes(pipe: DirectionPipe, bytes: Uint8Array, frame: number): void {
    if (pipe.body) this.reportBodyMatches(pipe, pipe.body.scan.push(bytes, frame, this.engine.ts));
  }

  private endBody(pipe: DirectionPipe, msg: HttpMessage): void {
    const body = pipe.body;
    if (!body) return;
    pipe.body = null;
    const range = pipe.decodedRanges[pipe.decodedRanges.length - 1];
    if (range) range.end = msg.bodyEnd ?? Number.POSITIVE_INFINITY;
    this.reportBodyMatches(pipe, body.scan.end(this.engine.ts), body);
    const decoded = body.scan.decoded;
    if (decoded && pipe.dir === 'out') {
      this.engine.scanSuspects(this.flow, pipe.dir, decoded, {
        protocol: this.app.protocol,
        placeAt: () => 'body',
        frame: msg.endFrame ?? msg.frame,
        host: this.app.host,
      });
    }
  }

  private reportBodyMatches(pipe: DirectionPipe, found: BodyMatch[], body = pipe.body): void {
    if (!body) return;
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
          host: this.app.host,
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
      host: this.app.host,
    });
  }

  reportMatch(pipe: DirectionPipe, m: Match): void {
    if (pipe.decodedRanges.some((r) => m.start >= r.start && m.start < r.end)) return;
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
      host: this.app.host,
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

function requestHost(req: HttpRequest): string | null {
  return req.host ?? (req.method === 'CONNECT' ? req.uri : null);
}
