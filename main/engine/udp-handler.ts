/**
 * One UDP datagram of a flow: DNS / mDNS / LLMNR, HTTP over UDP (SSDP), QUIC recognition, and
 * identifier scanning of every other payload.
 */
import type { Engine, FlowApp } from './engine';
import { parseDns } from './app/dns';
import { parseHttpDatagram } from './app/http1';
import { guessProtocol } from './app/protocol-guess';
import { looksLikeQuic, QuicInitialTracker } from './quic/quic';
import { tlsVersionNames } from './tls-versions';
import { dnsProtoForPorts, emitDnsMessage } from './dns-handler';
import type { FlowState } from './transport/flow-table';

export function handleDatagram(
  engine: Engine,
  flow: FlowState,
  app: FlowApp,
  direction: 'out' | 'in',
  srcPort: number,
  dstPort: number,
  payload: Uint8Array,
): void {
  const dirIndex = direction === 'out' ? 0 : 1;
  const offset = app.udpOffset[dirIndex];
  app.udpOffset[dirIndex] += payload.length;
  const frames = [engine.frame];

  const dnsProto = dnsProtoForPorts(srcPort, dstPort);
  if (dnsProto) {
    app.protocol = dnsProto;
    const msg = parseDns(payload, engine.anomaly);
    if (msg) emitDnsMessage(engine, flow, direction, msg, dnsProto, 'udp', engine.frame, frames);
    return;
  }

  if (app.protocol === 'quic' || (app.protocol === 'udp' && looksLikeQuic(payload))) {
    app.protocol = 'quic';
    // Past the Initials QUIC is encrypted with keys we do not have: only the ClientHello is read.
    app.quic ??= new QuicInitialTracker(engine.anomaly);
    for (const res of app.quic.push(payload, direction === 'out', engine.frame)) {
      const h = res.hello;
      engine.emit({
        type: 'tls',
        frame: res.frame,
        frames: res.frames,
        ts: engine.ts,
        transport: 'quic',
        client: direction === 'out' ? flow.client : flow.server,
        server: direction === 'out' ? flow.server : flow.client,
        sni: h.sni,
        alpn: h.alpn,
        versions: tlsVersionNames(h.supportedVersions.length ? h.supportedVersions : [h.legacyVersion]),
        ech: h.ech,
        esni: h.esni,
        flowId: flow.id,
      });
      if (h.sni) {
        engine.nameFlow(flow, h.sni);
        engine.scanName(flow, direction, h.sni, 'sni', 'quic', 'udp', res.frames);
      }
    }
    return;
  }
  if (app.protocol === 'udp') app.protocol = guessProtocol(payload, srcPort, dstPort, 'udp');

  if (app.protocol === 'http' || app.protocol === 'ssdp') {
    const req = parseHttpDatagram(payload, engine.anomaly);
    if (req && 'method' in req) {
      engine.emit({
        type: 'http',
        frame: engine.frame,
        frames,
        ts: engine.ts,
        transport: 'udp',
        client: direction === 'out' ? flow.client : flow.server,
        server: direction === 'out' ? flow.server : flow.client,
        method: req.method,
        host: req.host,
        uri: req.uri,
        version: req.version,
        flowId: flow.id,
      });
    }
  }

  if (direction === 'out') {
    engine.scanSuspects(flow, direction, payload, {
      protocol: app.protocol,
      placeAt: () => 'datagram',
      frame: engine.frame,
      host: app.host,
    });
  }
  if (!engine.matcher) return;
  for (const m of engine.matcher.scanBuffer(payload)) {
    engine.reportLeak(
      flow,
      direction,
      { ...m, start: m.start + offset, end: m.end + offset },
      {
        protocol: app.protocol,
        transport: 'udp',
        where: 'datagram',
        frames,
        ts: engine.ts,
        context: engine.context(payload, m.start, m.end),
        host: app.host,
        highlight: true,
      },
    );
  }
}
