/**
 * Every encoding, end to end through the CLI (DESIGN §5): `phonehome analyze` on the generated
 * every-encoding trace must report each planted occurrence listed in the hand-written oracle
 * (every-encoding.expected.json, made by e2e/fixtures/encodings/make-encodings-trace.ts) with
 * its kind, encoding name, place and frame, and nothing else: the negatives planted in the same
 * trace (one digit off, another valid IMEI, digits inside a longer number, a masked number, the
 * zero advertising ID, the MAC in Ethernet and ARP headers) must not show up as leaks.
 * Occurrences marked `knownGap` are ones the engine misses today; the test asserts they are still
 * missed, so whoever fixes the engine flips them to ordinary expectations.
 * The generator's frame numbers are checked against tshark (the independent oracle): the frame
 * where tshark sees each single-segment request, DNS query or datagram.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import type { LeakRecord } from '../shared/events';

const repo = fileURLToPath(new URL('../', import.meta.url));
const dir = join(repo, 'e2e/fixtures/encodings');
const trace = join(dir, 'every-encoding.pcapng');
const ids = join(dir, 'every-encoding.ids.json');
const cli = join(repo, 'bin/phonehome.mjs');
const hasTshark = spawnSync('tshark', ['--version']).status === 0;

interface Expected {
  id: string;
  kind: string;
  encoding: string;
  where: string;
  protocol: string;
  transport: string;
  host: string;
  frame: number;
  note: string;
  knownGap?: string;
  knownGapFoundAs?: { where: string; protocol: string };
}

const oracle = JSON.parse(readFileSync(join(dir, 'every-encoding.expected.json'), 'utf8')) as {
  leaks: Expected[];
  negatives: { id: string; host: string; note: string }[];
};

function analyze(): string {
  return execFileSync(process.execPath, [cli, 'analyze', trace, '--ids', ids, '--format', 'ndjson'], {
    encoding: 'utf8',
    maxBuffer: 64 << 20,
  });
}

/** The final state of each leak (a leak is re-emitted with its count raised on every sighting). */
function leaksOf(out: string): LeakRecord[] {
  const byId = new Map<number, LeakRecord>();
  for (const line of out.split('\n')) {
    if (!line) continue;
    const r = JSON.parse(line) as { type: string };
    if (r.type === 'leak') byId.set((r as LeakRecord).leakId, r as LeakRecord);
  }
  return [...byId.values()];
}

const sameOccurrence = (r: LeakRecord, e: Expected, where: string, protocol: string) =>
  r.kind === e.kind &&
  r.encoding === e.encoding &&
  r.where === where &&
  r.protocol === protocol &&
  r.transport === e.transport &&
  (r.frame === e.frame || r.occurrenceFrames.includes(e.frame));

let first = '';
let leaks: LeakRecord[] = [];

beforeAll(() => {
  first = analyze();
  leaks = leaksOf(first);
}, 120_000);

describe('every encoding trace', () => {
  const found = oracle.leaks.filter((e) => !e.knownGap);
  const gaps = oracle.leaks.filter((e) => e.knownGap);

  it('plants a broad set of occurrences', () => {
    expect(found.length).toBeGreaterThan(60);
    expect(new Set(oracle.leaks.map((e) => e.encoding)).size).toBeGreaterThan(30);
  });

  it.each(found.map((e) => [e.id, e] as const))('finds %s', (_id, e) => {
    const hits = leaks.filter((r) => sameOccurrence(r, e, e.where, e.protocol));
    expect(hits, `${e.note}: ${e.kind} ${e.encoding} in ${e.where} at frame ${e.frame}`).toHaveLength(1);
  });

  it.each(gaps.map((e) => [e.id, e] as const))('still misses known gap %s', (_id, e) => {
    expect(leaks.filter((r) => sameOccurrence(r, e, e.where, e.protocol))).toHaveLength(0);
  });

  it('reports nothing beyond the planted occurrences (negatives stay silent)', () => {
    const claimed = (r: LeakRecord) =>
      oracle.leaks.some((e) =>
        e.knownGap
          ? !!e.knownGapFoundAs && sameOccurrence(r, e, e.knownGapFoundAs.where, e.knownGapFoundAs.protocol)
          : sameOccurrence(r, e, e.where, e.protocol),
      );
    const extra = leaks
      .filter((r) => !claimed(r))
      .map((r) => `${r.kind} ${r.encoding} ${r.where} frame ${r.frame}`);
    expect(extra).toEqual([]);
    const negativeHosts = new Set(oracle.negatives.map((n) => n.host).filter(Boolean));
    expect(leaks.filter((r) => r.host !== null && negativeHosts.has(r.host))).toEqual([]);
  });

  it('never reports the MAC that only appears in Ethernet and ARP headers as a leak', () => {
    const macLeaks = leaks.filter((r) => r.kind === 'mac');
    const planted = oracle.leaks.filter((e) => e.kind === 'mac' && !e.knownGap).length;
    expect(macLeaks).toHaveLength(planted);
    expect(macLeaks.every((r) => r.protocol === 'http')).toBe(true);
  });

  it.skipIf(!hasTshark)('agrees with tshark on the frame of each planted occurrence', () => {
    const out = execFileSync(
      'tshark',
      [
        '-r',
        trace,
        '-n',
        '-Y',
        'http.request || (dns && dns.flags.response == 0) || udp.dstport == 31337 || udp.dstport == 40777 || (tcp.dstport == 7777 && tcp.len > 0)',
        '-T',
        'fields',
        '-E',
        'separator=|',
        '-e',
        'frame.number',
        '-e',
        'http.host',
        '-e',
        'dns.qry.name',
        '-e',
        'ip.dst',
      ],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] },
    );
    const frameOf = new Map<string, number>();
    for (const line of out.split('\n').filter(Boolean)) {
      const [frame, host, qname, dst] = line.split('|');
      frameOf.set(host || qname || dst, Number(frame));
    }
    // The 4-byte-segment request completes in a later frame than the one carrying the IMEI.
    // tshark names the frame that completed the request, which for the 4-byte-segment request
    // is later than the frame carrying the IMEI's last byte (the leak's frame): left out here.
    const checked = oracle.leaks.filter((e) => !e.knownGap && e.note !== 'IMEI across 4-byte segments');
    expect(checked.map((e) => [e.id, frameOf.get(e.host)])).toEqual(checked.map((e) => [e.id, e.frame]));
  });

  it('gives the same output on a second run', () => {
    expect(analyze()).toBe(first);
  }, 120_000);
});
