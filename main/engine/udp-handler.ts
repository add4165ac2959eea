/**
 * One UDP datagram of a flow: DNS / mDNS / LLMNR, DHCP / DHCPv6 (devices, structural MACs),
 * HTTP over UDP (SSDP), QUIC recognition, and identifier scanning of every other payload.
 */
import type { FlowApp } from './engine';
import type { DeviceTable } from './device-table';
import type { DecodedPacket } from './ip/decode-packet';
import type { SessionHost } from './session-host';
import type { StructuralTracker } from './structural-tracker';
import { parseDns } from './app/dns';
import { parseHttpDatagram } from './app/http1';
import { guessProtocol } from './app/protocol-guess';
import { looksLikeQuic, QuicInitialTracker } from './quic/quic';
import { tlsVersionNames } from './tls-versions';
import { dnsProtoForPorts, emitDnsMessage, emitIfDnsDatagram } from './dns-handler';
import type { FlowState } from './transport/flow-table';
import type { HardwareSpan } from './app/dhcpv6';
import { dhcpProtoForPorts, handleDhcp, structuralMatch, type DhcpProtocol } from './dhcp-handler';

/**
 * What DHCP needs besides the datagram: the engine's device table and structural tracker, and
 * the frame's link and IP headers. Only the engine's own thread has them, so a flow shard
 * (shard/shard-engine.ts) never runs DHCP flows (shard-ops.ts) and passes null.
 */
export interface LinkState {
  readonly packet: DecodedPacket | null;
  readonly devices: DeviceTable;
  readonly structural: StructuralTracker;
}

export function handleDatagram(
  engine: SessionHost,
  link: LinkState | null,
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

  const dhcpProto = dhcpProtoForPorts(srcPort, dstPort);
  if (dhcpProto && link) {
    app.protocol = dhcpProto;
    const packet = link.packet;
    const spans = handleDhcp(
      dhcpProto,
      payload,
      {
        frame: engine.frame,
        ts: engine.ts,
        srcMac: packet?.link?.srcMac,
        dstMac: packet?.link?.dstMac,
        srcIp: packet?.ip.src,
      },
      link.devices,
      link.structural,
      engine.anomaly,
    );
    const hardware = spans && { spans, protocol: dhcpProto, structural: link.structural };
    scanDatagram(engine, flow, app, direction, payload, offset, frames, hardware);
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
        const ip = direction === 'out' ? flow.serverIp : flow.clientIp;
        engine.nameServer(flow, h.sni, 'client', { ip, host: h.sni });
        engine.scanName(flow, direction, h.sni, 'sni', 'quic', 'udp', res.frames);
      }
    }
    return;
  }
  // DNS on a port that is not DNS's (DNSCrypt certificate queries on 443, odd resolvers).
  const dnsCandidate = app.protocol !== 'http' && app.protocol !== 'ssdp';
  if (dnsCandidate && emitIfDnsDatagram(engine, flow, direction, payload, frames)) {
    app.protocol = 'dns';
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

  scanDatagram(engine, flow, app, direction, payload, offset, frames, null);
}

/**
 * Suspects and identifier matches in a datagram. The user's MAC inside one of `hardware.spans`
 * (DHCP hardware-address fields) is structural, not a leak: it is counted there instead.
 */
function scanDatagram(
  engine: SessionHost,
  flow: FlowState,
  app: FlowApp,
  direction: 'out' | 'in',
  payload: Uint8Array,
  offset: number,
  frames: number[],
  hardware: { spans: HardwareSpan[]; protocol: DhcpProtocol; structural: StructuralTracker } | null,
): void {
  if (direction === 'out') {
    engine.scanSuspects(flow, direction, payload, {
      protocol: app.protocol,
      placeAt: () => 'datagram',
      frame: engine.frame,
    });
  }
  if (!engine.matcher) return;
  const counted = hardware && hardware.structural.active ? new Set<string>() : null;
  for (const m of engine.matcher.scanBuffer(payload)) {
    if (hardware && counted) {
      const { spans, protocol, structural } = hardware;
      if (structuralMatch(m, spans, protocol, structural, engine.frame, engine.ts, counted)) continue;
    }
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
        highlight: true,
      },
    );
  }
}
