import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DecodedPacket } from '../ip/decoded-packet';
import { anomalyRecorder } from '../link/hex-fixture';
import { FlowTable, type EvictReason, type FlowHit, type FlowState } from './flow-table';
import { TCP_ACK, TCP_FIN, TCP_PSH, TCP_RST, TCP_SYN } from './tcp-header';

let frame = 0;

function tcp(
  src: string,
  srcPort: number,
  dst: string,
  dstPort: number,
  flags: number,
  payloadLength = 0,
): DecodedPacket {
  frame++;
  return {
    ip: {
      version: src.includes(':') ? 6 : 4,
      src,
      dst,
      protocol: 6,
      payload: new Uint8Array(0),
      frames: [frame],
      hopLimit: 64,
      fragmented: false,
      truncated: false,
    },
    transport: {
      kind: 'tcp',
      srcPort,
      dstPort,
      seq: 0,
      ack: 0,
      flags,
      window: 0,
      payload: new Uint8Array(payloadLength),
    },
    frame,
  };
}

function udp(src: string, srcPort: number, dst: string, dstPort: number, payloadLength = 0): DecodedPacket {
  frame++;
  return {
    ip: {
      version: src.includes(':') ? 6 : 4,
      src,
      dst,
      protocol: 17,
      payload: new Uint8Array(0),
      frames: [frame],
      hopLimit: 64,
      fragmented: false,
      truncated: false,
    },
    transport: { kind: 'udp', srcPort, dstPort, payload: new Uint8Array(payloadLength) },
    frame,
  };
}

function setup(options = {}) {
  const evicted: [FlowState, EvictReason][] = [];
  const recorder = anomalyRecorder();
  const table = new FlowTable({
    anomaly: recorder.sink,
    onEvict: (flow, reason) => evicted.push([flow, reason]),
    ...options,
  });
  return { table, evicted, anomalies: recorder.names };
}

const PHONE = '192.168.1.20';
const SERVER = '203.0.113.5';

describe('FlowTable', () => {
  it('makes the SYN sender the client and counts both directions', () => {
    const { table } = setup();
    // A FlowHit is valid only until the next lookup, so each is read at once.
    const seen = (hit: FlowHit | null) => (hit ? { flow: hit.flow, direction: hit.direction } : null);
    const syn = seen(table.lookup(tcp(PHONE, 40000, SERVER, 443, TCP_SYN), 10));
    const synAck = seen(table.lookup(tcp(SERVER, 443, PHONE, 40000, TCP_SYN | TCP_ACK), 10.1));
    const data = seen(table.lookup(tcp(PHONE, 40000, SERVER, 443, TCP_ACK | TCP_PSH, 300), 10.2));
    const reply = seen(table.lookup(tcp(SERVER, 443, PHONE, 40000, TCP_ACK, 1200), 10.3));
    expect([syn?.direction, synAck?.direction, data?.direction, reply?.direction]).toEqual([
      'out',
      'in',
      'out',
      'in',
    ]);
    const flow = syn?.flow;
    expect(reply?.flow).toBe(flow);
    expect(flow).toMatchObject({
      id: 1,
      transport: 'tcp',
      clientIp: PHONE,
      clientPort: 40000,
      serverIp: SERVER,
      serverPort: 443,
      client: '192.168.1.20:40000',
      server: '203.0.113.5:443',
      firstTs: 10,
      lastTs: 10.3,
      packets: 4,
      bytesOut: 300,
      bytesIn: 1200,
    });
    expect(flow?.firstFrame).toBe(syn?.flow.firstFrame);
  });

  it('makes the receiver of a SYN-ACK the client when the SYN was missed', () => {
    const { table } = setup();
    const hit = table.lookup(tcp(SERVER, 8000, PHONE, 5000, TCP_SYN | TCP_ACK), 1);
    expect(hit?.direction).toBe('in');
    expect(hit?.flow).toMatchObject({ client: '192.168.1.20:5000', server: '203.0.113.5:8000' });
  });

  it('guesses the server from well-known and service ports mid-stream', () => {
    const { table } = setup();
    expect(table.lookup(tcp(SERVER, 443, PHONE, 51000, TCP_ACK), 1)?.flow.server).toBe('203.0.113.5:443');
    expect(table.lookup(udp(SERVER, 5353, PHONE, 40001), 1)?.flow.server).toBe('203.0.113.5:5353');
    expect(table.lookup(udp(PHONE, 8443, SERVER, 60000), 1)?.flow.server).toBe('192.168.1.20:8443');
    expect(table.lookup(udp(PHONE, 443, SERVER, 53), 1)?.flow.server).toBe('203.0.113.5:53'); // both well known: lower port
    expect(table.lookup(udp(PHONE, 40002, SERVER, 40003), 1)?.flow.client).toBe('192.168.1.20:40002'); // neither: first sender
  });

  it('writes IPv6 endpoints in brackets', () => {
    const { table } = setup();
    const hit = table.lookup(udp('2001:db8::20', 50000, '2001:db8::53', 53), 1);
    expect(hit?.flow).toMatchObject({ client: '[2001:db8::20]:50000', server: '[2001:db8::53]:53' });
  });

  it('keeps TCP and UDP on the same ports apart, and ignores other transports', () => {
    const { table } = setup();
    const viaTcp = table.lookup(tcp(PHONE, 5000, SERVER, 53, TCP_SYN), 1)?.flow;
    const viaUdp = table.lookup(udp(PHONE, 5000, SERVER, 53), 1)?.flow;
    expect(viaTcp).toBeDefined();
    expect(viaTcp).not.toBe(viaUdp);
    const icmp: DecodedPacket = { ...udp(PHONE, 0, SERVER, 0), transport: { kind: 'other', protocol: 1 } };
    expect(table.lookup(icmp, 1)).toBeNull();
    expect(table.size).toBe(2);
  });

  it('opens a new flow for a SYN after FIN or RST on the same 4-tuple', () => {
    const { table, evicted } = setup();
    const first = table.lookup(tcp(PHONE, 40000, SERVER, 80, TCP_SYN), 1)?.flow;
    table.lookup(tcp(PHONE, 40000, SERVER, 80, TCP_SYN), 1.5); // a SYN retransmission is the same flow
    expect(table.size).toBe(1);
    table.lookup(tcp(PHONE, 40000, SERVER, 80, TCP_FIN | TCP_ACK), 2);
    const late = table.lookup(tcp(SERVER, 80, PHONE, 40000, TCP_SYN | TCP_ACK), 2.5); // a late SYN-ACK opens nothing
    expect(late?.flow).toBe(first);
    const second = table.lookup(tcp(PHONE, 40000, SERVER, 80, TCP_SYN), 3)?.flow;
    expect(second).not.toBe(first);
    expect(second?.id).toBe(2);
    expect(evicted).toEqual([[first, 'reused']]);
    table.lookup(tcp(SERVER, 80, PHONE, 40000, TCP_RST), 4);
    expect(table.lookup(tcp(PHONE, 40000, SERVER, 80, TCP_SYN), 5)?.flow.id).toBe(3);
  });

  it('evicts idle flows by packet time: UDP after 120 s, TCP after 2 h, closed TCP sooner', () => {
    const { table, evicted } = setup();
    const dns = table.lookup(udp(PHONE, 40000, '198.51.100.53', 53), 0)?.flow;
    const web = table.lookup(tcp(PHONE, 40001, SERVER, 443, TCP_SYN), 0)?.flow;
    const closed = table.lookup(tcp(PHONE, 40002, SERVER, 443, TCP_SYN), 0)?.flow;
    table.lookup(tcp(SERVER, 443, PHONE, 40002, TCP_RST), 0);
    table.expire(120);
    expect(evicted).toEqual([]);
    table.expire(121);
    expect(evicted.map(([flow, reason]) => [flow.id, reason])).toEqual([
      [closed?.id, 'idle'],
      [dns?.id, 'idle'],
    ]);
    table.lookup(udp(PHONE, 40003, SERVER, 123), 7000); // lookups expire too
    expect(evicted).toHaveLength(2);
    table.lookup(udp(PHONE, 40003, SERVER, 123), 7201);
    expect(evicted.map(([flow]) => flow)).toContain(web);
    expect(table.size).toBe(1);
  });

  it('evicts the least recently used flow when full', () => {
    const { table, evicted, anomalies } = setup({ maxFlows: 2 });
    const a = table.lookup(udp(PHONE, 1, SERVER, 53), 1)?.flow;
    const b = table.lookup(udp(PHONE, 2, SERVER, 53), 2)?.flow;
    table.lookup(udp(SERVER, 53, PHONE, 1), 3); // a is now more recent than b
    const c = table.lookup(udp(PHONE, 3, SERVER, 53), 4)?.flow;
    expect(evicted).toEqual([[b, 'full']]);
    expect(anomalies).toEqual(['flow-table-full']);
    expect(table.size).toBe(2);
    const seen: FlowState[] = [];
    table.forEach((flow) => seen.push(flow));
    expect(new Set(seen)).toEqual(new Set([a, c]));
  });

  it('evictAll hands every flow to onEvict', () => {
    const { table, evicted } = setup();
    table.lookup(udp(PHONE, 1, SERVER, 53), 1);
    table.lookup(tcp(PHONE, 2, SERVER, 443, TCP_SYN), 1);
    table.evictAll();
    expect(evicted).toHaveLength(2);
    expect(table.size).toBe(0);
  });

  it('finds the same flow for both directions of many flows, whatever the hash chains', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(20), fc.nat(20), fc.nat(5), fc.nat(5), fc.boolean(), fc.boolean()), {
          maxLength: 300,
        }),
        (packets) => {
          const { table } = setup();
          const byTuple = new Map<string, FlowState>();
          for (const [a, b, pa, pb, isTcp, reverse] of packets) {
            const ipA = `10.0.0.${a}`;
            const ipB = a % 2 ? `2001:db8::${b}` : `10.0.1.${b}`;
            const [src, sp, dst, dp] = reverse
              ? [ipB, 1000 + pb, ipA, 1000 + pa]
              : [ipA, 1000 + pa, ipB, 1000 + pb];
            const packet = isTcp ? tcp(src, sp, dst, dp, TCP_ACK) : udp(src, sp, dst, dp);
            const hit = table.lookup(packet, 1);
            const key = [isTcp, ipA, pa, ipB, pb].join('|');
            const known = byTuple.get(key);
            if (known) expect(hit?.flow).toBe(known);
            else byTuple.set(key, hit!.flow);
            const fromClient = hit?.flow.clientIp === src && hit?.flow.clientPort === sp;
            expect(hit?.direction).toBe(fromClient ? 'out' : 'in');
          }
          expect(table.size).toBe(byTuple.size);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('evicts exactly as a table that walks every list head on every packet', () => {
    // The reference table forgets when it may skip expiry, so it walks the heads every time.
    const forceWalk = (table: FlowTable): void => {
      (table as unknown as { quietUntil: number }).quietUntil = -Infinity;
    };
    const flagChoices = [TCP_ACK, TCP_SYN, TCP_SYN | TCP_ACK, TCP_FIN | TCP_ACK, TCP_RST, TCP_PSH | TCP_ACK];
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(fc.nat(12), fc.nat(3), fc.boolean(), fc.nat(5), fc.integer({ min: -40, max: 100 })),
          { maxLength: 400 },
        ),
        fc.integer({ min: 2, max: 40 }),
        (packets, maxFlows) => {
          const options = { maxFlows, tcpIdleSec: 60, tcpClosedIdleSec: 10, udpIdleSec: 20 };
          const fast = setup(options);
          const reference = setup(options);
          let ts = 1000;
          for (const [host, port, isTcp, flags, step] of packets) {
            ts += step / 4;
            const src = `10.0.0.${host}`;
            const packet = isTcp
              ? tcp(src, 40000 + port, SERVER, 443, flagChoices[flags])
              : udp(src, 40000 + port, SERVER, 53);
            const got = fast.table.lookup(packet, ts);
            const gotView = [got?.flow.id, got?.direction, got?.flow.packets];
            forceWalk(reference.table);
            const want = reference.table.lookup(packet, ts);
            expect(gotView).toEqual([want?.flow.id, want?.direction, want?.flow.packets]);
          }
          const evictions = (e: [FlowState, EvictReason][]) =>
            e.map(([flow, reason]) => `${flow.id} ${reason}`);
          expect(evictions(fast.evicted)).toEqual(evictions(reference.evicted));
          expect(fast.anomalies).toEqual(reference.anomalies);
        },
      ),
      { numRuns: 300 },
    );
  });
});
