/**
 * The synthetic traces of e2e/fixtures/synthetic/ (what the public corpus lacks), each written
 * at test time into a temporary folder and analysed by the engine. Where tshark reads a trace
 * the way the trace is meant (checked by hand, see that folder's README.md), tshark run here is
 * the oracle; where it does not, the generator's hand-written expectation is, and the test
 * says which.
 */
import { spawnSync } from 'node:child_process';
import { tsharkFields } from './support/tshark-fields';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  DnsRecord,
  EngineRecord,
  FlowRecord,
  HttpRecord,
  SummaryRecord,
  TlsRecord,
} from '../shared/events';
import { Engine } from '../main/engine/engine';
import * as clientHello from './fixtures/synthetic/client-hello-out-of-order';
import * as fragments from './fixtures/synthetic/fragment-overlap';
import * as hostNames from './fixtures/synthetic/host-name-sources';
import * as midStream from './fixtures/synthetic/mid-stream-http';
import * as overlap from './fixtures/synthetic/overlap-conflict';
import * as preambles from './fixtures/synthetic/proxy-preambles';
import * as gap from './fixtures/synthetic/tcp-gap';
import * as wrap from './fixtures/synthetic/tcp-sequence-wrap';
import { writeTraces } from './fixtures/synthetic/traces';

const hasTshark = spawnSync('tshark', ['--version']).status === 0;

let dir = '';
let paths: Record<string, string> = {};

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'phonehome-synthetic-'));
  paths = writeTraces(dir);
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

interface Analysis {
  records: EngineRecord[];
  summary: SummaryRecord;
  tls: TlsRecord[];
  http: HttpRecord[];
  dns: DnsRecord[];
  /** The last record of each flow (later ones replace earlier ones). */
  flows: FlowRecord[];
  anomalies: Record<string, number>;
}

function analyse(name: string): Analysis {
  const engine = new Engine();
  engine.pushBytes(readFileSync(paths[name]));
  engine.end();
  const records = engine.drain();
  const flows = new Map<number, FlowRecord>();
  for (const r of records) if (r.type === 'flow') flows.set(r.flowId, r);
  const summary = records.find((r): r is SummaryRecord => r.type === 'summary')!;
  return {
    records,
    summary,
    tls: records.filter((r): r is TlsRecord => r.type === 'tls'),
    http: records.filter((r): r is HttpRecord => r.type === 'http'),
    dns: records.filter((r): r is DnsRecord => r.type === 'dns'),
    flows: [...flows.values()],
    anomalies: summary.anomalyCounts ?? {},
  };
}

/** tshark's fields for the frames matching `filter`, with the corpus oracle's options. */
const tshark = (name: string, filter: string, fields: string[]) =>
  tsharkFields(paths[name], filter, fields, { twoPass: true, prefs: ['tcp.reassemble_out_of_order:TRUE'] });

const httpKeys = (a: Analysis) => a.http.map((h) => [String(h.frame), h.method, h.uri, h.host ?? '']);

describe('synthetic traces', () => {
  it.skipIf(!hasTshark)('a ClientHello split out of order across TCP segments (oracle: tshark)', () => {
    const a = analyse('client-hello-out-of-order.pcap');
    expect(a.tls.map((t) => [String(t.frame), t.sni])).toEqual(
      tshark('client-hello-out-of-order.pcap', 'tls.handshake.type == 1', [
        'frame.number',
        'tls.handshake.extensions_server_name',
      ]),
    );
    expect(a.tls.map((t) => [t.sni, t.frames])).toEqual([[clientHello.SNI, [5, 6, 4]]]);
  });

  it('overlapping copies with conflicting bytes: the first copy wins, the conflict is named', () => {
    // Oracle: the generator. tshark (4.0) takes the later copy here (README.md shows the bytes).
    const a = analyse('overlap-conflict.pcap');
    expect(a.http.map((h) => [h.frame, h.uri, h.host])).toEqual([[6, overlap.URI, overlap.HOST]]);
    expect(a.anomalies['tcp-overlap-conflict']).toBe(1);
  });

  it.skipIf(!hasTshark)('a capture started mid-stream picks HTTP up at the first whole message', () => {
    const a = analyse('mid-stream-http.pcap');
    expect(httpKeys(a)).toEqual(
      tshark('mid-stream-http.pcap', 'http.request', [
        'frame.number',
        'http.request.method',
        'http.request.uri',
        'http.host',
      ]),
    );
    expect(a.http.map((h) => h.uri)).toEqual(['/after-the-cut', '/second']);
    expect(a.http.every((h) => h.host === midStream.HOST)).toBe(true);
    expect(a.anomalies['http-request-garbage']).toBe(1);
    expect(a.anomalies['http-response-garbage']).toBe(1);
  });

  it.skipIf(!hasTshark)('IPv4 and IPv6 fragment overlaps: first copy wins, conflict named', () => {
    const a = analyse('fragment-overlap.pcap');
    const theirs = tshark('fragment-overlap.pcap', 'dns', [
      'frame.number',
      'dns.qry.name',
      'ip.fragment.overlap.conflict',
      'ipv6.fragment.overlap.conflict',
    ]);
    expect(a.dns.map((d) => [String(d.frame), d.qname])).toEqual(theirs.map((r) => r.slice(0, 2)));
    expect(a.dns.map((d) => d.qname)).toEqual([fragments.NAME4, fragments.NAME6]);
    // tshark flags the conflict on both datagrams, and so do we.
    expect(theirs.map((r) => r[2] || r[3])).toEqual(['1', '1']);
    expect(a.anomalies['ip-fragment-overlap-conflict']).toBe(2);
  });

  it.skipIf(!hasTshark)('TCP sequence numbers wrapping past 2^32 (oracle: tshark)', () => {
    const a = analyse('tcp-sequence-wrap.pcap');
    expect(httpKeys(a)).toEqual(
      tshark('tcp-sequence-wrap.pcap', 'http.request', [
        'frame.number',
        'http.request.method',
        'http.request.uri',
        'http.host',
      ]),
    );
    expect(a.http.map((h) => h.host)).toEqual([wrap.HOST, wrap.HOST]);
    expect(a.anomalies['tcp-gap']).toBeUndefined();
  });

  it('a gap: named, and HTTP parsing resumes at the next request', () => {
    // Oracle: the generator. tshark waits for the lost bytes and never shows request 3.
    const a = analyse('tcp-gap.pcap');
    expect(a.http.map((h) => [h.frame, h.method, h.uri, h.host])).toEqual([
      [4, 'GET', '/one', gap.HOST],
      [9, 'GET', '/three', gap.HOST],
    ]);
    expect(a.anomalies['tcp-gap']).toBe(1);
    expect(a.anomalies['http-gap']).toBe(1);
  });

  it.skipIf(!hasTshark)('proxy preambles: PROXY v2, SOCKS5 with a login, SOCKS4a', () => {
    const a = analyse('proxy-preambles.pcap');
    // tshark reads the SOCKS5 and SOCKS4a tunnels; it stops at the PROXY v2 header.
    expect(a.tls.filter((t) => t.sni !== preambles.SNI_V2).map((t) => [String(t.frame), t.sni])).toEqual(
      tshark('proxy-preambles.pcap', 'tls.handshake.type == 1', [
        'frame.number',
        'tls.handshake.extensions_server_name',
      ]),
    );
    expect(httpKeys(a)).toEqual(
      tshark('proxy-preambles.pcap', 'http.request', [
        'frame.number',
        'http.request.method',
        'http.request.uri',
        'http.host',
      ]),
    );
    expect(a.tls.map((t) => [t.frame, t.sni, t.server])).toEqual([
      [4, preambles.SNI_V2, '203.0.113.30:8443'],
      [14, preambles.SNI_SOCKS5, '203.0.113.31:1080'],
    ]);
    expect(a.http.map((h) => [h.uri, h.host])).toEqual([['/via-socks4', preambles.HOST_SOCKS4]]);
  });
});

describe('the address-to-name map: one trace per source', () => {
  const hostOf = (a: Analysis, server: string) => a.flows.find((f) => f.server === server)?.host;

  it.skipIf(!hasTshark)('each source names its server, as tshark reads the source', () => {
    const file = 'host-name-sources.pcap';
    const a = analyse(file);
    const { ADDRESSES } = hostNames;
    // What each source says, by tshark.
    const answers = tshark(file, 'dns.a', ['dns.qry.name', 'dns.a']);
    expect(answers).toEqual([[hostNames.DNS_NAME, ADDRESSES.dns]]);
    const sni = tshark(file, 'tls.handshake.type == 1 && ip.dst == 203.0.113.22', [
      'tls.handshake.extensions_server_name',
    ]);
    expect(sni).toEqual([[hostNames.SNI_NAME]]);
    const cert = tshark(file, 'tls.handshake.type == 11', ['x509ce.dNSName']);
    expect(cert).toEqual([[`${hostNames.CERT_NAME},www.${hostNames.CERT_NAME}`]]);
    const noSni = tshark(file, 'tls.handshake.type == 1 && ip.dst == 203.0.113.23', [
      'frame.number',
      'tls.handshake.extensions_server_name',
    ]);
    expect(noSni).toEqual([['14', '']]);

    // Which name each flow takes: the engine's rule (host-names.ts).
    expect(hostOf(a, `${ADDRESSES.dns}:5222`)).toBe(hostNames.DNS_NAME);
    expect(hostOf(a, `${ADDRESSES.sni}:443`)).toBe(hostNames.SNI_NAME);
    expect(hostOf(a, `${ADDRESSES.cert}:443`)).toBe(hostNames.CERT_NAME);
    // A later flow to the SNI-named address that names nothing itself takes the map's name.
    expect(hostOf(a, `${ADDRESSES.sni}:8883`)).toBe(hostNames.SNI_NAME);
  });
});
