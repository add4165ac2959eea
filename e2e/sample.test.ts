/**
 * The founding case, end to end through the CLI: `phonehome analyze <sample> --ids <ids>` must
 * report the IMEI, phone number, carrier, contact and IMSI leaks at the frames where tshark
 * (the independent oracle, run here) sees the requests that carry them, plus the DNS, TLS and
 * HTTP records tshark sees.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { tsharkFields } from './support/tshark-fields';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import type {
  DnsRecord,
  EngineRecord,
  HttpRecord,
  LeakRecord,
  SummaryRecord,
  TlsRecord,
} from '../shared/events';

const repo = fileURLToPath(new URL('../', import.meta.url));
const sample = join(repo, 'e2e/fixtures/sample/founding-case.pcapng');
const ids = join(repo, 'e2e/fixtures/sample/founding-case.ids.json');
const cli = join(repo, 'bin/phonehome.mjs');
const hasTshark = spawnSync('tshark', ['--version']).status === 0;

const tshark = (filter: string, fields: string[]) => tsharkFields(sample, filter, fields, { twoPass: true });

let records: EngineRecord[] = [];
let summary: SummaryRecord;

beforeAll(() => {
  const out = execFileSync(process.execPath, [cli, 'analyze', sample, '--ids', ids, '--format', 'ndjson'], {
    encoding: 'utf8',
  });
  const all = out
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as EngineRecord);
  summary = all.find((r): r is SummaryRecord => r.type === 'summary')!;
  records = all.filter((r) => r.type !== 'summary');
});

const leaks = () => records.filter((r): r is LeakRecord => r.type === 'leak');
const leakOf = (label: string) => leaks().filter((l) => l.label === label);

describe.skipIf(!hasTshark)('the founding-case sample', () => {
  it('counts every frame tshark counts', () => {
    const frames = tshark('frame', ['frame.number']);
    expect(summary.packets).toBe(frames.length);
  });

  it('reports the DNS messages tshark sees, at the same frames', () => {
    const expected = tshark('dns', ['frame.number', 'dns.qry.name', 'dns.flags.response', 'dns.a']).map(
      ([f, name, resp, a]) => ({
        frame: Number(f),
        qname: name,
        response: resp === '1' || resp === 'True',
        a,
      }),
    );
    const ours = records.filter((r): r is DnsRecord => r.type === 'dns');
    expect(ours.map((d) => ({ frame: d.frame, qname: d.qname, response: d.response }))).toEqual(
      expected.map(({ frame, qname, response }) => ({ frame, qname, response })),
    );
    for (const e of expected.filter((x) => x.response)) {
      expect(ours.find((d) => d.frame === e.frame)?.answers).toEqual([e.a]);
    }
  });

  it('reports the TLS ClientHellos with SNI and ALPN tshark sees', () => {
    const expected = tshark('tls.handshake.type == 1', [
      'frame.number',
      'tls.handshake.extensions_server_name',
      'tls.handshake.extensions_alpn_str',
    ]).map(([f, sni, alpn]) => ({ frame: Number(f), sni, alpn: alpn.split(',') }));
    const ours = records.filter((r): r is TlsRecord => r.type === 'tls');
    expect(ours.map((t) => ({ frame: t.frame, sni: t.sni, alpn: t.alpn }))).toEqual(expected);
    expect(ours.every((t) => t.versions.includes('TLS 1.3'))).toBe(true);
  });

  it('reports the HTTP requests tshark sees, at the frame that completed them', () => {
    const expected = tshark('http.request', [
      'frame.number',
      'http.request.method',
      'http.host',
      'http.request.uri',
    ]).map(([f, method, host, uri]) => ({ frame: Number(f), method, host, uri }));
    const ours = records.filter((r): r is HttpRecord => r.type === 'http');
    expect(ours.map((h) => ({ frame: h.frame, method: h.method, host: h.host, uri: h.uri }))).toEqual(
      expected,
    );
  });

  it('finds the IMEI, number and carrier in the first-boot POST to api.account.xiaomi.com', () => {
    const [post] = tshark('http.request.uri contains "activation"', ['frame.number', 'tcp.segment']);
    const frame = Number(post[0]);
    const segments = post[1].split(',').map(Number);
    const imei = leakOf('RedMi 1S IMEI');
    expect(imei).toHaveLength(1);
    expect(imei[0]).toMatchObject({
      kind: 'imei',
      encoding: 'plain',
      protocol: 'http',
      transport: 'tcp',
      where: 'body',
      host: 'api.account.xiaomi.com',
      direction: 'out',
      server: '198.51.100.10:80',
      client: '192.0.2.23:43120',
      frame,
    });
    // The IMEI is cut across the two segments of the request.
    expect(imei[0].frames).toEqual(segments);
    expect(imei[0].context).not.toContain('865301020304057');

    const number = leakOf("phone's own number");
    expect(number).toHaveLength(1);
    expect(number[0]).toMatchObject({
      kind: 'phone',
      encoding: 'url',
      where: 'body',
      frame,
      host: 'api.account.xiaomi.com',
    });

    const carrier = leakOf('SIM carrier');
    expect(carrier).toHaveLength(1);
    expect(carrier[0]).toMatchObject({
      kind: 'carrier',
      where: 'body',
      frame,
      host: 'api.account.xiaomi.com',
    });
  });

  it("finds the contact's number after the SMS and the IMSI after the cloud login", () => {
    const [[smsFrame]] = tshark('http.request.uri contains "msg/stat"', ['frame.number']);
    const contact = leakOf('contact: Li Wei');
    expect(contact).toHaveLength(1);
    expect(contact[0]).toMatchObject({
      kind: 'phone',
      where: 'body',
      frame: Number(smsFrame),
      host: 'api.account.xiaomi.com',
    });

    const [[loginFrame]] = tshark('http.request.uri contains "serviceLogin"', ['frame.number']);
    const imsi = leakOf('SIM IMSI');
    expect(imsi).toHaveLength(1);
    expect(imsi[0]).toMatchObject({
      kind: 'imsi',
      encoding: 'plain',
      where: 'query',
      frame: Number(loginFrame),
      host: 'account.xiaomi.com',
    });
  });

  it('reports nothing else as a leak: the MAC only travels in Ethernet headers', () => {
    expect(
      leaks()
        .map((l) => l.label)
        .sort(),
    ).toEqual(['contact: Li Wei', "phone's own number", 'RedMi 1S IMEI', 'SIM IMSI', 'SIM carrier'].sort());
    expect(summary.leaks).toBe(5);
  });

  it('names every flow by the name the phone asked for', () => {
    const hosts = new Set(
      records.filter((r) => r.type === 'flow').map((f) => (f.type === 'flow' ? f.host : null)),
    );
    expect(hosts).toEqual(new Set([null, 'api.account.xiaomi.com', 'account.xiaomi.com', 'www.google.com']));
  });

  it('is stable: a second run prints the same records', () => {
    const again = execFileSync(
      process.execPath,
      [cli, 'analyze', sample, '--ids', ids, '--format', 'ndjson'],
      {
        encoding: 'utf8',
      },
    );
    expect(again.split('\n').filter(Boolean).length).toBe(records.length + 1);
    expect(again).toContain(JSON.stringify(records[0]));
  });
});
